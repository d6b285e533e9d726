namespace MaritimeCoord.Contracts.Incidents;

/// <summary>An open incident has had no sighting for longer than the stale threshold.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Reference">Human reference.</param>
/// <param name="LastSightingAt">Time of its latest sighting (UTC).</param>
/// <param name="CoordinatingCentreCode">Rescue centre coordinating the incident.</param>
/// <param name="MarkedAt">When the job flagged it (UTC).</param>
public sealed record IncidentMarkedStale(
    Guid IncidentId,
    string Reference,
    DateTimeOffset LastSightingAt,
    string CoordinatingCentreCode,
    DateTimeOffset MarkedAt);
