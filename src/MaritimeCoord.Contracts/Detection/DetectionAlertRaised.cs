namespace MaritimeCoord.Contracts.Detection;

/// <summary>
/// A newly raised detection event matched alert rules of these centres (at most AlertMatcher.MaxRecipientsPerEvent;
/// <see cref="DroppedCentres"/> counts the centres past the cap). Sent once per raise, in the transaction that stored
/// the event; consumers de-duplicate by <see cref="EventId"/>.
/// </summary>
/// <param name="EventId">The detection event's deterministic id.</param>
/// <param name="Kind">ais-gap, encounter, loitering, area-entry or sighting-near-suspect.</param>
/// <param name="Severity">low, medium or high.</param>
/// <param name="Mmsi">The vessel.</param>
/// <param name="StartedAt">Start (UTC).</param>
/// <param name="Latitude">WGS84 degrees.</param>
/// <param name="Longitude">WGS84 degrees.</param>
/// <param name="RegionCode">SAR region holding the position, when known.</param>
/// <param name="AreaId">Watched area entered (area-entry).</param>
/// <param name="IncidentId">Open incident the event was linked to, if any.</param>
/// <param name="RuleIds">Per alerted centre (same order as <see cref="AlertedCentreCodes"/>), the rule that matched.</param>
/// <param name="AlertedCentreCodes">Centres alerted.</param>
/// <param name="DroppedCentres">Centres whose rules matched but were past the fan-out cap.</param>
public sealed record DetectionAlertRaised(
    string EventId,
    string Kind,
    string Severity,
    int Mmsi,
    DateTimeOffset StartedAt,
    double Latitude,
    double Longitude,
    string? RegionCode,
    string? AreaId,
    Guid? IncidentId,
    IReadOnlyList<Guid> RuleIds,
    IReadOnlyList<string> AlertedCentreCodes,
    int DroppedCentres);
