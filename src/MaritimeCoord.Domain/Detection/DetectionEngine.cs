using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Vessels;

namespace MaritimeCoord.Domain.Detection;

/// <summary>
/// The detectors as one pure step: (state, new positions, new sightings, time) → (state, changes). No I/O, no clock:
/// <c>nowMs</c> is the caller's (the host passes the newest position time it has seen, so a feed outage does not make
/// every vessel "dark").
/// </summary>
/// <remarks>
/// Events are a function of the retained data, not of the order it arrived in: a late (out-of-order) position is
/// inserted into its vessel's track and the vessel's events are recomputed from a little before it, so an event whose
/// criteria it disproves is withdrawn, and one it completes is raised. A duplicate changes nothing. Ids are derived
/// from kind, vessel(s) and start, so the same data always yields the same ids.
/// </remarks>
public static class DetectionEngine
{
    private const int GridKeepSlots = 60;

    /// <summary>Runs the detectors over one batch. Positions may be in any order, duplicated, late or invalid.</summary>
    public static IReadOnlyList<DetectionChange> Process(DetectionState state, ReadOnlySpan<PositionReport> positions,
        IEnumerable<SightingObservation> sightings, long nowMs)
    {
        var s = state.Settings;
        long res = (long)s.Resolution.TotalMilliseconds;
        if (nowMs > state.NowMs) state.NowMs = nowMs;
        long now = state.NowMs;
        long cutoff = now - (long)s.Retention.TotalMilliseconds;
        var changes = new List<DetectionChange>();
        var dirty = new List<VesselTrack>();
        var changedSlots = new List<(VesselTrack Track, long Bucket)>();

        foreach (ref readonly var p in positions)
        {
            if (p.Mmsi is <= 0 or > 999_999_999 || !GeoPosition.IsValidLatitude(p.Latitude) || !GeoPosition.IsValidLongitude(p.Longitude))
            {
                state.Invalid++;
                continue;
            }
            if (p.ObservedAtMs < cutoff)
            {
                state.TooLate++;
                continue;
            }
            state.Accepted++;
            if (!state.Tracks.TryGetValue(p.Mmsi, out var track)) state.Tracks[p.Mmsi] = track = new VesselTrack(p.Mmsi);
            var outcome = Insert(state, track, p, res);
            if (outcome == InsertOutcome.Unchanged) continue;
            if (track.DirtyFrom == long.MaxValue) dirty.Add(track);
            track.DirtyFrom = Math.Min(track.DirtyFrom, p.ObservedAtMs);
            if (outcome == InsertOutcome.FirstFixChanged) changedSlots.Add((track, p.ObservedAtMs / res));
        }

        var dirtyPairs = Encounters.Update(state, changedSlots, res);

        foreach (var track in dirty)
        {
            long from = track.DirtyFrom;
            track.DirtyFrom = long.MaxValue;
            RecomputeVessel(state, track, from, changes);
        }

        // Going dark depends on the clock too: a vessel with no new position may have crossed its gap threshold.
        long earliestGap = now - state.MinGapMs;
        foreach (var track in state.Tracks.Values)
        {
            if (track.Samples.Count == 0) continue;
            var last = track.Samples[^1];
            if (last.LastT > earliestGap) continue;
            if (track.Events.Exists(e => e.Kind == DetectionKind.AisGap && e.EndMs is null)) continue;
            RecomputeVessel(state, track, last.T, changes);
        }

        foreach (var pair in dirtyPairs) Encounters.Recompute(state, pair, res, changes);

        foreach (var sighting in sightings)
        {
            if (sighting.TimeMs >= cutoff && GeoPosition.IsValidLatitude(sighting.Latitude) && GeoPosition.IsValidLongitude(sighting.Longitude))
                state.Sightings[sighting.Id] = sighting;
        }
        SightingLinks.Recompute(state, res, changes);

        if (state.LastPruneMs == long.MinValue || now - state.LastPruneMs >= 10 * 60_000) Prune(state, cutoff, res);
        return changes;
    }

    private enum InsertOutcome { Unchanged, LastChanged, FirstFixChanged }

    private static InsertOutcome Insert(DetectionState state, VesselTrack track, in PositionReport p, long res)
    {
        long bucket = p.ObservedAtMs / res;
        var samples = track.Samples;
        int i = samples.Count > 0 && samples[^1].T / res == bucket ? samples.Count - 1
            : samples.Count == 0 || samples[^1].T / res < bucket ? ~samples.Count
            : track.Find(bucket, res);
        if (i < 0)
        {
            samples.Insert(~i, NewSample(state.Settings, p));
            Invalidate(state, samples, ~i + 1, p.ObservedAtMs);
            return InsertOutcome.FirstFixChanged;
        }

        var sample = samples[i];
        // Ties on time are broken by position so the kept fix never depends on arrival order.
        if (p.ObservedAtMs < sample.T || (p.ObservedAtMs == sample.T && (p.Latitude, p.Longitude).CompareTo((sample.Lat, sample.Lon)) < 0))
        {
            var replaced = NewSample(state.Settings, p);
            replaced.LastT = Math.Max(sample.LastT, p.ObservedAtMs);
            samples[i] = replaced;
            Invalidate(state, samples, i + 1, p.ObservedAtMs);
            return InsertOutcome.FirstFixChanged;
        }
        if (p.ObservedAtMs > sample.LastT)
        {
            sample.LastT = p.ObservedAtMs;
            samples[i] = sample;
            // Only the gap to the next interval depends on the last time; the newest interval has none yet.
            return i == samples.Count - 1 ? InsertOutcome.Unchanged : InsertOutcome.LastChanged;
        }
        return InsertOutcome.Unchanged;
    }

    // The loitering flag of a sample depends on the samples within the averaging window before it.
    private static void Invalidate(DetectionState state, List<TrackSample> samples, int from, long t)
    {
        long until = t + state.LoiterWindowMs;
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(samples);
        for (int k = from; k < span.Length && span[k].T <= until; k++) span[k].Slow = 0;
    }

    private static TrackSample NewSample(DetectionSettings s, in PositionReport p)
    {
        int areas = 0;
        for (int a = 0; a < s.Areas.Count && a < 32; a++)
        {
            if (s.Areas[a].Covers(p.Latitude, p.Longitude)) areas |= 1 << a;
        }
        return new TrackSample
        {
            T = p.ObservedAtMs, LastT = p.ObservedAtMs, Lat = p.Latitude, Lon = p.Longitude, Sog = p.SpeedKnots, Cog = p.CourseDegrees,
            Status = p.NavigationalStatus, Areas = areas, Region = s.Regions?.CoveringRegionCode(p.Latitude, p.Longitude),
        };
    }

    private static void RecomputeVessel(DetectionState state, VesselTrack track, long dirtyFrom, List<DetectionChange> changes)
    {
        var s = state.Settings;
        long ws = dirtyFrom;
        var fresh = new List<DetectionEvent>();
        while (true)
        {
            foreach (var e in track.Events)
            {
                if (e.StartMs < ws && (e.EndMs ?? long.MaxValue) >= ws && e.Kind != DetectionKind.AreaEntry) ws = e.StartMs;
            }
            // Loitering flags are cached per sample and reset when earlier data changes, so no look-back context is needed.
            int from = Math.Max(0, track.FirstAtOrAfter(ws) - 1);
            fresh.Clear();
            VesselDetectors.Detect(s, track, from, state.NowMs, fresh);
            long spanning = long.MaxValue;
            foreach (var e in fresh)
            {
                if (e.StartMs < ws && (e.EndMs ?? long.MaxValue) >= ws && e.Kind != DetectionKind.AreaEntry) spanning = Math.Min(spanning, e.StartMs);
            }
            if (spanning == long.MaxValue) break;
            ws = spanning;
        }
        fresh.RemoveAll(e => e.StartMs < ws);
        Reconcile(state, track.Events, e => e.StartMs >= ws, fresh, changes);
    }

    /// <summary>Replaces the events of <paramref name="current"/> selected by <paramref name="inScope"/> with <paramref name="fresh"/>, recording the differences.</summary>
    internal static void Reconcile(DetectionState state, List<DetectionEvent> current, Func<DetectionEvent, bool> inScope,
        List<DetectionEvent> fresh, List<DetectionChange> changes)
    {
        if (fresh.Count == 0 && !current.Exists(e => inScope(e))) return;
        var old = new Dictionary<string, DetectionEvent>(StringComparer.Ordinal);
        foreach (var e in current) if (inScope(e)) old[e.Id] = e;
        foreach (var e in fresh)
        {
            if (old.Remove(e.Id, out var before))
            {
                if (before != e) { changes.Add(new(DetectionChangeKind.Updated, e)); Track(state, e, true); }
            }
            else
            {
                changes.Add(new(DetectionChangeKind.Raised, e));
                Track(state, e, true);
            }
        }
        foreach (var e in old.Values)
        {
            changes.Add(new(DetectionChangeKind.Withdrawn, e));
            Track(state, e, false);
        }
        current.RemoveAll(e => inScope(e));
        current.AddRange(fresh);
    }

    private static void Track(DetectionState state, DetectionEvent e, bool standing)
    {
        if (e.Kind is not (DetectionKind.AisGap or DetectionKind.Loitering)) return;
        if (standing) state.Suspects[e.Id] = e; else state.Suspects.Remove(e.Id);
    }

    private static void Prune(DetectionState state, long cutoff, long res)
    {
        state.LastPruneMs = state.NowMs;
        var emptyTracks = new List<int>();
        foreach (var track in state.Tracks.Values)
        {
            // Never cut into an event still standing past the cutoff, nor drop the last fix (a vessel dark for days).
            long keepFrom = cutoff;
            foreach (var e in track.Events) if ((e.EndMs ?? long.MaxValue) >= cutoff) keepFrom = Math.Min(keepFrom, e.StartMs);
            int n = Math.Min(track.FirstAtOrAfter(keepFrom), track.Samples.Count - 1);
            if (n > 0) track.Samples.RemoveRange(0, n);
            foreach (var e in track.Events.Where(e => (e.EndMs ?? long.MaxValue) < cutoff).ToList())
            {
                track.Events.Remove(e);
                state.Suspects.Remove(e.Id);
            }
            if (track.Samples.Count == 0 && track.Events.Count == 0) emptyTracks.Add(track.Mmsi);
        }
        foreach (var m in emptyTracks) state.Tracks.Remove(m);

        long minSlot = cutoff / res;
        var emptyPairs = new List<long>();
        foreach (var (key, pair) in state.Pairs)
        {
            pair.Events.RemoveAll(e => (e.EndMs ?? long.MaxValue) < cutoff);
            long keep = pair.Events.Count == 0 ? minSlot : Math.Min(minSlot, pair.Events.Min(e => e.StartMs) / res);
            int n = pair.CloseSlots.FindIndex(x => x >= keep);
            if (n < 0) pair.CloseSlots.Clear(); else if (n > 0) pair.CloseSlots.RemoveRange(0, n);
            if (pair.CloseSlots.Count == 0 && pair.Events.Count == 0) emptyPairs.Add(key);
        }
        foreach (var key in emptyPairs)
        {
            var pair = state.Pairs[key];
            state.Pairs.Remove(key);
            if (state.Tracks.TryGetValue(pair.A, out var a)) a.Partners.Remove(pair.B);
            if (state.Tracks.TryGetValue(pair.B, out var b)) b.Partners.Remove(pair.A);
        }

        foreach (var slot in state.Grids.Keys.Where(k => k < state.MaxSlot - GridKeepSlots).ToList()) state.Grids.Remove(slot);
        foreach (var id in state.Sightings.Values.Where(x => x.TimeMs < cutoff).Select(x => x.Id).ToList()) state.Sightings.Remove(id);
    }

    internal static void EvictGrids(DetectionState state)
    {
        if (state.Grids.Count <= 2 * GridKeepSlots) return;
        foreach (var slot in state.Grids.Keys.Where(k => k < state.MaxSlot - GridKeepSlots).ToList()) state.Grids.Remove(slot);
    }
}
