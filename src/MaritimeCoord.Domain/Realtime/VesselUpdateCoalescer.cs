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
    private readonly Dictionary<int, Sent> _lastSent = new();
    private readonly List<int> _scratch = new();

    public long IntervalMs { get; } = intervalMs >= 0 ? intervalMs : throw new ArgumentOutOfRangeException(nameof(intervalMs));

    public int PendingCount => _pending.Count;

    /// <summary>Vessels remembered as recently sent (bounded: entries older than one interval are forgotten).</summary>
    public int RememberedCount => _lastSent.Count;

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

    /// <summary>
    /// Queues an update read from stored state (the current picture sent when a client sets its viewport), unless the
    /// vessel's pending update or the one last sent is not older: a snapshot read a moment ago must never replace or
    /// follow a newer live position. Carries no acceptance time, so it never counts in delivery latency.
    /// Returns false when it was dropped as older.
    /// </summary>
    public bool OfferStored(int mmsi, long observedAtMs, T update)
    {
        if (_lastSent.TryGetValue(mmsi, out var sent) && sent.ObservedAtMs >= observedAtMs) return false;
        if (_pending.TryGetValue(mmsi, out var pending) && pending.ObservedAtMs >= observedAtMs) return false;
        Offer(mmsi, observedAtMs, long.MaxValue, update);
        return true;
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
            if (_lastSent.TryGetValue(mmsi, out var last) && nowMs - last.SentAtMs < IntervalMs) continue;
            _scratch.Add(mmsi);
            output.Add(p.Update);
            oldestAccepted = Math.Min(oldestAccepted, p.AcceptedAtMs);
        }

        foreach (var mmsi in _scratch)
        {
            _pending.Remove(mmsi, out var sent);
            _lastSent[mmsi] = new Sent(nowMs, sent.ObservedAtMs);
        }

        // Forget vessels sent more than one interval ago: they are due anyway, so memory stays bounded.
        if (_lastSent.Count > 2 * (_pending.Count + 1024))
        {
            _scratch.Clear();
            foreach (var (mmsi, last) in _lastSent)
                if (nowMs - last.SentAtMs >= IntervalMs) _scratch.Add(mmsi);
            foreach (var mmsi in _scratch) _lastSent.Remove(mmsi);
        }

        return oldestAccepted;
    }

    private readonly record struct Pending(long ObservedAtMs, long AcceptedAtMs, T Update);

    private readonly record struct Sent(long SentAtMs, long ObservedAtMs);
}
