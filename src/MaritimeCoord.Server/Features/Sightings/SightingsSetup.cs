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
        group.MapPost("/", LogSightingEndpoint.HandleAsync).RequireAuthorization(Policies.LogSighting)
             .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(LogSightingEndpoint.MaxBodyBytes))
             .DocumentsBody<LogSightingRequest>("The sighting (unknown fields are refused); an optional Idempotency-Key header makes a retry safe.")
             // 201 logged; 200 the same Idempotency-Key and body again (Idempotent-Replayed: true).
             .Produces<SightingResponse>(StatusCodes.Status201Created).Produces<SightingResponse>()
             .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
                 StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id:guid}", GetSighting.HandleAsync).RequireAuthorization(Policies.AnyRole);
        return app;
    }
}
