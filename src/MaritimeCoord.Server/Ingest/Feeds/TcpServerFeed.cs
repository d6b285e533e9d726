using System.Net;
using System.Net.Sockets;
using MaritimeCoord.Server.Ingest.Pipeline;

namespace MaritimeCoord.Server.Ingest.Feeds;

/// <summary>Aggregators and forwarders connect and push raw NMEA; each connection is its own stream (own reassembly).</summary>
internal sealed class TcpServerFeed(FeedOptions options, FeedThrottle throttle, IngestPipeline pipeline, IngestCounters counters, TimeProvider clock, ILogger log)
    : IngestFeed(options, throttle)
{
    private readonly List<Task> _connections = [];
    private Task _acceptLoop = Task.CompletedTask;

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

                if (Volatile.Read(ref OpenConnectionCount) >= Options.MaxConnections)
                {
                    log.LogWarning("AIS feed {Feed}: refusing {Remote}, {Max} connections open", Options.Name, client.Client.RemoteEndPoint, Options.MaxConnections);
                    client.Dispose();
                    continue;
                }

                lock (_connections)
                {
                    _connections.RemoveAll(t => t.IsCompleted);
                    _connections.Add(ServeAsync(client, stopReading));
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

    private async Task ServeAsync(TcpClient client, CancellationToken stopReading)
    {
        await Task.Yield();
        Interlocked.Increment(ref OpenConnectionCount);
        var remote = client.Client.RemoteEndPoint;
        try
        {
            using (client)
            using (var pacer = Throttle.ForStream(ownConnectionCap: true))
            {
                var bytes = await NmeaStreamPump.RunAsync(client.GetStream(), pacer, pipeline.Input, counters, clock, stopReading, pipeline.Aborted);
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
            Interlocked.Decrement(ref OpenConnectionCount);
        }
    }
}
