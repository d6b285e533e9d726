using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Entities;
using MaritimeCoord.Persistence.Geo;
using MaritimeCoord.Domain.Sightings;
using MaritimeCoord.Domain.Text;
using MaritimeCoord.Persistence.Spatial;
using MaritimeCoord.Server.Features.Jurisdiction;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Server.Features.Incidents;

public sealed record PersonsOnBoardDto(int? Total, int? Adults, int? Minors, int? MedicalCases, int? Deceased);

/// <param name="ExplanationMessage"><see cref="Explanation"/> as a message code with its arguments, for a client to say in its user's language.</param>
public sealed record AssessmentDto(string SuggestedPhase, int Score, string Advice, IReadOnlyList<string> Drivers, string Explanation,
    Message? ExplanationMessage = null);

public sealed record HandoverOfferDto(Guid Id, string FromCentreCode, string ToCentreCode, string ProposedBy, string Reason,
    DateTimeOffset ProposedAt, DateTimeOffset? ExpiresAt, string Status, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionReason);

/// <param name="ExplanationMessage"><see cref="Explanation"/> as a message code with its arguments.</param>
public sealed record HandoverAdviceDto(bool SuggestHandover, string? ToCentreCode, string? ToCentreName, string Reason, bool Uncertain, string Explanation,
    Message? ExplanationMessage = null);

public sealed record TaskingDto(string AssetCode, DateTimeOffset TaskedAt, string TaskedBy, string Reason, DateTimeOffset? EstimatedArrival, DateTimeOffset? ReleasedAt);

/// <summary>Everything the incident workspace shows. <c>version</c> goes back as <c>expectedVersion</c> with any change.</summary>
public sealed record IncidentWorkspace(
    IncidentSummary Incident,
    uint Version,
    string? Outcome,
    PersonsOnBoardDto PersonsOnBoard,
    IReadOnlyList<string> DistressIndicators,
    AssessmentDto Assessment,
    IReadOnlyList<string> AllowedPhases,
    JurisdictionDto Jurisdiction,
    HandoverAdviceDto HandoverAdvice,
    IReadOnlyList<HandoverOfferDto> Handovers,
    IReadOnlyList<TaskingDto> Taskings,
    int LastSitrepNumber,
    IReadOnlyList<SightingSummary> Sightings,
    IReadOnlyList<TimelineEntryDto> Timeline,
    IReadOnlyList<IncidentLinkDto> Links);

public static class IncidentDetails
{
    public static async Task<IncidentWorkspace> LoadAsync(MaritimeDbContext db, Guid id, CancellationToken ct)
    {
        var incident = await db.Incidents.AsNoTracking().SingleAsync(i => i.Id == id, ct);
        // Map after loading: Point.X/Y would translate to ST_X/ST_Y, which PostGIS has for geometry only, not geography.
        var onLand = await db.SightingsOnLandAsync(id, ct);
        var sightings = (await db.Sightings.AsNoTracking().Where(s => s.IncidentId == id).OrderBy(s => s.ObservedAt).ToListAsync(ct))
            .Select(s => new SightingSummary(s.Id, s.ObservedAt, s.Position.Y, s.Position.X, s.PositionText, s.BoatDescription,
                s.PersonsOnBoard, s.Condition, s.Reporter, s.PositionUncertaintyNm)
            {
                Warnings = PositionWarnings.For(new GeoPosition(s.Position.Y, s.Position.X), onLand.Contains(s.Id)),
            }).ToList();
        var timeline = await db.IncidentTimeline.AsNoTracking().Where(t => t.IncidentId == id).OrderBy(t => t.Id)
            .Select(t => new TimelineEntryDto(t.At, t.Actor, t.Kind, t.Summary, t.SightingId)).ToListAsync(ct);
        var offers = await db.HandoverOffers.AsNoTracking().Where(h => h.IncidentId == id).OrderBy(h => h.ProposedAt).ToListAsync(ct);
        var taskings = await db.IncidentTaskings.AsNoTracking().Where(t => t.IncidentId == id).OrderBy(t => t.TaskedAt)
            .Select(t => new TaskingDto(t.AssetCode, t.TaskedAt, t.TaskedBy, t.Reason, t.EstimatedArrival, t.ReleasedAt)).ToListAsync(ct);

        var links = await IncidentLinks.LoadAsync(db, id, ct);

        var position = new GeoPosition(incident.LastPosition.Y, incident.LastPosition.X);
        var jurisdiction = await db.ResolveAsync(position, ct);
        var status = Status(incident);
        var pob = PersonsOnBoardOf(incident);
        var indicators = incident.DistressIndicators
            .Select(n => DistressIndicators.TryParse(n, out var i) ? i : (DistressIndicator?)null).OfType<DistressIndicator>().ToHashSet();
        var assessment = DistressAssessment.Assess(indicators, pob, incident.Phase);
        var pending = offers.FirstOrDefault(o => o.Status == HandoverStatuses.Pending);
        var accepted = offers.Where(o => o.Status == HandoverStatuses.Accepted && o.DecidedAt is not null).MaxBy(o => o.DecidedAt);
        var advice = HandoverAdvice.Advise(incident.CoordinatingCentreCode, incident.Phase, jurisdiction, pending is null ? null : ToOffer(pending),
            accepted is null ? null : new AcceptedHandover(accepted.FromCentreCode, accepted.DecidedAt!.Value), incident.LastSightingAt);

        return new IncidentWorkspace(
            IncidentEndpoints.ToSummary(incident, sightings.Count,
                pending is null ? null : new PendingHandoverDto(pending.FromCentreCode, pending.ToCentreCode, pending.ExpiresAt),
                [.. links.Where(l => l.Kind == IncidentLinks.PossiblySame).Select(l => l.Reference)]),
            incident.Version,
            incident.Outcome,
            new PersonsOnBoardDto(pob.Total, pob.Adults, pob.Minors, pob.MedicalCases, pob.Deceased),
            incident.DistressIndicators,
            new AssessmentDto(assessment.SuggestedPhase.WireName(), assessment.Score, assessment.Advice.ToString().ToLowerInvariant(),
                assessment.Drivers.Select(d => d.Indicator.WireName()).ToList(), assessment.Explanation, assessment.ExplanationMessage),
            IncidentLifecycle.AllowedTargets(status).Select(p => p.WireName()).ToList(),
            JurisdictionDto.From(jurisdiction),
            new HandoverAdviceDto(advice.SuggestHandover, advice.ToCentre, advice.ToCentreName, advice.Reason.ToString(), advice.Uncertain, advice.Explanation, advice.ExplanationMessage),
            offers.Select(o => new HandoverOfferDto(o.Id, o.FromCentreCode, o.ToCentreCode, o.ProposedBy, o.Reason, o.ProposedAt, o.ExpiresAt,
                o.Status, o.DecidedBy, o.DecidedAt, o.DecisionReason)).ToList(),
            taskings,
            incident.LastSitrepNumber,
            sightings,
            timeline,
            links);
    }

    public static IncidentStatus Status(Incident incident) =>
        new(incident.Phase, IncidentOutcomes.TryParse(incident.Outcome, out var outcome) ? outcome : null);

    public static PersonsOnBoard PersonsOnBoardOf(Incident incident) => new(incident.PersonsOnBoardEstimate, incident.PersonsOnBoardAdults,
        incident.PersonsOnBoardMinors, incident.PersonsOnBoardMedical, incident.PersonsOnBoardDeceased);

    public static HandoverOffer ToOffer(HandoverOfferRecord record) =>
        new(record.FromCentreCode, record.ToCentreCode, record.ProposedBy, record.Reason, record.ProposedAt, record.ExpiresAt);
}
