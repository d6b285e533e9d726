using System.Collections.Concurrent;
using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Cot;

/// <summary>
/// Units' positions from CoT, written to <c>response_assets</c> (what the responders ranking reads) newest per asset,
/// every <see cref="CotOptions.PositionFlushInterval"/>, in one statement per flush. Only an asset owned by the
/// listener's centre moves, and never back in time (an older report arriving late changes nothing).
/// </summary>
public sealed class CotUnitPositions(IServiceScopeFactory scopes, IOptions<CotOptions> options, CotCounters counters, TimeProvider clock,
    ILogger<CotUnitPositions> log) : BackgroundService
{
    private ConcurrentDictionary<(string Centre, string Code), (double Lat, double Lon, DateTimeOffset At)> _pending = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);

    public void Offer(string centre, string assetCode, double lat, double lon, DateTimeOffset at) =>
        _pending.AddOrUpdate((centre, assetCode), (lat, lon, at), (_, old) => old.At >= at ? old : (lat, lon, at));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PositionFlushInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await FlushAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                counters.Add("positions.flush-failed");
                log.LogWarning(e, "CoT: writing unit positions failed; the newest ones are kept for the next flush");
            }
        }
    }

    /// <summary>Writes what is pending now (tests call it to avoid waiting for the timer).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await _flushing.WaitAsync(ct);
        try
        {
            var batch = Interlocked.Exchange(ref _pending, new());
            if (batch.IsEmpty) return;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<MaritimeDbContext>();
                foreach (var group in batch.GroupBy(kv => kv.Key.Centre))
                {
                    var codes = group.Select(kv => kv.Key.Code).ToArray();
                    var lats = group.Select(kv => kv.Value.Lat).ToArray();
                    var lons = group.Select(kv => kv.Value.Lon).ToArray();
                    var ats = group.Select(kv => kv.Value.At).ToArray();
                    var centre = group.Key;
                    int moved = await db.Database.ExecuteSqlAsync($"""
                        UPDATE response_assets a
                        SET position = ST_SetSRID(ST_MakePoint(v.lon, v.lat), 4326)::geography, position_at = v.at
                        FROM unnest({codes}::text[], {lats}::float8[], {lons}::float8[], {ats}::timestamptz[]) AS v(code, lat, lon, at)
                        WHERE a.code = v.code AND a.owner_centre_code = {centre} AND a.position_at < v.at
                        """, ct);
                    counters.Add(CotCounters.In(centre, "positions-written"), moved);
                }
            }
            catch
            {
                // Put them back unless something newer came meanwhile.
                foreach (var kv in batch) Offer(kv.Key.Centre, kv.Key.Code, kv.Value.Lat, kv.Value.Lon, kv.Value.At);
                throw;
            }
        }
        finally
        {
            _flushing.Release();
        }
    }
}
