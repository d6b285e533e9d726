using System.Threading.RateLimiting;

namespace MaritimeCoord.Server.Ingest.Feeds;

/// <summary>
/// A feed's sentence cap (<see cref="FeedOptions.MaxSentencesPerSecond"/>, <see cref="FeedOptions.Burst"/>): a token
/// bucket from System.Threading.RateLimiting, one token per input line. Stream feeds (TCP) pay for what a socket read
/// brought before handling it and read nothing meanwhile, so the sender's TCP window closes and it slows to the cap
/// with nothing dropped (<see cref="ForStream"/>); each TCP server connection may also have its own bucket, and waiting
/// connections are served oldest first, so one fast client cannot take the whole feed cap. UDP cannot slow its senders:
/// lines over the cap are dropped and counted (<see cref="AdmitDatagram"/>). Throttling is logged at most once per
/// <see cref="IngestOptions.RateLimitWarningInterval"/>, never per line.
/// </summary>
public sealed class FeedThrottle : IDisposable
{
    private readonly FeedOptions _options;
    private readonly TokenBucketRateLimiter _bucket;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly long _warningIntervalTicks;
    private long _nextWarning;
    private long _warnedDelayed, _warnedDropped;

    public FeedThrottle(FeedOptions options, IngestOptions ingest, IngestCounters counters, TimeProvider clock, ILogger log)
    {
        _options = options;
        _clock = clock;
        _log = log;
        Counts = counters.RateCountsOf(options.Name);
        // Each connection has at most one request waiting (at most one burst), so this queue never refuses one.
        long queue = (long)options.EffectiveBurst * Math.Max(1, options.MaxConnections);
        _bucket = Bucket(options.MaxSentencesPerSecond, options.EffectiveBurst, (int)Math.Min(int.MaxValue, queue));
        _warningIntervalTicks = (long)(ingest.RateLimitWarningInterval.TotalSeconds * clock.TimestampFrequency);
    }

    public FeedRateCounts Counts { get; }

    /// <summary>The pacer of one byte stream (a TCP connection): the feed's bucket, and the connection's own when configured.</summary>
    public StreamPacer ForStream(bool ownConnectionCap)
    {
        var connection = ownConnectionCap && _options.MaxSentencesPerSecondPerConnection is { } perConnection
            ? Bucket(perConnection, _options.ConnectionBurst!.Value, _options.ConnectionBurst.Value)
            : null;
        return new StreamPacer(this, connection);
    }

    /// <summary>
    /// UDP: how many bytes of <paramref name="datagram"/> to handle — the lines the cap admits now, from the start; the
    /// rest is dropped and counted. A datagram ends its last line.
    /// </summary>
    public int AdmitDatagram(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty) return 0;
        int lines = datagram.Count((byte)'\n') + (datagram[^1] == (byte)'\n' ? 0 : 1);
        int admitted = 0;
        if (lines <= _options.EffectiveBurst)
        {
            using var all = _bucket.AttemptAcquire(lines);
            if (all.IsAcquired) return datagram.Length;
        }

        // Partial: only this feed's single receive loop takes from a UDP bucket, so what is available stays available.
        long available = _bucket.GetStatistics()?.CurrentAvailablePermits ?? 0;
        int take = (int)Math.Clamp(available, 0, lines);
        if (take > 0)
        {
            using var some = _bucket.AttemptAcquire(take);
            if (some.IsAcquired) admitted = take;
        }

        Counts.AddDropped(lines - admitted);
        WarnAtMostOncePerInterval();
        return admitted == 0 ? 0 : EndOfLine(datagram, admitted);
    }

    public void Dispose() => _bucket.Dispose();

    internal async ValueTask PaceAsync(TokenBucketRateLimiter? connection, int lines, CancellationToken ct)
    {
        if (lines <= 0) return;
        bool waited = connection is not null && await AcquireAsync(connection, _options.ConnectionBurst!.Value, lines, ct);
        waited |= await AcquireAsync(_bucket, _options.EffectiveBurst, lines, ct);
        if (!waited) return;
        Counts.AddDelayed(lines);
        WarnAtMostOncePerInterval();
    }

    /// <summary>Takes <paramref name="permits"/> tokens in pieces of at most a bucket; true when it had to wait.</summary>
    private static async ValueTask<bool> AcquireAsync(TokenBucketRateLimiter bucket, int size, int permits, CancellationToken ct)
    {
        bool waited = false;
        while (permits > 0)
        {
            int piece = Math.Min(permits, size);
            using (var now = bucket.AttemptAcquire(piece))
            {
                if (!now.IsAcquired)
                {
                    waited = true;
                    using var later = await bucket.AcquireAsync(piece, ct);
                    if (!later.IsAcquired) throw new InvalidOperationException("Feed rate limiter refused a queued request (queue limit).");
                }
            }

            permits -= piece;
        }

        return waited;
    }

    private void WarnAtMostOncePerInterval()
    {
        long now = _clock.GetTimestamp();
        long next = Volatile.Read(ref _nextWarning);
        if (now < next || Interlocked.CompareExchange(ref _nextWarning, now + _warningIntervalTicks, next) != next) return;
        long delayed = Counts.Delayed, dropped = Counts.Dropped;
        long newDelayed = delayed - Interlocked.Exchange(ref _warnedDelayed, delayed);
        long newDropped = dropped - Interlocked.Exchange(ref _warnedDropped, dropped);
        _log.LogWarning(
            "AIS feed {Feed} is over its caps ({Cap} sentences/s for the feed, burst {Burst}; per connection: {PerConnection}): {Delayed} sentences held back (sender slowed) and {Dropped} dropped since the last warning; totals {TotalDelayed} held back, {TotalDropped} dropped; next warning in {Interval} at the earliest",
            _options.Name, _options.MaxSentencesPerSecond, _options.EffectiveBurst, _options.MaxSentencesPerSecondPerConnection?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unset",
            newDelayed, newDropped, delayed, dropped, TimeSpan.FromSeconds(_warningIntervalTicks / (double)_clock.TimestampFrequency));
    }

    /// <summary>A bucket that refills continuously at <paramref name="perSecond"/> (in steps of ~50 ms) up to <paramref name="burst"/>.</summary>
    private static TokenBucketRateLimiter Bucket(int perSecond, int burst, int queuePermits)
    {
        int tokensPerPeriod = Math.Max(1, perSecond / 20);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromTicks(Math.Max(1, tokensPerPeriod * TimeSpan.TicksPerSecond / perSecond)),
            AutoReplenishment = true,
            QueueLimit = queuePermits,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Bytes up to and including the end of line number <paramref name="lines"/> (1-based).</summary>
    private static int EndOfLine(ReadOnlySpan<byte> data, int lines)
    {
        int end = 0;
        for (int i = 0; i < lines; i++)
        {
            int nl = data[end..].IndexOf((byte)'\n');
            if (nl < 0) return data.Length;
            end += nl + 1;
        }

        return end;
    }
}

/// <summary>Paces one byte stream: call <see cref="WaitAsync"/> with each read before handling it.</summary>
public sealed class StreamPacer : IDisposable
{
    private readonly FeedThrottle _feed;
    private readonly TokenBucketRateLimiter? _connection;

    internal StreamPacer(FeedThrottle feed, TokenBucketRateLimiter? connection)
    {
        _feed = feed;
        _connection = connection;
    }

    /// <summary>Waits until the caps allow the lines in <paramref name="read"/> (the caller reads nothing meanwhile).</summary>
    public ValueTask WaitAsync(ReadOnlySpan<byte> read, CancellationToken ct) => _feed.PaceAsync(_connection, read.Count((byte)'\n'), ct);

    public void Dispose() => _connection?.Dispose();
}
