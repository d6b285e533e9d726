using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MaritimeCoord.Cli.Commands;
using MaritimeCoord.Cli.Scenarios;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.Vessels;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Ingest;
using MaritimeCoord.Server.Ingest.Feeds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.IntegrationTests.Ingest;

/// <summary>
/// Per-feed sentence caps against the real server, real sockets and PostGIS (docs/ais-ingest.md § Feed caps): a TCP
/// sender over the cap is slowed and loses nothing; a file replayed at max rate is paced; one fast client of a shared
/// TCP feed is held to its per-connection cap while another gets through; a UDP sender over the cap has its excess
/// dropped and counted; a zero or negative cap stops the server at startup. Timing is asserted only as a lower bound
/// (a loaded machine makes things slower, never faster). Each test uses its own MMSI range and counts its rows.
/// </summary>
public sealed class FeedRateLimitTests(FeedRateLimitTests.App app) : IClassFixture<FeedRateLimitTests.App>
{
    private const int TcpCap = 1500;
    private const int UdpCap = 500;
    private const int PerConnectionCap = 1000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Server:Ingest"] = "true",
            ["Ingest:Feeds:0:Name"] = "capped", ["Ingest:Feeds:0:Kind"] = "TcpServer", ["Ingest:Feeds:0:Host"] = "127.0.0.1", ["Ingest:Feeds:0:Port"] = "0",
            ["Ingest:Feeds:0:MaxSentencesPerSecond"] = Invariant(TcpCap), ["Ingest:Feeds:0:Burst"] = "100",
            ["Ingest:Feeds:1:Name"] = "udp", ["Ingest:Feeds:1:Kind"] = "Udp", ["Ingest:Feeds:1:Host"] = "127.0.0.1", ["Ingest:Feeds:1:Port"] = "0",
            ["Ingest:Feeds:1:MaxSentencesPerSecond"] = Invariant(UdpCap), ["Ingest:Feeds:1:Burst"] = "50",
            // A feed with a generous cap and a per-connection cap: one fast client must not hold up the others.
            ["Ingest:Feeds:2:Name"] = "shared", ["Ingest:Feeds:2:Kind"] = "TcpServer", ["Ingest:Feeds:2:Host"] = "127.0.0.1", ["Ingest:Feeds:2:Port"] = "0",
            ["Ingest:Feeds:2:MaxSentencesPerSecond"] = "100000", ["Ingest:Feeds:2:Burst"] = "100",
            ["Ingest:Feeds:2:MaxSentencesPerSecondPerConnection"] = Invariant(PerConnectionCap),
        };

        public IngestCounters Counters => Services.GetRequiredService<IngestCounters>();

        public IngestFeed Feed(string name) => Services.GetRequiredService<AisIngestService>().Feed(name);

        public int PortOf(string feed) => ((IPEndPoint)Feed(feed).EndPoint!).Port;

        public Task<long> RowsOfAsync(int mmsiBase, int count) =>
            ScalarAsync($"SELECT count(*) FROM ais_positions WHERE mmsi BETWEEN {mmsiBase} AND {mmsiBase + count - 1}");
    }

    [Fact]
    public async Task A_TCP_sender_faster_than_the_cap_is_slowed_to_about_the_cap_and_every_sentence_is_stored()
    {
        const int lines = 6000, mmsiBase = 211_000_000;
        var counts = app.Feed("capped").Throttle.Counts;
        long delayedBefore = counts.Delayed, persistedBefore = app.Counters.Persisted;

        var watch = Stopwatch.StartNew();
        await SendAndWaitUntilReadAsync(app.PortOf("capped"), Positions(mmsiBase, lines));
        watch.Stop();

        // Unthrottled this takes a fraction of a second; at the cap at least (lines - burst) / cap.
        double floor = 0.8 * lines / TcpCap;
        Assert.True(watch.Elapsed.TotalSeconds >= floor, $"{lines} lines were read in {watch.Elapsed.TotalSeconds:F2} s, faster than 0.8 × the cap allows ({floor:F2} s)");
        await app.Counters.WhenPersistedAsync(persistedBefore + lines).WaitAsync(Timeout);
        Assert.Equal(lines, await app.RowsOfAsync(mmsiBase, lines));
        Assert.True(counts.Delayed - delayedBefore > 0, "the feed reports no delayed sentences");
        Assert.Equal(0, counts.Dropped);

        var stats = await app.ClientAs(MaritimeRoles.Operator, "BASARNAS-IDN").GetFromJsonAsync<JsonElement>("/api/ingest/stats");
        var feed = stats.GetProperty("feeds").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "capped");
        Assert.Equal(TcpCap, feed.GetProperty("maxSentencesPerSecond").GetInt32());
        Assert.Equal(100, feed.GetProperty("burst").GetInt32());
        Assert.True(feed.GetProperty("rateLimitedDelayed").GetInt64() >= counts.Delayed - delayedBefore);
        Assert.Equal(0, feed.GetProperty("rateLimitedDropped").GetInt64());
        Assert.True(stats.GetProperty("counters").GetProperty("rateLimitedDelayed").GetInt64() > 0);
    }

    [Fact]
    public async Task A_file_replayed_at_max_rate_is_paced_by_the_cap_and_stored_whole()
    {
        const int lines = 4500, mmsiBase = 212_000_000;
        var file = Path.Combine(Path.GetTempPath(), $"mcoord-feedcap-{Guid.NewGuid():N}.nmea");
        await File.WriteAllBytesAsync(file, Positions(mmsiBase, lines));
        try
        {
            long persistedBefore = app.Counters.Persisted;
            var watch = Stopwatch.StartNew();
            // `mcoord feed replay` returns once the server has closed the connection, i.e. has read every byte.
            int exit = await MaritimeCli.Build().Parse(["feed", "replay", file, "--tcp", $"127.0.0.1:{app.PortOf("capped")}", "--rate", "max"]).InvokeAsync();
            watch.Stop();
            Assert.Equal(0, exit);

            double floor = 0.8 * lines / TcpCap;
            Assert.True(watch.Elapsed.TotalSeconds >= floor, $"the replay of {lines} lines ended after {watch.Elapsed.TotalSeconds:F2} s, before {floor:F2} s");
            await app.Counters.WhenPersistedAsync(persistedBefore + lines).WaitAsync(Timeout);
            Assert.Equal(lines, await app.RowsOfAsync(mmsiBase, lines));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task One_fast_client_of_a_shared_TCP_feed_is_held_to_its_connection_cap_while_another_client_gets_through()
    {
        const int floodLines = 6000, floodBase = 213_000_000, quietLines = 50, quietBase = 214_000_000;
        long persistedBefore = app.Counters.Persisted;
        int port = app.PortOf("shared");

        var shared = app.Feed("shared").Throttle.Counts;
        long delayedBefore = shared.Delayed;
        var floodWatch = Stopwatch.StartNew();
        var flood = Task.Run(async () =>
        {
            await SendAndWaitUntilReadAsync(port, Positions(floodBase, floodLines));
            return floodWatch.Elapsed;
        });
        // The flood is under way and over its connection cap: it has been held back at least once.
        await Quiescence.UntilAsync(() => shared.Delayed > delayedBefore, "the flood was held to its connection cap");
        await SendAndWaitUntilReadAsync(port, Positions(quietBase, quietLines));
        bool quietFinishedFirst = !flood.IsCompleted;
        var floodElapsed = await flood.WaitAsync(Timeout);

        double floor = 0.8 * floodLines / PerConnectionCap;
        Assert.True(floodElapsed.TotalSeconds >= floor, $"the flood was read in {floodElapsed.TotalSeconds:F2} s, before {floor:F2} s");
        Assert.True(quietFinishedFirst, "the quiet client was held up until the flood had been read");
        await app.Counters.WhenPersistedAsync(persistedBefore + floodLines + quietLines).WaitAsync(Timeout);
        Assert.Equal(floodLines, await app.RowsOfAsync(floodBase, floodLines));
        Assert.Equal(quietLines, await app.RowsOfAsync(quietBase, quietLines));
    }

    [Fact]
    public async Task A_UDP_sender_over_the_cap_has_the_excess_dropped_and_counted_and_the_rest_stored()
    {
        const int sent = 2000, mmsiBase = 215_000_000;
        var counts = app.Feed("udp").Throttle.Counts;
        long droppedBefore = counts.Dropped, linesBefore = app.Counters.Snapshot().Lines, persistedBefore = app.Counters.Persisted;
        long kernelDropsBefore = KernelUdpReceiveBufferErrors();

        using var udp = new UdpClient();
        var target = new IPEndPoint(IPAddress.Loopback, app.PortOf("udp"));
        var payload = Encoding.ASCII.GetString(Positions(mmsiBase, sent)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < sent; i++)
        {
            await udp.SendAsync(Encoding.ASCII.GetBytes(payload[i] + "\r\n"), target);
            if (i % 20 == 19) await Task.Delay(5); // ~2,000-4,000 lines/s: well over the cap, far from filling the kernel buffer
        }

        // Everything that reached the socket is either handled (a line) or dropped by the cap.
        long admitted = 0, dropped = 0, kernelDrops = 0, lastTotal = -1;
        var deadline = Stopwatch.StartNew();
        var stableSince = Stopwatch.StartNew();
        while (deadline.Elapsed < Timeout)
        {
            admitted = app.Counters.Snapshot().Lines - linesBefore;
            dropped = counts.Dropped - droppedBefore;
            kernelDrops = KernelUdpReceiveBufferErrors() - kernelDropsBefore;
            if (admitted + dropped == sent) break;
            if (admitted + dropped != lastTotal) (lastTotal, stableSince) = (admitted + dropped, Stopwatch.StartNew());
            else if (kernelDrops > 0 && stableSince.Elapsed > TimeSpan.FromSeconds(3)) break; // the kernel lost some: they never arrive
            await Task.Delay(100);
        }

        Assert.True(dropped > 0, "nothing was dropped although the sender was over the cap");
        Assert.True(admitted > 0, "nothing was admitted (the burst alone admits 50)");
        await app.Counters.WhenPersistedAsync(persistedBefore + admitted).WaitAsync(Timeout);
        long stored = await app.RowsOfAsync(mmsiBase, sent);
        Assert.Equal(admitted, stored);
        if (kernelDrops == 0) Assert.Equal(sent - dropped, stored);
        else Assert.InRange(stored + dropped, sent - kernelDrops, sent); // datagrams the kernel dropped (other senders' too) never reached us

        // The same count through the meter and the stats endpoint.
        Assert.Equal(counts.Dropped, MeteredRateLimited("udp", "dropped"));
        var stats = await app.ClientAs(MaritimeRoles.Operator, "BASARNAS-IDN").GetFromJsonAsync<JsonElement>("/api/ingest/stats");
        var feed = stats.GetProperty("feeds").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "udp");
        Assert.Equal(counts.Dropped, feed.GetProperty("rateLimitedDropped").GetInt64());
        Assert.Equal(UdpCap, feed.GetProperty("maxSentencesPerSecond").GetInt32());
        Assert.True(stats.GetProperty("counters").GetProperty("rateLimitedDropped").GetInt64() >= counts.Dropped);
    }

    [Fact]
    public async Task A_zero_or_negative_cap_stops_the_server_at_startup_naming_the_setting()
    {
        var bad = new MisconfiguredApp();
        try
        {
            var thrown = await Assert.ThrowsAnyAsync<Exception>(bad.InitializeAsync);
            var validation = Flatten(thrown).OfType<OptionsValidationException>().FirstOrDefault();
            Assert.True(validation is not null, $"expected an options validation failure, got {thrown}");
            Assert.Contains("Ingest:Feeds:0:MaxSentencesPerSecond (feed 'zero') must be a positive number of sentences per second, was 0", validation.Message);
            Assert.Contains("Ingest:Feeds:1:Burst (feed 'negative') must be a positive number of sentences, was -5", validation.Message);
            Assert.Contains("Ingest:Feeds:1:MaxSentencesPerSecondPerConnection", validation.Message);
        }
        finally
        {
            await ((IAsyncLifetime)bad).DisposeAsync();
        }
    }

    private sealed class MisconfiguredApp : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Server:Ingest"] = "true",
            ["Ingest:Feeds:0:Name"] = "zero", ["Ingest:Feeds:0:Port"] = "0", ["Ingest:Feeds:0:MaxSentencesPerSecond"] = "0",
            ["Ingest:Feeds:1:Name"] = "negative", ["Ingest:Feeds:1:Port"] = "0", ["Ingest:Feeds:1:Burst"] = "-5",
            ["Ingest:Feeds:1:MaxSentencesPerSecondPerConnection"] = "-1",
        };
    }

    /// <summary>Writes everything, half-closes, and returns once the server closed its side: it has read every byte.</summary>
    private static async Task SendAndWaitUntilReadAsync(int port, byte[] bytes)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(bytes);
        client.Client.Shutdown(SocketShutdown.Send);
        var sink = new byte[16];
        using var timeout = new CancellationTokenSource(Timeout);
        while (await stream.ReadAsync(sink, timeout.Token) > 0) { }
    }

    /// <summary>One valid type 1 line per vessel, MMSIs mmsiBase…: distinct vessels, so none is a duplicate of another.</summary>
    private static byte[] Positions(int mmsiBase, int count)
    {
        long seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600;
        var text = new StringBuilder(count * 80);
        for (int i = 0; i < count; i++)
        {
            var report = new PositionReport(mmsiBase + i, seconds * 1000, 1, 114.5 + i % 500 * 0.001, -8.2 - i / 500 * 0.001, 8.5f, 120f, 120, 0, (ulong)i);
            text.Append(AivdmEncoder.PositionReport(report)).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private long MeteredRateLimited(string feed, string outcome)
    {
        using var listener = new MeterListener();
        long value = -1;
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == IngestCounters.MeterName && instrument.Meter.Scope == factory) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, measured, tags, _) =>
        {
            if (instrument.Name != "maritimecoord.ingest.rate_limited") return;
            var t = tags.ToArray();
            if (t.Any(x => x.Key == "feed" && (string?)x.Value == feed) && t.Any(x => x.Key == "outcome" && (string?)x.Value == outcome)) value = measured;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }

    /// <summary>UDP datagrams the kernel dropped because a socket's receive buffer was full (whole machine).</summary>
    private static long KernelUdpReceiveBufferErrors()
    {
        var udp = File.ReadAllLines("/proc/net/snmp").Where(l => l.StartsWith("Udp: ", StringComparison.Ordinal)).ToArray();
        var names = udp[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = udp[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(values[Array.IndexOf(names, "RcvbufErrors")], CultureInfo.InvariantCulture);
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        yield return e;
        var inner = e is AggregateException a ? a.InnerExceptions : e.InnerException is { } i ? [i] : (IEnumerable<Exception>)[];
        foreach (var x in inner.SelectMany(Flatten)) yield return x;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
