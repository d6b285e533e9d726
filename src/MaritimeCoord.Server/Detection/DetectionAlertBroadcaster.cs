using MassTransit;
using MaritimeCoord.Contracts.Detection;
using MaritimeCoord.Server.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace MaritimeCoord.Server.Detection;

/// <summary>
/// Pushes alerts and handover reminders to the hub (a competing consumer like the situation broadcaster, so one node
/// pushes and the Redis backplane carries it to every node): an alert to the centres whose rules matched (bounded by
/// the matcher), a reminder to both centres of the offer. Admins watching all centres get both. Sent as camelCase
/// dictionaries (<see cref="SituationStreams.Plain{T}"/>) so MessagePack clients read the same names as JSON ones.
/// </summary>
public sealed class DetectionAlertBroadcaster(IHubContext<SituationHub> hub, Telemetry.ServerMetrics metrics) : IConsumer<DetectionAlertRaised>, IConsumer<HandoverOfferReminded>
{
    public const string DetectionAlert = "detectionAlert";
    public const string HandoverOfferReminder = "handoverOfferReminder";

    public Task Consume(ConsumeContext<DetectionAlertRaised> context) => PushAsync(context);

    public Task Consume(ConsumeContext<HandoverOfferReminded> context) => PushAsync(context);

    private Task PushAsync<T>(ConsumeContext<T> context) where T : class
    {
        var route = EventRoutes.For(typeof(T));
        metrics.HubMessage(route.EventName);
        return hub.Clients.Groups(Groups(EventRoutes.CentresOf(route, context.Message)))
            .SendAsync(route.EventName, SituationStreams.Plain(context.Message), context.CancellationToken);
    }

    private static List<string> Groups(IEnumerable<string> centres) =>
        [.. centres.Distinct(StringComparer.Ordinal).Select(SituationHub.CentreGroup), SituationHub.AllCentresGroup];
}
