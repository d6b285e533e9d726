using Hangfire;
using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Features.Drift;

/// <summary>
/// Finishes or fails drift runs a crash interrupted, so none stays "running" forever: a running run whose worker has
/// not beaten for <see cref="DriftOptions.StaleAfter"/> is queued again (the job re-claims it atomically) until it has
/// been tried <see cref="DriftOptions.MaxAttempts"/> times, then marked failed; a queued run no worker has taken for as
/// long (its enqueue lost in the crash) is enqueued again. Runs every minute and once at startup.
/// </summary>
public sealed class DriftRunSweepJob(MaritimeDbContext db, DriftRunJob runs, IServiceProvider services, TimeProvider clock, IOptions<DriftOptions> options,
    ILogger<DriftRunSweepJob> log)
{
    public const string Id = "sweep-drift-runs";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 3)]
    public async Task<(int Requeued, int Failed)> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var stale = now - options.Value.StaleAfter;
        var rows = await db.Database.SqlQuery<StaleRow>($"""
            SELECT id, incident_id, status, attempts FROM drift_runs
            WHERE (status = 'running' AND heartbeat_at < {stale}) OR (status = 'queued' AND COALESCE(heartbeat_at, created_at) < {stale})
            ORDER BY created_at LIMIT 100
            """).ToListAsync(ct);
        int requeued = 0, failed = 0;
        foreach (var row in rows)
        {
            if (row.Status == "running" && row.Attempts >= options.Value.MaxAttempts)
            {
                var incident = await db.Incidents.AsNoTracking().SingleAsync(i => i.Id == row.IncidentId, ct);
                await runs.MarkFailedAsync(row.Id, incident,
                    $"Interrupted {row.Attempts} times (the server stopped while it ran); not run again. Start a new run.", ct);
                failed++;
                continue;
            }
            // Back to queued, with a fresh heartbeat so the next sweep waits again before touching it.
            var changed = await db.Database.ExecuteSqlAsync($"""
                UPDATE drift_runs SET status = 'queued', heartbeat_at = {now}
                WHERE id = {row.Id} AND status = {row.Status} AND attempts = {row.Attempts}
                """, ct);
            if (changed == 1)
            {
                DriftRunsSetup.Enqueue(services, row.Id);
                requeued++;
            }
        }
        if (requeued + failed > 0) log.LogWarning("Drift run sweep: {Requeued} interrupted run(s) queued again, {Failed} failed", requeued, failed);
        return (requeued, failed);
    }

    private sealed record StaleRow(Guid Id, Guid IncidentId, string Status, int Attempts);
}
