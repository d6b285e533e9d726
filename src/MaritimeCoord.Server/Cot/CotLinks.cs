using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;

namespace MaritimeCoord.Server.Cot;

/// <summary>
/// One outbound CoT link (a TAK Server's streaming input, or the UDP mesh) with its own bounded queue of encoded
/// events. Publishing never waits: an event that does not fit means the reader is not keeping up, so the link drops
/// its connection (counted: <c>dropped-slow</c>), forgets the queue, and after the reconnect delay starts again with the
/// centre's whole current picture. Other links are not affected: each has its own queue and writer.
/// </summary>
internal abstract class CotLink(string centre, CotEndpointOptions endpoint, CotOptions options, CotCounters counters, ILogger log)
{
    private readonly int _capacity = endpoint.QueueCapacity ?? options.QueueCapacity;
    private Channel<byte[]> _queue = NewQueue(endpoint.QueueCapacity ?? options.QueueCapacity);
    private CancellationTokenSource? _connection;

    protected string Centre { get; } = centre;
    protected CotEndpointOptions Endpoint { get; } = endpoint;
    protected CotOptions Options { get; } = options;
    protected CotCounters Counters { get; } = counters;
    protected ILogger Log { get; } = log;

    /// <summary>True while a connection is up and its queue is being drained.</summary>
    public bool Connected
    {
        get => Volatile.Read(ref _connected);
        private set => Volatile.Write(ref _connected, value);
    }

    private bool _connected;
    private int _dropping;

    /// <summary>The whole current picture, given to a new connection first.</summary>
    public Func<IReadOnlyList<byte[]>> Snapshot { get; set; } = () => [];

    public string Count(string what) => CotCounters.Out(Centre, Endpoint.Name, what);

    public void Offer(byte[] encoded)
    {
        if (!Connected) return;
        if (_queue.Writer.TryWrite(encoded)) return;
        // Several publishers (unit connections, the picture) may find the queue full at once: one drop, counted once.
        if (Interlocked.Exchange(ref _dropping, 1) == 1) return;
        Counters.Add(Count("dropped-slow"));
        Log.LogWarning("CoT {Centre}/{Endpoint}: the reader is not keeping up ({Capacity} events queued); dropping the connection",
            Centre, Endpoint.Name, _capacity);
        Connected = false;
        _connection?.Cancel();
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        var delay = Options.ReconnectDelay;
        while (!stopping.IsCancellationRequested)
        {
            using var connection = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            _connection = connection;
            _queue = NewQueue(_capacity);
            try
            {
                await using var sink = await OpenAsync(connection.Token);
                Counters.Add(Count("connected"));
                Log.LogInformation("CoT {Centre}/{Endpoint}: connected ({Transport} {Host}:{Port})", Centre, Endpoint.Name, Endpoint.Transport, Endpoint.Host, Endpoint.Port);
                // Open to live events first, then queue the picture read after that: whatever was published meanwhile
                // is either queued already or in the picture, and the picture holds the newest of each marker.
                Volatile.Write(ref _dropping, 0);
                Connected = true;
                foreach (var e in Snapshot()) _queue.Writer.TryWrite(e);
                delay = Options.ReconnectDelay;
                await DrainAsync(sink, connection.Token);
            }
            catch (Exception e) when (e is OperationCanceledException && stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or AuthenticationException or ObjectDisposedException)
            {
                Counters.Add(Count("disconnected"));
                Log.LogInformation("CoT {Centre}/{Endpoint}: link down ({Error}); retrying in {Delay}", Centre, Endpoint.Name, e.GetType().Name, delay);
            }
            finally
            {
                Connected = false;
            }

            try
            {
                await Task.Delay(delay, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            delay = TimeSpan.FromTicks(Math.Min(Options.MaxReconnectDelay.Ticks, delay.Ticks * 2));
        }
    }

    protected abstract Task<ICotSink> OpenAsync(CancellationToken ct);

    private async Task DrainAsync(ICotSink sink, CancellationToken ct)
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(ct))
        {
            // One timeout per batch, not per event: a timer per write costs more than the write at thousands a second.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Options.WriteTimeout);
            int n = 0;
            while (n < 512 && reader.TryRead(out var item))
            {
                await sink.WriteAsync(item, timeout.Token);
                n++;
            }
            await sink.FlushAsync(timeout.Token);
            Counters.Add(Count("sent"), n);
        }
    }

    private static Channel<byte[]> NewQueue(int capacity) =>
        Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    internal static CotLink Create(string centre, CotEndpointOptions endpoint, CotOptions options, CotCounters counters, ILogger log) =>
        endpoint.Transport == CotTransport.Udp
            ? new UdpCotLink(centre, endpoint, options, counters, log)
            : new StreamCotLink(centre, endpoint, options, counters, log);
}

internal interface ICotSink : IAsyncDisposable
{
    ValueTask WriteAsync(byte[] encoded, CancellationToken ct);
    ValueTask FlushAsync(CancellationToken ct);
}

/// <summary>TAK streaming input: events back to back on one TCP connection, optionally inside TLS with a client certificate.</summary>
internal sealed class StreamCotLink(string centre, CotEndpointOptions endpoint, CotOptions options, CotCounters counters, ILogger log)
    : CotLink(centre, endpoint, options, counters, log)
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
internal sealed class UdpCotLink(string centre, CotEndpointOptions endpoint, CotOptions options, CotCounters counters, ILogger log)
    : CotLink(centre, endpoint, options, counters, log)
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
