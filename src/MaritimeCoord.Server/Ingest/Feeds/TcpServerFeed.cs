using System.Net;
using System.Net.Sockets;
using MaritimeCoord.Server.Ingest.Pipeline;

namespace MaritimeCoord.Server.Ingest.Feeds;

/// <summary>
/// Aggregators and forwarders connect and push raw NMEA; each connection is its own stream (own reassembly). Admission
/// (docs/ais-ingest.md § Connections): an optional allow-list of senders, a cap on connections per sender address and on
/// the feed (a slot is taken before the connection is served, so the cap is exact), and connections that go idle or
/// trickle are closed, so held connections cannot lock the feeders out.
/// </summary>
internal sealed class TcpServerFeed(FeedOptions options, FeedThrottle throttle, IngestPipeline pipeline, IngestCounters counters, TimeProvider clock, ILogger log)
    : IngestFeed(options, throttle)
{
    private readonly List<Task> _connections = [];
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly SenderAllowList _allowed = new(options.AllowedSenders);
    private Task _acceptLoop = Task.CompletedTask;

    internal RefusalLog Refusals { get; } = new(options.Name, options.RefusalLogInterval, clock, log);

    public override long RefusedConnections => Enum.GetValues<RefusalReason>().Sum(Refusals.Total);

    public override Task Completion => _acceptLoop;

    public override void Start(CancellationToken stopReading)
    {
        var address = ResolveAsync(Options.Host, stopReading).GetAwaiter().GetResult();
        var listener = new TcpListener(address, Options.Port);
        listener.Start(backlog: 64);
        EndPoint = listener.LocalEndpoint;
        log.LogInformation("AIS feed {Feed}: listening for NMEA pushes on tcp://{EndPoint}", Options.Name, EndPoint);
        _acceptLoop = AcceptLoopAsync(listener, stopReading);
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken stopReading)
    {
        using var _ = stopReading.Register(listener.Stop);
        try
        {
            while (!stopReading.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stopReading);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && stopReading.IsCancellationRequested)
                {
                    break;
                }

                var remote = client.Client.RemoteEndPoint;
                var address = SenderAllowList.Normalise(((IPEndPoint)remote!).Address);
                if (TryAdmit(address) is { } refusal)
                {
                    client.Dispose();
                    Refusals.Refused(refusal, remote);
                    continue;
                }

                lock (_connections)
                {
                    _connections.RemoveAll(t => t.IsCompleted);
                    _connections.Add(ServeAsync(client, address, stopReading));
                }
            }
        }
        finally
        {
            Task[] open;
            lock (_connections) open = [.. _connections];
            await Task.WhenAll(open);
        }
    }

    /// <summary>Takes a slot for the sender (null), or says why not. The slot is given back when the connection ends.</summary>
    private RefusalReason? TryAdmit(IPAddress address)
    {
        if (!_allowed.Allows(address)) return RefusalReason.NotAllowed;
        lock (_perAddress)
        {
            if (Volatile.Read(ref OpenConnectionCount) >= Options.MaxConnections) return RefusalReason.FeedFull;
            var fromAddress = _perAddress.GetValueOrDefault(address);
            if (fromAddress >= Options.MaxConnectionsPerAddress) return RefusalReason.AddressFull;
            _perAddress[address] = fromAddress + 1;
            Interlocked.Increment(ref OpenConnectionCount);
            return null;
        }
    }

    private void Release(IPAddress address)
    {
        lock (_perAddress)
        {
            if (--_perAddress[address] == 0) _perAddress.Remove(address);
            Interlocked.Decrement(ref OpenConnectionCount);
        }
    }

    private async Task ServeAsync(TcpClient client, IPAddress address, CancellationToken stopReading)
    {
        await Task.Yield();
        var remote = client.Client.RemoteEndPoint;
        try
        {
            using (client)
            using (var pacer = Throttle.ForStream(ownConnectionCap: true))
            {
                var bytes = await NmeaStreamPump.RunAsync(client.GetStream(), pacer, pipeline.Input, counters, clock, stopReading, pipeline.Aborted,
                    new IdleGuard(Options.IdleTimeout, Options.MinBytesPerIdleTimeout));
                log.LogInformation("AIS feed {Feed}: {Remote} closed after {Bytes} bytes", Options.Name, remote, bytes);
            }
        }
        catch (Exception e) when (e is OperationCanceledException && stopReading.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            log.LogInformation("AIS feed {Feed}: {Remote} dropped: {Error}", Options.Name, remote, e.Message);
        }
        finally
        {
            Release(address);
        }
    }
}
