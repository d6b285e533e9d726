using MassTransit;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Contracts.Realtime;
using MaritimeCoord.Contracts.Vessels;
using MaritimeCoord.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.IntegrationTests.Realtime;

/// <summary>
/// A position event is sent to the clients as soon as it is sorted into their feeds, not at the next flush tick: with
/// the tick set to ten minutes, the position still arrives at once (real RabbitMQ, real WebSockets).
/// </summary>
public sealed class LiveVesselFeedSendOnEventTests(LiveVesselFeedSendOnEventTests.App app) : IClassFixture<LiveVesselFeedSendOnEventTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool RealKestrel => true;

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Realtime:FlushInterval"] = "00:10:00",
        };
    }

    [Fact]
    public async Task A_position_event_reaches_the_client_without_waiting_for_the_flush_tick()
    {
        await using var hub = app.Hub(MaritimeRoles.Operator, "BASARNAS-IDN", messagePack: true);
        var arrived = new TaskCompletionSource<VesselPositionsBatch>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<VesselPositionsBatch>("vesselPositionsUpdated", b => { if (b.Positions.Any(p => p.Mmsi == 900_000_201)) arrived.TrySetResult(b); });
        await hub.StartAsync();
        await hub.InvokeAsync("SetViewport", 110.0, -12.0, 120.0, -5.0, 7.0);

        var now = DateTimeOffset.UtcNow;
        await app.Services.GetRequiredService<IBus>().Publish(new VesselPositionsUpdated(
            [new VesselPosition(900_000_201, now, -8.3, 115.2, 6.5, 45.0, 44, 0, 1)], "test-node", now, now));

        // Ten minutes is the tick; a minute covers a slow CI machine with room to spare and still proves the event sent it.
        var batch = await arrived.Task.WaitAsync(TimeSpan.FromMinutes(1));
        var position = Assert.Single(batch.Positions);
        Assert.Equal(-8.3, position.Latitude, 6);
        Assert.Equal(now.UtcDateTime, batch.AcceptedAt!.Value, TimeSpan.FromMilliseconds(1));
    }
}
