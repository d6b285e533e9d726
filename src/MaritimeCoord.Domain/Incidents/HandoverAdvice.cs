using MaritimeCoord.Domain.Text;
using MaritimeCoord.Domain.Jurisdiction;

namespace MaritimeCoord.Domain.Incidents;

public enum HandoverAdviceReason
{
    /// <summary>The latest position is in the coordinating centre's own region.</summary>
    InOwnRegion,

    /// <summary>The latest position is in another centre's region: suggest offering it the incident.</summary>
    InOtherRegion,

    /// <summary>No loaded SAR region covers the position; the coordinating centre keeps it.</summary>
    NoSarRegion,

    /// <summary>An offer is already pending; nothing new to suggest.</summary>
    OfferPending,

    /// <summary>The incident is resolved or closed.</summary>
    IncidentNotOpen,

    /// <summary>
    /// The coordinating centre accepted the incident from the very centre the region points to, and nothing was sighted
    /// since: advising to hand it back would undo what the two centres just agreed.
    /// </summary>
    AcceptedFromRegionCentre,
}

/// <summary>The last accepted handover: who gave coordination away, and when it was accepted.</summary>
public sealed record AcceptedHandover(string FromCentre, DateTimeOffset AcceptedAt);

/// <summary>
/// Whether to suggest a handover, and to whom, from the jurisdiction of the incident's latest position. Advice only:
/// the coordinating centre keeps responsibility until the other accepts (docs/domain.md, "Handover rule").
/// </summary>
/// <param name="Uncertain">The answer rests on an approximate boundary (position within ~30 nm of its edge) or on
/// overlapping regions (docs/domain.md: flag those positions); the operator should check before proposing.</param>
public sealed record HandoverAdvice(bool SuggestHandover, string? ToCentre, string? ToCentreName, HandoverAdviceReason Reason, bool Uncertain, string Explanation)
{
    /// <summary><see cref="Explanation"/> as a message code and its arguments (<see cref="IncidentMessages.Handover"/>).</summary>
    public Message ExplanationMessage { get; init; } = Message.Of(IncidentMessages.Handover.NotOpen);


    /// <param name="lastAccepted">The last accepted handover of the incident, if any.</param>
    /// <param name="lastSightingAt">The latest sighting's time: a sighting after the acceptance is a new fact, and the
    /// advice speaks again.</param>
    public static HandoverAdvice Advise(string coordinatingCentre, IncidentPhase phase, JurisdictionResult jurisdiction, HandoverOffer? pendingOffer = null,
        AcceptedHandover? lastAccepted = null, DateTimeOffset? lastSightingAt = null)
    {
        var uncertain = jurisdiction.NearApproximateBoundary || jurisdiction.OverlappingRegions.Count > 1;
        var caveat = uncertain ? " The boundary there is approximate or overlapping: check before acting." : "";
        HandoverAdvice Said(HandoverAdvice advice, string code, params (string, object?)[] args)
        {
            var message = Message.Of(code, args);
            return advice with { ExplanationMessage = uncertain ? Message.Of(IncidentMessages.Handover.WithCaveat, ("advice", message)) : message };
        }

        if (!phase.IsOpen())
            return new(false, null, null, HandoverAdviceReason.IncidentNotOpen, uncertain, $"The incident is {phase.WireName()}; no handover needed.")
            {
                ExplanationMessage = Message.Of(IncidentMessages.Handover.NotOpen, ("phase", IncidentMessages.Phase(phase))),
            };
        if (jurisdiction.Region is not { } region)
            return Said(new(false, null, null, HandoverAdviceReason.NoSarRegion, uncertain,
                $"No SAR region covers {jurisdiction.Position}; {coordinatingCentre} keeps coordinating." + caveat),
                IncidentMessages.Handover.NoSarRegion,
                ("position", new MessagePosition(jurisdiction.Position.Latitude, jurisdiction.Position.Longitude)), ("centre", coordinatingCentre));
        if (string.Equals(region.CentreCode, coordinatingCentre, StringComparison.OrdinalIgnoreCase))
            return Said(new(false, null, null, HandoverAdviceReason.InOwnRegion, uncertain,
                $"The latest position is in {region.RegionName}, {coordinatingCentre}'s own region." + caveat),
                IncidentMessages.Handover.InOwnRegion, ("region", region.RegionName), ("centre", coordinatingCentre));
        if (pendingOffer is not null)
            return Said(new(false, null, null, HandoverAdviceReason.OfferPending, uncertain,
                $"The latest position is in {region.RegionName} ({region.CentreCode}); an offer to {pendingOffer.ToCentre} is already pending." + caveat),
                IncidentMessages.Handover.OfferPending, ("region", region.RegionName), ("regionCentre", region.CentreCode), ("toCentre", pendingOffer.ToCentre));

        if (lastAccepted is not null && string.Equals(lastAccepted.FromCentre, region.CentreCode, StringComparison.OrdinalIgnoreCase)
            && (lastSightingAt is null || lastSightingAt <= lastAccepted.AcceptedAt))
            return Said(new(false, null, null, HandoverAdviceReason.AcceptedFromRegionCentre, uncertain,
                $"{coordinatingCentre} accepted coordination from {region.CentreCode}, whose region ({region.RegionName}) holds the latest position; "
                + "no handover advised until a newer sighting." + caveat),
                IncidentMessages.Handover.AcceptedFromRegionCentre, ("centre", coordinatingCentre), ("regionCentre", region.CentreCode), ("region", region.RegionName));

        return Said(new(true, region.CentreCode, region.CentreName, HandoverAdviceReason.InOtherRegion, uncertain,
            $"The latest position is in {region.RegionName}, the region of {region.CentreName} ({region.CentreCode}); "
            + $"consider proposing a handover. {coordinatingCentre} keeps coordinating until {region.CentreCode} accepts." + caveat),
            IncidentMessages.Handover.InOtherRegion, ("region", region.RegionName), ("regionCentreName", region.CentreName), ("regionCentre", region.CentreCode),
            ("centre", coordinatingCentre));
    }
}
