namespace MaritimeCoord.Server.Ingest.Pipeline;

/// <summary>
/// The ingest pipeline, in order (one place that lists the stages in order). Stages 1-3 run on each feed's reader (framing and reassembly are
/// per stream); a bounded channel (back-pressure: a full queue stops the socket reads, so TCP senders block) feeds
/// stages 4-6 on the single writer loop, which keeps per-vessel order.
/// </summary>
public static class IngestStages
{
    public static readonly IReadOnlyList<(string Name, string Where)> Ordered =
    [
        ("frame", nameof(LineFramer)),                                    // bytes → lines, bounded line length
        ("decode", nameof(AisDecodeStage)),                               // NMEA, tag blocks, reassembly, bit counts (MaritimeCoord.Ais)
        ("validate", "Domain.Vessels.PositionRules"),                     // MMSI, coordinates, plausible receive time
        ("order-dedup", "Domain.Vessels.BatchOrdering + VesselDeduplicator"), // sort by (MMSI, time), drop repeats, newest per vessel
        ("persist", "Persistence.Ais.AisBatchWriter"),                    // COPY + upserts in one transaction, retried until committed
        ("publish", nameof(IngestPipeline)),                              // newest per vessel, coalesced per interval, to the bus
    ];
}
