using MassTransit;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Contracts.Realtime;
using MaritimeCoord.Contracts.Vessels;
using MaritimeCoord.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.IntegrationTests.Realtime;

/// <summary>
/// AIS positions filtered on the server to each client's viewport (antimeridian included) and coalesced per vessel:
/// positions are published on the real bus (RabbitMQ) as ingest does, clients connect over real WebSockets.
/// </summary>
[Collection(RealtimeCollection.Name)]
public sealed class LiveVesselFeedTests(RealtimeApp app)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private sealed class Received
    {
        private readonly List<(LiveVesselPosition Position, VesselPositionsBatch Batch)> _all = [];

        public void Listen(HubConnection hub) =>
            hub.On<VesselPositionsBatch>("vesselPositionsUpdated", b => { lock (_all) foreach (var p in b.Positions) _all.Add((p, b)); });

        public List<(LiveVesselPosition Position, VesselPositionsBatch Batch)> Of(int mmsi) { lock (_all) return [.. _all.Where(x => x.Position.Mmsi == mmsi)]; }

        public List<int> Mmsis(int from, int to) { lock (_all) return [.. _all.Select(x => x.Position.Mmsi).Where(m => m >= from && m <= to).Distinct().Order()]; }
    }

    private static VesselPosition At(int mmsi, double lat, double lon, DateTimeOffset observed) =>
        new(mmsi, observed, lat, lon, 10.0, 90.0, 90, 0, 1);

    private Task PublishAsync(DateTimeOffset acceptedAt, params VesselPosition[] positions) =>
        app.Services.GetRequiredService<IBus>().Publish(new VesselPositionsUpdated(positions, "test-node", DateTimeOffset.UtcNow, acceptedAt));

    private static Task WaitUntilAsync(Func<bool> condition, string what) => Quiescence.UntilAsync(condition, what, Timeout);

    [Fact]
    public async Task Each_client_receives_only_the_vessels_inside_its_viewport_including_one_across_the_antimeridian()
    {
        await using var fiji = app.Hub(MaritimeRoles.Operator, "JRCC-AUS");
        await using var bali = app.Hub(MaritimeRoles.Operator, "BASARNAS-IDN", messagePack: true);
        await using var world = app.Hub(MaritimeRoles.Admin, null);
        var fijiGot = new Received(); fijiGot.Listen(fiji);
        var baliGot = new Received(); baliGot.Listen(bali);
        var worldGot = new Received(); worldGot.Listen(world);
        await Task.WhenAll(fiji.StartAsync(), bali.StartAsync(), world.StartAsync());
        await fiji.InvokeAsync("SetViewport", 170.0, -25.0, -170.0, 0.0, 6.0); // across the antimeridian
        await bali.InvokeAsync("SetViewport", 113.0, -10.0, 117.0, -6.0, 8.0);

        var now = DateTimeOffset.UtcNow;
        const int suva = 900_000_001, apia = 900_000_002, balis = 900_000_003, atlantic = 900_000_004;
        await PublishAsync(now, At(suva, -17.7, 178.4, now), At(apia, -13.8, -171.8, now), At(balis, -8.2, 114.5, now), At(atlantic, -17.7, -30.0, now));

        await WaitUntilAsync(() => worldGot.Mmsis(suva, atlantic).Count == 4, "the unfiltered client gets all four");
        await WaitUntilAsync(() => fijiGot.Mmsis(suva, atlantic).Count >= 2 && baliGot.Mmsis(suva, atlantic).Count >= 1, "filtered clients get theirs");
        // Anything wrongly routed has arrived once the feeds are drained.
        foreach (var client in new[] { fiji, bali, world }) await Quiescence.LiveFeedsDrainedAsync(app.Services, client);
        Assert.Equal([suva, apia], fijiGot.Mmsis(suva, atlantic));
        Assert.Equal([balis], baliGot.Mmsis(suva, atlantic)); // over MessagePack
        var viaMessagePack = Assert.Single(baliGot.Of(balis));
        Assert.Equal(-8.2, viaMessagePack.Position.Latitude, 6);
        Assert.Equal(now.UtcDateTime, viaMessagePack.Position.ObservedAt, TimeSpan.FromMilliseconds(1));
        Assert.NotNull(viaMessagePack.Batch.AcceptedAt);

        // Panning: the Bali client moves to Fiji and from then on gets Fiji's vessels only.
        await bali.InvokeAsync("SetViewport", 175.0, -20.0, -175.0, -15.0, 7.0);
        var later = now.AddSeconds(10);
        await PublishAsync(later, At(suva + 10, -17.7, 178.4, later), At(balis + 10, -8.2, 114.5, later));
        await WaitUntilAsync(() => baliGot.Mmsis(suva + 10, suva + 10).Count == 1, "the panned client gets Suva");
        await Quiescence.LiveFeedsDrainedAsync(app.Services, bali);
        Assert.Empty(baliGot.Mmsis(balis + 10, balis + 10));
    }

    [Fact]
    public async Task A_vessel_reporting_faster_than_the_interval_reaches_a_client_at_most_once_per_interval_newest_first()
    {
        await using var hub = app.Hub(MaritimeRoles.Operator, "BASARNAS-IDN");
        var got = new Received(); got.Listen(hub);
        await hub.StartAsync();
        await hub.InvokeAsync("SetViewport", 100.0, -20.0, 130.0, 0.0, 5.0);

        const int mmsi = 900_000_100;
        var t0 = DateTimeOffset.UtcNow;
        // The first report goes at once (the feeds' clock has not moved).
        await PublishAsync(t0, At(mmsi, -8.0, 114.0, t0));
        await WaitUntilAsync(() => got.Of(mmsi).Count == 1, "the first update of the vessel");

        // Five more 200 ms apart, within the 3 s interval: they wait, coalesced to the newest.
        var feeds = app.Services.GetRequiredService<Server.Realtime.LiveVesselFeeds>();
        await PublishAsync(t0, [.. Enumerable.Range(1, 5).Select(i => At(mmsi, -8.0 - i * 0.001, 114.0, t0.AddMilliseconds(200 * i)))]);
        await WaitUntilAsync(() => !feeds.Idle, "the later reports are held back by the interval");
        await hub.InvokeAsync<IReadOnlyList<StreamPosition>>("GetStreams");
        Assert.Single(got.Of(mmsi));

        // One interval later the next flush tick sends the newest of them, and nothing else follows.
        app.FeedClock.Advance(TimeSpan.FromSeconds(3));
        await WaitUntilAsync(() => got.Of(mmsi).Count >= 2, "the second update of the vessel");
        await Quiescence.LiveFeedsDrainedAsync(app.Services, hub);
        var updates = got.Of(mmsi);
        Assert.Equal(2, updates.Count);
        Assert.Equal(-8.0, updates[0].Position.Latitude, 6);
        Assert.Equal(-8.005, updates[1].Position.Latitude, 6);
        Assert.Equal(TimeSpan.FromSeconds(3), updates[1].Batch.SentAt - updates[0].Batch.SentAt);
    }

    [Theory]
    [InlineData(120.0, 10.0, 130.0, 0.0, 5.0, "south")]   // min > max
    [InlineData(-200.0, -10.0, 130.0, 0.0, 5.0, "west")]
    [InlineData(100.0, -10.0, 130.0, 95.0, 5.0, "north")]
    [InlineData(100.0, -10.0, 130.0, 0.0, 30.0, "zoom")]
    public async Task A_bad_viewport_is_refused_naming_the_field(double west, double south, double east, double north, double zoom, string field)
    {
        await using var hub = app.Hub(MaritimeRoles.Operator, "BASARNAS-IDN");
        await hub.StartAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SetViewport", west, south, east, north, zoom));
        Assert.Contains(field + ":", refused.Message, StringComparison.Ordinal);
    }
}
