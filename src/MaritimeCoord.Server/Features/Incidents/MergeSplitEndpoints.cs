using System.Globalization;
using System.Security.Claims;
using MaritimeCoord.Contracts.Incidents;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Entities;
using MaritimeCoord.Server.Features.Sightings;
using MaritimeCoord.Server.Infrastructure;
using MaritimeCoord.Server.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Server.Features.Incidents;

using MergeResult = Results<Ok<IncidentWorkspace>, ValidationProblem, NotFound, NotFoundProblem, RefusedProblem, ConflictProblem>;
using SplitResult = Results<Ok<IncidentWorkspace>, ValidationProblem, NotFound, RefusedProblem, ConflictProblem>;

public sealed record MergeIncidentsRequest(Guid? OtherIncidentId, string? Reason, uint? ExpectedVersion);

public sealed record SplitSightingRequest(string? Reason, uint? ExpectedVersion);

/// <summary>
/// The operator's corrections to correlation (Domain IncidentMerging, docs/correlation.md). Both run under the
/// correlation lock, so no sighting is attached to an incident while it is being merged away or split, and lock the
/// incident rows; each writes timeline entries on both incidents and queues events pushed live, in one transaction.
/// </summary>
public static class MergeSplitEndpoints
{
    /// <summary>POST /api/incidents/{id}/merge: the other incident's sightings move to <paramref name="id"/>; the other is closed.</summary>
    public static async Task<MergeResult> MergeAsync(Guid id, MergeIncidentsRequest request, [AsParameters] IncidentCommandServices services)
    {
        var (user, db, outbox, clock, ct) = services;
        var errors = new Dictionary<string, string[]>();
        if (request.OtherIncidentId is null) errors["otherIncidentId"] = ["otherIncidentId is required: the incident to merge into this one."];
        ChangeIncident.RequireVersion(request.ExpectedVersion, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var otherId = request.OtherIncidentId!.Value;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LogSightingHandler.CorrelationLockKey})", ct);
        // Both rows, locked in id order so two merges of the same pair cannot deadlock.
        var locked = await db.Incidents.FromSql($"SELECT *, xmin FROM incidents WHERE id IN ({id}, {otherId}) ORDER BY id FOR UPDATE")
            .VisibleTo(user, db).ToListAsync(ct);
        var into = locked.FirstOrDefault(i => i.Id == id);
        var other = locked.FirstOrDefault(i => i.Id == otherId);
        if (into is null) return TypedResults.NotFound();
        if (other is null) return Problems.Field<NotFoundProblem>("otherIncidentId", "No incident you may see has this id.");
        if (!user.MayCoordinate(into) || !user.MayCoordinate(other))
            return Problems.Refused(new Refusal(RefusalCode.NotCoordinatingCentre,
                "Only the centre coordinating both incidents merges them."));
        if (into.Version != request.ExpectedVersion) return Problems.Stale(into.Version);

        var pending = await db.HandoverOffers.Where(h => (h.IncidentId == id || h.IncidentId == otherId) && h.Status == HandoverStatuses.Pending)
            .Select(h => h.IncidentId).ToListAsync(ct);
        if (IncidentMerging.CheckMerge(Candidate(into, pending), Candidate(other, pending), user.DisplayName(), request.Reason) is { } refusal)
            return Problems.Refused(refusal);

        var now = clock.GetUtcNow();
        var reason = request.Reason!.Trim();
        var moved = await db.Sightings.Where(s => s.IncidentId == otherId).OrderBy(s => s.ObservedAt).ToListAsync(ct);
        foreach (var sighting in moved) sighting.IncidentId = id;
        // The boat's latest position is the latest of both; the count stays the operator's estimate of this incident.
        if (other.LastSightingAt > into.LastSightingAt)
        {
            into.LastSightingAt = other.LastSightingAt;
            into.LastPosition = other.LastPosition;
            into.SarRegionCode = other.SarRegionCode;
        }
        into.PersonsOnBoardEstimate ??= other.PersonsOnBoardEstimate;
        into.IsStale = into.IsStale && other.IsStale;
        if (!into.IsStale) into.StaleSince = null;
        var previousPhase = other.Phase;
        other.Phase = IncidentPhase.Closed;
        other.Outcome = null;
        // Responders tasked to the other incident are now tasked to this one (an asset has one active tasking).
        await db.IncidentTaskings.Where(t => t.IncidentId == otherId && t.ReleasedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.IncidentId, id), ct);

        db.IncidentTimeline.Add(ChangeIncident.Entry(into, user, TimelineKinds.Merged, string.Create(CultureInfo.InvariantCulture,
            $"{other.Reference} merged into this incident ({moved.Count} sighting{(moved.Count == 1 ? "" : "s")} moved; persons on board stays {into.PersonsOnBoardEstimate?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}). Reason: {reason}"), now));
        db.IncidentTimeline.Add(ChangeIncident.Entry(other, user, TimelineKinds.MergedInto,
            $"Merged into {into.Reference} and closed (was {previousPhase.WireName()}); split a sighting out of {into.Reference} to undo. Reason: {reason}", now));
        outbox.Add(new IncidentsMerged(id, into.Reference, otherId, other.Reference, [.. moved.Select(s => s.Id)], into.PersonsOnBoardEstimate,
            user.DisplayName(), reason, into.CoordinatingCentreCode, [into.CoordinatingCentreCode], now));
        outbox.Add(new IncidentPhaseChanged(otherId, other.Reference, other.Phase.WireName(), previousPhase.WireName(), null, user.DisplayName(),
            $"Merged into {into.Reference}: {reason}", other.CoordinatingCentreCode, [other.CoordinatingCentreCode], now));

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Stale(await db.Incidents.AsNoTracking().Where(i => i.Id == id).Select(i => i.Version).SingleAsync(ct));
        }
        await IncidentLinks.RecordMergeAsync(db, otherId, id, reason, now, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(await IncidentDetails.LoadAsync(db, id, ct));
    }

    /// <summary>POST /api/incidents/{id}/sightings/{sightingId}/split: the sighting opens an incident of its own.</summary>
    public static async Task<SplitResult> SplitAsync(Guid id, Guid sightingId, SplitSightingRequest request, [AsParameters] IncidentCommandServices services)
    {
        var (user, db, outbox, clock, ct) = services;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LogSightingHandler.CorrelationLockKey})", ct);
        var from = await db.Incidents.FromSql($"SELECT *, xmin FROM incidents WHERE id = {id} FOR UPDATE").VisibleTo(user, db).FirstOrDefaultAsync(ct);
        if (from is null) return TypedResults.NotFound();
        var sighting = await db.Sightings.FirstOrDefaultAsync(s => s.Id == sightingId && s.IncidentId == id, ct);
        if (sighting is null) return TypedResults.NotFound();
        if (!user.MayCoordinate(from))
            return Problems.Refused(new Refusal(RefusalCode.NotCoordinatingCentre, $"Only the coordinating centre ({from.CoordinatingCentreCode}) changes this incident."));
        if (request.ExpectedVersion is { } expected && from.Version != expected) return Problems.Stale(from.Version);
        var count = await db.Sightings.CountAsync(s => s.IncidentId == id, ct);
        var pending = await db.HandoverOffers.AnyAsync(h => h.IncidentId == id && h.Status == HandoverStatuses.Pending, ct);
        if (IncidentMerging.CheckSplit(Candidate(from, pending ? [id] : []), count, user.DisplayName(), request.Reason) is { } refusal)
            return Problems.Refused(refusal);

        var now = clock.GetUtcNow();
        var reason = request.Reason!.Trim();
        var number = await db.Database.SqlQuery<long>($"SELECT nextval('incident_reference_seq') AS \"Value\"").SingleAsync(ct);
        var split = new Incident
        {
            Id = Guid.CreateVersion7(now),
            Reference = string.Create(CultureInfo.InvariantCulture, $"MC-{now.Year}-{number:D5}"),
            Phase = IncidentPhase.Uncertainty,
            OpenedAt = now,
            LastSightingAt = sighting.ObservedAt,
            LastPosition = (NetTopologySuite.Geometries.Point)sighting.Position.Copy(),
            PersonsOnBoardEstimate = sighting.PersonsOnBoard,
            // The centre that coordinated the sighting keeps it until another accepts (docs/domain.md handover rule).
            CoordinatingCentreCode = from.CoordinatingCentreCode,
            SarRegionCode = sighting.SarRegionCode,
        };
        db.Incidents.Add(split);
        sighting.IncidentId = split.Id;

        // The incident left behind: its latest position is its latest remaining sighting; its count is the operator's.
        var latest = await db.Sightings.AsNoTracking().Where(s => s.IncidentId == id && s.Id != sightingId)
            .OrderByDescending(s => s.ObservedAt).ThenByDescending(s => s.Id).FirstAsync(ct);
        from.LastSightingAt = latest.ObservedAt;
        from.LastPosition = (NetTopologySuite.Geometries.Point)latest.Position.Copy();
        from.SarRegionCode = latest.SarRegionCode;

        db.IncidentTimeline.Add(new IncidentTimelineEntry
        {
            IncidentId = id, At = now, Actor = user.Subject(), Kind = TimelineKinds.SightingSplit, SightingId = sightingId,
            Summary = $"Sighting of {sighting.ObservedAt:u} (\"{Short(sighting.BoatDescription)}\") split out into {split.Reference}; merge {split.Reference} back to undo. Reason: {reason}",
        });
        db.IncidentTimeline.Add(new IncidentTimelineEntry
        {
            IncidentId = split.Id, At = now, Actor = user.Subject(), Kind = TimelineKinds.SplitFrom, SightingId = sightingId,
            Summary = $"Opened in phase uncertainty by splitting a sighting out of {from.Reference}; coordinating centre {split.CoordinatingCentreCode}. Reason: {reason}",
        });
        outbox.Add(new IncidentOpened(split.Id, split.Reference, split.Phase.WireName(), sighting.Position.Y, sighting.Position.X,
            split.PersonsOnBoardEstimate, split.SarRegionCode, split.CoordinatingCentreCode, [split.CoordinatingCentreCode], now));
        outbox.Add(new SightingSplit(id, from.Reference, sightingId, split.Id, split.Reference, user.DisplayName(), reason,
            from.CoordinatingCentreCode, [from.CoordinatingCentreCode], now));

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Stale(await db.Incidents.AsNoTracking().Where(i => i.Id == id).Select(i => i.Version).SingleAsync(ct));
        }
        await tx.CommitAsync(ct);
        return TypedResults.Ok(await IncidentDetails.LoadAsync(db, id, ct));
    }

    private static MergeCandidate Candidate(Incident incident, IEnumerable<Guid> withPendingOffer) =>
        new(incident.Id, incident.Reference, incident.Phase, incident.CoordinatingCentreCode, withPendingOffer.Contains(incident.Id));

    private static string Short(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 79), "…");
}
