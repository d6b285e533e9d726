namespace MaritimeCoord.Domain.Cot;

/// <summary>
/// One Cursor-on-Target event (MITRE CoT 2.0 base schema: <c>event</c> with <c>point</c> and <c>detail</c>), the part of
/// it this service writes and reads. <see cref="Uid"/> is stable per thing (an incident keeps its uid through every
/// phase), so a TAK Server or client replaces the previous report of it; <see cref="Stale"/> is when receivers drop it.
/// </summary>
public sealed record CotEvent(
    string Uid,
    string Type,
    string How,
    DateTimeOffset Time,
    DateTimeOffset Start,
    DateTimeOffset Stale,
    double Latitude,
    double Longitude,
    double HeightAboveEllipsoid = CotEvent.Unknown,
    double CircularError = CotEvent.Unknown,
    double LinearError = CotEvent.Unknown)
{
    /// <summary>CoT's "not known" for hae/ce/le.</summary>
    public const double Unknown = 9999999.0;

    /// <summary><c>detail/contact@callsign</c>: the name TAK clients label the marker with.</summary>
    public string? Callsign { get; init; }

    /// <summary><c>detail/remarks</c>.</summary>
    public string? Remarks { get; init; }

    /// <summary><c>detail/track@course</c> (degrees true) and <c>@speed</c> (metres per second).</summary>
    public double? Course { get; init; }
    public double? Speed { get; init; }

    /// <summary><c>detail/emergency</c>: its type (e.g. "911 Alert") and whether it is a cancellation.</summary>
    public string? EmergencyType { get; init; }
    public bool EmergencyCancel { get; init; }
    public string? EmergencyText { get; init; }

    /// <summary>
    /// <c>detail/_mcoord@accepted</c>: when this service accepted what the event reports (an incident change committed,
    /// a unit's position read). Receivers ignore unknown detail elements; the load tool measures latency from it.
    /// </summary>
    public DateTimeOffset? AcceptedAt { get; init; }
}
