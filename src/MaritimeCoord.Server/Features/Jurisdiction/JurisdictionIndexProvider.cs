using MaritimeCoord.Domain.Jurisdiction;
using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Server.Features.Jurisdiction;

/// <summary>
/// Holds the in-memory jurisdiction index of the loaded SAR regions and rebuilds it when the boundaries change
/// (`mcoord geo load` on any node changes the count or the latest loaded_at; checked every 30 s).
/// </summary>
public sealed class JurisdictionIndexProvider(IServiceScopeFactory scopes, ILogger<JurisdictionIndexProvider> log) : BackgroundService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(30);
    private volatile JurisdictionIndex? current;
    private (int Count, DateTimeOffset? LoadedAt) version;

    /// <summary>The current index (built on first use if the background refresh has not run yet).</summary>
    public async ValueTask<JurisdictionIndex> GetAsync(CancellationToken ct) => current ?? await RefreshAsync(force: true, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(force: false, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not refresh the jurisdiction index; keeping the previous one");
            }
            try { await Task.Delay(CheckInterval, stoppingToken); } catch (OperationCanceledException) { return; }
        }
    }

    private async Task<JurisdictionIndex> RefreshAsync(bool force, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaritimeDbContext>();
        var count = await db.SarRegions.CountAsync(ct);
        var loadedAt = count == 0 ? null : (DateTimeOffset?)await db.SarRegions.MaxAsync(r => r.LoadedAt, ct);
        if (!force && current is not null && version == (count, loadedAt)) return current;

        var regions = await db.SarRegions.AsNoTracking().Include(r => r.RescueCentre).ToListAsync(ct);
        var index = JurisdictionIndex.Build(regions.Select(r => new RegionBoundary(
            r.Code, r.Name, r.RescueCentreCode, r.RescueCentre!.Name, r.BoundaryVersion, r.Approximate, r.Boundary)));
        (current, version) = (index, (count, loadedAt));
        log.LogInformation("Jurisdiction index built: {Count} SAR regions", index.RegionCount);
        return index;
    }
}
