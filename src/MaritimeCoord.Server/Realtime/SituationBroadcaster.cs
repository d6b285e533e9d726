using MassTransit;
using MaritimeCoord.Contracts.Detection;
using MaritimeCoord.Contracts.Incidents;
using MaritimeCoord.Contracts.Responders;
using MaritimeCoord.Contracts.Sightings;
using Microsoft.AspNetCore.SignalR;

namespace MaritimeCoord.Server.Realtime;

/// <summary>
/// Bus → SignalR. One competing consumer per event across all nodes; the Redis backplane (when configured) carries
/// the push to clients connected to any node.
/// </summary>
public sealed class SituationBroadcaster(IHubContext<SituationHub> hub) :
    IConsumer<SightingLogged>, IConsumer<IncidentOpened>, IConsumer<IncidentMarkedStale>,
    IConsumer<IncidentPhaseChanged>, IConsumer<IncidentHandoverChanged>, IConsumer<HandoverSuggested>, IConsumer<ResponderTasked>,
    IConsumer<DetectionEventRaised>, IConsumer<DetectionEventWithdrawn>, IConsumer<IncidentEscalated>
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

    public Task Consume(ConsumeContext<IncidentPhaseChanged> context) =>
        hub.Clients.Groups(Groups(context.Message.NotifiedCentreCodes))
            .SendAsync(SituationEvents.IncidentPhaseChanged, context.Message, context.CancellationToken);

    // Both centres of a handover see every step (issue 4).
    public Task Consume(ConsumeContext<IncidentHandoverChanged> context) =>
        hub.Clients.Groups(Groups([context.Message.FromCentreCode, context.Message.ToCentreCode]))
            .SendAsync(SituationEvents.IncidentHandoverChanged, context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<HandoverSuggested> context) =>
        hub.Clients.Groups(Groups([context.Message.CoordinatingCentreCode]))
            .SendAsync(SituationEvents.HandoverSuggested, context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<ResponderTasked> context) =>
        hub.Clients.Groups(Groups([context.Message.CoordinatingCentreCode]))
            .SendAsync(SituationEvents.ResponderTasked, context.Message, context.CancellationToken);

    // Detection events go to the centres whose region holds them (none: all-centres only).
    public Task Consume(ConsumeContext<DetectionEventRaised> context) =>
        hub.Clients.Groups(Groups(context.Message.NotifiedCentreCodes))
            .SendAsync(SituationEvents.DetectionEventRaised, context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<DetectionEventWithdrawn> context) =>
        hub.Clients.Groups(Groups(context.Message.NotifiedCentreCodes))
            .SendAsync(SituationEvents.DetectionEventWithdrawn, context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<IncidentEscalated> context) =>
        hub.Clients.Groups(Groups(context.Message.NotifiedCentreCodes))
            .SendAsync(SituationEvents.IncidentEscalated, context.Message, context.CancellationToken);

    private static List<string> Groups(IEnumerable<string> centres) =>
        [.. centres.Select(SituationHub.CentreGroup), SituationHub.AllCentresGroup];
}
