using MaritimeCoord.Domain.Responders;
using MaritimeCoord.Persistence.Spatial;

namespace MaritimeCoord.Server.Features.Incidents;

/// <summary>
/// Keeps the snapshot of dead-reckoned positions of the nearest-responder search usable (<see cref="ResponderSnapshot"/>;
/// docs/responders-performance.md, "When the snapshot is rebuilt"): every <see cref="SnapshotRefreshRule.MinGap"/> it
/// reads the snapshot's age and the fixes written or deleted since (an index probe), and rebuilds it when the
/// <see cref="SnapshotRefreshRule"/> says so, or as soon as the gap allows when a request found no usable snapshot.
/// Settings: <c>Responders:Snapshot:MaxAgeSeconds</c> (240), <c>Responders:Snapshot:MaxWritesSince</c> (500). A hosted
/// service, not a Hangfire job: the search depends on it whether or not the node runs jobs. Off with
/// <c>Responders:Snapshot:Enabled=false</c> (the search then reads the fixes, still exact).
/// </summary>
public sealed class ResponderSnapshotService(ResponderSnapshot snapshot, TimeProvider clock, IConfiguration configuration, ILogger<ResponderSnapshotService> log)
    : BackgroundService
{
    private readonly SemaphoreSlim _wanted = new(0, 1);

    /// <summary>Asks for a refresh now (a request found the snapshot missing, too old or too far behind). Cheap; never blocks.</summary>
    public void Want()
    {
        if (_wanted.CurrentCount > 0) return;
        try { _wanted.Release(); }
        catch (SemaphoreFullException) { }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Responders:Snapshot:Enabled", true)) return;
        var defaults = SnapshotRefreshRule.Default;
        var rule = defaults with
        {
            MaxAge = TimeSpan.FromSeconds(configuration.GetValue("Responders:Snapshot:MaxAgeSeconds", defaults.MaxAge.TotalSeconds)),
            MaxWritesSince = configuration.GetValue("Responders:Snapshot:MaxWritesSince", defaults.MaxWritesSince),
        };
        DateTimeOffset? lastStarted = null;
        var wanted = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow();
                var (takenAt, writesSince) = await snapshot.StatusAsync(rule.MaxWritesSince, stoppingToken);
                if (rule.IsDue(now, takenAt, writesSince, lastStarted, wanted))
                {
                    lastStarted = now;
                    wanted = false;
                    var refresh = await snapshot.RefreshAsync(now, stoppingToken);
                    if (refresh.Refreshed)
                        log.LogInformation("Responder snapshot: {Fixes} fixes dead-reckoned to {At:O} in {Ms:F0} ms ({Writes} written or deleted since the previous one)",
                            refresh.Fixes, refresh.TakenAt, (clock.GetUtcNow() - now).TotalMilliseconds, writesSince);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The search stays exact without a snapshot (it reads the fixes): a failed refresh costs speed only.
                log.LogWarning(e, "Responder snapshot check or refresh failed; retrying at the next check");
            }

            if (wanted)
            {
                // Asked for, but within the gap: rebuild once it has passed, without waking for every request that asks meanwhile.
                var rest = rule.MinGap - (clock.GetUtcNow() - (lastStarted ?? DateTimeOffset.MinValue));
                try { await Task.Delay(rest > TimeSpan.Zero ? rest : TimeSpan.Zero, clock, stoppingToken); }
                catch (OperationCanceledException) { return; }
                continue;
            }
            // Next check after the gap, or at once when a request asks.
            using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var due = Task.Delay(rule.MinGap, clock, round.Token);
            var asked = _wanted.WaitAsync(round.Token);
            await Task.WhenAny(due, asked);
            await round.CancelAsync();
            try { await Task.WhenAll(due, asked); }
            catch (OperationCanceledException) { }
            if (asked.IsCompletedSuccessfully) wanted = true;
        }
    }

    public override void Dispose()
    {
        _wanted.Dispose();
        base.Dispose();
    }
}
