using MaritimeCoord.Domain.Detection;

namespace MaritimeCoord.Server.Detection;

/// <summary>
/// The detectors' in-memory state on this node, guarded by one gate. It is only trusted while every run that changed
/// it also committed: a failed run drops it, and the next run rebuilds it from ais_positions (the source of truth).
/// </summary>
public sealed class DetectionRuntime : IDisposable
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public DetectionState? State { get; set; }

    /// <summary>The watch zones <see cref="State"/> was built with (their ids); other zones in the database mean a rebuild.</summary>
    public string? ZonesKey { get; set; }

    /// <summary>The territorial seas as last read (the polygons are read again only when <see cref="TerritorialSeasKey"/> changes).</summary>
    public IReadOnlyList<WatchedArea> TerritorialSeas { get; set; } = [];

    public string? TerritorialSeasKey { get; set; }

    public void Dispose() => Gate.Dispose();
}
