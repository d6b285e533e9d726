using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MaritimeCoord.Ais;
using MaritimeCoord.Domain.Vessels;

namespace MaritimeCoord.Server.Ingest;

/// <summary>
/// Process-wide ingest counters, exposed as the <c>MaritimeCoord.Ingest</c> meter and by <c>GET /api/ingest/stats</c>.
/// Updated with Interlocked once per socket read or batch, never per line.
/// </summary>
public sealed class IngestCounters : IDisposable
{
    public const string MeterName = "MaritimeCoord.Ingest";

    /// <summary>Input lines longer than this (and their continuation) are dropped as <c>LineTooLong</c>.</summary>
    public const string LineTooLong = nameof(LineTooLong);

    private static readonly int AisReasons = Enum.GetValues<AisRejectReason>().Length;
    private static readonly int PositionReasons = Enum.GetValues<PositionRejectReason>().Length;
    private static readonly string[] ReasonNames = BuildReasonNames();

    private readonly long[] _rejects = new long[ReasonNames.Length];
    private readonly Meter _meter;
    private readonly Lock _waitersLock = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _waiters = [];
    private readonly ConcurrentDictionary<string, FeedRateCounts> _feedRates = new(StringComparer.Ordinal);

    private long _lines, _sentences, _messages, _positions, _statics, _duplicates, _persisted, _batches;
    private long _persistFailures, _published, _publishFailures, _implausibleTimes, _tagBlockChecksumMismatches;

    public IngestCounters(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _meter.CreateObservableCounter("maritimecoord.ingest.lines", () => Volatile.Read(ref _lines), "{line}", "Input lines read from all feeds");
        _meter.CreateObservableCounter("maritimecoord.ingest.sentences", () => Volatile.Read(ref _sentences), "{sentence}", "AIVDM/AIVDO sentences framed");
        _meter.CreateObservableCounter("maritimecoord.ingest.messages", () => Volatile.Read(ref _messages), "{message}", "AIS messages decoded");
        _meter.CreateObservableCounter("maritimecoord.ingest.rejected", ObserveRejects, "{input}", "Input skipped, per reason");
        _meter.CreateObservableCounter("maritimecoord.ingest.positions.accepted", () => Volatile.Read(ref _positions), "{position}", "Valid positions decoded");
        _meter.CreateObservableCounter("maritimecoord.ingest.positions.duplicates", () => Volatile.Read(ref _duplicates), "{position}", "Same transmission heard twice, dropped");
        _meter.CreateObservableCounter("maritimecoord.ingest.positions.persisted", () => Volatile.Read(ref _persisted), "{position}", "Positions committed to ais_positions");
        _meter.CreateObservableCounter("maritimecoord.ingest.batches", () => Volatile.Read(ref _batches), "{batch}", "Batches committed");
        _meter.CreateObservableCounter("maritimecoord.ingest.persist.failures", () => Volatile.Read(ref _persistFailures), "{failure}", "Batch writes that failed and were retried");
        _meter.CreateObservableCounter("maritimecoord.ingest.publish.failures", () => Volatile.Read(ref _publishFailures), "{failure}", "Live-picture publishes that failed");
        _meter.CreateObservableCounter("maritimecoord.ingest.rate_limited", ObserveRateLimited, "{sentence}",
            "Sentences over a feed's cap, per feed: delayed (TCP stopped reading until the cap allowed them) or dropped (UDP)");
    }

    public static IReadOnlyList<string> Reasons => ReasonNames;

    public long Persisted => Volatile.Read(ref _persisted);

    public long this[string reason] => Volatile.Read(ref _rejects[Array.IndexOf(ReasonNames, reason)]);

    /// <summary>Func for the queue-depth gauge, set by the pipeline.</summary>
    internal void ObserveQueue(Func<int> depth) =>
        _meter.CreateObservableGauge("maritimecoord.ingest.queue.chunks", depth, "{chunk}", "Decoded chunks waiting for the writer");

    internal void AddRead(long lines, long sentences, long messages, long positions, long statics, long implausibleTimes, long tagBlockMismatches)
    {
        Interlocked.Add(ref _lines, lines);
        Interlocked.Add(ref _sentences, sentences);
        Interlocked.Add(ref _messages, messages);
        Interlocked.Add(ref _positions, positions);
        Interlocked.Add(ref _statics, statics);
        if (implausibleTimes != 0) Interlocked.Add(ref _implausibleTimes, implausibleTimes);
        if (tagBlockMismatches != 0) Interlocked.Add(ref _tagBlockChecksumMismatches, tagBlockMismatches);
    }

    internal void Reject(AisRejectReason reason, long count) => Interlocked.Add(ref _rejects[(int)reason], count);

    internal void Reject(PositionRejectReason reason, long count) => Interlocked.Add(ref _rejects[AisReasons + (int)reason], count);

    internal void RejectLineTooLong() => Interlocked.Increment(ref _rejects[^1]);

    /// <summary>The rate-limit counts of one feed (created on first use; feeds are named uniquely).</summary>
    internal FeedRateCounts RateCountsOf(string feed) => _feedRates.GetOrAdd(feed, static _ => new FeedRateCounts());

    internal void AddDuplicates(long count) => Interlocked.Add(ref _duplicates, count);

    internal void PersistFailed() => Interlocked.Increment(ref _persistFailures);

    internal void Published(long count) => Interlocked.Add(ref _published, count);

    internal void PublishFailed() => Interlocked.Increment(ref _publishFailures);

    internal void AddPersisted(long positions)
    {
        Interlocked.Increment(ref _batches);
        long total = Interlocked.Add(ref _persisted, positions);
        lock (_waitersLock)
        {
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target > total) continue;
                _waiters[i].Done.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }

    /// <summary>Completes once at least <paramref name="positions"/> positions were committed since start (tests, load tools).</summary>
    public Task WhenPersistedAsync(long positions)
    {
        lock (_waitersLock)
        {
            if (Persisted >= positions) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((positions, done));
            return done.Task;
        }
    }

    public IngestStats Snapshot()
    {
        var rejects = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long corrupt = 0;
        for (int i = 0; i < ReasonNames.Length; i++)
        {
            long n = Volatile.Read(ref _rejects[i]);
            if (n == 0) continue;
            rejects[ReasonNames[i]] = n;
            if (ReasonNames[i] != nameof(AisRejectReason.NotAisSentence)) corrupt += n;
        }

        return new IngestStats(
            Volatile.Read(ref _lines), Volatile.Read(ref _sentences), Volatile.Read(ref _messages),
            Volatile.Read(ref _positions), Volatile.Read(ref _duplicates), Volatile.Read(ref _persisted), Volatile.Read(ref _batches),
            Volatile.Read(ref _statics), Volatile.Read(ref _implausibleTimes), Volatile.Read(ref _tagBlockChecksumMismatches),
            Volatile.Read(ref _persistFailures), Volatile.Read(ref _published), Volatile.Read(ref _publishFailures),
            corrupt, rejects, _feedRates.Values.Sum(f => f.Delayed), _feedRates.Values.Sum(f => f.Dropped));
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveRejects()
    {
        for (int i = 0; i < ReasonNames.Length; i++)
        {
            long n = Volatile.Read(ref _rejects[i]);
            if (n != 0) yield return new Measurement<long>(n, new KeyValuePair<string, object?>("reason", ReasonNames[i]));
        }
    }

    private IEnumerable<Measurement<long>> ObserveRateLimited()
    {
        foreach (var (feed, counts) in _feedRates)
        {
            yield return new Measurement<long>(counts.Delayed, new("feed", feed), new("outcome", "delayed"));
            yield return new Measurement<long>(counts.Dropped, new("feed", feed), new("outcome", "dropped"));
        }
    }

    private static string[] BuildReasonNames()
    {
        var names = new string[AisReasons + PositionReasons + 1];
        foreach (var r in Enum.GetValues<AisRejectReason>()) names[(int)r] = r.ToString();
        foreach (var r in Enum.GetValues<PositionRejectReason>()) names[AisReasons + (int)r] = r.ToString();
        names[^1] = LineTooLong;
        return names;
    }
}

/// <summary>Counters since the process started (JSON of <c>GET /api/ingest/stats</c>).</summary>
public sealed record IngestStats(
    long Lines, long Sentences, long Messages, long PositionsAccepted, long Duplicates, long PositionsPersisted, long Batches,
    long StaticReports, long ImplausibleReceiveTimes, long TagBlockChecksumMismatches, long PersistFailures,
    long VesselUpdatesPublished, long PublishFailures, long Corrupt, IReadOnlyDictionary<string, long> Rejects,
    long RateLimitedDelayed, long RateLimitedDropped);

/// <summary>One feed's sentences over its cap: delayed (TCP: read later, none lost) and dropped (UDP).</summary>
public sealed class FeedRateCounts
{
    private long _delayed, _dropped;

    public long Delayed => Volatile.Read(ref _delayed);

    public long Dropped => Volatile.Read(ref _dropped);

    internal void AddDelayed(long sentences) => Interlocked.Add(ref _delayed, sentences);

    internal void AddDropped(long sentences) => Interlocked.Add(ref _dropped, sentences);
}
