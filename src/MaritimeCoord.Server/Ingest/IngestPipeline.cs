using System.Runtime.InteropServices;
using System.Threading.Channels;
using MassTransit;
using MaritimeCoord.Contracts.Vessels;
using MaritimeCoord.Domain.Vessels;
using MaritimeCoord.Persistence.Ais;
using MaritimeCoord.Server.Infrastructure;
using MaritimeCoord.Server.Ingest.Pipeline;
using Microsoft.Extensions.Options;
using Polly;

namespace MaritimeCoord.Server.Ingest;

/// <summary>
/// Stages 4-6 behind one bounded queue. The single writer loop takes every chunk already queued (up to
/// <see cref="IngestOptions.MaxBatchPositions"/>), so batches grow by themselves while the database is busy; sorts by
/// (MMSI, time), drops duplicates, writes the batch in one transaction and retries it until it commits. A batch leaves
/// memory only once committed; while it is retried the queue fills and the feeds stop reading (TCP back-pressure).
/// Committed newest-per-vessel positions go to a coalescer that a second loop publishes every
/// <see cref="IngestOptions.PublishInterval"/>.
/// </summary>
public sealed class IngestPipeline : IDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private readonly IngestOptions _options;
    private readonly AisBatchWriter _writer;
    private readonly IngestCounters _counters;
    private readonly IBus _bus;
    private readonly TimeProvider _clock;
    private readonly ILogger<IngestPipeline> _log;
    private readonly ResiliencePipeline _persistRetry;
    private readonly Channel<IngestChunk> _queue;
    private readonly VesselDeduplicator _deduplicator;
    private readonly PositionCoalescer _coalescer = new();
    private readonly PositionCoalescer _pendingStates = new();
    private readonly Lock _coalescerLock = new();
    private long _pendingAcceptedAtMs = long.MaxValue; // oldest acceptance among what the coalescer holds (guarded by _coalescerLock)
    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationTokenSource _stopPublishing = new();
    private Task _writeLoop = Task.CompletedTask;
    private Task _publishLoop = Task.CompletedTask;

    public IngestPipeline(IOptions<IngestOptions> options, AisBatchWriter writer, IngestCounters counters, IBus bus, TimeProvider clock, ILogger<IngestPipeline> log)
    {
        _options = options.Value;
        _writer = writer;
        _counters = counters;
        _bus = bus;
        _clock = clock;
        _log = log;
        _persistRetry = CreatePersistRetry();
        _deduplicator = new VesselDeduplicator((long)_options.DedupWindow.TotalMilliseconds);
        // Wait, never drop: a full queue suspends the writers, which stop reading their sockets.
        _queue = Channel.CreateBounded<IngestChunk>(new BoundedChannelOptions(Math.Max(1, _options.QueueChunks))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        counters.ObserveQueue(() => _queue.Reader.Count);
    }

    public ChannelWriter<IngestChunk> Input => _queue.Writer;

    public int QueuedChunks => _queue.Reader.Count;

    /// <summary>Cancelled only when the host gives up waiting on shutdown; feeds use it for queue writes.</summary>
    public CancellationToken Aborted => _abort.Token;

    public void Start()
    {
        _writeLoop = Task.Run(WriteLoopAsync);
        _publishLoop = Task.Run(PublishLoopAsync);
    }

    /// <summary>Call after the feeds stopped: drains and commits what is queued, publishes it, then returns.</summary>
    public async Task StopAsync(CancellationToken hostGivesUp)
    {
        _queue.Writer.TryComplete();
        await using (hostGivesUp.Register(_abort.Cancel))
        {
            await _writeLoop;
            await _stopPublishing.CancelAsync();
            await _publishLoop;
        }
    }

    public void Dispose()
    {
        _abort.Dispose();
        _stopPublishing.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var buffer = new PositionReport[Math.Max(1024, _options.MaxBatchPositions)];
        var statics = new List<VesselStaticReport>();
        var newest = new List<PositionReport>();
        long batches = 0;
        long lastStateFlush = 0;
        try
        {
            while (await reader.WaitToReadAsync(_abort.Token))
            {
                int count = 0;
                long acceptedAtMs = long.MaxValue;
                statics.Clear();
                newest.Clear();
                while (count < _options.MaxBatchPositions && reader.TryRead(out var chunk))
                {
                    var positions = CollectionsMarshal.AsSpan(chunk.Positions);
                    if (count + positions.Length > buffer.Length) Array.Resize(ref buffer, count + positions.Length);
                    positions.CopyTo(buffer.AsSpan(count));
                    count += positions.Length;
                    if (positions.Length > 0 && chunk.AcceptedAtMs > 0) acceptedAtMs = Math.Min(acceptedAtMs, chunk.AcceptedAtMs);
                    statics.AddRange(chunk.Statics);
                }

                var batch = buffer.AsSpan(0, count);
                BatchOrdering.SortByVesselAndTime(batch);
                int kept = BatchOrdering.RemoveDuplicates(batch, _deduplicator);
                _counters.AddDuplicates(count - kept);
                BatchOrdering.NewestPerVessel(batch[..kept], newest);
                var registry = BatchOrdering.MergePerVessel(statics);

                // vessel_states is rewritten for every vessel in a batch, which costs as much as the COPY when each
                // vessel reports once per batch. Under backlog it is written at most every StateInterval with the
                // newest per vessel meanwhile; when the queue is empty (caught up) with every batch.
                foreach (var p in newest) _pendingStates.Add(p);
                var states = Array.Empty<PositionReport>() as IReadOnlyCollection<PositionReport>;
                long nowTicks = _clock.GetTimestamp();
                if (reader.Count == 0 || _clock.GetElapsedTime(lastStateFlush, nowTicks) >= _options.StateInterval)
                {
                    states = _pendingStates.Drain();
                    lastStateFlush = nowTicks;
                }

                await PersistUntilCommittedAsync(buffer.AsMemory(0, kept), [.. states], registry);
                _counters.AddPersisted(kept);
                if (_writer.Timings is var t && ++batches % 20 == 0)
                    _log.LogDebug("AIS ingest: {Batches} batches, last {Count} positions, {Vessels} vessel states; cumulative ms copy {Copy}, vessel_states {States}, vessels {Vessels2}, commit {Commit}",
                        batches, kept, states.Count, t.CopyMs, t.StatesMs, t.VesselsMs, t.CommitMs);
                lock (_coalescerLock)
                {
                    foreach (var p in newest) _coalescer.Add(p);
                    if (newest.Count > 0) _pendingAcceptedAtMs = Math.Min(_pendingAcceptedAtMs, acceptedAtMs);
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            _log.LogError("Ingest stopped before its queue was written: {Chunks} queued chunks are lost", _queue.Reader.Count);
        }
    }

    private async Task PersistUntilCommittedAsync(ReadOnlyMemory<PositionReport> positions, IReadOnlyList<PositionReport> newest, List<VesselStaticReport> registry)
    {
        var context = ResilienceContextPool.Shared.Get(_abort.Token);
        context.Properties.Set(BatchPositions, positions.Length);
        var attempts = 0;
        try
        {
            await _persistRetry.ExecuteAsync(async ctx =>
            {
                attempts++;
                await _writer.WriteAsync(positions, newest, registry, _clock.GetUtcNow(), ctx.CancellationToken);
            }, context);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
        if (attempts > 1) _log.LogInformation("AIS batch of {Count} positions committed after {Attempts} attempts", positions.Length, attempts);
    }

    private static readonly ResiliencePropertyKey<int> BatchPositions = new("ais-batch-positions");

    /// <summary>Every failure is retried until the batch commits; only stopping (<see cref="_abort"/>) ends it.</summary>
    private ResiliencePipeline CreatePersistRetry() => Backoff.Forever(FirstRetryDelay, MaxRetryDelay, _clock,
        retryOn: _ => true,
        onRetry: args =>
        {
            _counters.PersistFailed();
            _writer.Partitions.Forget();
            _log.LogWarning(args.Outcome.Exception, "AIS batch of {Count} positions not committed (attempt {Attempt}); retrying in {Delay}; feeds are held back meanwhile",
                args.Context.Properties.GetValue(BatchPositions, 0), args.AttemptNumber + 1, args.RetryDelay);
            return ValueTask.CompletedTask;
        });

    private async Task PublishLoopAsync()
    {
        using var timer = new PeriodicTimer(_options.PublishInterval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopPublishing.Token)) await PublishPendingAsync();
        }
        catch (OperationCanceledException) when (_stopPublishing.IsCancellationRequested)
        {
        }

        await PublishPendingAsync();
    }

    private async Task PublishPendingAsync()
    {
        IReadOnlyCollection<PositionReport> pending;
        long acceptedAtMs;
        lock (_coalescerLock)
        {
            if (_coalescer.Count == 0) return;
            pending = _coalescer.Drain();
            acceptedAtMs = _pendingAcceptedAtMs;
            _pendingAcceptedAtMs = long.MaxValue;
        }

        var now = _clock.GetUtcNow();
        DateTimeOffset? acceptedAt = acceptedAtMs == long.MaxValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(acceptedAtMs);
        foreach (var part in pending.Chunk(Math.Max(1, _options.MaxVesselsPerMessage)))
        {
            var message = new VesselPositionsUpdated([.. part.Select(ToContract)], Environment.MachineName, now, acceptedAt);
            try
            {
                // The positions are already committed: a lost live update is repaired by the vessel's next report, so
                // a broker outage must not hold ingest back.
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                await _bus.Publish(message, timeout.Token);
                _counters.Published(part.Length);
            }
            catch (Exception e)
            {
                _counters.PublishFailed();
                _log.LogWarning(e, "Live-picture update of {Count} vessels not published", part.Length);
            }
        }
    }

    private static VesselPosition ToContract(PositionReport p) => new(
        p.Mmsi, DateTimeOffset.FromUnixTimeMilliseconds(p.ObservedAtMs), p.Latitude, p.Longitude,
        float.IsNaN(p.SpeedKnots) ? null : Math.Round(p.SpeedKnots, 1),
        float.IsNaN(p.CourseDegrees) ? null : Math.Round(p.CourseDegrees, 1),
        p.Heading < 0 ? null : p.Heading,
        p.NavigationalStatus < 0 ? null : p.NavigationalStatus,
        p.MessageType);
}
