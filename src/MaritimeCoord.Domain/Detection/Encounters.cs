using System.Globalization;

namespace MaritimeCoord.Domain.Detection;

/// <summary>
/// Encounter detector. At every time step (<see cref="DetectionSettings.Resolution"/>) each slow vessel's first fix,
/// moved along its course to the start of the step, goes into a grid of ~1 km cells; pairs closer than the encounter
/// distance mark that step as "close". An encounter is a run of close steps (breaks shorter than
/// <see cref="DetectionThresholds.EncounterMaxBreak"/> tolerated) lasting at least the minimum duration, with both
/// vessels' median speed over it under the limit.
/// </summary>
/// <summary>A time step whose first fix of a vessel changed in this run (<paramref name="Added"/>: it had none before).</summary>
internal readonly record struct ChangedSlot(VesselTrack Track, long Bucket, bool Added);

internal static class Encounters
{
    public static HashSet<PairState> Update(DetectionState state, List<ChangedSlot> changed, long res)
    {
        var dirty = new HashSet<PairState>();
        if (changed.Count == 0) return dirty;
        var s = state.Settings;
        double radius = s.ByRegion.Values.Append(s.Default).Max(t => t.EncounterDistanceMetres);
        long previousMax = state.MaxSlot;
        foreach (var (_, bucket, _) in changed) state.MaxSlot = Math.Max(state.MaxSlot, bucket);

        foreach (var (track, bucket, added) in changed)
        {
            int i = track.Find(bucket, res);
            SlotEntry? entry = i >= 0 ? Entry(s, track, track.Samples[i], bucket, res) : null;
            // Most vessels are too fast to meet anyone; one that had no fix in this step before cannot be in its grid
            // nor close to anyone in it, so there is nothing to undo either.
            if (entry is null && added) continue;
            var grid = GridFor(state, bucket, res, bucket > previousMax);
            if (entry is null) grid.Remove(track.Mmsi); else grid.Add(entry.Value);

            foreach (var partner in track.Partners)
            {
                var pair = state.Pairs[PairState.Key(track.Mmsi, partner)];
                int k = pair.CloseSlots.BinarySearch(bucket);
                if (k >= 0) { pair.CloseSlots.RemoveAt(k); dirty.Add(pair); }
            }
            if (entry is not { } me) continue;

            var (row, col) = SlotGrid.Cell(me.Lat, me.Lon);
            double cellMetres = SlotGrid.CellDegrees * Flat.MetresPerDegree;
            int dr = (int)Math.Ceiling(radius / cellMetres);
            int dc = (int)Math.Min(400, Math.Ceiling(radius / (cellMetres * Math.Max(1e-3, Math.Cos(me.Lat * Math.PI / 180)))));
            for (int r = row - dr; r <= row + dr; r++)
            for (int c = col - dc; c <= col + dc; c++)
            {
                if (!grid.Cells.TryGetValue(SlotGrid.CellKey(r, c), out var list)) continue;
                foreach (var other in list)
                {
                    if (other.Mmsi == me.Mmsi) continue;
                    double d = Flat.Metres(me.Lat, me.Lon, other.Lat, other.Lon);
                    // Per-region distance: the threshold of the region the lower-MMSI vessel is in at this step.
                    if (d > radius || (s.ByRegion.Count > 0 && d > DistanceFor(state, Math.Min(me.Mmsi, other.Mmsi), bucket, res))) continue;
                    var key = PairState.Key(me.Mmsi, other.Mmsi);
                    if (!state.Pairs.TryGetValue(key, out var pair))
                    {
                        state.Pairs[key] = pair = new PairState(Math.Min(me.Mmsi, other.Mmsi), Math.Max(me.Mmsi, other.Mmsi));
                        track.Partners.Add(other.Mmsi);
                        state.Tracks[other.Mmsi].Partners.Add(me.Mmsi);
                    }
                    int k = pair.CloseSlots.BinarySearch(bucket);
                    if (k < 0) pair.CloseSlots.Insert(~k, bucket);
                    dirty.Add(pair);
                }
            }
        }
        DetectionEngine.EvictGrids(state);
        return dirty;
    }

    private static double DistanceFor(DetectionState state, int mmsi, long bucket, long res)
    {
        var t = state.Tracks[mmsi];
        int i = t.Find(bucket, res);
        return state.Regions.For(i >= 0 ? t.Samples[i].Region : (short)0).EncounterDistanceMetres;
    }

    private static SlotEntry? Entry(DetectionSettings s, VesselTrack track, in TrackSample sample, long bucket, long res)
    {
        if (float.IsFinite(sample.Sog) && sample.Sog > s.EncounterCandidateMaxSpeedKnots) return null;
        var (lat, lon) = Flat.Project(sample, ((bucket * res) - sample.T) / 1000.0);
        return new SlotEntry(track.Mmsi, lat, lon);
    }

    // A time step's grid: kept for recent steps; rebuilt from the tracks when late data lands in an older one.
    private static SlotGrid GridFor(DetectionState state, long bucket, long res, bool newStep)
    {
        if (state.Grids.TryGetValue(bucket, out var grid)) return grid;
        grid = state.SpareGrids.TryPop(out var spare) ? spare : new SlotGrid();
        state.Grids[bucket] = grid;
        // A step after every one seen before holds only this batch's fixes, and each of them is added by the caller.
        if (newStep) return grid;
        foreach (var track in state.Tracks.Values)
        {
            int i = track.Find(bucket, res);
            if (i >= 0 && Entry(state.Settings, track, track.Samples[i], bucket, res) is { } e) grid.Add(e);
        }
        return grid;
    }

    public static void Recompute(DetectionState state, PairState pair, long res, List<DetectionChange> changes)
    {
        var fresh = new List<DetectionEvent>();
        var slots = pair.CloseSlots;
        int runStart = 0;
        for (int i = 1; i <= slots.Count; i++)
        {
            if (i < slots.Count)
            {
                var t = Thresholds(state, pair.A, slots[runStart], res);
                if ((slots[i] - slots[i - 1]) * res <= t.EncounterMaxBreak.TotalMilliseconds + res) continue;
            }
            if (slots.Count > 0) Episode(state, pair, slots[runStart], slots[i - 1], res, fresh);
            runStart = i;
        }
        DetectionEngine.Reconcile(pair.Events, long.MinValue, fresh, changes);
    }

    private static DetectionThresholds Thresholds(DetectionState state, int mmsi, long bucket, long res)
    {
        var t = state.Tracks[mmsi];
        int i = t.Find(bucket, res);
        return state.Regions.For(i >= 0 ? t.Samples[i].Region : (short)0);
    }

    private static void Episode(DetectionState state, PairState pair, long first, long last, long res, List<DetectionEvent> output)
    {
        var t = Thresholds(state, pair.A, first, res);
        long duration = (last - first) * res;
        if (duration < t.EncounterMinDuration.TotalMilliseconds) return;
        var a = state.Tracks[pair.A];
        var b = state.Tracks[pair.B];
        double speedA = MedianSpeed(a, first, last, res), speedB = MedianSpeed(b, first, last, res);
        if (!(speedA < t.EncounterMaxMedianSpeedKnots) || !(speedB < t.EncounterMaxMedianSpeedKnots)) return;
        var sa = a.Samples[a.Find(first, res)];
        var sb = b.Samples[b.Find(first, res)];
        long start = first * res;
        output.Add(new DetectionEvent(
            string.Create(CultureInfo.InvariantCulture, $"encounter:{pair.A}:{pair.B}:{start}"), DetectionKind.Encounter, pair.A, pair.B,
            start, last * res, (sa.Lat + sb.Lat) / 2, MidLongitude(sa.Lon, sb.Lon), state.Regions.Code(sa.Region), null, null, null,
            new Json().Add("minutes", duration / 60_000.0).Add("medianSpeedKnots", Math.Max(speedA, speedB))
                .Add("maxDistanceMetres", t.EncounterDistanceMetres).ToString()));
    }

    private static double MidLongitude(double a, double b)
    {
        if (Math.Abs(a - b) <= 180) return (a + b) / 2;
        double m = (a + b + 360) / 2;
        return m > 180 ? m - 360 : m;
    }

    // Median reported speed (vessels without a reported speed count as slow only if they made little way).
    private static double MedianSpeed(VesselTrack track, long first, long last, long res)
    {
        var speeds = new List<double>();
        int i = track.FirstAtOrAfter(first * res);
        for (; i < track.Samples.Count && track.Samples[i].T / res <= last; i++)
        {
            var x = track.Samples[i];
            speeds.Add(float.IsFinite(x.Sog) ? x.Sog : 0);
        }
        if (speeds.Count == 0) return double.NaN;
        speeds.Sort();
        return speeds[speeds.Count / 2];
    }
}
