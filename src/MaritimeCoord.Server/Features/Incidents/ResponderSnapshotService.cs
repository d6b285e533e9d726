using MaritimeCoord.Persistence.Spatial;

namespace MaritimeCoord.Server.Features.Incidents;

/// <summary>
/// Keeps the snapshot of dead-reckoned positions of the nearest-responder search fresh (<see cref="ResponderSnapshot"/>;
/// docs/responders-performance.md, "Snapshot of dead-reckoned positions"): a refresh every
/// <c>Responders:Snapshot:IntervalSeconds</c> (60), and sooner (not within <see cref="MinEarlyGap"/> of the last) when a
/// request found no usable snapshot. A hosted service, not a Hangfire job: the search depends on it whether or not the
/// node runs jobs. Off with <c>Responders:Snapshot:Enabled=false</c> (the search then reads the fixes, still exact).
/// </summary>
public sealed class ResponderSnapshotService(ResponderSnapshot snapshot, TimeProvider clock, IConfiguration configuration, ILogger<ResponderSnapshotService> log)
    : BackgroundService
{
    /// <summary>An early refresh waits this long after the previous one (a bulk load keeps asking until it ends).</summary>
    public static readonly TimeSpan MinEarlyGap = TimeSpan.FromSeconds(10);

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
        var interval = TimeSpan.FromSeconds(configuration.GetValue("Responders:Snapshot:IntervalSeconds", 60.0));
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = clock.GetUtcNow();
            try
            {
                var refresh = await snapshot.RefreshAsync(started, stoppingToken);
                if (refresh.Refreshed)
                    log.LogInformation("Responder snapshot: {Fixes} fixes dead-reckoned to {At:O} in {Ms:F0} ms", refresh.Fixes, refresh.TakenAt,
                        (clock.GetUtcNow() - started).TotalMilliseconds);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The search stays exact without a snapshot (it reads the fixes): a failed refresh costs speed only.
                log.LogWarning(e, "Responder snapshot refresh failed; retrying at the next interval");
            }

            using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var due = Task.Delay(interval, clock, round.Token);
            var wanted = WantedAsync(started + MinEarlyGap, round.Token);
            await Task.WhenAny(due, wanted);
            await round.CancelAsync();
            try { await Task.WhenAll(due, wanted); }
            catch (OperationCanceledException) { }
        }
    }

    private async Task WantedAsync(DateTimeOffset notBefore, CancellationToken ct)
    {
        await _wanted.WaitAsync(ct);
        var wait = notBefore - clock.GetUtcNow();
        if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, ct);
    }

    public override void Dispose()
    {
        _wanted.Dispose();
        base.Dispose();
    }
}
