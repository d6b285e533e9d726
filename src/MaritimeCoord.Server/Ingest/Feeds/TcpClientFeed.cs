using System.Net;
using System.Net.Sockets;

namespace MaritimeCoord.Server.Ingest.Feeds;

/// <summary>We connect to a receiver (or an aggregator's port) and read its stream; reconnect with backoff when it drops.</summary>
internal sealed class TcpClientFeed(FeedOptions options, FeedThrottle throttle, IngestPipeline pipeline, IngestCounters counters, TimeProvider clock, ILogger log)
    : IngestFeed(options, throttle)
{
    private Task _loop = Task.CompletedTask;

    public override Task Completion => _loop;

    public override void Start(CancellationToken stopReading)
    {
        EndPoint = new DnsEndPoint(Options.Host, Options.Port);
        _loop = Task.Run(() => RunAsync(stopReading), CancellationToken.None);
    }

    private async Task RunAsync(CancellationToken stopReading)
    {
        var delay = Options.ReconnectDelay;
        while (!stopReading.IsCancellationRequested)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(Options.Host, Options.Port, stopReading);
                log.LogInformation("AIS feed {Feed}: connected to tcp://{Host}:{Port}", Options.Name, Options.Host, Options.Port);
                Interlocked.Increment(ref OpenConnectionCount);
                try
                {
                    using var pacer = Throttle.ForStream(ownConnectionCap: false);
                    var bytes = await NmeaStreamPump.RunAsync(client.GetStream(), pacer, pipeline.Input, counters, clock, stopReading, pipeline.Aborted);
                    log.LogInformation("AIS feed {Feed}: receiver closed the stream after {Bytes} bytes", Options.Name, bytes);
                    if (bytes > 0) delay = Options.ReconnectDelay;
                }
                finally
                {
                    Interlocked.Decrement(ref OpenConnectionCount);
                }
            }
            catch (Exception e) when (e is OperationCanceledException && stopReading.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                log.LogWarning("AIS feed {Feed}: tcp://{Host}:{Port} unavailable ({Error}); retrying in {Delay}", Options.Name, Options.Host, Options.Port, e.Message, delay);
            }

            try
            {
                await Task.Delay(delay, clock, stopReading);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(Options.MaxReconnectDelay.Ticks, delay.Ticks * 2));
        }
    }
}
