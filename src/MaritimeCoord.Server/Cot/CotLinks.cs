using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace MaritimeCoord.Server.Cot;

/// <summary>
/// One outbound CoT link (a TAK Server's streaming input, or the UDP mesh) with its own queue (<see cref="CotLinkQueue"/>:
/// at most one pending event per uid, the newest). Publishing never waits. A reader is slow, and its connection is
/// dropped (counted: <c>dropped-slow</c>), when the oldest pending marker has waited longer than
/// <see cref="CotOptions.MaxLag"/>, when a batch write does not complete in the write timeout (a reader that stopped
/// reading), or when more distinct markers wait than the queue's capacity. The queue is then forgotten and after the
/// reconnect delay the link starts again with the centre's whole current picture. Other links are not affected: each has
/// its own queue and writer. A burst (the picture at connect, many units reporting at once) only replaces pending
/// positions, so a reader that reads normally is never dropped for it.
/// </summary>
internal abstract class CotLink(string centre, CotEndpointOptions endpoint, CotOptions options, CotCounters counters, TimeProvider clock, ILogger log)
{
    private const int BatchSize = 512;
    private readonly int _capacity = endpoint.QueueCapacity ?? options.QueueCapacity;
    private CotLinkQueue _queue = new(endpoint.QueueCapacity ?? options.QueueCapacity, clock);
    private CancellationTokenSource? _connection;

    protected string Centre { get; } = centre;
    protected CotEndpointOptions Endpoint { get; } = endpoint;
    protected CotOptions Options { get; } = options;
    protected CotCounters Counters { get; } = counters;
    protected TimeProvider Clock { get; } = clock;
    protected ILogger Log { get; } = log;

    private TimeSpan WriteTimeout => Endpoint.WriteTimeout ?? Options.WriteTimeout;

    /// <summary>True while a connection is up and its queue is being drained.</summary>
    public bool Connected
    {
        get => Volatile.Read(ref _connected);
        private set => Volatile.Write(ref _connected, value);
    }

    private bool _connected;
    private int _dropping;

    /// <summary>The whole current picture (uid, encoded event), given to a new connection first.</summary>
    public Func<IReadOnlyList<KeyValuePair<string, byte[]>>> Snapshot { get; set; } = () => [];

    public string Count(string what) => CotCounters.Out(Centre, Endpoint.Name, what);

    public void Offer(string uid, byte[] encoded)
    {
        if (!Connected) return;
        var queue = _queue;
        switch (queue.Offer(uid, encoded))
        {
            case CotLinkQueue.Outcome.Superseded:
                Counters.Add(Count("superseded"));
                break;
            case CotLinkQueue.Outcome.Full:
                DropSlow($"{queue.Count} markers waiting, the queue's capacity");
                return;
        }
        var lag = queue.OldestWaiting();
        if (lag > Options.MaxLag) DropSlow($"the oldest pending marker has waited {lag.TotalSeconds:0.0} s");
    }

    private void DropSlow(string why)
    {
        // Several publishers (unit connections, the picture) and the writer may find the reader slow at once: one drop, counted once.
        if (Interlocked.Exchange(ref _dropping, 1) == 1) return;
        Counters.Add(Count("dropped-slow"));
        Log.LogWarning("CoT {Centre}/{Endpoint}: the reader is not keeping up ({Why}; {Pending} markers pending); dropping the connection",
            Centre, Endpoint.Name, why, _queue.Count);
        Connected = false;
        // Cancelled off this thread: the caller is a publisher (a unit's connection, the picture), which must neither run
        // this link's writer's continuations nor fail if one of them throws.
        _ = _connection?.CancelAsync();
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        // A connection that cannot be made is retried with growing, jittered delays (Backoff: from ReconnectDelay up to
        // MaxReconnectDelay); a session that was connected starts afresh after one ordinary delay, with the picture.
        var reconnect = Infrastructure.Backoff.Forever(Options.ReconnectDelay, Options.MaxReconnectDelay, Clock,
            retryOn: e => e is IOException or SocketException or OperationCanceledException or AuthenticationException or ObjectDisposedException,
            onRetry: args =>
            {
                Counters.Add(Count("disconnected"));
                Log.LogInformation("CoT {Centre}/{Endpoint}: cannot connect ({Error}); retrying in {Delay}", Centre, Endpoint.Name,
                    args.Outcome.Exception?.GetType().Name, args.RetryDelay);
                return ValueTask.CompletedTask;
            });
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await reconnect.ExecuteAsync(async ct => await SessionAsync(ct), stopping);
                await Task.Delay(Options.ReconnectDelay, Clock, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Connects and drains until the connection fails or is dropped; throws only when no connection was made.</summary>
    private async Task SessionAsync(CancellationToken stopping)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _connection = connection;
        _queue = new CotLinkQueue(_capacity, Clock);
        ICotSink sink = await OpenAsync(connection.Token);
        try
        {
            Counters.Add(Count("connected"));
            Log.LogInformation("CoT {Centre}/{Endpoint}: connected ({Transport} {Host}:{Port})", Centre, Endpoint.Name, Endpoint.Transport, Endpoint.Host, Endpoint.Port);
            // Open to live events first, then queue the picture read after that: whatever was published meanwhile is
            // either pending already or in the picture, and the picture holds the newest of each marker (it replaces
            // the pending one of the same uid).
            Volatile.Write(ref _dropping, 0);
            Connected = true;
            foreach (var (uid, encoded) in Snapshot()) _queue.Offer(uid, encoded);
            await DrainAsync(sink, connection.Token);
        }
        catch (Exception e) when (e is OperationCanceledException && stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or AuthenticationException or ObjectDisposedException)
        {
            Counters.Add(Count("disconnected"));
            Log.LogInformation("CoT {Centre}/{Endpoint}: link down ({Error}); reconnecting in {Delay}", Centre, Endpoint.Name, e.GetType().Name, Options.ReconnectDelay);
        }
        finally
        {
            Connected = false;
            await sink.DisposeAsync();
        }
    }

    protected abstract Task<ICotSink> OpenAsync(CancellationToken ct);

    private async Task DrainAsync(ICotSink sink, CancellationToken ct)
    {
        var queue = _queue;
        var batch = new List<byte[]>(BatchSize);
        while (true)
        {
            await queue.WaitAsync(ct);
            while (queue.Take(batch, BatchSize) > 0)
            {
                // One timeout per batch, not per event: a timer per write costs more than the write at thousands a second.
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(WriteTimeout);
                try
                {
                    foreach (var item in batch) await sink.WriteAsync(item, timeout.Token);
                    await sink.FlushAsync(timeout.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException && timeout.IsCancellationRequested && !ct.IsCancellationRequested)
                {
                    DropSlow($"a write did not complete in {WriteTimeout.TotalSeconds:0.#} s");
                    throw;
                }
                Counters.Add(Count("sent"), batch.Count);
                batch.Clear();
            }
        }
    }

    internal static CotLink Create(string centre, CotEndpointOptions endpoint, CotOptions options, CotCounters counters, TimeProvider clock, ILogger log) =>
        endpoint.Transport == CotTransport.Udp
            ? new UdpCotLink(centre, endpoint, options, counters, clock, log)
            : new StreamCotLink(centre, endpoint, options, counters, clock, log);
}

internal interface ICotSink : IAsyncDisposable
{
    ValueTask WriteAsync(byte[] encoded, CancellationToken ct);
    ValueTask FlushAsync(CancellationToken ct);
}

/// <summary>TAK streaming input: events back to back on one TCP connection, optionally inside TLS with a client certificate.</summary>
internal sealed class StreamCotLink(string centre, CotEndpointOptions endpoint, CotOptions options, CotCounters counters, TimeProvider clock, ILogger log)
    : CotLink(centre, endpoint, options, counters, clock, log)
{
    protected override async Task<ICotSink> OpenAsync(CancellationToken ct)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(Endpoint.Host, Endpoint.Port, ct);
            Stream stream = client.GetStream();
            if (Endpoint.Transport == CotTransport.Tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(CotTls.ClientOptions(Endpoint), ct);
                stream = ssl;
            }
            return new StreamSink(client, new BufferedStream(stream, 64 * 1024));
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private sealed class StreamSink(TcpClient client, Stream stream) : ICotSink
    {
        public ValueTask WriteAsync(byte[] encoded, CancellationToken ct) => stream.WriteAsync(encoded, ct);

        public async ValueTask FlushAsync(CancellationToken ct) => await stream.FlushAsync(ct);

        public async ValueTask DisposeAsync()
        {
            // Reset, do not flush: disposing the buffered stream first would wait for ever on a reader that has stopped
            // reading (the link would never reconnect), and what is unsent is dropped anyway. The reset also tells the
            // reader at once that it was cut off.
            try
            {
                client.LingerState = new LingerOption(true, 0);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
            client.Dispose();
            try
            {
                await stream.DisposeAsync();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
            {
            }
        }
    }
}

/// <summary>
/// The UDP mesh: one event per datagram, to a multicast group (sent from <see cref="CotEndpointOptions.Interface"/>
/// with the configured TTL) or to a unicast address. UDP has no slow reader; the queue only keeps publishing from waiting.
/// </summary>
internal sealed class UdpCotLink(string centre, CotEndpointOptions endpoint, CotOptions options, CotCounters counters, TimeProvider clock, ILogger log)
    : CotLink(centre, endpoint, options, counters, clock, log)
{
    /// <summary>CoT datagrams beyond this are not sent (IP fragmentation loses them on meshes).</summary>
    public const int MaxDatagramBytes = 8 * 1024;

    protected override async Task<ICotSink> OpenAsync(CancellationToken ct)
    {
        var addresses = await Dns.GetHostAddressesAsync(Endpoint.Host, ct);
        var target = new IPEndPoint(addresses.First(a => a.AddressFamily == AddressFamily.InterNetwork), Endpoint.Port);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (IsMulticast(target.Address))
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, Endpoint.MulticastTtl);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
                if (Endpoint.Interface is { Length: > 0 } local)
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.Parse(local).GetAddressBytes());
            }
            else if (Endpoint.Interface is { Length: > 0 } local)
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(local), 0));
            }
            return new DatagramSink(socket, target, this);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool IsMulticast(IPAddress a) => a.AddressFamily == AddressFamily.InterNetwork && (a.GetAddressBytes()[0] & 0xF0) == 0xE0;

    private sealed class DatagramSink(Socket socket, IPEndPoint target, UdpCotLink link) : ICotSink
    {
        public async ValueTask WriteAsync(byte[] encoded, CancellationToken ct)
        {
            if (encoded.Length > MaxDatagramBytes)
            {
                link.Counters.Add(link.Count("too-large-for-datagram"));
                return;
            }
            await socket.SendToAsync(encoded, SocketFlags.None, target, ct);
        }

        public ValueTask FlushAsync(CancellationToken ct) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
