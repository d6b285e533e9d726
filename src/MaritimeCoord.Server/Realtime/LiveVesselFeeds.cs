using System.Collections.Concurrent;
using MaritimeCoord.Contracts.Realtime;
using MaritimeCoord.Contracts.Vessels;
using MaritimeCoord.Domain.Realtime;
using MaritimeCoord.Persistence.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Realtime;

/// <summary>
/// AIS positions for the clients connected to this node, each filtered to its viewport and coalesced per vessel
/// (<see cref="VesselUpdateCoalescer{T}"/>), sent as one batch per client as soon as a position event has been sorted
/// into the feeds, and every <see cref="RealtimeOptions.FlushInterval"/> for what a vessel's interval held back.
/// Every node receives every position event (its own queue) and serves only its own connections, so this never
/// crosses the Redis backplane. A client that has not finished reading its previous batch gets nothing new meanwhile:
/// its pending positions keep coalescing (one per vessel), so a slow reader costs bounded memory and never delays the
/// others; one stuck past <see cref="RealtimeOptions.SlowConsumerTimeout"/> is disconnected.
/// </summary>
public sealed class LiveVesselFeeds(IHubContext<SituationHub> hub, IOptions<RealtimeOptions> options, TimeProvider clock,
    ILogger<LiveVesselFeeds> log, Telemetry.ServerMetrics metrics) : BackgroundService
{
    private readonly RealtimeOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Feed> _feeds = new(StringComparer.Ordinal);
    private readonly Lock _flushGate = new();
    private long _slowConsumersDropped;
    private long _storedStatesQueued;

    public int Connections => _feeds.Count;

    public long SlowConsumersDropped => Interlocked.Read(ref _slowConsumersDropped);

    /// <summary>Stored states queued as the current picture of newly set viewports (all connections, since start).</summary>
    public long StoredStatesQueued => Interlocked.Read(ref _storedStatesQueued);

    /// <summary>
    /// True when no connection has positions waiting or a batch being written: nothing more goes out until a new
    /// position event or viewport arrives (what tests wait for before asserting that something was not sent).
    /// </summary>
    public bool Idle
    {
        get
        {
            foreach (var feed in _feeds.Values)
            {
                if (feed.Sending is { IsCompleted: false }) return false;
                lock (feed) if (feed.Coalescer.PendingCount > 0) return false;
            }

            return true;
        }
    }

    public void Connect(HubCallerContext connection) =>
        _feeds[connection.ConnectionId] = new Feed(connection, (long)_options.VesselUpdateInterval.TotalMilliseconds);

    public void Disconnect(string connectionId) => _feeds.TryRemove(connectionId, out _);

    /// <summary>
    /// Narrows a connection's feed to <paramref name="viewport"/>. Returns the viewport the client set before (null on
    /// its first, or when the connection is gone): the area whose vessels it already has.
    /// </summary>
    public Viewport? SetViewport(string connectionId, Viewport viewport)
    {
        if (!_feeds.TryGetValue(connectionId, out var feed)) return null;
        lock (feed)
        {
            var previous = feed.ViewportSet ? feed.Viewport : (Viewport?)null;
            feed.Viewport = viewport;
            feed.ViewportSet = true;
            feed.Coalescer.RemovePendingWhere(p => !viewport.Contains(p.Latitude, p.Longitude));
            return previous;
        }
    }

    /// <summary>
    /// Queues stored states (the current picture of a newly set viewport) for a connection through its coalescer, so
    /// they go out in the next batches like live positions. A state outside the connection's viewport by now (it panned
    /// again meanwhile), or not newer than the vessel's pending or last sent position, is dropped. Returns how many were queued.
    /// </summary>
    public int OfferStored(string connectionId, IReadOnlyList<StoredVesselState> states)
    {
        if (!_feeds.TryGetValue(connectionId, out var feed)) return 0;
        var queued = 0;
        lock (feed)
        {
            var viewport = feed.Viewport;
            foreach (var s in states)
            {
                if (!viewport.Contains(s.Latitude, s.Longitude)) continue;
                var observedAtMs = s.ObservedAt.ToUnixTimeMilliseconds();
                if (feed.Coalescer.OfferStored(s.Mmsi, observedAtMs, ToLive(s))) queued++;
            }
        }

        Interlocked.Add(ref _storedStatesQueued, queued);
        return queued;
    }

    /// <summary>Offers one ingest event to every local connection whose viewport holds the position.</summary>
    public void Publish(VesselPositionsUpdated message)
    {
        if (_feeds.IsEmpty || message.Positions.Count == 0) return;
        var acceptedAtMs = (message.AcceptedAt ?? message.OccurredAt).ToUnixTimeMilliseconds();
        var positions = new LiveVesselPosition[message.Positions.Count];
        for (var i = 0; i < positions.Length; i++) positions[i] = ToLive(message.Positions[i]);
        foreach (var feed in _feeds.Values)
        {
            lock (feed)
            {
                var viewport = feed.Viewport;
                foreach (var p in positions)
                    if (viewport.Contains(p.Latitude, p.Longitude))
                        feed.Coalescer.Offer(p.Mmsi, p.ObservedAt.Ticks / TimeSpan.TicksPerMillisecond, acceptedAtMs, p);
            }
        }

        // Send now rather than at the next tick: waiting for the timer added half a flush interval on average (up to a
        // whole one) to every position's delivery, for no saving (an event's positions for a client form one batch
        // either way). The tick remains for positions a vessel's interval held back.
        FlushDue();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.FlushInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) FlushDue();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One flush at a time (the timer and the bus consumers both flush), so a feed never has two batches started at once.</summary>
    private void FlushDue()
    {
        lock (_flushGate) Flush();
    }

    private void Flush()
    {
        var now = clock.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        foreach (var feed in _feeds.Values)
        {
            if (feed.Sending is { IsCompleted: false })
            {
                if (now - feed.SendingSince > _options.SlowConsumerTimeout && !feed.Aborted)
                {
                    feed.Aborted = true;
                    Interlocked.Increment(ref _slowConsumersDropped);
                    log.LogWarning("Live feed {Connection} has not read a batch for {Timeout}: disconnected as a slow consumer",
                        feed.Connection.ConnectionId, _options.SlowConsumerTimeout);
                    feed.Connection.Abort();
                }

                continue;
            }

            List<LiveVesselPosition> due = [];
            long oldestAcceptedMs;
            lock (feed) oldestAcceptedMs = feed.Coalescer.TakeDue(nowMs, due, Math.Max(1, _options.MaxPositionsPerBatch));
            if (due.Count == 0) continue;
            var batch = new VesselPositionsBatch
            {
                Positions = due,
                AcceptedAt = oldestAcceptedMs == long.MaxValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(oldestAcceptedMs).UtcDateTime,
                SentAt = now.UtcDateTime,
            };
            feed.SendingSince = now;
            feed.Sending = SendAsync(feed, batch);
            metrics.HubMessage(SituationEvents.VesselPositionsUpdated);
        }
    }

    private async Task SendAsync(Feed feed, VesselPositionsBatch batch)
    {
        try
        {
            await hub.Clients.Client(feed.Connection.ConnectionId).SendAsync(SituationEvents.VesselPositionsUpdated, batch, feed.Connection.ConnectionAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection went away while writing: its feed is removed on disconnect.
        }
    }

    private static LiveVesselPosition ToLive(VesselPosition p) => new()
    {
        Mmsi = p.Mmsi,
        ObservedAt = p.ObservedAt.UtcDateTime,
        Latitude = p.Latitude,
        Longitude = p.Longitude,
        SpeedKnots = p.SpeedKnots,
        CourseDegrees = p.CourseDegrees,
        Heading = p.Heading,
        NavigationalStatus = p.NavigationalStatus,
        MessageType = p.MessageType,
    };

    private static LiveVesselPosition ToLive(StoredVesselState s) => new()
    {
        Mmsi = s.Mmsi,
        ObservedAt = s.ObservedAt.UtcDateTime,
        Latitude = s.Latitude,
        Longitude = s.Longitude,
        SpeedKnots = s.SpeedKnots,
        CourseDegrees = s.CourseDegrees,
        Heading = s.Heading,
        NavigationalStatus = s.NavigationalStatus,
        MessageType = s.MessageType,
    };

    private sealed class Feed(HubCallerContext connection, long intervalMs)
    {
        public HubCallerContext Connection { get; } = connection;
        public VesselUpdateCoalescer<LiveVesselPosition> Coalescer { get; } = new(intervalMs);
        public Viewport Viewport { get; set; } = Viewport.World;
        public bool ViewportSet { get; set; }
        public Task? Sending { get; set; }
        public DateTimeOffset SendingSince { get; set; }
        public bool Aborted { get; set; }
    }
}
