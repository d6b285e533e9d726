using MaritimeCoord.Persistence.Retention;
using MaritimeCoord.Server.Infrastructure;
using Npgsql;

namespace MaritimeCoord.Server.Jobs;

public static class RetentionSetup
{
    public const string DataSourceKey = "retention";

    public static WebApplicationBuilder AddRetention(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RetentionOptions>(builder.Configuration.GetSection(RetentionOptions.Section));
        var connectionString = builder.Configuration.MaritimeConnectionString();
        builder.Services.AddKeyedSingleton(DataSourceKey, (_, _) => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton(sp => new AisPartitionRetention(sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey)));
        builder.Services.AddSingleton(sp => new SightingRetention(sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey)));
        builder.Services.AddScoped<RetentionJob>();
        return builder;
    }
}
