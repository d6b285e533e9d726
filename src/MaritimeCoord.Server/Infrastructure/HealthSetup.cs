using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace MaritimeCoord.Server.Infrastructure;

public static class HealthSetup
{
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddMaritimeHealth(this WebApplicationBuilder builder)
    {
        // MassTransit registers its own bus health check (tags "ready", "masstransit"), so the broker is covered when configured.
        builder.Services.AddHealthChecks()
            .AddNpgSql(builder.Configuration.MaritimeConnectionString(), name: "postgresql", tags: [ReadyTag]);
        return builder;
    }

    public static WebApplication MapMaritimeHealth(this WebApplication app)
    {
        // The one deliberate exception to "every endpoint needs a token": load balancers and orchestrators probe these.
        // They reveal only Healthy/Degraded/Unhealthy, no data.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return app;
    }
}
