using System.Text.Json;
using MassTransit;
using MaritimeCoord.Contracts.Detection;
using MaritimeCoord.Contracts.Drift;
using MaritimeCoord.Contracts.Incidents;
using MaritimeCoord.Contracts.Realtime;
using MaritimeCoord.Contracts.Responders;
using MaritimeCoord.Contracts.Search;
using MaritimeCoord.Contracts.Sightings;
using MaritimeCoord.Server.Outbox;
using Microsoft.AspNetCore.SignalR;

namespace MaritimeCoord.Server.Realtime;

/// <summary>
/// Bus → SignalR. One competing consumer per event across all nodes; the Redis backplane (when configured) carries
/// the push to clients connected to any node. An event from the outbox carries the numbers the commit trigger gave it
/// in each stream that may see it (header <see cref="SituationStreams.SequenceHeader"/>): it is pushed once per stream,
/// to the stream's group, with <c>stream</c> and <c>seq</c> added. Delivery here is at least once and may be out of
/// order (competing consumers): clients put events in order and fill holes with <c>CatchUp</c> (docs/realtime.md).
/// An event without numbers (published by something other than the outbox) goes to the centres it names, unnumbered.
/// </summary>
public sealed class SituationBroadcaster(IHubContext<SituationHub> hub) :
    IConsumer<SightingLogged>, IConsumer<IncidentOpened>, IConsumer<IncidentMarkedStale>,
    IConsumer<IncidentPhaseChanged>, IConsumer<IncidentHandoverChanged>, IConsumer<HandoverSuggested>, IConsumer<ResponderTasked>,
    IConsumer<DetectionEventRaised>, IConsumer<DetectionEventWithdrawn>, IConsumer<IncidentEscalated>,
    IConsumer<IncidentPersonsOnBoardChanged>, IConsumer<IncidentDistressIndicatorsChanged>, IConsumer<SitrepIssued>,
    IConsumer<IncidentsMerged>, IConsumer<SightingSplit>, IConsumer<DriftRunCompleted>,
    IConsumer<SearchPlanProposed>, IConsumer<SearchPlanIssued>, IConsumer<SearchResultRecorded>
{
    public Task Consume(ConsumeContext<SightingLogged> context) =>
        PushAsync(context, SituationEvents.SightingLogged, context.Message.NotifiedCentreCodes);

    public Task Consume(ConsumeContext<IncidentOpened> context) =>
        PushAsync(context, SituationEvents.IncidentOpened, context.Message.NotifiedCentreCodes);

    public Task Consume(ConsumeContext<IncidentMarkedStale> context) =>
        PushAsync(context, SituationEvents.IncidentMarkedStale, [context.Message.CoordinatingCentreCode]);

    public Task Consume(ConsumeContext<IncidentPhaseChanged> context) =>
        PushAsync(context, SituationEvents.IncidentPhaseChanged, context.Message.NotifiedCentreCodes);

    public Task Consume(ConsumeContext<IncidentPersonsOnBoardChanged> context) =>
        PushAsync(context, SituationEvents.IncidentPersonsOnBoardChanged, context.Message.NotifiedCentreCodes);

    public Task Consume(ConsumeContext<IncidentDistressIndicatorsChanged> context) =>
        PushAsync(context, SituationEvents.IncidentDistressIndicatorsChanged, context.Message.NotifiedCentreCodes);

    public Task Consume(ConsumeContext<SitrepIssued> context) =>
        PushAsync(context, SituationEvents.SitrepIssued, context.Message.NotifiedCentreCodes);

    public Task Consume(ConsumeContext<IncidentsMerged> context) =>
        PushAsync(context, SituationEvents.IncidentsMerged, context.Message.NotifiedCentreCodes);

    public Task Consume(ConsumeContext<SightingSplit> context) =>
        PushAsync(context, SituationEvents.SightingSplit, context.Message.NotifiedCentreCodes);

    // Both centres of a handover see every step (issue 4).
    public Task Consume(ConsumeContext<IncidentHandoverChanged> context) =>
        PushAsync(context, SituationEvents.IncidentHandoverChanged, [context.Message.FromCentreCode, context.Message.ToCentreCode]);

    public Task Consume(ConsumeContext<HandoverSuggested> context) =>
        PushAsync(context, SituationEvents.HandoverSuggested, [context.Message.CoordinatingCentreCode]);

    public Task Consume(ConsumeContext<ResponderTasked> context) =>
        PushAsync(context, SituationEvents.ResponderTasked, [context.Message.CoordinatingCentreCode]);

    public Task Consume(ConsumeContext<DriftRunCompleted> context) =>
        PushAsync(context, SituationEvents.DriftRunCompleted, [context.Message.CoordinatingCentreCode]);

    public Task Consume(ConsumeContext<SearchPlanProposed> context) =>
        PushAsync(context, SituationEvents.SearchPlanProposed, [context.Message.CoordinatingCentreCode]);

    public Task Consume(ConsumeContext<SearchPlanIssued> context) =>
        PushAsync(context, SituationEvents.SearchPlanIssued, [context.Message.CoordinatingCentreCode]);

    public Task Consume(ConsumeContext<SearchResultRecorded> context) =>
        PushAsync(context, SituationEvents.SearchResultRecorded, [context.Message.CoordinatingCentreCode]);

    // Detection events go to the centres whose region holds them (none: all-centres only).
    public Task Consume(ConsumeContext<DetectionEventRaised> context) =>
        PushAsync(context, SituationEvents.DetectionEventRaised, context.Message.NotifiedCentreCodes);

    public Task Consume(ConsumeContext<DetectionEventWithdrawn> context) =>
        PushAsync(context, SituationEvents.DetectionEventWithdrawn, context.Message.NotifiedCentreCodes);

    /// <summary>
    /// To every centre concerned (the coordinating one and its neighbours), and to the coordinating centre's
    /// supervisors as <c>supervisorEscalation</c>: the operators there did not acknowledge the distress in time.
    /// </summary>
    public async Task Consume(ConsumeContext<IncidentEscalated> context)
    {
        await PushAsync(context, SituationEvents.IncidentEscalated, context.Message.NotifiedCentreCodes);
        await hub.Clients.Group(SituationStreams.Supervisors(context.Message.CoordinatingCentreCode))
            .SendAsync(SituationEvents.SupervisorEscalation, SituationStreams.Plain(context.Message), context.CancellationToken);
    }

    private async Task PushAsync<T>(ConsumeContext<T> context, string method, IEnumerable<string> unnumberedCentres) where T : class
    {
        var ct = context.CancellationToken;
        if (context.Headers.Get<string>(SituationStreams.SequenceHeader) is not { Length: > 0 } header
            || JsonSerializer.Deserialize<List<StreamPosition>>(header, OutboxWriter.Json) is not { Count: > 0 } streams)
        {
            await hub.Clients.Groups([.. unnumberedCentres.Select(SituationStreams.Centre), SituationStreams.AllCentres])
                .SendAsync(method, SituationStreams.Plain(context.Message), ct);
            return;
        }

        var payload = JsonSerializer.SerializeToElement(context.Message, OutboxWriter.Json);
        foreach (var position in streams)
            await hub.Clients.Group(position.Stream).SendAsync(method, SituationStreams.Stamp(payload, position.Stream, position.LastSeq), ct);
    }
}
