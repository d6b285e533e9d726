namespace MaritimeCoord.Contracts.Incidents;

/// <summary>An incident's phase (or outcome) changed by an operator.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Reference">Human reference.</param>
/// <param name="Phase">New phase wire name (uncertainty, alert, distress, resolved, closed).</param>
/// <param name="PreviousPhase">Phase before the change.</param>
/// <param name="Outcome">Outcome wire name when resolved (rescued, disembarked, false-alarm, lost), else null.</param>
/// <param name="Actor">Who changed it.</param>
/// <param name="Reason">Why.</param>
/// <param name="CoordinatingCentreCode">Rescue centre coordinating the incident.</param>
/// <param name="NotifiedCentreCodes">Centres whose operators see the change.</param>
/// <param name="ChangedAt">When (UTC).</param>
public sealed record IncidentPhaseChanged(
    Guid IncidentId,
    string Reference,
    string Phase,
    string PreviousPhase,
    string? Outcome,
    string Actor,
    string Reason,
    string CoordinatingCentreCode,
    IReadOnlyList<string> NotifiedCentreCodes,
    DateTimeOffset ChangedAt);
