using MaritimeCoord.Domain.History;
using MaritimeCoord.Persistence.History;
using MaritimeCoord.Server.Infrastructure;
using Npgsql;

namespace MaritimeCoord.Server.Features.History;

public static class HistorySetup
{
    public const string Section = "History";
    private const string DataSourceKey = "history";

    /// <summary>History queries and exports (docs/history.md); limits from <c>History:*</c> (<see cref="HistoryLimits"/>).</summary>
    public static WebApplicationBuilder AddHistory(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(builder.Configuration.GetSection(Section).Get<HistoryLimits>() ?? new HistoryLimits());
        // Its own pool: long analyst streams never take the connections incident commands need.
        var connectionString = new NpgsqlConnectionStringBuilder(builder.Configuration.MaritimeConnectionString()) { MaxPoolSize = 20 }.ConnectionString;
        services.AddKeyedSingleton(DataSourceKey, (_, _) => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton(sp => new HistoryQuery(sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey)));
        services.AddSingleton(sp => new IncidentHistoryQuery(sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey)));
        return builder;
    }
}
