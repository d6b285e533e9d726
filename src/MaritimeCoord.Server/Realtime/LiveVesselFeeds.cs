using System.Collections.Concurrent;
using MaritimeCoord.Contracts.Realtime;
using MaritimeCoord.Contracts.Vessels;
using MaritimeCoord.Domain.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Realtime;

/// <summary>
/// AIS positions for the clients connected to this node, each filtered to its viewport and coalesced per vessel
/// (<see cref="VesselUpdateCoalescer{T}"/>), sent as one batch per client every <see cref="RealtimeOptions.FlushInterval"/>.
/// Every node receives every position event (its own queue) and serves only its own connections, so this never
/// crosses the Redis backplane. A client that has not finished reading its previous batch gets nothing new meanwhile:
/// its pending positions keep coalescing (one per vessel), so a slow reader costs bounded memory and never delays the
/// others; one stuck past <see cref="RealtimeOptions.SlowConsumerTimeout"/> is disconnected.
/// </summary>
public sealed class LiveVesselFeeds(IHubContext<SituationHub> hub, IOptions<RealtimeOptions> options, TimeProvider clock,
    ILogger<LiveVesselFeeds> log) : BackgroundService
{
    private readonly RealtimeOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Feed> _feeds = new(StringComparer.Ordinal);
    private long _slowConsumersDropped;

    public int Connections => _feeds.Count;

    public long SlowConsumersDropped => Interlocked.Read(ref _slowConsumersDropped);

    public void Connect(HubCallerContext connection) =>
        _feeds[connection.ConnectionId] = new Feed(connection, (long)_options.VesselUpdateInterval.TotalMilliseconds);

    public void Disconnect(string connectionId) => _feeds.TryRemove(connectionId, out _);

    public void SetViewport(string connectionId, Viewport viewport)
    {
        if (!_feeds.TryGetValue(connectionId, out var feed)) return;
        lock (feed)
        {
            feed.Viewport = viewport;
            feed.Coalescer.RemovePendingWhere(p => !viewport.Contains(p.Latitude, p.Longitude));
        }
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
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.FlushInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) Flush();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
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

    private sealed class Feed(HubCallerContext connection, long intervalMs)
    {
        public HubCallerContext Connection { get; } = connection;
        public VesselUpdateCoalescer<LiveVesselPosition> Coalescer { get; } = new(intervalMs);
        public Viewport Viewport { get; set; } = Viewport.World;
        public Task? Sending { get; set; }
        public DateTimeOffset SendingSince { get; set; }
        public bool Aborted { get; set; }
    }
}
