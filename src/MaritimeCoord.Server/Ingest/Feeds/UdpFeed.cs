using System.Net;
using System.Net.Sockets;
using MaritimeCoord.Server.Ingest.Pipeline;

namespace MaritimeCoord.Server.Ingest.Feeds;

/// <summary>
/// Datagrams of one or more NMEA lines (a datagram ends a line). UDP has no flow control: when the pipeline is full
/// this loop waits, the kernel buffer (8 MiB requested) absorbs the burst, and beyond that the kernel drops datagrams
/// (visible as RcvbufErrors in /proc/net/snmp). Lines over the feed's cap are dropped here, counted (<see cref="FeedThrottle"/>).
/// One decoder serves all senders (reassembly is keyed by tag-block source).
/// </summary>
internal sealed class UdpFeed(FeedOptions options, FeedThrottle throttle, IngestPipeline pipeline, IngestCounters counters, TimeProvider clock, ILogger log)
    : IngestFeed(options, throttle)
{
    private const int EmitAfterPositions = 512;
    private Task _loop = Task.CompletedTask;

    public override Task Completion => _loop;

    public override void Start(CancellationToken stopReading)
    {
        var address = ResolveAsync(Options.Host, stopReading).GetAwaiter().GetResult();
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 8 * 1024 * 1024 };
        socket.Bind(new IPEndPoint(address, Options.Port));
        EndPoint = socket.LocalEndPoint;
        log.LogInformation("AIS feed {Feed}: listening for NMEA datagrams on udp://{EndPoint}", Options.Name, EndPoint);
        _loop = Task.Run(() => RunAsync(socket, stopReading), CancellationToken.None);
    }

    private async Task RunAsync(Socket socket, CancellationToken stopReading)
    {
        using var _ = socket;
        var framer = new LineFramer();
        var stage = new AisDecodeStage();
        var buffer = new byte[65_536];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (true)
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stopReading);
                stage.ArrivalMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
                int admitted = Throttle.AdmitDatagram(buffer.AsSpan(0, received.ReceivedBytes));
                framer.Push(buffer.AsSpan(0, admitted), stage, out int tooLong);
                framer.Flush(stage);
                for (int i = 0; i < tooLong; i++) counters.RejectLineTooLong();
                if (stage.Chunk.Positions.Count >= EmitAfterPositions || socket.Available == 0)
                    await NmeaStreamPump.EmitAsync(stage, pipeline.Input, counters, pipeline.Aborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && stopReading.IsCancellationRequested)
        {
            await NmeaStreamPump.EmitAsync(stage, pipeline.Input, counters, pipeline.Aborted);
        }
        catch (SocketException e)
        {
            log.LogError(e, "AIS feed {Feed}: UDP socket failed", Options.Name);
        }
    }
}
