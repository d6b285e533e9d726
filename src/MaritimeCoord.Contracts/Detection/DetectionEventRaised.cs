namespace MaritimeCoord.Contracts.Detection;

/// <summary>
/// A behaviour was detected (or a standing one was revised, e.g. a dark vessel reappeared). Consumers de-duplicate by
/// <see cref="EventId"/>: the same behaviour always carries the same id, and the latest message wins.
/// </summary>
/// <param name="EventId">Deterministic id (kind, vessel(s), start).</param>
/// <param name="Kind">ais-gap, encounter, loitering, area-entry or sighting-near-suspect.</param>
/// <param name="Mmsi">The vessel (lower MMSI of an encounter; the suspect of a sighting link).</param>
/// <param name="OtherMmsi">The second vessel of an encounter.</param>
/// <param name="StartedAt">Start (UTC).</param>
/// <param name="EndedAt">End (UTC); null while it is still going on.</param>
/// <param name="Latitude">WGS84 degrees.</param>
/// <param name="Longitude">WGS84 degrees.</param>
/// <param name="RegionCode">SAR region holding the position, when known.</param>
/// <param name="AreaId">Watched area entered (area-entry).</param>
/// <param name="RelatedEventId">The dark or loitering event a sighting was linked to.</param>
/// <param name="IncidentId">Open incident within the link distance, if any.</param>
/// <param name="DetailsJson">Measurements and thresholds behind the decision (JSON object).</param>
/// <param name="NotifiedCentreCodes">Rescue centres told (the one whose region holds the position).</param>
public sealed record DetectionEventRaised(
    string EventId,
    string Kind,
    int Mmsi,
    int? OtherMmsi,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    double Latitude,
    double Longitude,
    string? RegionCode,
    string? AreaId,
    string? RelatedEventId,
    Guid? IncidentId,
    string DetailsJson,
    IReadOnlyList<string> NotifiedCentreCodes);
