using MaritimeCoord.Server.Ingest.Feeds;
using Microsoft.Extensions.Options;

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

    /// <summary>TCP server feeds: concurrent connections from one sender address, so one host cannot take every slot.</summary>
    public int MaxConnectionsPerAddress { get; set; } = 8;

    /// <summary>
    /// TCP server feeds: a connection that delivers fewer than <see cref="MinBytesPerIdleTimeout"/> bytes in this long
    /// is closed (idle, or trickling a byte at a time to hold a slot). Time spent waiting for our own cap or queue does
    /// not count. Senders reconnect; a quiet forwarder costs a reconnect, an attacker loses the slot.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Bytes a connection must deliver within each <see cref="IdleTimeout"/> to stay open (one NMEA line is ≤ 82).</summary>
    public int MinBytesPerIdleTimeout { get; set; } = 82;

    /// <summary>
    /// TCP server feeds: sender addresses or networks (CIDR, e.g. <c>10.1.0.0/16</c>) allowed to connect; empty = any.
    /// Others are refused at accept.
    /// </summary>
    public List<string> AllowedSenders { get; set; } = [];

    /// <summary>Refused connections are logged as one summary at most once per this interval (the first at once).</summary>
    public TimeSpan RefusalLogInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The feed's cap: input lines (NMEA sentences, corrupt ones included) per second over all its connections. Over it,
    /// TCP feeds stop reading (the sender is slowed, nothing is dropped) and the UDP feed drops the excess, counted.
    /// The default is above what one server persists on two cores (~80k/s), so it only bites a runaway feed.
    /// </summary>
    public int MaxSentencesPerSecond { get; set; } = DefaultMaxSentencesPerSecond;

    /// <summary>Sentences the feed may take at once above its rate (the token bucket's size); unset = one second's worth.</summary>
    public int? Burst { get; set; }

    /// <summary>TCP server feeds: a cap per connection, so one client of a shared feed cannot take the whole feed cap; unset = only the feed cap.</summary>
    public int? MaxSentencesPerSecondPerConnection { get; set; }

    public const int DefaultMaxSentencesPerSecond = 100_000;

    public int EffectiveBurst => Burst ?? MaxSentencesPerSecond;

    /// <summary>The per-connection bucket's size: the feed's burst, at most one second of the connection's cap.</summary>
    public int? ConnectionBurst => MaxSentencesPerSecondPerConnection is { } perConnection ? Math.Min(perConnection, EffectiveBurst) : null;
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

    /// <summary>
    /// How often the newest position per vessel is published to the live picture. Each position waits up to this long
    /// after its commit, so it is a direct share of the accepted-to-delivered latency (issue 5: p99 ≤ 500 ms); the cost
    /// of a short interval is per event, not per position (at 10,000 positions/s, 10 events of ~1,000 a second).
    /// </summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Vessels per published <c>VesselPositionsUpdated</c>; a larger interval is split.</summary>
    public int MaxVesselsPerMessage { get; set; } = 1_000;

    /// <summary>A feed over its cap is logged at most once per this interval (with what was delayed or dropped meanwhile).</summary>
    public TimeSpan RateLimitWarningInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Cron of the partition job (creates today-1 … today+<see cref="PartitionDaysAhead"/>).</summary>
    public string PartitionCron { get; set; } = "17 * * * *";
    public int PartitionDaysAhead { get; set; } = 3;
}

/// <summary>Refuses, at startup, feed caps that would stall a feed (zero) or make no sense (negative), naming the key.</summary>
public sealed class IngestOptionsValidation : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        var errors = new List<string>();
        for (int i = 0; i < options.Feeds.Count; i++)
        {
            var feed = options.Feeds[i];
            string key = $"{IngestOptions.Section}:Feeds:{i}";
            if (feed.MaxSentencesPerSecond <= 0)
                errors.Add($"{key}:MaxSentencesPerSecond (feed '{feed.Name}') must be a positive number of sentences per second, was {feed.MaxSentencesPerSecond}");
            if (feed.Burst is <= 0)
                errors.Add($"{key}:Burst (feed '{feed.Name}') must be a positive number of sentences, was {feed.Burst}");
            if (feed.MaxSentencesPerSecondPerConnection is <= 0)
                errors.Add($"{key}:MaxSentencesPerSecondPerConnection (feed '{feed.Name}') must be a positive number of sentences per second, was {feed.MaxSentencesPerSecondPerConnection}");
            if (feed.MaxConnections <= 0)
                errors.Add($"{key}:MaxConnections (feed '{feed.Name}') must be positive, was {feed.MaxConnections}");
            if (feed.MaxConnectionsPerAddress <= 0)
                errors.Add($"{key}:MaxConnectionsPerAddress (feed '{feed.Name}') must be positive, was {feed.MaxConnectionsPerAddress}");
            if (feed.IdleTimeout <= TimeSpan.Zero)
                errors.Add($"{key}:IdleTimeout (feed '{feed.Name}') must be positive, was {feed.IdleTimeout}");
            if (feed.MinBytesPerIdleTimeout < 1)
                errors.Add($"{key}:MinBytesPerIdleTimeout (feed '{feed.Name}') must be at least 1, was {feed.MinBytesPerIdleTimeout}");
            if (feed.RefusalLogInterval <= TimeSpan.Zero)
                errors.Add($"{key}:RefusalLogInterval (feed '{feed.Name}') must be positive, was {feed.RefusalLogInterval}");
            foreach (var sender in feed.AllowedSenders)
                if (!SenderAllowList.TryParse(sender, out _))
                    errors.Add($"{key}:AllowedSenders (feed '{feed.Name}') must hold IP addresses or CIDR networks, was '{sender}'");
        }

        if (options.RateLimitWarningInterval <= TimeSpan.Zero)
            errors.Add($"{IngestOptions.Section}:RateLimitWarningInterval must be positive, was {options.RateLimitWarningInterval}");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
