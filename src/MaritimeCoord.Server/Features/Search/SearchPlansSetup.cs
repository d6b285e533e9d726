using MaritimeCoord.Server.Infrastructure;

namespace MaritimeCoord.Server.Features.Search;

public static class SearchPlansSetup
{
    public static WebApplication MapSearchPlans(this WebApplication app)
    {
        const string plans = "/api/incidents/{id:guid}/search-plans";
        var read = app.MapGroup(plans).WithTags("Search").RequireAuthorization(Policies.ReadIncidents);
        read.MapGet("/", SearchPlanEndpoints.ListAsync);
        read.MapGet("/{number:int}", SearchPlanEndpoints.GetAsync);
        // The grid and the routes are bytes written by the handler (GeoJSON, RTZ, GPX): declared here.
        read.MapGet("/{number:int}/grid", SearchPlanEndpoints.GridAsync).Produces<GeoJsonFeatureCollection>(StatusCodes.Status200OK, "application/geo+json").ProducesProblems(StatusCodes.Status404NotFound);
        read.MapGet("/{number:int}/assignments/{assetCode}/route.rtz", SearchPlanEndpoints.RtzAsync)
            .ProducesText(StatusCodes.Status200OK, "application/rtz+xml").ProducesProblems(StatusCodes.Status404NotFound);
        read.MapGet("/{number:int}/assignments/{assetCode}/route.gpx", SearchPlanEndpoints.GpxAsync)
            .ProducesText(StatusCodes.Status200OK, "application/gpx+xml").ProducesProblems(StatusCodes.Status404NotFound);

        var write = app.MapGroup(plans).WithTags("Search").RequireAuthorization(Policies.Operational)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(SearchPlanEndpoints.MaxBodyBytes)).WithBoundedText();
        // More answers (201, 200 replayed, 400, 404, 409, 413, 415, 422) than Results<…> holds: declared here.
        write.MapPost("/", SearchPlanEndpoints.ProposeAsync)
            .DocumentsBody<SearchPlanRequest>("The plan to propose (docs/search.md); an optional Idempotency-Key header makes a retry safe.")
            .Produces<SearchPlanDto>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
        write.MapPut("/{number:int}/assignments/{assetCode}", SearchPlanEndpoints.AdjustAsync);
        write.MapPost("/{number:int}/issue", SearchPlanEndpoints.IssueAsync);
        write.MapPost("/{number:int}/results", SearchPlanEndpoints.RecordResultAsync);
        return app;
    }
}
