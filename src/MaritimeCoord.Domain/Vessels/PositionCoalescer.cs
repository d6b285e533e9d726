namespace MaritimeCoord.Domain.Vessels;

/// <summary>
/// Keeps the newest stored position per vessel between two pushes to the live picture, so a ship reporting every
/// 2 s costs one update per push interval, not fifteen. Bounded by the number of distinct vessels per interval.
/// Not thread-safe; the ingest host guards it.
/// </summary>
public sealed class PositionCoalescer
{
    private Dictionary<int, PositionReport> _pending = new();

    public int Count => _pending.Count;

    public void Add(in PositionReport report)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_pending, report.Mmsi, out bool exists);
        if (!exists || report.ObservedAtMs >= slot.ObservedAtMs) slot = report;
    }

    /// <summary>Takes everything pending, newest per vessel, and starts a new interval.</summary>
    public IReadOnlyCollection<PositionReport> Drain()
    {
        var drained = _pending;
        _pending = new Dictionary<int, PositionReport>();
        return drained.Values;
    }
}
