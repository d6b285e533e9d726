using Hangfire;
using MaritimeCoord.Server.Infrastructure;
using MaritimeCoord.Server.Features.Alerts;
using MaritimeCoord.Server.Jobs;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Detection;

public sealed class DetectionOptions
{
    public const string Section = "Detection";

    /// <summary>Cron of the detectors (Hangfire takes 6-field, seconds-first cron): every 30 s by default.</summary>
    public string Cron { get; set; } = "*/30 * * * * *";

    /// <summary>Cron of the distress-escalation timer.</summary>
    public string EscalationCron { get; set; } = "*/1 * * * *";

    /// <summary>Cron of the unanswered-handover reminder.</summary>
    public string HandoverReminderCron { get; set; } = "*/1 * * * *";

    /// <summary>An incident in distress with no acknowledgement for this long escalates.</summary>
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A handover offer unanswered for this long reminds both centres (once per offer).</summary>
    public TimeSpan RemindHandoverAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>An event is linked to the nearest open incident within this distance.</summary>
    public double IncidentLinkNauticalMiles { get; set; } = 20;

    /// <summary>
    /// The most a run re-reads: the next run reads from the oldest transaction open when this one began (a COPY that
    /// started earlier may commit later), but from no further back than this, and from exactly this far back when other
    /// sessions are hidden from it. Re-read positions change nothing (the detectors ignore duplicates).
    /// </summary>
    public TimeSpan ReadOverlap { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long tracks are kept (and how far before the detectors' time a cold start re-reads ais_positions).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(30);
}

/// <summary>Everything of the detection feature: options, the in-memory detector state, the jobs and the API.</summary>
public static class DetectionSetup
{
    public static WebApplicationBuilder AddDetection(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<DetectionOptions>(builder.Configuration.GetSection(DetectionOptions.Section));
        builder.Services.AddSingleton<DetectionRuntime>();
        builder.Services.AddScoped<RunDetectorsJob>();
        builder.Services.AddScoped<EscalateDistressJob>();
        builder.Services.AddScoped<HandoverReminderJob>();
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var server = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        if (jobs.Enabled && server.Jobs) builder.Services.AddHostedService<DetectionJobRegistration>();
        return builder;
    }

    public static WebApplication MapDetection(this WebApplication app)
    {
        app.MapDetectionEventEndpoints();
        app.MapAlertEndpoints();
        return app;
    }

    /// <summary>Registers the recurring jobs once the host has started (AddOrUpdate is idempotent across nodes).</summary>
    private sealed class DetectionJobRegistration(IRecurringJobManager jobs, IOptions<DetectionOptions> options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            jobs.AddOrUpdate<RunDetectorsJob>(RunDetectorsJob.Id, j => j.RunAsync(CancellationToken.None), options.Value.Cron);
            jobs.AddOrUpdate<EscalateDistressJob>(EscalateDistressJob.Id, j => j.RunAsync(CancellationToken.None), options.Value.EscalationCron);
            jobs.AddOrUpdate<HandoverReminderJob>(HandoverReminderJob.Id, j => j.RunAsync(CancellationToken.None), options.Value.HandoverReminderCron);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
