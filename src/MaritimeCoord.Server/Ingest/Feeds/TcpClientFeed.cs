using System.Net;
using System.Net.Sockets;
using MaritimeCoord.Server.Infrastructure;

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
        // A failed connection, or one the receiver closed before sending anything, is retried with growing delays; a
        // session that delivered data starts the backoff afresh after one ordinary delay.
        var reconnect = Backoff.Forever(Options.ReconnectDelay, Options.MaxReconnectDelay, clock,
            retryOn: e => e is IOException or SocketException or OperationCanceledException,
            onRetry: args =>
            {
                log.LogWarning("AIS feed {Feed}: tcp://{Host}:{Port} unavailable ({Error}); retrying in {Delay}",
                    Options.Name, Options.Host, Options.Port, args.Outcome.Exception?.Message, args.RetryDelay);
                return ValueTask.CompletedTask;
            });
        while (!stopReading.IsCancellationRequested)
        {
            try
            {
                await reconnect.ExecuteAsync(async ct => await ReadOneSessionAsync(ct), stopReading);
                await Task.Delay(Options.ReconnectDelay, clock, stopReading);
            }
            catch (OperationCanceledException) when (stopReading.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Connects and reads until the receiver closes the stream; a stream closed with nothing read is a failure.</summary>
    private async Task<long> ReadOneSessionAsync(CancellationToken stopReading)
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
            return bytes > 0 ? bytes : throw new IOException("the receiver closed the stream before sending anything");
        }
        finally
        {
            Interlocked.Decrement(ref OpenConnectionCount);
        }
    }
}
