using System.Diagnostics.Metrics;
using MaritimeCoord.Server.Realtime;

namespace MaritimeCoord.Server.Telemetry;

/// <summary>
/// The server's own instruments (meter <see cref="MeterName"/>), beside the ingest meter (IngestCounters) and what
/// ASP.NET Core, SignalR, Npgsql and MassTransit report themselves. What an operator alerts on: docs/operations.md.
/// </summary>
public sealed class ServerMetrics
{
    public const string MeterName = "MaritimeCoord.Server";

    private readonly Counter<long> _hubMessages;
    private readonly Counter<long> _detectorRuns;
    private readonly Histogram<double> _detectorRunDuration;
    private readonly Histogram<double> _outboxLag;
    private long _oldestPendingTicks; // created_at of the oldest row the dispatcher last claimed and has not published; 0 when none
    private readonly TimeProvider _clock;

    public ServerMetrics(IMeterFactory meters, IServiceProvider services, TimeProvider clock)
    {
        _clock = clock;
        var meter = meters.Create(MeterName);
        _hubMessages = meter.CreateCounter<long>("maritimecoord.hub.messages", "{message}",
            "Messages pushed to hub clients, by event (a numbered event once per stream; a position batch once per client)");
        _detectorRuns = meter.CreateCounter<long>("maritimecoord.detector.runs", "{run}", "Runs of the run-detectors job, by outcome");
        _detectorRunDuration = meter.CreateHistogram<double>("maritimecoord.detector.run.duration", "s", "Duration of a run of the detectors");
        _outboxLag = meter.CreateHistogram<double>("maritimecoord.outbox.lag", "s",
            "From an event's commit (outbox row written) to the broker's confirmation of its publish");
        // Resolved when observed, not in the constructor: the feeds record into this class too.
        meter.CreateObservableGauge("maritimecoord.hub.connections", () => services.GetRequiredService<LiveVesselFeeds>().Connections,
            "{connection}", "Clients connected to this node's situation hub");
        meter.CreateObservableGauge("maritimecoord.outbox.oldest_pending_age", OldestPendingAge, "s",
            "Age of the oldest event the dispatcher has claimed and not yet published (0 when it is caught up)");
    }

    public void HubMessage(string eventName, long count = 1) => _hubMessages.Add(count, new KeyValuePair<string, object?>("event", eventName));

    public void DetectorRun(TimeSpan duration, bool succeeded)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", succeeded ? "success" : "failure");
        _detectorRuns.Add(1, outcome);
        _detectorRunDuration.Record(duration.TotalSeconds, outcome);
    }

    /// <summary>The dispatcher claimed a batch whose oldest row was written at <paramref name="oldestCreatedAt"/> (null: nothing pending).</summary>
    public void OutboxClaimed(DateTimeOffset? oldestCreatedAt) =>
        Interlocked.Exchange(ref _oldestPendingTicks, oldestCreatedAt?.UtcTicks ?? 0);

    public void OutboxPublished(DateTimeOffset createdAt) => _outboxLag.Record(Math.Max(0, (_clock.GetUtcNow() - createdAt).TotalSeconds));

    private double OldestPendingAge()
    {
        var ticks = Interlocked.Read(ref _oldestPendingTicks);
        return ticks == 0 ? 0 : Math.Max(0, (_clock.GetUtcNow().UtcTicks - ticks) / (double)TimeSpan.TicksPerSecond);
    }
}
