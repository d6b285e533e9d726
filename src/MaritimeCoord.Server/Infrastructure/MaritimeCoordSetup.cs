using MaritimeCoord.Server.Cot;
using MaritimeCoord.Server.Detection;
using MaritimeCoord.Server.Features.Account;
using MaritimeCoord.Server.Features.Analytics;
using MaritimeCoord.Server.Features.Drift;
using MaritimeCoord.Server.Features.Search;
using MaritimeCoord.Server.Features.History;
using MaritimeCoord.Server.Features.Intake;
using MaritimeCoord.Server.Features.Incidents;
using MaritimeCoord.Server.Features.Jurisdiction;
using MaritimeCoord.Server.Features.Map;
using MaritimeCoord.Server.Features.PersonalData;
using MaritimeCoord.Server.Features.Replay;
using MaritimeCoord.Server.Features.Sightings;
using MaritimeCoord.Server.Ingest;
using MaritimeCoord.Server.Jobs;
using MaritimeCoord.Server.Outbox;
using MaritimeCoord.Server.Realtime;
using MaritimeCoord.Server.Telemetry;

namespace MaritimeCoord.Server.Infrastructure;

/// <summary>Composition of the server; each feature owns its own Add…/Map… extension.</summary>
public static class MaritimeCoordSetup
{
    public static WebApplicationBuilder AddMaritimeCoord(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.Configure<ServerOptions>(config.GetSection(ServerOptions.Section));
        services.Configure<DatabaseOptions>(config.GetSection(DatabaseOptions.Section));
        services.Configure<SamplesOptions>(config.GetSection(SamplesOptions.Section));
        services.Configure<DemoOptions>(config.GetSection(DemoOptions.Section));
        services.AddSingleton(TimeProvider.System);

        builder.AddMaritimeDatabase();
        builder.AddMaritimeAuth();
        builder.AddMaritimeHttp();
        builder.AddMaritimeSecurity();
        builder.AddMaritimeMessaging();
        builder.AddOutbox();
        builder.AddRealtime();
        builder.AddJobs();
        builder.AddRetention();
        builder.AddPersonalData();
        builder.AddAnalytics();
        builder.AddAisIngest();
        builder.AddDetection();
        builder.AddReplay();
        builder.AddHistory();
        builder.AddDriftRuns();
        builder.AddCot();
        builder.AddIntake();
        builder.AddMaritimeHealth();
        builder.AddTelemetry();
        builder.AddMaritimeOpenApi();
        services.AddSightings();
        services.AddJurisdiction();
        services.AddIncidents();
        return builder;
    }

    public static WebApplication UseMaritimeCoord(this WebApplication app)
    {
        app.UseMaritimeHttp();
        app.UseAuthentication();
        app.UseMaritimeSecurity();
        app.UseAuthorization();

        app.MapMaritimeHealth();
        app.MapTelemetry();
        app.MapAccountEndpoints();
        app.MapSightingEndpoints();
        app.MapIncidentEndpoints();
        app.MapJurisdictionEndpoints();
        app.MapMapEndpoints();
        app.MapPersonalData();
        app.MapAnalytics();
        app.MapRealtime();
        app.MapJobsDashboard();
        app.MapAisIngest();
        app.MapDetection();
        app.MapReplay();
        app.MapHistoryEndpoints();
        app.MapDriftRuns();
        app.MapSearchPlans();
        app.MapIntake();
        app.MapMaritimeOpenApi();
        return app;
    }
}
