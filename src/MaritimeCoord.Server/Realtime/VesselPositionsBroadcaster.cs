using MassTransit;
using MaritimeCoord.Contracts.Vessels;

namespace MaritimeCoord.Server.Realtime;

/// <summary>
/// Bus → this node's live feeds. Unlike incident events this consumer is not competing: each node has its own queue
/// (MessagingSetup) and filters the positions for its own connections (<see cref="LiveVesselFeeds"/>). Its own queue,
/// so position traffic never delays incident events.
/// </summary>
public sealed class VesselPositionsBroadcaster(LiveVesselFeeds feeds) : IConsumer<VesselPositionsUpdated>
{
    public Task Consume(ConsumeContext<VesselPositionsUpdated> context)
    {
        feeds.Publish(context.Message);
        return Task.CompletedTask;
    }
}
