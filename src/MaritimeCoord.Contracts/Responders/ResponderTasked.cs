namespace MaritimeCoord.Contracts.Responders;

/// <summary>A government asset was tasked to an incident.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Reference">Human reference of the incident.</param>
/// <param name="AssetCode">The asset.</param>
/// <param name="AssetName">Its name.</param>
/// <param name="EstimatedArrival">Estimated time of arrival at the incident's latest position (UTC), if computed.</param>
/// <param name="Actor">Who tasked it.</param>
/// <param name="CoordinatingCentreCode">Centre coordinating the incident.</param>
/// <param name="At">When (UTC).</param>
public sealed record ResponderTasked(
    Guid IncidentId,
    string Reference,
    string AssetCode,
    string AssetName,
    DateTimeOffset? EstimatedArrival,
    string Actor,
    string CoordinatingCentreCode,
    DateTimeOffset At);
