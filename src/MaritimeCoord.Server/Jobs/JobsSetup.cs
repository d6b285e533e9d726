using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Jobs;

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Hangfire storage and dashboard (every node); the job server itself runs only where Server:Jobs is true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Cron of the stale-incident sweep (Hangfire accepts 6-field, seconds-first cron).</summary>
    public string MarkStaleCron { get; set; } = "*/1 * * * *";

    /// <summary>Cron of the sweep that expires unanswered handover offers.</summary>
    public string ExpireHandoverOffersCron { get; set; } = "*/1 * * * *";

    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(6);
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(5);
}

public static class JobsSetup
{
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        builder.Services.Configure<JobsOptions>(builder.Configuration.GetSection(JobsOptions.Section));
        builder.Services.AddScoped<MarkStaleIncidentsJob>();
        builder.Services.AddScoped<ExpireHandoverOffersJob>();
        if (!options.Enabled) return builder;

        var connectionString = builder.Configuration.MaritimeConnectionString();
        builder.Services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions { SchemaName = "hangfire" }));

        var server = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        if (server.Jobs)
        {
            builder.Services.AddHangfireServer(o =>
            {
                o.WorkerCount = 2;
                o.SchedulePollingInterval = options.SchedulePollingInterval;
            });
            builder.Services.AddHostedService<RecurringJobRegistration>();
        }
        return builder;
    }

    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<JobsOptions>>().Value.Enabled) return app;
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdminDashboardFilter()],
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(Policies.Admin);
        return app;
    }

    private sealed class AdminDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(MaritimeRoles.Admin);
    }

    /// <summary>Registers recurring jobs once the host has started (AddOrUpdate is idempotent across nodes).</summary>
    private sealed class RecurringJobRegistration(IRecurringJobManager jobs, IOptions<JobsOptions> options, IOptions<RetentionOptions> retention)
        : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            jobs.AddOrUpdate<MarkStaleIncidentsJob>(MarkStaleIncidentsJob.Id, j => j.RunAsync(CancellationToken.None), options.Value.MarkStaleCron);
            jobs.AddOrUpdate<ExpireHandoverOffersJob>(ExpireHandoverOffersJob.Id, j => j.RunAsync(CancellationToken.None), options.Value.ExpireHandoverOffersCron);
            jobs.AddOrUpdate<RetentionJob>(RetentionJob.Id, j => j.RunAsync(CancellationToken.None), retention.Value.Cron);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
