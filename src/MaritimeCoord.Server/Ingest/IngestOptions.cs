namespace MaritimeCoord.Server.Ingest;

public enum FeedKind
{
    /// <summary>We listen; aggregators and forwarders connect and push raw NMEA lines.</summary>
    TcpServer,

    /// <summary>We connect to a receiver (or an aggregator's TCP port) and read; reconnect on loss.</summary>
    TcpClient,

    /// <summary>We listen for datagrams of one or more NMEA lines.</summary>
    Udp,
}

public sealed class FeedOptions
{
    public string Name { get; set; } = "";
    public FeedKind Kind { get; set; } = FeedKind.TcpServer;

    /// <summary>Address to bind (server, UDP) or to connect to (client).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>0 binds any free port (tests read the bound port from <see cref="AisIngestService.Feeds"/>).</summary>
    public int Port { get; set; }

    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Concurrent connections accepted by a TCP server feed (each holds a 64 KiB buffer and its reassembly state).</summary>
    public int MaxConnections { get; set; } = 64;
}

/// <summary>Section <c>Ingest</c>; listeners run only where <c>Server:Ingest</c> is true.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    public List<FeedOptions> Feeds { get; set; } = [];

    /// <summary>Positions per database transaction, at most (batches are smaller when the feed is slower than the database).</summary>
    public int MaxBatchPositions { get; set; } = 20_000;

    /// <summary>Decoded chunks (one per socket read, ≤ ~1,500 positions) queued between the feeds and the writer.</summary>
    public int QueueChunks { get; set; } = 128;

    /// <summary>A byte-identical payload of the same MMSI within this window is the same transmission heard twice. 0 disables.</summary>
    public TimeSpan DedupWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Under backlog, how often vessel_states is upserted (newest per vessel meanwhile); caught up, every batch.</summary>
    public TimeSpan StateInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the newest position per vessel is published to the live picture.</summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Vessels per published <c>VesselPositionsUpdated</c>; a larger interval is split.</summary>
    public int MaxVesselsPerMessage { get; set; } = 1_000;

    /// <summary>Cron of the partition job (creates today-1 … today+<see cref="PartitionDaysAhead"/>).</summary>
    public string PartitionCron { get; set; } = "17 * * * *";
    public int PartitionDaysAhead { get; set; } = 3;
}
