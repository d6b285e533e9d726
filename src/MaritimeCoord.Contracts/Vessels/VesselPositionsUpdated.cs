namespace MaritimeCoord.Contracts.Vessels;

/// <summary>
/// AIS positions were stored. Coalesced per vessel: at most one entry per MMSI (its newest stored position since the
/// previous event of the same ingest node), and at most a bounded number of entries per event.
/// </summary>
/// <param name="Positions">Newest stored position of each vessel that reported in the interval.</param>
/// <param name="IngestNode">Machine name of the ingest node that stored them.</param>
/// <param name="OccurredAt">When the event was published (UTC).</param>
/// <param name="AcceptedAt">When ingest accepted the oldest report in the event (its arrival, UTC); the hub's delivery
/// latency is measured from it. Null from publishers that do not know it.</param>
public sealed record VesselPositionsUpdated(
    IReadOnlyList<VesselPosition> Positions,
    string IngestNode,
    DateTimeOffset OccurredAt,
    DateTimeOffset? AcceptedAt = null);
