using MaritimeCoord.Domain.Vessels;

namespace MaritimeCoord.Server.Ingest.Pipeline;

/// <summary>What one socket read decoded to: the unit queued between the feeds and the writer.</summary>
public sealed class IngestChunk
{
    public List<PositionReport> Positions { get; } = [];
    public List<VesselStaticReport> Statics { get; } = [];

    /// <summary>Arrival time (Unix ms) of the first report in the chunk: when ingest accepted it (live latency is measured from it).</summary>
    public long AcceptedAtMs { get; set; }

    public bool IsEmpty => Positions.Count == 0 && Statics.Count == 0;
}
