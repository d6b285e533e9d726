namespace MaritimeCoord.Domain.Detection;

/// <summary>What a detector saw.</summary>
public enum DetectionKind
{
    /// <summary>A vessel stopped transmitting AIS for longer than its (coverage-aware) threshold: a dark vessel.</summary>
    AisGap,

    /// <summary>Two vessels close together, slowly, for longer than the threshold: a rendezvous.</summary>
    Encounter,

    /// <summary>A vessel moving slowly for hours away from an anchorage (at anchor / moored reports excluded).</summary>
    Loitering,

    /// <summary>A vessel entered a watched area: a SAR region, a user-drawn zone or a territorial sea.</summary>
    AreaEntry,

    /// <summary>A sighting of a boat with no AIS near a vessel that went dark or loitered.</summary>
    SightingNearSuspect,
}

/// <summary>How an event changed in one run of the detectors.</summary>
public enum DetectionChangeKind
{
    /// <summary>A new event (or one that had been withdrawn and is true again).</summary>
    Raised,

    /// <summary>An event still true whose end, position or details moved (e.g. an encounter still going on).</summary>
    Updated,

    /// <summary>Late data disproved an event raised before.</summary>
    Withdrawn,
}

/// <summary>
/// One detected behaviour. <see cref="Id"/> is derived from the kind, the vessel(s), the area or sighting and the start
/// time only, so detecting the same behaviour again from the same data gives the same id (upserts never duplicate).
/// </summary>
/// <param name="Id">Deterministic id, e.g. <c>gap:525123456:1793491200000</c>.</param>
/// <param name="Kind">What was detected.</param>
/// <param name="Mmsi">The vessel (for an encounter, the lower MMSI; for a sighting link, the suspect vessel).</param>
/// <param name="OtherMmsi">The second vessel of an encounter.</param>
/// <param name="StartMs">Start, Unix ms UTC (a gap starts at the last report before it).</param>
/// <param name="EndMs">End, Unix ms UTC; null while it is still going on (a vessel still dark).</param>
/// <param name="Latitude">Where (gap: last known position; encounter: midpoint at its start; sighting link: the sighting).</param>
/// <param name="Longitude">Where.</param>
/// <param name="RegionCode">SAR region holding <see cref="Latitude"/>/<see cref="Longitude"/>, when known; its thresholds applied.</param>
/// <param name="AreaId">Watched area entered (<see cref="DetectionKind.AreaEntry"/>): <c>sar:CODE</c> or the zone's id.</param>
/// <param name="SightingId">The sighting (<see cref="DetectionKind.SightingNearSuspect"/>).</param>
/// <param name="RelatedEventId">The dark or loitering event a sighting was linked to.</param>
/// <param name="Details">Compact JSON object with the measurements and thresholds behind the decision.</param>
public sealed record DetectionEvent(
    string Id,
    DetectionKind Kind,
    int Mmsi,
    int? OtherMmsi,
    long StartMs,
    long? EndMs,
    double Latitude,
    double Longitude,
    string? RegionCode,
    string? AreaId,
    string? SightingId,
    string? RelatedEventId,
    string Details)
{
    /// <summary>Wire name of <see cref="Kind"/>: <c>ais-gap</c>, <c>encounter</c>, <c>loitering</c>, <c>area-entry</c>, <c>sighting-near-suspect</c>.</summary>
    public string KindName => WireName(Kind);

    /// <summary>The wire name of a kind.</summary>
    public static string WireName(DetectionKind kind) => kind switch
    {
        DetectionKind.AisGap => "ais-gap",
        DetectionKind.Encounter => "encounter",
        DetectionKind.Loitering => "loitering",
        DetectionKind.AreaEntry => "area-entry",
        DetectionKind.SightingNearSuspect => "sighting-near-suspect",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses a wire name; false when unknown.</summary>
    public static bool TryParseKind(string? name, out DetectionKind kind)
    {
        foreach (var k in Enum.GetValues<DetectionKind>())
        {
            if (string.Equals(WireName(k), name, StringComparison.Ordinal)) { kind = k; return true; }
        }
        kind = default;
        return false;
    }
}

/// <summary>One change produced by a run of the detectors.</summary>
/// <param name="Change">Raised, updated or withdrawn.</param>
/// <param name="Event">The event as it now stands (for a withdrawal, as it was).</param>
public readonly record struct DetectionChange(DetectionChangeKind Change, DetectionEvent Event);

/// <summary>A sighting as the detectors see it (any boat report; whether it carries AIS is decided from the tracks).</summary>
/// <param name="Id">Stable id (the sightings table's id).</param>
/// <param name="TimeMs">Observed time, Unix ms UTC.</param>
/// <param name="Latitude">WGS84 degrees.</param>
/// <param name="Longitude">WGS84 degrees.</param>
public readonly record struct SightingObservation(string Id, long TimeMs, double Latitude, double Longitude);
