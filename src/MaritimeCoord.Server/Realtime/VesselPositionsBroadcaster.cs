using MassTransit;
using MaritimeCoord.Contracts.Vessels;
using Microsoft.AspNetCore.SignalR;

namespace MaritimeCoord.Server.Realtime;

/// <summary>
/// Bus → SignalR for AIS positions: every connected operator and administrator gets every update (the hub only admits
/// those roles). Viewport filtering will narrow this (issue 5). Its own queue, so position traffic never delays
/// incident events.
/// </summary>
public sealed class VesselPositionsBroadcaster(IHubContext<SituationHub> hub) : IConsumer<VesselPositionsUpdated>
{
    public Task Consume(ConsumeContext<VesselPositionsUpdated> context) =>
        hub.Clients.All.SendAsync(SituationEvents.VesselPositionsUpdated, context.Message, context.CancellationToken);
}
