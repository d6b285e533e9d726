using MaritimeCoord.Server.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace MaritimeCoord.Server.Features.Drift;

/// <summary>
/// Live progress of a running drift run, pushed straight to the incident's hub group (<c>incident:ID</c>) and not
/// through the outbox: it is a transient figure sent every half second, superseded by the next one; numbering and
/// storing each in situation_events would fill the catch-up streams with values nobody needs later, and a client that
/// missed some reads the run's stored progress (GET …/drift-runs/{runId}). The outcome (<c>driftRunCompleted</c>) does
/// go through the outbox: it is numbered, durable and caught up after a reconnection.
/// </summary>
public sealed record DriftRunProgress(Guid IncidentId, Guid RunId, double Progress, int HoursStored, int Active, int Stranded, DateTimeOffset At)
{
    public const string EventName = "driftRunProgress";

    public static Task PushAsync(IHubContext<SituationHub> hub, DriftRunProgress progress, CancellationToken ct) =>
        hub.Clients.Group(SituationStreams.Incident(progress.IncidentId)).SendAsync(EventName, SituationStreams.Plain(progress), ct);
}
