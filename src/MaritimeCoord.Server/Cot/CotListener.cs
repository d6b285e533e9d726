using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading.RateLimiting;
using MaritimeCoord.Domain.Cot;
using MaritimeCoord.Server.Ingest.Feeds;

namespace MaritimeCoord.Server.Cot;

/// <summary>
/// A centre's listener for its own units (TAK clients or a TAK Server federating them), plain TCP or TLS with client
/// certificates. Admission is the AIS TCP feeds' (<see cref="SenderAllowList"/>, caps on connections per address and in
/// all, refusals logged as a summary by <see cref="RefusalLog"/>), and so is pacing: token buckets for the listener and
/// for each connection, paid per event before it is handled, so a fast sender is slowed by TCP back-pressure rather
/// than dropped. Each event is read by <see cref="CotXml"/> (no DTD, size-bounded); anything refused or ignored is
/// counted by reason and logged without content (no callsigns, no positions), at most once per interval.
/// </summary>
internal sealed class CotListener : IDisposable
{
    private readonly CotCentreFeed _feed;
    private readonly CotListenerOptions _options;
    private readonly IReadOnlyDictionary<string, string> _units;
    private readonly CotOptions _cot;
    private readonly CotCounters _counters;
    private readonly CotUnitPositions _positions;
    private readonly CotEmergencies _emergencies;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly SenderAllowList _allowed;
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly TokenBucketRateLimiter _bucket;
    private readonly SslServerAuthenticationOptions? _tls;
    private readonly RefusalLog _refusals;
    private readonly Lock _warnGate = new();
    private DateTimeOffset _nextWarning = DateTimeOffset.MinValue;
    private int _open;
    private TcpListener? _listener;

    public CotListener(CotCentreFeed feed, CotListenerOptions options, IReadOnlyDictionary<string, string> units, CotOptions cot, CotCounters counters,
        CotUnitPositions positions, CotEmergencies emergencies, TimeProvider clock, ILogger log)
    {
        (_feed, _options, _units, _cot, _counters, _positions, _emergencies, _clock, _log) = (feed, options, units, cot, counters, positions, emergencies, clock, log);
        _allowed = new SenderAllowList(options.AllowedSenders);
        _bucket = Bucket(options.MaxEventsPerSecond, Math.Max(1, options.MaxConnections));
        _tls = options.Certificate is { Length: > 0 } ? CotTls.ServerOptions(options) : null;
        _refusals = new RefusalLog($"cot:{feed.Centre}", options.RefusalLogInterval, clock, log);
    }

    public EndPoint? EndPoint => _listener?.LocalEndpoint;
    public string Centre => _feed.Centre;
    public int OpenConnections => Volatile.Read(ref _open);
    public long Refused(RefusalReason reason) => _refusals.Total(reason);

    public void Start()
    {
        var address = IPAddress.TryParse(_options.Host, out var a) ? a : Dns.GetHostAddresses(_options.Host)[0];
        _listener = new TcpListener(address, _options.Port);
        _listener.Start(backlog: 64);
        _log.LogInformation("CoT {Centre}: listening for units on {Scheme}://{EndPoint}", Centre, _tls is null ? "tcp" : "tls", EndPoint);
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        var listener = _listener ?? throw new InvalidOperationException("Start the listener first.");
        var connections = new List<Task>();
        using var _ = stopping.Register(listener.Stop);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stopping);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && stopping.IsCancellationRequested)
                {
                    break;
                }
                var remote = client.Client.RemoteEndPoint;
                var address = SenderAllowList.Normalise(((IPEndPoint)remote!).Address);
                if (TryAdmit(address) is { } refusal)
                {
                    client.Dispose();
                    _refusals.Refused(refusal, remote);
                    _counters.Add(CotCounters.In(Centre, "connection-refused"));
                    continue;
                }
                connections.RemoveAll(t => t.IsCompleted);
                connections.Add(ServeAsync(client, address, stopping));
            }
        }
        finally
        {
            await Task.WhenAll(connections);
        }
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _bucket.Dispose();
    }

    private RefusalReason? TryAdmit(IPAddress address)
    {
        if (!_allowed.Allows(address)) return RefusalReason.NotAllowed;
        lock (_perAddress)
        {
            if (_open >= _options.MaxConnections) return RefusalReason.FeedFull;
            var from = _perAddress.GetValueOrDefault(address);
            if (from >= _options.MaxConnectionsPerAddress) return RefusalReason.AddressFull;
            _perAddress[address] = from + 1;
            _open++;
            return null;
        }
    }

    private void Release(IPAddress address)
    {
        lock (_perAddress)
        {
            if (--_perAddress[address] == 0) _perAddress.Remove(address);
            _open--;
        }
    }

    private async Task ServeAsync(TcpClient client, IPAddress address, CancellationToken stopping)
    {
        await Task.Yield();
        _counters.Add(CotCounters.In(Centre, "connections"));
        try
        {
            using (client)
            using (var own = Bucket(_options.MaxEventsPerSecondPerConnection, 1))
            {
                Stream stream = client.GetStream();
                if (_tls is not null)
                {
                    var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                    using var handshake = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                    handshake.CancelAfter(TimeSpan.FromSeconds(10));
                    await ssl.AuthenticateAsServerAsync(_tls, handshake.Token);
                    stream = ssl;
                }
                await using (stream)
                    await ReadAsync(stream, own, stopping);
            }
        }
        catch (Exception e) when (e is OperationCanceledException && stopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or AuthenticationException or ObjectDisposedException)
        {
            _counters.Add(CotCounters.In(Centre, "connection-dropped"));
            _log.LogInformation("CoT {Centre}: a unit connection ended: {Error}", Centre, e.GetType().Name);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything else is a bug, not the unit's doing: the connection ends, and it must not end silently. The type and
            // stack only: a message could carry what the unit sent (callsigns, positions).
            _counters.Add(CotCounters.In(Centre, "connection-failed"));
            _log.LogError("CoT {Centre}: a unit connection failed: {Error} {Stack}", Centre, e.GetType().FullName, e.StackTrace);
        }
        finally
        {
            Release(address);
        }
    }

    private async Task ReadAsync(Stream stream, TokenBucketRateLimiter own, CancellationToken stopping)
    {
        var splitter = new CotStreamSplitter(_options.MaxEventBytes);
        var buffer = new byte[16 * 1024];
        var ready = new List<string>();
        long oversizedSeen = 0;
        while (true)
        {
            int read;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping))
            {
                idle.CancelAfter(_options.IdleTimeout);
                read = await stream.ReadAsync(buffer, idle.Token);
            }
            if (read == 0) return;
            var acceptedAt = _clock.GetUtcNow();
            ready.Clear();
            splitter.Push(buffer.AsSpan(0, read), ready.Add);
            if (splitter.Oversized > oversizedSeen)
            {
                Reject(CotRejectReason.Oversized, splitter.Oversized - oversizedSeen);
                oversizedSeen = splitter.Oversized;
            }
            if (ready.Count == 0) continue;
            // Pay for the events before handling them, reading nothing meanwhile: the sender's window closes.
            if (await AcquireAsync(own, _options.MaxEventsPerSecondPerConnection, ready.Count, stopping)
                | await AcquireAsync(_bucket, _options.MaxEventsPerSecond, ready.Count, stopping))
                _counters.Add(CotCounters.In(Centre, "rate-delayed"), ready.Count);
            foreach (var text in ready) await HandleAsync(text, acceptedAt, stopping);
        }
    }

    private async Task HandleAsync(string text, DateTimeOffset acceptedAt, CancellationToken ct)
    {
        var reason = CotXml.TryRead(text, _options.MaxEventBytes, out var e);
        if (reason != CotRejectReason.None)
        {
            Reject(reason, 1);
            return;
        }
        var kind = CotInbound.Classify(e!);
        if (kind == CotInboundKind.Ignored)
        {
            _counters.Add(CotCounters.In(Centre, "ignored-type"));
            return;
        }
        var callsign = CotInbound.UnitCallsign(e!);
        if (callsign is null || !_units.TryGetValue(callsign, out var assetCode))
        {
            _counters.Add(CotCounters.In(Centre, "unmapped-callsign"));
            Warn("an event from a callsign that maps to no asset of the centre was ignored");
            return;
        }
        switch (kind)
        {
            case CotInboundKind.Position:
                var at = e!.Time > acceptedAt ? acceptedAt : e.Time;
                _positions.Offer(Centre, assetCode, e.Latitude, e.Longitude, at);
                _counters.Add(CotCounters.In(Centre, "positions"));
                if (_feed.Options.ShareUnitTracks && _feed.Links.Count > 0)
                    _feed.Publish(new CotEvent($"{CotPicture.UidPrefix}unit.{assetCode}", e.Type, e.How, acceptedAt, at, acceptedAt + _cot.TrackStaleAfter,
                        e.Latitude, e.Longitude, e.HeightAboveEllipsoid, e.CircularError, e.LinearError)
                    {
                        Callsign = callsign, Course = e.Course, Speed = e.Speed, Remarks = assetCode, AcceptedAt = acceptedAt,
                    });
                break;
            case CotInboundKind.Emergency:
            case CotInboundKind.EmergencyCancel:
                _counters.Add(CotCounters.In(Centre, kind == CotInboundKind.Emergency ? "emergencies" : "cancels"));
                await _emergencies.EnqueueAsync(new CotEmergency(Centre, callsign, assetCode, e!, kind == CotInboundKind.EmergencyCancel), ct);
                break;
        }
    }

    private void Reject(CotRejectReason reason, long n)
    {
        _counters.Add(CotCounters.In(Centre, "rejected-" + reason.ToString().ToLowerInvariant()), n);
        Warn($"{n} event(s) refused: {reason}");
    }

    /// <summary>At most one warning per refusal-log interval: a hostile sender must not become a flood of log lines.</summary>
    private void Warn(string what)
    {
        lock (_warnGate)
        {
            var now = _clock.GetUtcNow();
            if (now < _nextWarning) return;
            _nextWarning = now + _options.RefusalLogInterval;
        }
        _log.LogWarning("CoT {Centre}: {What} (counters in.{Centre}.*; next warning in {Interval} at the earliest)", Centre, what, Centre, _options.RefusalLogInterval);
    }

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
                    if (!later.IsAcquired) throw new IOException("CoT rate limiter refused a queued request.");
                }
            }
            permits -= piece;
        }
        return waited;
    }

    /// <summary>The AIS feeds' token bucket shape: refills continuously (steps of ~50 ms) up to one second's worth.</summary>
    private static TokenBucketRateLimiter Bucket(int perSecond, int waiters)
    {
        int tokensPerPeriod = Math.Max(1, perSecond / 20);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromTicks(Math.Max(1, tokensPerPeriod * TimeSpan.TicksPerSecond / perSecond)),
            AutoReplenishment = true,
            QueueLimit = (int)Math.Min(int.MaxValue, (long)perSecond * waiters),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }
}
