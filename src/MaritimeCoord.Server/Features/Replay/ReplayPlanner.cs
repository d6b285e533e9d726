using System.Security.Claims;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Replay;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Replay;
using MaritimeCoord.Server.Features.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Features.Replay;

/// <summary>A replay ready to play: validated, visible to the caller, with its defaults filled in.</summary>
public sealed record ReplayPlan(ReplayArea Area, ReplayTarget Target, Guid? IncidentId, DateTimeOffset From, DateTimeOffset To,
    DateTimeOffset Start, double Speed);

/// <summary>Why a replay was refused: bad fields (400), not visible (404), or a role that may not replay areas (403).</summary>
public sealed record ReplayRefusal(int Status, string Message, Dictionary<string, string[]>? Errors = null);

/// <summary>
/// Turns a request into a plan with the same visibility rules as the incident API (<see cref="IncidentAccess"/>): an
/// operator replays the incidents their centre coordinates or was offered; analysts and admins replay any incident and
/// any area. Shared by the hub and the NDJSON endpoints so both refuse the same things in the same words.
/// </summary>
public sealed class ReplayPlanner(MaritimeDbContext db, ReplayStore store, IOptions<ReplayOptions> options, TimeProvider time)
{
    public async Task<(ReplayPlan? Plan, ReplayRefusal? Refusal)> PlanAsync(ReplayRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var o = options.Value;
        var limits = o.Limits;
        if (request.IncidentId is { } incidentId)
        {
            if (request.West is not null || request.South is not null || request.East is not null || request.North is not null)
                return Invalid(new() { ["incidentId"] = ["Give either incidentId or a box (west, south, east, north), not both."] });
            // Visibility first: another centre's incident is answered exactly like one that does not exist.
            if (!await db.Incidents.VisibleTo(user, db).AnyAsync(i => i.Id == incidentId, ct) || await store.FindIncidentAsync(incidentId, ct) is not { } incident)
                return (null, new ReplayRefusal(StatusCodes.Status404NotFound, "No such incident visible to you."));
            var errors = ReplayRequestRules.ValidateRadius(request.RadiusNm, limits);
            // Default window: the 24 h that end a few hours after the last sighting (or now, if sooner), in whole
            // seconds: a client echoes the window back as `from`/`start`, and a browser keeps only milliseconds, so a
            // window ending at `now` with its ticks would put the echoed start before `from`.
            var now = time.GetUtcNow();
            var to = request.To ?? (request.From is { } f ? f + o.DefaultWindow : CeilingToSecond(Min(incident.LastSightingAt + TimeSpan.FromHours(6), now)));
            var from = request.From ?? to - o.DefaultWindow;
            Merge(errors, ReplayRequestRules.ValidateWindow(new(from, to, request.Start, request.Speed), limits));
            if (errors.Count > 0) return Invalid(errors);
            var radiusNm = request.RadiusNm ?? o.DefaultRadiusNm;
            var area = new ReplayCircleArea(incident.SightingPositions, radiusNm * Distances.MetresPerNauticalMile);
            var target = new ReplayTarget("incident", incident.Id, incident.Reference, radiusNm,
                [.. incident.SightingPositions.Select(p => new[] { p.Longitude, p.Latitude })], null);
            return (new ReplayPlan(area, target, incident.Id, from, to, request.Start ?? from, request.Speed ?? o.DefaultSpeed), null);
        }

        if (!user.IsInRole(MaritimeRoles.Analyst) && !user.IsInRole(MaritimeRoles.Admin))
            return (null, new ReplayRefusal(StatusCodes.Status403Forbidden, "Forbidden: only analysts and administrators replay an area; operators replay their incidents."));
        var boxErrors = ReplayRequestRules.ValidateBox(new(request.West, request.South, request.East, request.North), limits);
        Merge(boxErrors, ReplayRequestRules.ValidateWindow(new(request.From, request.To, request.Start, request.Speed), limits));
        if (request.RadiusNm is not null) boxErrors["radiusNm"] = ["radiusNm applies to an incident replay only."];
        if (boxErrors.Count > 0) return Invalid(boxErrors);
        var box = new ReplayBoxArea(request.West!.Value, request.South!.Value, request.East!.Value, request.North!.Value);
        return (new ReplayPlan(box, new ReplayTarget("area", null, null, null, null, [box.West, box.South, box.East, box.North]), null,
            request.From!.Value, request.To!.Value, request.Start ?? request.From.Value, request.Speed ?? o.DefaultSpeed), null);
    }

    private static (ReplayPlan?, ReplayRefusal?) Invalid(Dictionary<string, string[]> errors) =>
        (null, new ReplayRefusal(StatusCodes.Status400BadRequest,
            string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), errors));

    private static void Merge(Dictionary<string, string[]> into, Dictionary<string, string[]> from)
    {
        foreach (var (key, value) in from) into[key] = into.TryGetValue(key, out var existing) ? [.. existing, .. value] : value;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset CeilingToSecond(DateTimeOffset t) =>
        new((t.UtcTicks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
