namespace MaritimeCoord.Contracts.Detection;

/// <summary>
/// An incident in distress was not acknowledged by its coordinating centre in time: supervisors and neighbouring
/// centres are told.
/// </summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Reference">Human reference.</param>
/// <param name="CoordinatingCentreCode">The centre that did not acknowledge.</param>
/// <param name="DistressSince">When it entered distress (UTC).</param>
/// <param name="EscalatedAt">When it was escalated (UTC).</param>
/// <param name="NotifiedCentreCodes">Coordinating and neighbouring centres told.</param>
public sealed record IncidentEscalated(
    Guid IncidentId,
    string Reference,
    string CoordinatingCentreCode,
    DateTimeOffset DistressSince,
    DateTimeOffset EscalatedAt,
    IReadOnlyList<string> NotifiedCentreCodes);
