using MassTransit;
using MaritimeCoord.Contracts.Incidents;
using MaritimeCoord.Contracts.Sightings;
using Microsoft.AspNetCore.SignalR;

namespace MaritimeCoord.Server.Realtime;

/// <summary>
/// Bus → SignalR. One competing consumer per event across all nodes; the Redis backplane (when configured) carries
/// the push to clients connected to any node.
/// </summary>
public sealed class SituationBroadcaster(IHubContext<SituationHub> hub) :
    IConsumer<SightingLogged>, IConsumer<IncidentOpened>, IConsumer<IncidentMarkedStale>
{
    public Task Consume(ConsumeContext<SightingLogged> context) =>
        hub.Clients.Groups(Groups(context.Message.NotifiedCentreCodes))
            .SendAsync(SituationEvents.SightingLogged, context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<IncidentOpened> context) =>
        hub.Clients.Groups(Groups(context.Message.NotifiedCentreCodes))
            .SendAsync(SituationEvents.IncidentOpened, context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<IncidentMarkedStale> context) =>
        hub.Clients.Groups(Groups([context.Message.CoordinatingCentreCode]))
            .SendAsync(SituationEvents.IncidentMarkedStale, context.Message, context.CancellationToken);

    private static List<string> Groups(IEnumerable<string> centres) =>
        [.. centres.Select(SituationHub.CentreGroup), SituationHub.AllCentresGroup];
}
