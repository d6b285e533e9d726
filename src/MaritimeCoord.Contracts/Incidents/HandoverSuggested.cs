namespace MaritimeCoord.Contracts.Incidents;

/// <summary>An incident's latest position lies in another centre's SAR region: the coordinating centre is told.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Reference">Human reference.</param>
/// <param name="CoordinatingCentreCode">Centre coordinating now (it keeps the incident until another accepts).</param>
/// <param name="SuggestedCentreCode">Centre whose region holds the latest position.</param>
/// <param name="Uncertain">The boundary there is approximate or regions overlap: confirm before proposing.</param>
/// <param name="Explanation">Why, in words.</param>
/// <param name="At">When (UTC).</param>
public sealed record HandoverSuggested(
    Guid IncidentId,
    string Reference,
    string CoordinatingCentreCode,
    string SuggestedCentreCode,
    bool Uncertain,
    string Explanation,
    DateTimeOffset At);
