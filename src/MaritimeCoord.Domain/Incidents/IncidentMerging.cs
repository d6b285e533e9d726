namespace MaritimeCoord.Domain.Incidents;

/// <summary>What the merge and split rules need to know of an incident.</summary>
public sealed record MergeCandidate(Guid Id, string Reference, IncidentPhase Phase, string CoordinatingCentre, bool HandoverPending);

/// <summary>
/// An operator's corrections to correlation (docs/correlation.md): <b>merge</b> another incident into this one (the same
/// boat reported twice: its sightings move here, it is closed) and <b>split</b> a sighting out into an incident of its own
/// (another boat). Each undoes the other: a merged sighting can be split out again, a split one merged back. Neither
/// changes a count: the surviving incident keeps the operator's persons-on-board estimate, the split one starts from
/// its sighting's count.
/// </summary>
public static class IncidentMerging
{
    public static Refusal? CheckMerge(MergeCandidate into, MergeCandidate other, string? actor, string? reason)
    {
        if (Accountability.Check(actor, reason) is { } missing) return missing;
        if (into.Id == other.Id) return new Refusal(RefusalCode.MergeWithSelf, "An incident cannot be merged into itself; choose the other incident.");
        foreach (var incident in new[] { into, other })
            if (!incident.Phase.IsOpen())
                return new Refusal(RefusalCode.IncidentNotOpen, $"{incident.Reference} is {incident.Phase.WireName()}: only open incidents are merged.");
        if (!string.Equals(into.CoordinatingCentre, other.CoordinatingCentre, StringComparison.Ordinal))
            return new Refusal(RefusalCode.CoordinatingCentresDiffer,
                $"{into.Reference} is coordinated by {into.CoordinatingCentre} and {other.Reference} by {other.CoordinatingCentre}: hand one over first, so one centre coordinates the boat.");
        foreach (var incident in new[] { into, other })
            if (incident.HandoverPending)
                return new Refusal(RefusalCode.OfferAlreadyPending, $"{incident.Reference} has a pending handover offer: settle it before merging.");
        return null;
    }

    public static Refusal? CheckSplit(MergeCandidate from, int sightingCount, string? actor, string? reason)
    {
        if (Accountability.Check(actor, reason) is { } missing) return missing;
        if (!from.Phase.IsOpen())
            return new Refusal(RefusalCode.IncidentNotOpen, $"{from.Reference} is {from.Phase.WireName()}: sightings are split out of open incidents only.");
        if (sightingCount <= 1)
            return new Refusal(RefusalCode.LastSighting, "This is the incident's only sighting: an incident keeps at least one, so there is nothing to split it from.");
        return null;
    }
}
