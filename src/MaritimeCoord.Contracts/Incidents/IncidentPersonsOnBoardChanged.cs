namespace MaritimeCoord.Contracts.Incidents;

/// <summary>An operator changed the incident's persons-on-board estimate (counts, never persons).</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Reference">Human reference.</param>
/// <param name="Total">Estimated total on board, if known.</param>
/// <param name="Adults">Adults, if known.</param>
/// <param name="Minors">Minors, if known.</param>
/// <param name="MedicalCases">Medical cases, if known.</param>
/// <param name="Deceased">Deceased, if known.</param>
/// <param name="Actor">Who changed it.</param>
/// <param name="Reason">Why.</param>
/// <param name="CoordinatingCentreCode">Rescue centre coordinating the incident.</param>
/// <param name="NotifiedCentreCodes">Centres whose operators see the change (handover partners are added by the stream numbering).</param>
/// <param name="ChangedAt">When (UTC).</param>
public sealed record IncidentPersonsOnBoardChanged(
    Guid IncidentId,
    string Reference,
    int? Total,
    int? Adults,
    int? Minors,
    int? MedicalCases,
    int? Deceased,
    string Actor,
    string Reason,
    string CoordinatingCentreCode,
    IReadOnlyList<string> NotifiedCentreCodes,
    DateTimeOffset ChangedAt);
