using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Domain.Sightings;
using MaritimeCoord.Server.Infrastructure;

namespace MaritimeCoord.Server.Features.Sightings;

public static class SightingsSetup
{
    public static IServiceCollection AddSightings(this IServiceCollection services)
    {
        services.AddSingleton(SightingRules.Default);
        services.AddSingleton(CorrelationPolicy.Default);
        services.AddScoped<LogSightingHandler>();
        return services;
    }

    public static WebApplication MapSightingEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/api/sightings").WithTags("Sightings");
        // Answers from the handler's Results<…>: 201 logged; 200 the same Idempotency-Key and body again
        // (Idempotent-Replayed: true); 400, 413, 415, 422.
        group.MapPost("/", LogSightingEndpoint.HandleAsync).RequireAuthorization(Policies.LogSighting)
             .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(LogSightingEndpoint.MaxBodyBytes))
             .DocumentsBody<LogSightingRequest>("The sighting (unknown fields are refused); an optional Idempotency-Key header makes a retry safe.");
        group.MapGet("/{id:guid}", GetSighting.HandleAsync).RequireAuthorization(Policies.AnyRole);
        return app;
    }
}
