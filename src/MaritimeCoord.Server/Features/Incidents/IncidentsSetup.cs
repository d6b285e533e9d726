using MaritimeCoord.Persistence.Spatial;
using MaritimeCoord.Server.Infrastructure;
using Npgsql;

namespace MaritimeCoord.Server.Features.Incidents;

public static class IncidentsSetup
{
    /// <summary>Key of the nearest-responders connection pool (small and separate: see ResponderCandidates.PoolSize).</summary>
    public const string RespondersDataSourceKey = "responders";

    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        // Resolved lazily: test hosts set the connection string after the services are registered.
        services.AddKeyedSingleton(RespondersDataSourceKey, (sp, _) =>
            ResponderCandidates.CreateDataSource(sp.GetRequiredService<IConfiguration>().MaritimeConnectionString()));
        services.AddSingleton(sp => new ResponderCandidates(sp.GetRequiredKeyedService<NpgsqlDataSource>(RespondersDataSourceKey)));
        return services;
    }
}
