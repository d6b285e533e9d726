using MassTransit;
using MaritimeCoord.Contracts.Intake;
using MaritimeCoord.Server.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace MaritimeCoord.Server.Features.Intake;

/// <summary>
/// Pushes <see cref="IntakeReviewChanged"/> to the receiving centre's group (and admins watching all centres), so the
/// console's "Held reports" panel refreshes live. Unnumbered like alerts: after a reconnect the panel fetches the list.
/// </summary>
public sealed class IntakeReviewBroadcaster(IHubContext<SituationHub> hub, Telemetry.ServerMetrics metrics) : IConsumer<IntakeReviewChanged>
{
    public const string EventName = "intakeReviewChanged";

    public Task Consume(ConsumeContext<IntakeReviewChanged> context)
    {
        var route = EventRoutes.For(typeof(IntakeReviewChanged));
        metrics.HubMessage(route.EventName);
        List<string> groups = [.. EventRoutes.CentresOf(route, context.Message).Select(SituationHub.CentreGroup), SituationHub.AllCentresGroup];
        return hub.Clients.Groups(groups).SendAsync(route.EventName, SituationStreams.Plain(context.Message), context.CancellationToken);
    }
}
