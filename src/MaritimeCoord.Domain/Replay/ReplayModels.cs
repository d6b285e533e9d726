namespace MaritimeCoord.Domain.Replay;

/// <summary>One stored AIS position as replayed.</summary>
public sealed record VesselFix(
    int Mmsi, DateTimeOffset ObservedAt, double Latitude, double Longitude, float? SpeedKnots, float? CourseDegrees, short? Heading);

/// <summary>A sighting as it was reported (shown from its observation time on).</summary>
public sealed record ReplaySighting(
    Guid Id, Guid IncidentId, DateTimeOffset ObservedAt, double Latitude, double Longitude, string BoatDescription,
    int? PersonsOnBoard, string Condition, double? PositionUncertaintyNm);

/// <summary>
/// Something that happened at <see cref="At"/>: an incident timeline entry (opened, phase changed, handover, tasking…)
/// or a detected behaviour (encounter, loitering, AIS gap). The position is where the incident or vessel was then.
/// </summary>
public sealed record ReplayEvent(
    string Id, DateTimeOffset At, string Source, string Kind, string Summary, Guid? IncidentId, string? IncidentReference,
    double? Latitude, double? Longitude);

/// <summary>
/// The picture at <see cref="At"/>. A snapshot carries every vessel, sighting and event to show; a delta carries only
/// the vessels that moved since the previous frame, the vessels that fell silent for longer than the staleness limit
/// (<see cref="Removed"/>), and the sightings and events that happened since.
/// </summary>
public sealed record ReplayPictureFrame(
    DateTimeOffset At, bool Snapshot, IReadOnlyList<VesselFix> Vessels, IReadOnlyList<int> Removed,
    IReadOnlyList<ReplaySighting> Sightings, IReadOnlyList<ReplayEvent> Events);
