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
        read.MapGet("/{number:int}/grid", SearchPlanEndpoints.GridAsync);
        read.MapGet("/{number:int}/assignments/{assetCode}/route.rtz", SearchPlanEndpoints.RtzAsync);
        read.MapGet("/{number:int}/assignments/{assetCode}/route.gpx", SearchPlanEndpoints.GpxAsync);

        var write = app.MapGroup(plans).WithTags("Search").RequireAuthorization(Policies.Operational)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(SearchPlanEndpoints.MaxBodyBytes)).WithBoundedText();
        write.MapPost("/", SearchPlanEndpoints.ProposeAsync);
        write.MapPut("/{number:int}/assignments/{assetCode}", SearchPlanEndpoints.AdjustAsync);
        write.MapPost("/{number:int}/issue", SearchPlanEndpoints.IssueAsync);
        write.MapPost("/{number:int}/results", SearchPlanEndpoints.RecordResultAsync);
        return app;
    }
}
