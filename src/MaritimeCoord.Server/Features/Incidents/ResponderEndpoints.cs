using System.Globalization;
using System.Security.Claims;
using MaritimeCoord.Contracts.Responders;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Domain.Responders;
using MaritimeCoord.Domain.Text;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Entities;
using MaritimeCoord.Persistence.Spatial;
using MaritimeCoord.Server.Infrastructure;
using MaritimeCoord.Server.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Server.Features.Incidents;

using TaskingResult = Results<Ok<IncidentWorkspace>, ValidationProblem, NotFound, RefusedProblem, UnprocessableProblem>;

public sealed record RankedResponderDto(
    int Rank, string Kind, string Id, string Name, string? Type, string? Contact, double Latitude, double Longitude, bool DeadReckoned,
    double DistanceNm, double BearingDegrees, double CourseToSteerDegrees, double? CurrentCourseDegrees, double? CourseChangeDegrees,
    double SpeedKnots, bool SpeedAssumed, string TimeToArrive, DateTimeOffset EstimatedArrival, string PositionAge, bool Stale,
    Message? TimeToArriveMessage = null, Message? PositionAgeMessage = null);

/// <summary>The codes of the responders' durations ("5h03m", "12m05s"), for the console's languages.</summary>
public static class ResponderMessages
{
    /// <summary>"{hours}h{minutes}m", minutes as two digits.</summary>
    public const string HoursMinutes = "duration.hoursMinutes";

    /// <summary>"{minutes}m{seconds}s", seconds as two digits.</summary>
    public const string MinutesSeconds = "duration.minutesSeconds";

    public static IReadOnlyList<string> All { get; } = MessageCodes.Constants(typeof(ResponderMessages));

    /// <summary>
    /// The same span as <see cref="ResponderEndpoints.FormatSpan"/> writes it, as a message. The parts go as text
    /// ("03"; hours ungrouped as in the English), so every language writes the same digits.
    /// </summary>
    public static Message Span(TimeSpan span) =>
        span.TotalHours >= 1
            ? Message.Of(HoursMinutes, ("hours", ((int)span.TotalHours).ToString(CultureInfo.InvariantCulture)), ("minutes", span.Minutes.ToString("00", CultureInfo.InvariantCulture)))
            : Message.Of(MinutesSeconds, ("minutes", span.Minutes.ToString(CultureInfo.InvariantCulture)), ("seconds", span.Seconds.ToString("00", CultureInfo.InvariantCulture)));
}

public sealed record RespondersResponse(double TargetLatitude, double TargetLongitude, DateTimeOffset At, IReadOnlyList<RankedResponderDto> Ranked,
    IReadOnlyList<ExcludedResponder> Excluded);

public sealed record TaskResponderRequest(string? AssetCode, [property: TextLimit(ReasonText.MaxLength)] string? Reason);

/// <summary>
/// Nearest responders (docs/domain.md after AMVER SURPIC): the exact top N by estimated time to arrive along the ellipsoid,
/// AIS ships dead-reckoned to now (<see cref="ResponderCandidates.RankForIncidentAsync"/>: PostGIS searches only where a
/// candidate could still beat the N-th, <see cref="ResponderSearch"/>). Bearings and courses are rounded into [0, 360)
/// and course changes into (−180, 180].
/// </summary>
public static class ResponderEndpoints
{

    /// <summary>
    /// The hot path (issue 4: p99 ≤ 10 ms at 200 requests/s, docs/responders-performance.md): no DbContext, prepared
    /// statements on a small pool (visibility and the incident's position are checked by the first).
    /// </summary>
    public static async Task<Results<Ok<RespondersResponse>, ValidationProblem, NotFound>> RankAsync(Guid id, ClaimsPrincipal user, ResponderCandidates candidates, TimeProvider clock, CancellationToken ct,
        int limit = 20)
    {
        if (limit is < 1 or > 200) return Problems.Field("limit", "limit must be between 1 and 200.");
        var now = clock.GetUtcNow();
        var found = await candidates.RankForIncidentAsync(id, IncidentAccess.SeesAllCentres(user), user.CentreCode(), now, limit, ct);
        if (found is null) return TypedResults.NotFound();

        var result = found.Result;
        var target = result.Target;
        var ranked = new List<RankedResponderDto>(result.Ranked.Count);
        foreach (var r in result.Ranked)
        {
            ranked.Add(new RankedResponderDto(r.Rank, r.Kind == ResponderKind.GovernmentAsset ? "asset" : "ais-vessel",
                r.Id, r.Name, r.Description, r.Contact, r.Position.Latitude, r.Position.Longitude, r.DeadReckoned,
                Math.Round(r.DistanceNauticalMiles, 1), ResponderRanking.RoundBearing(r.BearingToTargetDegrees), ResponderRanking.RoundBearing(r.CourseToSteerDegrees),
                r.CurrentCourseDegrees is { } c ? ResponderRanking.RoundBearing(c) : null,
                r.CourseChangeDegrees is { } cc ? ResponderRanking.RoundCourseChange(cc) : null,
                r.SpeedKnots, r.SpeedAssumed, FormatSpan(r.TimeToArrive), r.EstimatedArrival, FormatSpan(r.PositionAge), r.Stale,
                ResponderMessages.Span(r.TimeToArrive), ResponderMessages.Span(r.PositionAge)));
        }
        return TypedResults.Ok(new RespondersResponse(target.Latitude, target.Longitude, now, ranked, result.Excluded));
    }

    public static async Task<TaskingResult> TaskAsync(Guid id, TaskResponderRequest request, [AsParameters] IncidentCommandServices services)
    {
        var (user, db, outbox, clock, ct) = services;
        if (string.IsNullOrWhiteSpace(request.AssetCode)) return Problems.Field("assetCode", "assetCode is required.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var incident = await db.Incidents.VisibleTo(user, db).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null) return TypedResults.NotFound();
        if (!user.MayCoordinate(incident))
            return Problems.Refused(new Refusal(RefusalCode.NotCoordinatingCentre, $"Only the coordinating centre ({incident.CoordinatingCentreCode}) tasks responders."));
        if (!incident.Phase.IsOpen())
            return Problems.Refused(new Refusal(RefusalCode.IncidentNotOpen, $"The incident is {incident.Phase.WireName()}; only open incidents get responders."));

        // Lock the asset row: two operators tasking the same boat at once are serialised here (and by the unique index).
        var code = request.AssetCode.Trim();
        var asset = await db.ResponseAssets.FromSql($"SELECT *, xmin FROM response_assets WHERE code = {code} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (asset is null) return Problems.Field<UnprocessableProblem>("assetCode", $"No response asset has the code '{code}'.");

        var now = clock.GetUtcNow();
        var currentTask = asset.CurrentIncidentId is { } busy
            ? await db.Incidents.Where(i => i.Id == busy).Select(i => i.Reference).FirstOrDefaultAsync(ct)
            : null;
        var decision = ResponderTasking.Assign(ResponderCandidates.ToAsset(asset), incident.Reference, currentTask, user.DisplayName(), request.Reason, now);
        if (!decision.Succeeded) return Problems.Refused(decision.Refusal);

        var target = new GeoPosition(incident.LastPosition.Y, incident.LastPosition.X);
        var ranked = ResponderRanking.Rank(target, now, [ResponderCandidates.ToAsset(asset) with { Availability = AssetAvailability.Available }], []).Ranked;
        DateTimeOffset? eta = ranked.Count > 0 ? ranked[0].EstimatedArrival : null;
        asset.Availability = EnumWire.Name(AssetAvailability.Tasked);
        asset.CurrentIncidentId = incident.Id;
        db.IncidentTaskings.Add(new IncidentTasking
        {
            IncidentId = incident.Id, AssetCode = asset.Code, TaskedAt = now, TaskedBy = user.Subject(), Reason = request.Reason!.Trim(), EstimatedArrival = eta,
        });
        db.IncidentTimeline.Add(ChangeIncident.Entry(incident, user, TimelineKinds.ResponderTasked,
            decision.Value.Description + (eta is { } arrival ? $" ETA {arrival:u}." : ""), now));
        outbox.Add(new ResponderTasked(incident.Id, incident.Reference, asset.Code, asset.Name, eta, user.DisplayName(), incident.CoordinatingCentreCode, now));
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Refused(new Refusal(RefusalCode.AlreadyTasked, $"{asset.Name} was tasked by someone else at the same moment."));
        }
        return TypedResults.Ok(await IncidentDetails.LoadAsync(db, id, ct));
    }

    /// <summary>"5h03m" from an hour up, else "12m05s": the English the API sends.</summary>
    public static string FormatSpan(TimeSpan span) =>
        span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:00}m")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m{span.Seconds:00}s");

}
