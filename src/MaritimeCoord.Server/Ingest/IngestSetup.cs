using Hangfire;
using MaritimeCoord.Persistence.Ais;
using MaritimeCoord.Server.Infrastructure;
using MaritimeCoord.Server.Ingest.Pipeline;
using MaritimeCoord.Server.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MaritimeCoord.Server.Ingest;

public static class IngestSetup
{
    private const string DataSourceKey = "ais-ingest";

    /// <summary>
    /// AIS ingest: counters and stats on every node; feeds and pipeline only where <c>Server:Ingest</c> is true; the
    /// partition job where the Hangfire server runs.
    /// </summary>
    public static WebApplicationBuilder AddAisIngest(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddOptions<IngestOptions>().Bind(config.GetSection(IngestOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngestOptions>, IngestOptionsValidation>();
        services.AddSingleton<IngestCounters>();

        // Its own data source: a larger write buffer for COPY, and ingest never starves the API's pool.
        var connectionString = new NpgsqlConnectionStringBuilder(config.MaritimeConnectionString()) { WriteBufferSize = 64 * 1024 }.ConnectionString;
        services.AddKeyedSingleton(DataSourceKey, (_, _) => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton(sp => new AisPartitions(sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey)));
        services.AddSingleton(sp => new AisBatchWriter(sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey), sp.GetRequiredService<AisPartitions>()));
        services.AddScoped<EnsureAisPartitionsJob>();

        var server = config.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        if (server.Ingest)
        {
            services.AddSingleton<IngestPipeline>();
            services.AddSingleton<AisIngestService>();
            services.AddHostedService(sp => sp.GetRequiredService<AisIngestService>());
        }

        var jobs = config.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (jobs.Enabled && server.Jobs) services.AddHostedService<PartitionJobRegistration>();
        return builder;
    }

    public static WebApplication MapAisIngest(this WebApplication app)
    {
        app.MapGet("/api/ingest/stats", GetStats).WithTags("Ingest").RequireAuthorization(Policies.Operational);
        return app;
    }

    /// <summary>One feed; <c>RateLimitedDelayed</c>: sentences held back by the cap (TCP, all read later), <c>RateLimitedDropped</c>: dropped (UDP).</summary>
    public sealed record FeedStatus(string Name, string Kind, string? EndPoint, int OpenConnections,
        int MaxSentencesPerSecond, int Burst, int? MaxSentencesPerSecondPerConnection, long RateLimitedDelayed, long RateLimitedDropped);

    public sealed record IngestStatus(bool IngestRole, IReadOnlyList<string> Stages, IReadOnlyList<FeedStatus> Feeds, int QueuedChunks, IngestStats Counters);

    internal static Ok<IngestStatus> GetStats(IngestCounters counters, IServiceProvider services)
    {
        var ingest = services.GetService<AisIngestService>();
        var pipeline = services.GetService<IngestPipeline>();
        var feeds = ingest?.Feeds.Select(f => new FeedStatus(f.Options.Name, f.Options.Kind.ToString(), f.EndPoint?.ToString(), f.OpenConnections,
            f.Options.MaxSentencesPerSecond, f.Options.EffectiveBurst, f.Options.MaxSentencesPerSecondPerConnection,
            f.Throttle.Counts.Delayed, f.Throttle.Counts.Dropped)).ToList() ?? [];
        return TypedResults.Ok(new IngestStatus(ingest is not null, [.. IngestStages.Ordered.Select(s => s.Name)], feeds,
            pipeline?.QueuedChunks ?? 0, counters.Snapshot()));
    }

    private sealed class PartitionJobRegistration(IRecurringJobManager jobs, IOptions<IngestOptions> options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            jobs.AddOrUpdate<EnsureAisPartitionsJob>(EnsureAisPartitionsJob.Id, j => j.RunAsync(CancellationToken.None), options.Value.PartitionCron);
            jobs.Trigger(EnsureAisPartitionsJob.Id);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
