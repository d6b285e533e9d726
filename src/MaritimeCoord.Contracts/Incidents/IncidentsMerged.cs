namespace MaritimeCoord.Contracts.Incidents;

/// <summary>
/// An operator merged another incident into this one (the same boat reported twice): the other's sightings now belong to
/// this incident and the other is closed. Reversed by splitting sightings out again (<see cref="SightingSplit"/>).
/// </summary>
/// <param name="IncidentId">The incident that remains.</param>
/// <param name="Reference">Its human reference.</param>
/// <param name="MergedIncidentId">The incident merged into it (now closed).</param>
/// <param name="MergedReference">Its human reference.</param>
/// <param name="SightingIds">The sightings moved.</param>
/// <param name="PersonsOnBoard">The remaining incident's persons-on-board estimate (unchanged by the merge).</param>
/// <param name="Actor">Who merged them.</param>
/// <param name="Reason">Why.</param>
/// <param name="CoordinatingCentreCode">Rescue centre coordinating the remaining incident.</param>
/// <param name="NotifiedCentreCodes">Centres whose operators see it.</param>
/// <param name="MergedAt">When (UTC).</param>
public sealed record IncidentsMerged(
    Guid IncidentId,
    string Reference,
    Guid MergedIncidentId,
    string MergedReference,
    IReadOnlyList<Guid> SightingIds,
    int? PersonsOnBoard,
    string Actor,
    string Reason,
    string CoordinatingCentreCode,
    IReadOnlyList<string> NotifiedCentreCodes,
    DateTimeOffset MergedAt);
