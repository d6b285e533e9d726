using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MaritimeCoord.Cli.Scenarios;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Contracts.Realtime;
using MaritimeCoord.Domain.Vessels;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Ingest;
using MaritimeCoord.Server.Realtime;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.IntegrationTests.Realtime;

/// <summary>
/// The current picture on connect and on pan: AIS lines go through the real ingest (TCP feed, decoder, PostGIS,
/// RabbitMQ); once the live traffic is over, a client that connects and sets a viewport, pans, or reloads receives the
/// stored vessels of the area from <c>vessel_states</c> without any new report, none silent past the hide threshold.
/// </summary>
public sealed class CurrentPictureTests(CurrentPictureTests.App app) : IClassFixture<CurrentPictureTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool RealKestrel => true;

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Server:Ingest"] = "true",
            ["Ingest:Feeds:0:Name"] = "push", ["Ingest:Feeds:0:Kind"] = "TcpServer", ["Ingest:Feeds:0:Host"] = "127.0.0.1", ["Ingest:Feeds:0:Port"] = "0",
            ["Ingest:PublishInterval"] = "00:00:00.200",
            ["Realtime:VesselUpdateInterval"] = "00:00:00.500",
            ["Realtime:FlushInterval"] = "00:00:00.100",
        };

        /// <summary>Set once the class's vessels are ingested (tests in a class run one at a time).</summary>
        public bool Ingested { get; set; }

        public int FeedPort => ((IPEndPoint)Services.GetRequiredService<AisIngestService>().Feed("push").EndPoint!).Port;

    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // Bali Strait and around Fiji (either side of the antimeridian); one far away; each class of test its own MMSIs.
    private static readonly (int Mmsi, double Lat, double Lon)[] Bali = [(525_000_001, -8.20, 114.45), (525_000_002, -8.50, 114.90), (525_000_003, -7.90, 115.20)];
    private static readonly (int Mmsi, double Lat, double Lon)[] Fiji = [(520_000_001, -17.70, 178.40), (520_000_002, -18.10, -179.60)];
    private const int Atlantic = 235_000_001;
    private const int BaliSilentSevenHours = 525_000_009;

    private static readonly HashSet<int> Ours = [.. Bali.Concat(Fiji).Select(v => v.Mmsi), Atlantic, BaliSilentSevenHours];

    private sealed class Received
    {
        private readonly List<(LiveVesselPosition Position, VesselPositionsBatch Batch)> _all = [];

        public void Listen(HubConnection hub) =>
            hub.On<VesselPositionsBatch>("vesselPositionsUpdated", b => { lock (_all) foreach (var p in b.Positions) _all.Add((p, b)); });

        // Only this class's vessels, though each test host has its own exchanges (Messaging:EndpointPrefix).
        public HashSet<int> Mmsis { get { lock (_all) return [.. _all.Select(x => x.Position.Mmsi).Where(Ours.Contains)]; } }

        public int Count { get { lock (_all) return _all.Count(x => Ours.Contains(x.Position.Mmsi)); } }

        public List<(LiveVesselPosition Position, VesselPositionsBatch Batch)> Of(int mmsi) { lock (_all) return [.. _all.Where(x => x.Position.Mmsi == mmsi)]; }
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => Quiescence.UntilAsync(condition, what, Timeout);

    private static string Line(int mmsi, double lat, double lon, DateTimeOffset at) =>
        AivdmEncoder.PositionReport(new PositionReport(mmsi, at.ToUnixTimeMilliseconds(), 1, lon, lat, 0.1f, 45f, 45, 1, (ulong)mmsi * 31 + (ulong)at.ToUnixTimeMilliseconds()));

    /// <summary>
    /// Feeds the vessels through ingest, waits until they are stored and until a world-watching client has received
    /// their live positions: after that no live traffic is left that could stand in for the current picture.
    /// </summary>
    private async Task IngestOnceAsync()
    {
        if (app.Ingested) return;
        await using var witness = app.Hub(MaritimeRoles.Admin, null);
        var witnessed = new Received(); witnessed.Listen(witness);
        await witness.StartAsync();

        var now = DateTimeOffset.UtcNow;
        var lines = new StringBuilder();
        // Class A at anchor reports every 3 minutes: each vessel's last report was a minute or more ago.
        foreach (var (mmsi, lat, lon) in Bali.Concat(Fiji)) lines.Append(Line(mmsi, lat, lon, now.AddMinutes(-1).AddSeconds(mmsi % 7))).Append("\r\n");
        lines.Append(Line(Atlantic, 10.0, -30.0, now.AddMinutes(-2))).Append("\r\n");
        lines.Append(Line(BaliSilentSevenHours, -8.30, 114.60, now.AddHours(-7))).Append("\r\n");
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, app.FeedPort);
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(lines.ToString()));
        }

        var all = Bali.Concat(Fiji).Select(v => v.Mmsi).Append(Atlantic).Append(BaliSilentSevenHours).ToList();
        var inList = string.Join(',', all.Select(m => m.ToString(CultureInfo.InvariantCulture)));
        await Quiescence.UntilAsync(async () => await app.ScalarAsync($"SELECT count(*) FROM vessel_states WHERE mmsi IN ({inList})") == all.Count,
            "ingest stored the vessels", Timeout);

        await WaitUntilAsync(() => all.All(witnessed.Mmsis.Contains), "the live positions of every vessel reached the witness");
        await Quiescence.LiveFeedsDrainedAsync(app.Services, witness);
        app.Ingested = true;
    }

    [Fact]
    public async Task A_client_receives_the_stored_vessels_of_its_viewport_on_connect_and_of_the_new_area_on_pan_without_new_reports()
    {
        await IngestOnceAsync();
        await using var hub = app.Hub(MaritimeRoles.Operator, "BASARNAS-IDN", messagePack: true);
        var got = new Received(); got.Listen(hub);
        await hub.StartAsync();

        // Connect and look at Bali: its three fresh vessels arrive from the stored picture; the one silent for 7 hours
        // (the console hides it after 6) and those elsewhere do not.
        await hub.InvokeAsync("SetViewport", 113.0, -10.0, 117.0, -6.0, 8.0);
        await WaitUntilAsync(() => Bali.All(v => got.Mmsis.Contains(v.Mmsi)), "Bali's stored vessels");
        await Quiescence.LiveFeedsDrainedAsync(app.Services, hub); // anything wrongly sent has arrived by now
        Assert.Equal(Bali.Select(v => v.Mmsi).Order(), got.Mmsis.Order());
        var stored = Assert.Single(got.Of(Bali[0].Mmsi));
        Assert.Equal(Bali[0].Lat, stored.Position.Latitude, 4);
        Assert.Equal(Bali[0].Lon, stored.Position.Longitude, 4);
        Assert.Equal(1, stored.Position.MessageType);
        Assert.Equal(1, stored.Position.NavigationalStatus);
        Assert.True(DateTime.UtcNow - stored.Position.ObservedAt > TimeSpan.FromSeconds(50), "the stored report's own time, not now");
        Assert.Null(stored.Batch.AcceptedAt); // stored states carry no acceptance time: they never count as delivery latency

        // Pan to Fiji across the antimeridian: both of its vessels, either side of 180°, and nothing sent twice.
        await hub.InvokeAsync("SetViewport", 175.0, -20.0, -175.0, -15.0, 7.0);
        await WaitUntilAsync(() => Fiji.All(v => got.Mmsis.Contains(v.Mmsi)), "Fiji's stored vessels after the pan");
        await Quiescence.LiveFeedsDrainedAsync(app.Services, hub);
        Assert.Equal(Bali.Concat(Fiji).Select(v => v.Mmsi).Order(), got.Mmsis.Order());
        Assert.DoesNotContain(Atlantic, got.Mmsis);
        Assert.DoesNotContain(BaliSilentSevenHours, got.Mmsis);

        // Zooming in on what is already shown reads and sends nothing.
        var before = got.Count;
        await hub.InvokeAsync("SetViewport", 177.0, -19.0, -178.0, -16.0, 9.0);
        await Quiescence.LiveFeedsDrainedAsync(app.Services, hub);
        Assert.Equal(before, got.Count);
    }

    [Fact]
    public async Task After_a_reload_a_new_connection_gets_the_picture_again_and_a_bad_viewport_is_still_refused()
    {
        await IngestOnceAsync();
        foreach (var messagePack in new[] { false, true })
        {
            await using var hub = app.Hub(MaritimeRoles.Operator, "JRCC-AUS", messagePack);
            var got = new Received(); got.Listen(hub);
            await hub.StartAsync();
            var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SetViewport", 175.0, -10.0, -175.0, -20.0, 7.0));
            Assert.Contains("south:", refused.Message, StringComparison.Ordinal);
            await hub.InvokeAsync("SetViewport", 170.0, -25.0, -170.0, 0.0, 6.0);
            await WaitUntilAsync(() => Fiji.All(v => got.Mmsis.Contains(v.Mmsi)), $"Fiji's stored vessels (messagePack {messagePack})");
            await Quiescence.LiveFeedsDrainedAsync(app.Services, hub);
            Assert.Equal(Fiji.Select(v => v.Mmsi).Order(), got.Mmsis.Order());
        }

        Assert.True(app.Services.GetRequiredService<LiveVesselFeeds>().StoredStatesQueued >= 4);
        Assert.Equal(0, app.Services.GetRequiredService<CurrentPictureSender>().Failures);
    }
}
