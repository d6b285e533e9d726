namespace MaritimeCoord.Domain.Vessels;

/// <summary>
/// The ordering half of the per-vessel stage: a batch is sorted by (MMSI, time) so each vessel's reports are stored,
/// de-duplicated and reduced to its newest in time order, whatever order the feeds interleaved them in.
/// </summary>
public static class BatchOrdering
{
    public static void SortByVesselAndTime(Span<PositionReport> reports) => reports.Sort(Compare);

    /// <summary>
    /// Removes duplicates (in place, keeping order) and returns the number kept; call on a sorted batch.
    /// </summary>
    public static int RemoveDuplicates(Span<PositionReport> reports, VesselDeduplicator deduplicator)
    {
        int kept = 0;
        for (int i = 0; i < reports.Length; i++)
        {
            if (deduplicator.IsDuplicate(reports[i])) continue;
            reports[kept++] = reports[i];
        }

        return kept;
    }

    /// <summary>The newest report of each vessel of a sorted batch (the last of each MMSI run), appended to <paramref name="latest"/>.</summary>
    public static void NewestPerVessel(ReadOnlySpan<PositionReport> sorted, List<PositionReport> latest)
    {
        for (int i = 0; i < sorted.Length; i++)
        {
            if (i == sorted.Length - 1 || sorted[i + 1].Mmsi != sorted[i].Mmsi) latest.Add(sorted[i]);
        }
    }

    /// <summary>One registry row per vessel: reports of the same MMSI merged, later fields winning.</summary>
    public static List<VesselStaticReport> MergePerVessel(IEnumerable<VesselStaticReport> reports)
    {
        var byVessel = new Dictionary<int, VesselStaticReport>();
        foreach (var r in reports)
        {
            byVessel[r.Mmsi] = byVessel.TryGetValue(r.Mmsi, out var known) ? known.Merge(r) : r;
        }

        return [.. byVessel.Values];
    }

    private static int Compare(PositionReport a, PositionReport b)
    {
        int c = a.Mmsi.CompareTo(b.Mmsi);
        return c != 0 ? c : a.ObservedAtMs.CompareTo(b.ObservedAtMs);
    }
}
