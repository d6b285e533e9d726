using System.Net.Sockets;
using System.Text;
using MaritimeCoord.Cli.Scenarios;
using MaritimeCoord.Domain.Detection.Scenarios;

namespace MaritimeCoord.Cli.Feeds;

/// <summary>
/// `mcoord feed demo`: the demo AIS traffic (<see cref="DemoTraffic"/>) as NMEA to a TCP feed of the server, time-shifted
/// to now: first the history the detectors need (the planted vessels' last 8 h, everyone's last hour, each line with
/// its receive time in a tag block), then live, a batch every few seconds, for ever (the traffic is periodic).
/// Reconnects when the server goes away.
/// </summary>
public sealed class DemoFeed(DemoTraffic traffic, TextWriter log, TimeProvider clock)
{
    private static readonly TimeSpan BackgroundHistory = TimeSpan.FromHours(1);
    private static readonly TimeSpan StaticEvery = TimeSpan.FromMinutes(30);

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    public async Task RunAsync(string host, int port, TimeSpan? duration, CancellationToken ct)
    {
        var start = clock.GetUtcNow();
        long startMs = start.ToUnixTimeMilliseconds();
        long origin = startMs - (long)DemoTraffic.StartPhase.TotalMilliseconds;
        long sent = startMs;         // live lines are sent from here on
        bool historySent = false;
        long nextStatic = 0;
        // A connection that cannot be made is retried with growing, jittered delays (1 s up to 30 s); a session that was
        // connected and then lost starts the backoff afresh after one ordinary delay.
        var reconnect = FeedBackoff.Forever(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), clock,
            retryOn: e => e is SocketException or IOException,
            onRetry: args =>
            {
                log.WriteLine($"{clock.GetUtcNow():HH:mm:ss} demo AIS: {args.Outcome.Exception?.Message}; retrying in {args.RetryDelay.TotalSeconds:F0} s");
                return ValueTask.CompletedTask;
            });
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (await reconnect.ExecuteAsync(async t => await SessionAsync(t), ct)) return;
                await Task.Delay(TimeSpan.FromSeconds(1), clock, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }

        // True when the duration is over; false when a connected session was lost; throws when no connection was made.
        async Task<bool> SessionAsync(CancellationToken ct)
        {
            using var client = new TcpClient { SendBufferSize = 1 << 20 };
            await client.ConnectAsync(host, port, ct);
            try
            {
                var stream = client.GetStream();
                if (!historySent)
                {
                    await SendStaticAsync(stream, startMs, ct);
                    nextStatic = startMs + (long)StaticEvery.TotalMilliseconds;
                    long backgroundFrom = startMs - (long)BackgroundHistory.TotalMilliseconds;
                    int lines = await SendAsync(stream, traffic.Reports(origin, origin + (long)DemoTraffic.HistoryStartPhase.TotalMilliseconds, backgroundFrom, plantedOnly: true), ct);
                    lines += await SendAsync(stream, traffic.Reports(origin, backgroundFrom, startMs), ct);
                    historySent = true;
                    log.WriteLine($"{start:HH:mm:ss} demo AIS: {traffic.Vessels.Count:N0} vessels, {lines:N0} positions of history sent; live from now");
                }
                while (!ct.IsCancellationRequested)
                {
                    var now = clock.GetUtcNow();
                    if (duration is { } d && now - start >= d) return true;
                    long nowMs = now.ToUnixTimeMilliseconds();
                    if (nowMs >= nextStatic)
                    {
                        await SendStaticAsync(stream, nowMs, ct);
                        nextStatic = nowMs + (long)StaticEvery.TotalMilliseconds;
                    }
                    await SendAsync(stream, traffic.Reports(origin, sent, nowMs), ct);
                    sent = nowMs;
                    await Task.Delay(Interval, clock, ct);
                }
                return true;
            }
            catch (Exception e) when (e is SocketException or IOException && !ct.IsCancellationRequested)
            {
                log.WriteLine($"{clock.GetUtcNow():HH:mm:ss} demo AIS: {e.Message}; reconnecting in 1 s");
                return false;
            }
        }
    }

    private async Task SendStaticAsync(Stream stream, long timeMs, CancellationToken ct)
    {
        var text = new StringBuilder();
        int sequence = 0;
        foreach (var v in traffic.Vessels)
        {
            string destination = v.Role switch { "fishing" => "FISHING GROUNDS", "lane" => "SINGAPORE", _ => "AT SEA" };
            foreach (var line in AivdmEncoder.StaticAndVoyage(v, timeMs, destination, sequence++ % 10)) text.Append(line).Append("\r\n");
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), ct);
    }

    private static async Task<int> SendAsync(Stream stream, List<Domain.Vessels.PositionReport> reports, CancellationToken ct)
    {
        var text = new StringBuilder();
        for (int i = 0; i < reports.Count; i++)
        {
            text.Append(AivdmEncoder.PositionReport(reports[i])).Append("\r\n");
            if (text.Length > 256 * 1024)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), ct);
                text.Clear();
            }
        }
        if (text.Length > 0) await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), ct);
        return reports.Count;
    }
}
