namespace MaritimeCoord.Contracts.Incidents;

/// <summary>An operator changed the incident's distress indicators (EU 656/2014 art. 9).</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Reference">Human reference.</param>
/// <param name="Indicators">Indicator wire names now set (empty: none).</param>
/// <param name="SuggestedPhase">The phase the assessment now suggests.</param>
/// <param name="Actor">Who changed it.</param>
/// <param name="Reason">Why.</param>
/// <param name="CoordinatingCentreCode">Rescue centre coordinating the incident.</param>
/// <param name="NotifiedCentreCodes">Centres whose operators see the change.</param>
/// <param name="ChangedAt">When (UTC).</param>
public sealed record IncidentDistressIndicatorsChanged(
    Guid IncidentId,
    string Reference,
    IReadOnlyList<string> Indicators,
    string SuggestedPhase,
    string Actor,
    string Reason,
    string CoordinatingCentreCode,
    IReadOnlyList<string> NotifiedCentreCodes,
    DateTimeOffset ChangedAt);
