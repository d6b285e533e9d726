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

    /// <summary>A drawn shape (<c>u-d-f</c>): its vertices as <c>detail/link@point</c>, and how it is drawn.</summary>
    public CotShape? Shape { get; init; }
}

/// <summary>
/// A polygon as TAK draws it: <c>detail/link point="lat,lon"</c> per vertex, the ring closed by repeating the first
/// vertex (a freeform shape whose last point is its first is a polygon to ATAK and to node-cot's reader), with ARGB
/// stroke and fill colours as signed 32-bit integers, the form ATAK writes.
/// </summary>
public sealed record CotShape(IReadOnlyList<(double Latitude, double Longitude)> Vertices, int StrokeArgb, int FillArgb, double StrokeWeight = 3)
{
    /// <summary>The ring closed (first vertex repeated at the end when it is not already).</summary>
    public IReadOnlyList<(double Latitude, double Longitude)> ClosedRing() =>
        Vertices.Count > 0 && Vertices[0] != Vertices[^1] ? [.. Vertices, Vertices[0]] : Vertices;
}
