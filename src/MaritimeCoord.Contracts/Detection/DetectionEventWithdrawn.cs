namespace MaritimeCoord.Contracts.Detection;

/// <summary>Late data disproved an event raised before (e.g. out-of-order positions fill an AIS gap).</summary>
/// <param name="EventId">The withdrawn event.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Mmsi">Its vessel.</param>
/// <param name="WithdrawnAt">When the job withdrew it (UTC).</param>
/// <param name="NotifiedCentreCodes">Rescue centres told.</param>
public sealed record DetectionEventWithdrawn(
    string EventId,
    string Kind,
    int Mmsi,
    DateTimeOffset WithdrawnAt,
    IReadOnlyList<string> NotifiedCentreCodes);
