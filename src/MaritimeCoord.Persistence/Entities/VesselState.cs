using NetTopologySuite.Geometries;

namespace MaritimeCoord.Persistence.Entities;

/// <summary>Latest AIS state per vessel; written only by the ingest pipeline (upsert keeping the newest by time).</summary>
public sealed class VesselState
{
    public int Mmsi { get; set; }
    public DateTimeOffset ObservedAt { get; set; }
    public short MessageType { get; set; }
    public Point Position { get; set; } = null!;
    public float? SpeedKnots { get; set; }
    public float? CourseDegrees { get; set; }
    public short? Heading { get; set; }
    public short? NavigationalStatus { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
