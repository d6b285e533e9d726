using MaritimeCoord.Domain.Incidents;

namespace MaritimeCoord.Domain.Responders;

/// <summary>A responder tasked to an incident (the timeline entry).</summary>
public sealed record Tasking(string ResponderId, string IncidentReference, string Actor, string Reason, DateTimeOffset At, string Description);

/// <summary>
/// Whether an asset may be tasked to an incident (issue 4: "tasking an unavailable asset: 409"). Double assignment
/// under concurrency is the database's job (a unique constraint); this is the rule it enforces.
/// </summary>
public static class ResponderTasking
{
    /// <param name="currentTaskIncident">The incident the asset is tasked to now, if any.</param>
    public static Decision<Tasking> Assign(GovernmentAsset asset, string incidentReference, string? currentTaskIncident, string? actor, string? reason, DateTimeOffset at)
    {
        if (Accountability.Check(actor, reason) is { } missing) return Decision.Refuse<Tasking>(missing);
        if (currentTaskIncident is not null)
            return Decision.Refuse<Tasking>(RefusalCode.AlreadyTasked,
                string.Equals(currentTaskIncident, incidentReference, StringComparison.OrdinalIgnoreCase)
                    ? $"{asset.Name} is already tasked to {incidentReference}."
                    : $"{asset.Name} is tasked to {currentTaskIncident}; release it there first.");
        if (asset.Availability != AssetAvailability.Available)
            return Decision.Refuse<Tasking>(RefusalCode.AssetUnavailable,
                $"{asset.Name} is not available ({asset.Availability.ToString().ToLowerInvariant()}{(string.IsNullOrWhiteSpace(asset.AvailabilityNote) ? "" : ": " + asset.AvailabilityNote.Trim())}).");

        var (who, why) = (actor!.Trim(), reason!.Trim());
        return Decision.Ok(new Tasking(asset.Id, incidentReference, who, why, at, $"{asset.Name} ({asset.Type}) tasked to {incidentReference} by {who}: {why}"));
    }
}
