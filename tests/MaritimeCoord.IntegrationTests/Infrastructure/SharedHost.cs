namespace MaritimeCoord.IntegrationTests.Infrastructure;

/// <summary>
/// One server (in-memory bus, default settings) for test classes that neither change shared reference data
/// (boundaries, assets, alert rules) nor count rows they did not make, and post their sightings where no other
/// member does: starting a host (database, migrations, sample boundaries) costs more than most of their tests.
/// Members run one after another. A class that needs other settings, or counts globally, keeps its own host.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedHostCollection : ICollectionFixture<SharedHost>
{
    public const string Name = "Shared in-memory host";
}

public sealed class SharedHost : MaritimeAppFactory
{
    protected override bool UseRabbitMq => false;
}
