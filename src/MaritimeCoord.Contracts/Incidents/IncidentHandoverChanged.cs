namespace MaritimeCoord.Contracts.Incidents;

/// <summary>A step of a handover between rescue centres: proposed, accepted, declined, withdrawn or expired.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Reference">Human reference.</param>
/// <param name="Step">proposed, accepted, declined, withdrawn, expired.</param>
/// <param name="FromCentreCode">Centre that offered the incident.</param>
/// <param name="ToCentreCode">Centre it was offered to.</param>
/// <param name="CoordinatingCentreCode">Coordinating centre after this step (changes only on accepted).</param>
/// <param name="Actor">Who took the step.</param>
/// <param name="Reason">Why (may be null for an expiry).</param>
/// <param name="At">When (UTC).</param>
public sealed record IncidentHandoverChanged(
    Guid IncidentId,
    string Reference,
    string Step,
    string FromCentreCode,
    string ToCentreCode,
    string CoordinatingCentreCode,
    string Actor,
    string? Reason,
    DateTimeOffset At);
