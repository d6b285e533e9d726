using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MaritimeCoord.Cli.Commands;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Contracts.Vessels;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Persistence.Ais;
using MaritimeCoord.Server.Ingest;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.IntegrationTests.Ingest;

/// <summary>
/// The feed path end to end against real PostGIS and RabbitMQ: TCP server mode through the real `mcoord feed replay`,
/// UDP, TCP client mode polling a receiver hosted by the test, and a corrupt-input flood. Tests in a class run one at
/// a time, so each compares counts before and after itself and replays its own capture (no shared payloads).
/// </summary>
public sealed class AisIngestTests(AisIngestTests.App app) : IClassFixture<AisIngestTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        /// <summary>The "receiver" the TCP client-mode feed polls.</summary>
        public TcpListener Receiver { get; } = StartReceiver();

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Server:Ingest"] = "true",
            ["Ingest:Feeds:0:Name"] = "push", ["Ingest:Feeds:0:Kind"] = "TcpServer", ["Ingest:Feeds:0:Host"] = "127.0.0.1", ["Ingest:Feeds:0:Port"] = "0",
            ["Ingest:Feeds:1:Name"] = "udp", ["Ingest:Feeds:1:Kind"] = "Udp", ["Ingest:Feeds:1:Host"] = "127.0.0.1", ["Ingest:Feeds:1:Port"] = "0",
            ["Ingest:Feeds:2:Name"] = "receiver", ["Ingest:Feeds:2:Kind"] = "TcpClient", ["Ingest:Feeds:2:Host"] = "127.0.0.1",
            ["Ingest:Feeds:2:Port"] = ((IPEndPoint)Receiver.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ingest:Feeds:2:ReconnectDelay"] = "00:00:00.200",
            ["Ingest:PublishInterval"] = "00:00:00.200",
        };

        public IngestCounters Counters => Services.GetRequiredService<IngestCounters>();

        public int PortOf(string feed) => ((IPEndPoint)Services.GetRequiredService<AisIngestService>().Feed(feed).EndPoint!).Port;

        public override async ValueTask DisposeAsync()
        {
            Receiver.Stop();
            await base.DisposeAsync();
        }

        private static TcpListener StartReceiver()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return listener;
        }
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static string Capture(string relative) => Path.Combine(AppContext.BaseDirectory, "Ingest", "Corpus", relative);

    [Fact]
    public async Task A_max_rate_replay_over_TCP_stores_every_valid_position_and_fills_the_registry_and_the_live_picture()
    {
        var files = new[] { Capture("kystverket-norway/Ais1000Lines.nm4"), Capture("dma-aislib/stream_example.txt") };
        var oracles = files.Select(f => CaptureOracle.Of(f)).ToList();
        int expected = oracles.Sum(o => o.ExpectedRows);
        Assert.True(expected > 3000, $"corpus too small: {expected}");

        await using var hub = app.HubAs(MaritimeRoles.Operator, "BASARNAS-IDN");
        var live = new TaskCompletionSource<VesselPositionsUpdated>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<VesselPositionsUpdated>("vesselPositionsUpdated", e => live.TrySetResult(e));
        await hub.StartAsync();

        long rowsBefore = await app.ScalarAsync("SELECT count(*) FROM ais_positions");
        long persistedBefore = app.Counters.Persisted;
        foreach (var file in files)
        {
            int exit = await MaritimeCli.Build().Parse(["feed", "replay", file, "--tcp", $"127.0.0.1:{app.PortOf("push")}", "--rate", "max"]).InvokeAsync();
            Assert.Equal(0, exit);
        }

        await app.Counters.WhenPersistedAsync(persistedBefore + expected).WaitAsync(Timeout);
        Assert.Equal(rowsBefore + expected, await app.ScalarAsync("SELECT count(*) FROM ais_positions"));
        Assert.Equal(persistedBefore + expected, app.Counters.Persisted);

        // Partitions: one per UTC day of the captures (2019 tag-block times, 2010 $PGHP times).
        var partitions = await new AisPartitions(Npgsql.NpgsqlDataSource.Create(app.ConnectionString)).ListAsync(default);
        foreach (var day in oracles.SelectMany(o => o.Days).Distinct())
            Assert.Contains(AisPartitions.PartitionName(day), partitions);

        // Latest state: every vessel, at its newest time.
        var vessels = oracles.SelectMany(o => o.Vessels).Distinct().ToList();
        Assert.Equal(vessels.Count, await app.ScalarAsync($"SELECT count(*) FROM vessel_states WHERE mmsi IN ({string.Join(',', vessels)})"));
        var kyst = oracles[0];
        int sample = kyst.Vessels.First();
        long newestMs = await app.ScalarAsync($"SELECT (extract(epoch FROM observed_at) * 1000)::bigint FROM vessel_states WHERE mmsi = {sample}");
        Assert.Equal(kyst.NewestTimeOf(sample), newestMs);

        // Registry from types 5/24/19.
        Assert.True(await app.ScalarAsync($"SELECT count(*) FROM vessels WHERE mmsi IN ({string.Join(',', oracles.SelectMany(o => o.StaticVessels))})") > 0);
        Assert.True(await app.ScalarAsync("SELECT count(*) FROM vessels WHERE name IS NOT NULL AND (ship_type IS NOT NULL OR call_sign IS NOT NULL)") > 0);

        // Live picture: coalesced positions reached an operator through RabbitMQ and SignalR.
        var update = await live.Task.WaitAsync(Timeout);
        Assert.NotEmpty(update.Positions);
        Assert.Equal(update.Positions.Count, update.Positions.Select(p => p.Mmsi).Distinct().Count());
    }

    [Fact]
    public async Task A_corrupt_flood_is_counted_per_reason_and_the_listener_keeps_going()
    {
        var before = app.Counters.Snapshot();
        long persistedBefore = app.Counters.Persisted;
        var random = new Random(42);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, app.PortOf("push"));
        var stream = client.GetStream();
        var flood = new StringBuilder();
        for (int i = 0; i < 20_000; i++)
        {
            flood.Append((i % 5) switch
            {
                0 => "!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*FF\r\n",              // wrong checksum
                1 => "!AIVDM,2,2,7,B,p4l888888888880,2*" + Checksum("AIVDM,2,2,7,B,p4l888888888880,2") + "\r\n", // part 2 without part 1
                2 => "!AIVDM,1,1,,A,13u?etPv2;0n:dD\r\n",                                  // truncated
                3 => "!AIVDM,1,1,,A,13u?et,0*" + Checksum("AIVDM,1,1,,A,13u?et,0") + "\r\n", // too few bits for type 1
                // random bytes, without the sentence starts (! $ \\) and newlines so each one is exactly one corrupt line
                _ => new string(Enumerable.Range(0, 60).Select(_ => (char)random.Next(1, 256)).Where(c => c is not ('!' or '$' or '\\' or '\n')).ToArray()) + "\n",
            });
        }

        flood.Append(new string('x', 100_000)).Append('\n'); // no newline for 100 kB
        const string sentence = "AIVDM,1,1,,B,15MgK45P3@G?fl0E`JbR0OwT0@MS,0";
        var valid = "\\c:1700000000*" + Checksum("c:1700000000") + "\\!" + sentence + "*" + Checksum(sentence) + "\r\n";
        flood.Append(valid);
        var bytes = Encoding.Latin1.GetBytes(flood.ToString());
        await stream.WriteAsync(bytes);
        client.Client.Shutdown(SocketShutdown.Send);
        while (await stream.ReadAsync(new byte[16]) > 0) { }

        await app.Counters.WhenPersistedAsync(persistedBefore + 1).WaitAsync(Timeout);
        var after = app.Counters.Snapshot();
        long Delta(string reason) => after.Rejects.GetValueOrDefault(reason) - before.Rejects.GetValueOrDefault(reason);
        Assert.Equal(4000, Delta("BadChecksum"));
        Assert.Equal(4000, Delta("FragmentWithoutFirst"));
        Assert.Equal(4000, Delta("WrongBitCount"));
        Assert.Equal(1, Delta("LineTooLong"));
        Assert.True(Delta("MissingChecksum") + Delta("Malformed") >= 4000);
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM ais_positions WHERE observed_at = to_timestamp(1700000000)"));

        // The same counters through the meter and the stats endpoint.
        using var listener = new MeterListener();
        long meteredBadChecksum = 0;
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == IngestCounters.MeterName && instrument.Meter.Scope == factory) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "maritimecoord.ingest.rejected" && tags.ToArray().Any(t => t.Key == "reason" && (string?)t.Value == "BadChecksum"))
                meteredBadChecksum = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        Assert.Equal(after.Rejects["BadChecksum"], meteredBadChecksum);

        var stats = await app.ClientAs(MaritimeRoles.Operator, "BASARNAS-IDN").GetFromJsonAsync<JsonElement>("/api/ingest/stats");
        Assert.True(stats.GetProperty("ingestRole").GetBoolean());
        Assert.Equal(new string?[] { "frame", "decode", "validate", "order-dedup", "persist", "publish" },
            stats.GetProperty("stages").EnumerateArray().Select(s => s.GetString()).ToArray());
        Assert.True(stats.GetProperty("counters").GetProperty("rejects").GetProperty("BadChecksum").GetInt64() >= 4000);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/ingest/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(MaritimeRoles.Liaison, "BASARNAS-IDN").GetAsync("/api/ingest/stats")).StatusCode);
    }

    [Fact]
    public async Task Datagrams_on_the_UDP_feed_are_stored()
    {
        var file = Capture("pyais/nmea_data_sample.txt");
        var oracle = CaptureOracle.Of(file);
        long persistedBefore = app.Counters.Persisted;
        long rowsBefore = await app.ScalarAsync("SELECT count(*) FROM ais_positions");

        using var udp = new UdpClient();
        var target = new IPEndPoint(IPAddress.Loopback, app.PortOf("udp"));
        // A few lines per datagram, as forwarders send them; a quiet pause now and then keeps the kernel buffer
        // far from full (UDP has no back-pressure: see docs/ais-ingest.md).
        var lines = File.ReadAllLines(file);
        for (int i = 0; i < lines.Length; i += 4)
        {
            await udp.SendAsync(Encoding.Latin1.GetBytes(string.Join("\r\n", lines.Skip(i).Take(4)) + "\r\n"), target);
            if (i % 400 == 0) await Task.Yield();
        }

        await app.Counters.WhenPersistedAsync(persistedBefore + oracle.ExpectedRows).WaitAsync(Timeout);
        Assert.Equal(rowsBefore + oracle.ExpectedRows, await app.ScalarAsync("SELECT count(*) FROM ais_positions"));
    }

    [Fact]
    public async Task The_TCP_client_feed_polls_a_receiver_and_reconnects_when_it_drops()
    {
        var file = Capture("amsa-risky/nmea-timestamped.txt");
        var oracle = CaptureOracle.Of(file);
        var lines = File.ReadAllLines(file);
        int half = lines.Length / 2;
        long persistedBefore = app.Counters.Persisted;
        long rowsBefore = await app.ScalarAsync("SELECT count(*) FROM ais_positions");

        // The receiver serves the first half, drops the connection, and serves the rest when the feed reconnects.
        using (var first = await app.Receiver.AcceptTcpClientAsync().WaitAsync(Timeout))
            await first.GetStream().WriteAsync(Encoding.Latin1.GetBytes(string.Join("\r\n", lines.Take(half)) + "\r\n"));
        using (var second = await app.Receiver.AcceptTcpClientAsync().WaitAsync(Timeout))
        {
            await second.GetStream().WriteAsync(Encoding.Latin1.GetBytes(string.Join("\r\n", lines.Skip(half)) + "\r\n"));
            await app.Counters.WhenPersistedAsync(persistedBefore + oracle.ExpectedRows).WaitAsync(Timeout);
        }

        Assert.Equal(rowsBefore + oracle.ExpectedRows, await app.ScalarAsync("SELECT count(*) FROM ais_positions"));
    }

    private static string Checksum(string body)
    {
        int c = 0;
        foreach (char ch in body) c ^= ch;
        return c.ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
    }
}
