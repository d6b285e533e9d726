using MaritimeCoord.Server.Infrastructure;
using MaritimeCoord.Server.Ingest;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MaritimeCoord.Server.Telemetry;

public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Serve <c>GET /metrics</c> (Prometheus text format) to administrators.</summary>
    public bool Prometheus { get; set; } = true;
}

/// <summary>
/// OpenTelemetry metrics and traces: ASP.NET Core (requests, Kestrel, SignalR connections), Npgsql, MassTransit, the
/// ingest meter and <see cref="ServerMetrics"/>. Exported over OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set (with the other <c>OTEL_*</c> settings: protocol, headers, <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>);
/// logs then go over OTLP too, with their trace and span ids. Metrics are also scraped from <c>/metrics</c> by an
/// administrator's token (docs/operations.md § Monitoring).
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.Configure<TelemetryOptions>(builder.Configuration.GetSection(TelemetryOptions.Section));
        builder.Services.AddSingleton<ServerMetrics>();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        // Every log record made inside a request or a consumer carries the trace it belongs to (console scopes, OTLP).
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName(builder.Configuration), serviceInstanceId: Environment.MachineName))
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation()
                    .AddMeter("Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.SignalR")
                    .AddNpgsqlInstrumentation()
                    .AddMeter("MassTransit")
                    .AddMeter(IngestCounters.MeterName, ServerMetrics.MeterName);
                if (options.Prometheus) m.AddPrometheusExporter();
            })
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/health") && !c.Request.Path.StartsWithSegments(MetricsPath))
                .AddNpgsql()
                .AddSource("MassTransit"));
        if (otlp)
        {
            telemetry.WithLogging(logging => { }, o => { o.IncludeScopes = true; o.IncludeFormattedMessage = true; });
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// <c>OTEL_SERVICE_NAME</c> when set, else <c>maritimecoord</c>: the service added here is merged over the SDK's
    /// environment detector, so a fixed name would silently override the standard setting.
    /// </summary>
    public static string ServiceName(IConfiguration configuration) =>
        configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name && !string.IsNullOrWhiteSpace(name) ? name.Trim() : "maritimecoord";

    public static WebApplication MapTelemetry(this WebApplication app)
    {
        // The ingest meter's instruments exist once its counters do; make them so before the first scrape.
        app.Services.GetRequiredService<IngestCounters>();
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value.Prometheus)
            app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(Policies.Admin);
        return app;
    }
}
