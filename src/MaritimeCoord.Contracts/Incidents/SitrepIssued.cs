namespace MaritimeCoord.Contracts.Incidents;

/// <summary>A SITREP was issued for the incident (numbered per incident).</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Reference">Human reference.</param>
/// <param name="Number">The SITREP's number within the incident.</param>
/// <param name="Form">short or full.</param>
/// <param name="Final">Whether it concludes the case.</param>
/// <param name="Actor">Who issued it.</param>
/// <param name="CoordinatingCentreCode">Rescue centre coordinating the incident.</param>
/// <param name="NotifiedCentreCodes">Centres whose operators see it.</param>
/// <param name="IssuedAt">When (UTC).</param>
public sealed record SitrepIssued(
    Guid IncidentId,
    string Reference,
    int Number,
    string Form,
    bool Final,
    string Actor,
    string CoordinatingCentreCode,
    IReadOnlyList<string> NotifiedCentreCodes,
    DateTimeOffset IssuedAt);
