namespace MaritimeCoord.Domain.Vessels;

/// <summary>
/// The dedup half of the per-vessel stage. One transmission heard by several receivers (or merged feeds) arrives
/// several times with a byte-identical payload; genuine reports of the same vessel differ (the SOTDMA/ITDMA
/// communication state and the UTC second change every slot). So a report is a duplicate when the same MMSI sent the
/// same payload within <c>windowMs</c> of a report already kept. State is bounded: the last 4 payloads per vessel, and
/// at most <c>maxVessels</c> vessels (beyond that the state is cleared: a duplicate may slip through, nothing is lost).
/// Feed reports of one vessel in time order (see <see cref="BatchOrdering"/>).
/// </summary>
public sealed class VesselDeduplicator(long windowMs, int maxVessels = 500_000)
{
    private const int Slots = 4;
    private readonly Dictionary<int, Recent> _recent = new();

    public int TrackedVessels => _recent.Count;

    /// <summary>Returns true when the report repeats one already kept; otherwise remembers it and returns false.</summary>
    public bool IsDuplicate(in PositionReport report)
    {
        if (windowMs <= 0) return false;
        if (_recent.Count >= maxVessels && !_recent.ContainsKey(report.Mmsi)) _recent.Clear();

        ref var recent = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_recent, report.Mmsi, out _);
        for (int i = 0; i < Slots; i++)
        {
            if (recent.Hashes[i] == report.PayloadHash && recent.Times[i] != 0
                && Math.Abs(report.ObservedAtMs - recent.Times[i]) <= windowMs)
            {
                return true;
            }
        }

        recent.Hashes[recent.Next] = report.PayloadHash;
        // 0 marks an empty slot; a real time of exactly 0 (1970) never passes validation.
        recent.Times[recent.Next] = report.ObservedAtMs;
        recent.Next = (recent.Next + 1) % Slots;
        return false;
    }

    private struct Recent
    {
        public HashSlots Hashes;
        public TimeSlots Times;
        public int Next;
    }

    [System.Runtime.CompilerServices.InlineArray(Slots)]
    private struct HashSlots
    {
        private ulong _element;
    }

    [System.Runtime.CompilerServices.InlineArray(Slots)]
    private struct TimeSlots
    {
        private long _element;
    }
}
