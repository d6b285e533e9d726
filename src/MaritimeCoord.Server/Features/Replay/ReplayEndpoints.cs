using System.Globalization;
using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Persistence.Replay;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MaritimeCoord.Server.Features.Replay;

/// <summary>
/// Replay over HTTP as NDJSON (one <see cref="ReplayFrame"/> per line, paced at the requested speed; <c>once=true</c>
/// answers the snapshot at <c>start</c> only), and the hub. The same planner and player serve both.
/// </summary>
public static class ReplayEndpoints
{
    private const string DataSourceKey = "replay";
    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    public static WebApplicationBuilder AddReplay(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ReplayOptions>(builder.Configuration.GetSection(ReplayOptions.Section));
        var connectionString = builder.Configuration.MaritimeConnectionString();
        builder.Services.AddKeyedSingleton(DataSourceKey, (_, _) => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton(sp => new ReplayStore(sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey)));
        builder.Services.AddScoped<ReplayPlanner>();
        builder.Services.AddSingleton<ReplayPlayer>();
        return builder;
    }

    public static WebApplication MapReplay(this WebApplication app)
    {
        app.MapHub<ReplayHub>(ReplayHub.Path);
        // NDJSON streamed while the replay is read: no result type describes it, so the answers are declared here.
        app.MapGet("/api/incidents/{id:guid}/replay", (Guid id, HttpContext http, ReplayPlanner planner, ReplayPlayer player, IOptions<JsonOptions> json, CancellationToken ct) =>
                StreamAsync(http, planner, player, json.Value.SerializerOptions, id, ct))
            .RequireAuthorization(Policies.ReadIncidents).WithTags("Replay")
            .ProducesText(StatusCodes.Status200OK, "application/x-ndjson").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        app.MapGet("/api/replay/area", (HttpContext http, ReplayPlanner planner, ReplayPlayer player, IOptions<JsonOptions> json, CancellationToken ct) =>
                StreamAsync(http, planner, player, json.Value.SerializerOptions, null, ct))
            .RequireAuthorization(p => p.RequireRole(MaritimeRoles.Analyst, MaritimeRoles.Admin)).WithTags("Replay")
            .ProducesText(StatusCodes.Status200OK, "application/x-ndjson").ProducesProblems(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<IResult> StreamAsync(HttpContext http, ReplayPlanner planner, ReplayPlayer player, JsonSerializerOptions json,
        Guid? incidentId, CancellationToken ct)
    {
        var query = http.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var request = new ReplayRequest(
            incidentId,
            Number(query, "west", errors), Number(query, "south", errors), Number(query, "east", errors), Number(query, "north", errors),
            Number(query, "radiusNm", errors),
            Time(query, "from", errors), Time(query, "to", errors), Time(query, "start", errors),
            Number(query, "speed", errors));
        var once = query["once"].ToString() is "true" or "1";
        if (incidentId is null && query.ContainsKey("radiusNm")) errors["radiusNm"] = ["radiusNm applies to an incident replay only."];
        // An operator asking about another centre's incident learns nothing from field errors: visibility is checked first.
        if (errors.Count > 0 && incidentId is null) return TypedResults.ValidationProblem(errors, title: "The request is not valid.");
        var (plan, refusal) = errors.Count > 0 && incidentId is not null
            ? await planner.PlanAsync(request with { From = null, To = null, Start = null, Speed = null, RadiusNm = null }, http.User, ct)
            : await planner.PlanAsync(request, http.User, ct);
        if (refusal is not null)
        {
            return refusal.Status switch
            {
                StatusCodes.Status404NotFound => TypedResults.NotFound(),
                StatusCodes.Status403Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: refusal.Message),
                _ => TypedResults.ValidationProblem(refusal.Errors!, title: "The request is not valid."),
            };
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The request is not valid.");

        http.Response.ContentType = "application/x-ndjson";
        http.Response.Headers.CacheControl = "no-store";
        var body = http.Response.Body;
        try
        {
            await foreach (var frame in player.PlayAsync(plan!, once, ct))
            {
                await JsonSerializer.SerializeAsync(body, frame, json, ct);
                await body.WriteAsync(NewLine, ct);
                await body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away: the query was cancelled with it; nothing to answer.
        }
        return TypedResults.Empty;
    }

    private static double? Number(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var raw) || string.IsNullOrWhiteSpace(raw)) return null;
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
        errors[name] = [$"{name} must be a decimal number."];
        return null;
    }

    private static DateTimeOffset? Time(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var raw) || string.IsNullOrWhiteSpace(raw)) return null;
        var text = raw.ToString();
        // A time without an offset is ambiguous across the region's zones (UTC+5:30 to UTC+12): refuse it, as sightings do.
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            && (text.EndsWith('Z') || text.EndsWith('z') || System.Text.RegularExpressions.Regex.IsMatch(text, @"[+-]\d{2}:?\d{2}$")))
            return value;
        errors[name] = [$"{name} must be an ISO 8601 time with a UTC offset, e.g. 2026-11-27T06:00:00Z."];
        return null;
    }
}
