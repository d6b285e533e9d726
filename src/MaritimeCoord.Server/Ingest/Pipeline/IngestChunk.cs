using MaritimeCoord.Domain.Vessels;

namespace MaritimeCoord.Server.Ingest.Pipeline;

/// <summary>What one socket read decoded to: the unit queued between the feeds and the writer.</summary>
public sealed class IngestChunk
{
    public List<PositionReport> Positions { get; } = [];
    public List<VesselStaticReport> Statics { get; } = [];
    public bool IsEmpty => Positions.Count == 0 && Statics.Count == 0;
}
