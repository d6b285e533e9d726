using Hangfire;
using MaritimeCoord.Server.Infrastructure;
using MaritimeCoord.Server.Jobs;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MaritimeCoord.Server.Features.Drift;

public static class DriftRunsSetup
{
    public const string DataSourceKey = "drift";

    public static WebApplicationBuilder AddDriftRuns(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<DriftOptions>(builder.Configuration.GetSection(DriftOptions.Section));
        // Resolved lazily: test hosts set the connection string after the services are registered.
        services.AddKeyedSingleton(DataSourceKey, (sp, _) => NpgsqlDataSource.Create(sp.GetRequiredService<IConfiguration>().MaritimeConnectionString()));
        services.AddSingleton<ForcingFiles>();
        services.AddSingleton<DriftLand>();
        services.AddScoped<DriftRunJob>();
        services.AddScoped<DriftRunSweepJob>();

        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var server = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        if (jobs.Enabled && server.Jobs) services.AddHostedService<SweepRegistration>();
        return builder;
    }

    public static WebApplication MapDriftRuns(this WebApplication app)
    {
        var read = app.MapGroup("/api/incidents/{id:guid}/drift-runs").WithTags("Drift").RequireAuthorization(Policies.ReadIncidents);
        read.MapGet("/", DriftRunEndpoints.ListAsync);
        read.MapGet("/{runId:guid}", DriftRunEndpoints.GetAsync);
        // GeoJSON written to the response while read from PostgreSQL (GeoJsonResult): declared here.
        read.MapGet("/{runId:guid}/particles", DriftRunGeoJson.ParticlesAsync).Produces<GeoJsonFeatureCollection>(StatusCodes.Status200OK, "application/geo+json").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        read.MapGet("/{runId:guid}/grid", DriftRunGeoJson.GridAsync).Produces<GeoJsonFeatureCollection>(StatusCodes.Status200OK, "application/geo+json").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        read.MapGet("/{runId:guid}/containment", DriftRunGeoJson.ContainmentAsync).Produces<GeoJsonFeatureCollection>(StatusCodes.Status200OK, "application/geo+json").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        // More answers (202, 200 replayed, 400, 404, 409, 413, 415, 422) than Results<…> holds: declared here.
        app.MapPost("/api/incidents/{id:guid}/drift-runs", DriftRunEndpoints.StartAsync).WithTags("Drift").RequireAuthorization(Policies.Operational)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(DriftRunEndpoints.MaxBodyBytes))
            .DocumentsBody<DriftRunRequest>("The drift run to start (docs/drift.md); an optional Idempotency-Key header makes a retry safe.")
            .Produces<DriftRunSummary>(StatusCodes.Status202Accepted)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/api/drift/object-classes", ObjectClassEndpoints.List).WithTags("Drift").RequireAuthorization(Policies.ReadIncidents);

        var forcing = app.MapGroup("/api/forcing").WithTags("Drift");
        forcing.MapGet("/", ForcingEndpoints.ListAsync).RequireAuthorization(Policies.ReadIncidents);
        // The size limit is raised per request inside (Drift:MaxForcingFileBytes), after authorization.
        forcing.MapPost("/", ForcingEndpoints.UploadAsync).RequireAuthorization(Policies.Admin).DisableAntiforgery()
            .DocumentsFileBody("The NetCDF-4/CF file of wind and/or current, as the raw body.", "application/x-netcdf", "application/octet-stream");
        return app;
    }

    /// <summary>
    /// Queues the run's job in Hangfire. Without Hangfire (Jobs:Enabled false) the run stays queued: tests run
    /// <see cref="DriftRunJob.RunAsync"/> themselves, and a node with jobs picks it up through the sweep.
    /// </summary>
    public static void Enqueue(IServiceProvider services, Guid runId)
    {
        if (services.GetService<IBackgroundJobClient>() is { } jobs)
            jobs.Enqueue<DriftRunJob>(j => j.RunAsync(runId, CancellationToken.None));
    }

    /// <summary>Registers the sweep (every minute; idempotent across nodes) and runs it once at startup.</summary>
    private sealed class SweepRegistration(IRecurringJobManager recurring, IBackgroundJobClient jobs, IOptions<DriftOptions> options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            recurring.AddOrUpdate<DriftRunSweepJob>(DriftRunSweepJob.Id, j => j.RunAsync(CancellationToken.None), options.Value.SweepCron);
            jobs.Enqueue<DriftRunSweepJob>(j => j.RunAsync(CancellationToken.None));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
