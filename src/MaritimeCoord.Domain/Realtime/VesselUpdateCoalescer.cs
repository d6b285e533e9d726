namespace MaritimeCoord.Domain.Realtime;

/// <summary>
/// Per client: at most one update per vessel per interval. Offers keep only the newest pending update of each vessel;
/// <see cref="TakeDue"/> hands out those whose vessel was last sent at least one interval ago. A client that reads
/// slowly therefore receives fewer, newer updates instead of a growing backlog: memory is bounded by the number of
/// distinct vessels pending, never by time or rate. Not thread-safe; the host guards it.
/// </summary>
/// <typeparam name="T">The update carried (the host's wire record).</typeparam>
public sealed class VesselUpdateCoalescer<T>(long intervalMs)
{
    private readonly Dictionary<int, Pending> _pending = new();
    private readonly Dictionary<int, long> _lastSentMs = new();
    private readonly List<int> _scratch = new();

    public long IntervalMs { get; } = intervalMs >= 0 ? intervalMs : throw new ArgumentOutOfRangeException(nameof(intervalMs));

    public int PendingCount => _pending.Count;

    /// <summary>Vessels remembered as recently sent (bounded: entries older than one interval are forgotten).</summary>
    public int RememberedCount => _lastSentMs.Count;

    /// <summary>Updates replaced by a newer one of the same vessel before they were sent.</summary>
    public long Superseded { get; private set; }

    /// <summary>
    /// Queues an update; a pending update of the same vessel is replaced when this one is not older.
    /// <paramref name="acceptedAtMs"/> is when ingest accepted it (carried to measure delivery latency).
    /// </summary>
    public void Offer(int mmsi, long observedAtMs, long acceptedAtMs, T update)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_pending, mmsi, out bool exists);
        if (exists)
        {
            if (observedAtMs < slot.ObservedAtMs) return; // late: the pending one is newer
            Superseded++;
            // The oldest acceptance among what this update stands for: latency is measured from the first report waiting.
            acceptedAtMs = Math.Min(acceptedAtMs, slot.AcceptedAtMs);
        }

        slot = new Pending(observedAtMs, acceptedAtMs, update);
    }

    /// <summary>Removes pending updates the predicate rejects (e.g. vessels outside a new viewport).</summary>
    public void RemovePendingWhere(Func<T, bool> reject)
    {
        _scratch.Clear();
        foreach (var (mmsi, p) in _pending)
            if (reject(p.Update)) _scratch.Add(mmsi);
        foreach (var mmsi in _scratch) _pending.Remove(mmsi);
    }

    /// <summary>
    /// Moves up to <paramref name="max"/> due updates into <paramref name="output"/>; returns the oldest acceptance
    /// time among them (or <see cref="long.MaxValue"/> when none).
    /// </summary>
    public long TakeDue(long nowMs, List<T> output, int max = int.MaxValue)
    {
        long oldestAccepted = long.MaxValue;
        _scratch.Clear();
        foreach (var (mmsi, p) in _pending)
        {
            if (_scratch.Count >= max) break;
            if (_lastSentMs.TryGetValue(mmsi, out var last) && nowMs - last < IntervalMs) continue;
            _scratch.Add(mmsi);
            output.Add(p.Update);
            oldestAccepted = Math.Min(oldestAccepted, p.AcceptedAtMs);
        }

        foreach (var mmsi in _scratch)
        {
            _pending.Remove(mmsi);
            _lastSentMs[mmsi] = nowMs;
        }

        // Forget vessels sent more than one interval ago: they are due anyway, so memory stays bounded.
        if (_lastSentMs.Count > 2 * (_pending.Count + 1024))
        {
            _scratch.Clear();
            foreach (var (mmsi, last) in _lastSentMs)
                if (nowMs - last >= IntervalMs) _scratch.Add(mmsi);
            foreach (var mmsi in _scratch) _lastSentMs.Remove(mmsi);
        }

        return oldestAccepted;
    }

    private readonly record struct Pending(long ObservedAtMs, long AcceptedAtMs, T Update);
}
