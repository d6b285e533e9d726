using MaritimeCoord.Persistence.Spatial;
using MaritimeCoord.Server.Infrastructure;
using Npgsql;

namespace MaritimeCoord.Server.Features.Incidents;

public static class IncidentsSetup
{
    /// <summary>Key of the nearest-responders connection pool (small and separate: see ResponderCandidates.PoolSize).</summary>
    public const string RespondersDataSourceKey = "responders";

    /// <summary>Key of the pool of the responder snapshot's refresh (ResponderSnapshotService).</summary>
    public const string ResponderSnapshotDataSourceKey = "responder-snapshot";

    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        // Resolved lazily: test hosts set the connection string after the services are registered.
        services.AddKeyedSingleton(RespondersDataSourceKey, (sp, _) =>
            ResponderCandidates.CreateDataSource(sp.GetRequiredService<IConfiguration>().MaritimeConnectionString()));
        services.AddKeyedSingleton(ResponderSnapshotDataSourceKey, (sp, _) =>
            ResponderSnapshot.CreateDataSource(sp.GetRequiredService<IConfiguration>().MaritimeConnectionString()));
        services.AddSingleton(sp => new ResponderSnapshot(sp.GetRequiredKeyedService<NpgsqlDataSource>(ResponderSnapshotDataSourceKey)));
        services.AddSingleton<ResponderSnapshotService>();
        services.AddHostedService(sp => sp.GetRequiredService<ResponderSnapshotService>());
        services.AddSingleton(sp => new ResponderCandidates(sp.GetRequiredKeyedService<NpgsqlDataSource>(RespondersDataSourceKey),
            sp.GetRequiredService<ResponderSnapshotService>().Want));
        return services;
    }
}
