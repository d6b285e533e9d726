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
        var dirty = state.ScratchDirty;
        var changedSlots = state.ScratchSlots;
        dirty.Clear();
        changedSlots.Clear();

        if (positions.Length >= ParallelInsertThreshold && s.Parallelism > 1) InsertInParallel(state, positions, cutoff, res, dirty, changedSlots);
        else
        {
            foreach (ref readonly var p in positions)
            {
                if (Accept(state, p, cutoff) is not { } track) continue;
                var outcome = Insert(state, track, p, res);
                bool watch = track.DarkWatch == DarkWatch.Parked;
                var flags = Account(track, p, outcome, watch);
                if ((flags & InsertFlags.FirstDirty) != 0) dirty.Add(track);
                if ((flags & InsertFlags.SlotChanged) != 0) changedSlots.Add(new(track, p.ObservedAtMs / res, (flags & InsertFlags.SlotAdded) != 0));
                if (watch) WatchForSilence(state, track);
            }
        }

        var dirtyPairs = Encounters.Update(state, changedSlots, res);
        RecomputeVessels(state, dirty, changes);

        // Going dark depends on the clock too: a vessel with no new position may have crossed its gap threshold.
        int darkFrom = changes.Count;
        var scratch = new List<DetectionEvent>();
        foreach (var track in DarkCandidates(state, now)) RecomputeVessel(state, track, track.Samples[^1].T, scratch, changes);
        TrackSuspects(state, changes, darkFrom);
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

    // FirstFixAdded: the interval had no sample before; FirstFixReplaced: an earlier fix replaced its first.
    private enum InsertOutcome { Unchanged, LastChanged, FirstFixAdded, FirstFixReplaced }

    [Flags]
    private enum InsertFlags : byte { None = 0, FirstDirty = 1, SlotChanged = 2, Watch = 4, SlotAdded = 8 }

    // Below this many positions in a batch, one thread inserts them (the hand-off would cost more than it saves).
    private const int ParallelInsertThreshold = 16_384;

    /// <summary>Counts the position and returns its vessel's track (created on first sight), or null when it is ignored.</summary>
    private static VesselTrack? Accept(DetectionState state, in PositionReport p, long cutoff)
    {
        if (p.Mmsi is <= 0 or > 999_999_999 || !GeoPosition.IsValidLatitude(p.Latitude) || !GeoPosition.IsValidLongitude(p.Longitude))
        {
            state.Invalid++;
            return null;
        }
        if (p.ObservedAtMs < cutoff)
        {
            state.TooLate++;
            return null;
        }
        state.Accepted++;
        if (!state.Tracks.TryGetValue(p.Mmsi, out var track)) state.Tracks[p.Mmsi] = track = new VesselTrack(p.Mmsi, state.NextTrackSequence++);
        return track;
    }

    // What an insert means for the run: the track is dirty from the earliest changed time; a changed first fix moves
    // the vessel in that step's encounter grid; a vessel not yet watched for silence is (the caller queues it).
    private static InsertFlags Account(VesselTrack track, in PositionReport p, InsertOutcome outcome, bool watch)
    {
        var flags = InsertFlags.None;
        if (watch)
        {
            track.DarkWatch = DarkWatch.Queued;
            flags |= InsertFlags.Watch;
        }
        if (outcome == InsertOutcome.Unchanged) return flags;
        if (track.DirtyFrom == long.MaxValue) flags |= InsertFlags.FirstDirty;
        track.DirtyFrom = Math.Min(track.DirtyFrom, p.ObservedAtMs);
        if (outcome == InsertOutcome.FirstFixAdded) flags |= InsertFlags.SlotChanged | InsertFlags.SlotAdded;
        if (outcome == InsertOutcome.FirstFixReplaced) flags |= InsertFlags.SlotChanged;
        return flags;
    }

    /// <summary>
    /// The insert of a large batch on every core, with the same result and the same order as one thread: the vessels
    /// are found (or created) on one thread; each worker then inserts, in batch order, the positions of the vessels of
    /// its share (by MMSI, so all of a vessel's positions go to one worker and no track is touched by two); what each
    /// insert means for the run is recorded per position and collected afterwards in batch order.
    /// </summary>
    private static void InsertInParallel(DetectionState state, ReadOnlySpan<PositionReport> positions, long cutoff, long res,
        List<VesselTrack> dirty, List<ChangedSlot> changedSlots)
    {
        int n = positions.Length;
        var batch = System.Buffers.ArrayPool<PositionReport>.Shared.Rent(n);
        var tracks = System.Buffers.ArrayPool<VesselTrack?>.Shared.Rent(n);
        var flags = System.Buffers.ArrayPool<InsertFlags>.Shared.Rent(n);
        try
        {
            positions.CopyTo(batch);
            for (int i = 0; i < n; i++) tracks[i] = Accept(state, batch[i], cutoff);
            int workers = Math.Min(state.Settings.Parallelism, 8);
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
            {
                for (int i = 0; i < n; i++)
                {
                    if (tracks[i] is not { } track || (uint)batch[i].Mmsi % (uint)workers != (uint)worker) continue;
                    var outcome = Insert(state, track, batch[i], res);
                    flags[i] = Account(track, batch[i], outcome, track.DarkWatch == DarkWatch.Parked);
                }
            });
            for (int i = 0; i < n; i++)
            {
                if (tracks[i] is not { } track) continue;
                var f = flags[i];
                if ((f & InsertFlags.FirstDirty) != 0) dirty.Add(track);
                if ((f & InsertFlags.SlotChanged) != 0) changedSlots.Add(new(track, batch[i].ObservedAtMs / res, (f & InsertFlags.SlotAdded) != 0));
                if ((f & InsertFlags.Watch) != 0) WatchForSilence(state, track);
            }
        }
        finally
        {
            Array.Clear(tracks, 0, n);
            System.Buffers.ArrayPool<PositionReport>.Shared.Return(batch);
            System.Buffers.ArrayPool<VesselTrack?>.Shared.Return(tracks);
            System.Buffers.ArrayPool<InsertFlags>.Shared.Return(flags);
        }
    }

    private static InsertOutcome Insert(DetectionState state, VesselTrack track, in PositionReport p, long res)
    {
        long bucket = p.ObservedAtMs / res;
        var samples = track.Samples;
        int i = samples.Count > 0 && samples[^1].T / res == bucket ? samples.Count - 1
            : samples.Count == 0 || samples[^1].T / res < bucket ? ~samples.Count
            : track.Find(bucket, res);
        if (i < 0)
        {
            samples.Insert(~i, NewSample(state, p));
            Invalidate(state, samples, ~i + 1, p.ObservedAtMs);
            return InsertOutcome.FirstFixAdded;
        }

        var sample = samples[i];
        // Ties on time are broken by position so the kept fix never depends on arrival order.
        if (p.ObservedAtMs < sample.T || (p.ObservedAtMs == sample.T && (p.Latitude, p.Longitude).CompareTo((sample.Lat, sample.Lon)) < 0))
        {
            var replaced = NewSample(state, p);
            replaced.LastT = Math.Max(sample.LastT, p.ObservedAtMs);
            samples[i] = replaced;
            Invalidate(state, samples, i + 1, p.ObservedAtMs);
            return InsertOutcome.FirstFixReplaced;
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

    private static TrackSample NewSample(DetectionState state, in PositionReport p)
    {
        var s = state.Settings;
        ulong areas = 0;
        for (int a = 0; a < s.Areas.Count && a < DetectionSettings.MaxAreas; a++)
        {
            if (s.Areas[a].Covers(p.Latitude, p.Longitude)) areas |= 1UL << a;
        }
        return new TrackSample
        {
            T = p.ObservedAtMs, LastT = p.ObservedAtMs, Lat = p.Latitude, Lon = p.Longitude, Sog = p.SpeedKnots, Cog = p.CourseDegrees,
            Status = p.NavigationalStatus, Areas = areas, Region = state.Regions.IndexAt(p.Latitude, p.Longitude),
        };
    }

    // Below this many vessels changed in a run, one thread does it (the hand-off would cost more than it saves).
    private const int ParallelThreshold = 4096;

    /// <summary>
    /// Recomputes the changed vessels. Each vessel's recompute reads and writes only its own track, so the vessels are
    /// split into contiguous partitions, one per core; each partition's changes are appended in partition order, so the
    /// result (and its order) is exactly what one thread would give.
    /// </summary>
    private static void RecomputeVessels(DetectionState state, List<VesselTrack> dirty, List<DetectionChange> changes)
    {
        int first = changes.Count;
        int partitions = dirty.Count < ParallelThreshold ? 1 : Math.Min(state.Settings.Parallelism, dirty.Count / (ParallelThreshold / 2));
        if (partitions <= 1)
        {
            var fresh = new List<DetectionEvent>();
            foreach (var track in dirty) RecomputeDirty(state, track, fresh, changes);
        }
        else
        {
            var results = new List<DetectionChange>[partitions];
            Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, part =>
            {
                int lo = (int)((long)dirty.Count * part / partitions), hi = (int)((long)dirty.Count * (part + 1) / partitions);
                var fresh = new List<DetectionEvent>();
                var local = new List<DetectionChange>();
                for (int i = lo; i < hi; i++) RecomputeDirty(state, dirty[i], fresh, local);
                results[part] = local;
            });
            foreach (var local in results) changes.AddRange(local);
        }
        TrackSuspects(state, changes, first);
    }

    private static void RecomputeDirty(DetectionState state, VesselTrack track, List<DetectionEvent> fresh, List<DetectionChange> changes)
    {
        long from = track.DirtyFrom;
        track.DirtyFrom = long.MaxValue;
        RecomputeVessel(state, track, from, fresh, changes);
    }

    private static void WatchForSilence(DetectionState state, VesselTrack track)
    {
        state.SilenceQueue.Enqueue(track, track.Samples[^1].LastT + state.MinGapMs);
        track.DarkWatch = DarkWatch.Queued;
    }

    /// <summary>
    /// The vessels silent for at least the shortest gap threshold that have no open gap yet, in the order they were
    /// first seen (the order of <see cref="DetectionState.Tracks"/>), without visiting every vessel every run: each
    /// vessel waits in a queue keyed by the earliest time it could be silent long enough (its newest report only moves
    /// later, so the key never overshoots); a silent vessel stays a candidate every run until it reports again or its
    /// gap is open; a vessel with an open gap waits for its next position (only new data can change its events).
    /// </summary>
    private static List<VesselTrack> DarkCandidates(DetectionState state, long now)
    {
        var queue = state.SilenceQueue;
        var silent = state.Silent;
        while (queue.TryPeek(out var track, out long due) && due <= now)
        {
            queue.Dequeue();
            if (!IsCurrent(state, track)) continue;
            long actual = track.Samples[^1].LastT + state.MinGapMs;
            if (actual > now) queue.Enqueue(track, actual);
            else
            {
                track.DarkWatch = DarkWatch.Silent;
                silent.Add(track);
            }
        }
        var candidates = new List<VesselTrack>();
        int kept = 0;
        for (int i = 0; i < silent.Count; i++)
        {
            var track = silent[i];
            if (!IsCurrent(state, track)) continue;
            if (track.Samples[^1].LastT + state.MinGapMs > now) WatchForSilence(state, track);
            else if (HasOpenGap(track)) track.DarkWatch = DarkWatch.Parked;
            else
            {
                silent[kept++] = track;
                candidates.Add(track);
            }
        }
        silent.RemoveRange(kept, silent.Count - kept);
        if (candidates.Count > 1) candidates.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return candidates;
    }

    // A pruned vessel may still wait in the queue.
    private static bool IsCurrent(DetectionState state, VesselTrack track) =>
        track.Samples.Count > 0 && state.Tracks.TryGetValue(track.Mmsi, out var current) && ReferenceEquals(current, track);

    private static bool HasOpenGap(VesselTrack track)
    {
        foreach (var e in track.Events)
        {
            if (e.Kind == DetectionKind.AisGap && e.EndMs is null) return true;
        }
        return false;
    }

    private static bool Spans(DetectionEvent e, long t) => e.StartMs < t && (e.EndMs ?? long.MaxValue) >= t && e.Kind != DetectionKind.AreaEntry;

    /// <summary>
    /// Re-detects a vessel's events from <paramref name="dirtyFrom"/> (the earliest time its track changed) and records
    /// the differences. Events standing across that time are recomputed whole. The track before that time did not
    /// change, so when a re-detected event reaches further back (a loitering run extended by a new sample), the events
    /// that started between its start and the change are carried over as they are instead of being detected again.
    /// </summary>
    private static void RecomputeVessel(DetectionState state, VesselTrack track, long dirtyFrom, List<DetectionEvent> fresh, List<DetectionChange> changes)
    {
        long ws = dirtyFrom;
        for (bool lowered = true; lowered;)
        {
            lowered = false;
            foreach (var e in track.Events)
            {
                if (Spans(e, ws)) { ws = e.StartMs; lowered = true; }
            }
        }
        // Loitering flags are cached per sample and reset when earlier data changes, so no look-back context is needed.
        int from = Math.Max(0, track.FirstAtOrAfter(ws) - 1);
        fresh.Clear();
        VesselDetectors.Detect(state, track, from, state.NowMs, fresh);
        long scope = ws;
        foreach (var e in fresh)
        {
            if (Spans(e, ws)) scope = Math.Min(scope, e.StartMs);
        }
        if (scope < ws)
        {
            foreach (var e in track.Events)
            {
                if (e.StartMs >= scope && e.StartMs < ws && IndexOfId(fresh, e.Id) < 0) fresh.Add(e);
            }
        }
        int kept = 0;
        for (int i = 0; i < fresh.Count; i++)
        {
            if (fresh[i].StartMs >= scope) fresh[kept++] = fresh[i];
        }
        fresh.RemoveRange(kept, fresh.Count - kept);
        Reconcile(track.Events, scope, fresh, changes);
    }

    private static int IndexOfId(List<DetectionEvent> events, string id)
    {
        for (int i = 0; i < events.Count; i++)
        {
            if (string.Equals(events[i].Id, id, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    // Above this many events in scope, differences are found through a dictionary instead of linear scans.
    private const int LinearReconcileLimit = 16;

    /// <summary>
    /// Replaces the events of <paramref name="current"/> starting at or after <paramref name="scopeFrom"/> with
    /// <paramref name="fresh"/>, recording the differences (raised, updated, then withdrawn in their stored order).
    /// </summary>
    internal static void Reconcile(List<DetectionEvent> current, long scopeFrom, List<DetectionEvent> fresh, List<DetectionChange> changes)
    {
        int inScope = 0;
        foreach (var e in current) if (e.StartMs >= scopeFrom) inScope++;
        if (fresh.Count == 0 && inScope == 0) return;
        if (inScope > LinearReconcileLimit || fresh.Count > LinearReconcileLimit)
        {
            ReconcileLarge(current, scopeFrom, fresh, changes);
            return;
        }
        foreach (var e in fresh)
        {
            DetectionEvent? before = null;
            foreach (var c in current)
            {
                if (c.StartMs >= scopeFrom && string.Equals(c.Id, e.Id, StringComparison.Ordinal)) before = c;
            }
            if (before is null) changes.Add(new(DetectionChangeKind.Raised, e));
            else if (before != e) changes.Add(new(DetectionChangeKind.Updated, e));
        }
        foreach (var c in current)
        {
            if (c.StartMs >= scopeFrom && IndexOfId(fresh, c.Id) < 0) changes.Add(new(DetectionChangeKind.Withdrawn, c));
        }
        int kept = 0;
        for (int i = 0; i < current.Count; i++)
        {
            if (current[i].StartMs < scopeFrom) current[kept++] = current[i];
        }
        current.RemoveRange(kept, current.Count - kept);
        current.AddRange(fresh);
    }

    private static void ReconcileLarge(List<DetectionEvent> current, long scopeFrom, List<DetectionEvent> fresh, List<DetectionChange> changes)
    {
        var old = new Dictionary<string, DetectionEvent>(StringComparer.Ordinal);
        foreach (var e in current) if (e.StartMs >= scopeFrom) old[e.Id] = e;
        foreach (var e in fresh)
        {
            if (old.Remove(e.Id, out var before))
            {
                if (before != e) changes.Add(new(DetectionChangeKind.Updated, e));
            }
            else
            {
                changes.Add(new(DetectionChangeKind.Raised, e));
            }
        }
        foreach (var e in old.Values) changes.Add(new(DetectionChangeKind.Withdrawn, e));
        current.RemoveAll(e => e.StartMs >= scopeFrom);
        current.AddRange(fresh);
    }

    // Standing dark and loitering events are the suspects sightings are matched against.
    private static void TrackSuspects(DetectionState state, List<DetectionChange> changes, int from)
    {
        for (int i = from; i < changes.Count; i++)
        {
            var (change, e) = changes[i];
            if (e.Kind is not (DetectionKind.AisGap or DetectionKind.Loitering)) continue;
            if (change == DetectionChangeKind.Withdrawn) state.Suspects.Remove(e.Id); else state.Suspects[e.Id] = e;
        }
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
            int kept = 0;
            for (int i = 0; i < track.Events.Count; i++)
            {
                var e = track.Events[i];
                if ((e.EndMs ?? long.MaxValue) >= cutoff) track.Events[kept++] = e;
                else state.Suspects.Remove(e.Id);
            }
            track.Events.RemoveRange(kept, track.Events.Count - kept);
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

        RemoveOldGrids(state);
        foreach (var id in state.Sightings.Values.Where(x => x.TimeMs < cutoff).Select(x => x.Id).ToList()) state.Sightings.Remove(id);
    }

    internal static void EvictGrids(DetectionState state)
    {
        if (state.Grids.Count <= 2 * GridKeepSlots) return;
        RemoveOldGrids(state);
    }

    // An old step's grid is emptied and kept for a new step: the grids of 50,000 vessels would otherwise allocate
    // megabytes a step that live two hours, long enough to be promoted and collected in generation 2.
    private static void RemoveOldGrids(DetectionState state)
    {
        foreach (var slot in state.Grids.Keys.Where(k => k < state.MaxSlot - GridKeepSlots).ToList())
        {
            if (!state.Grids.Remove(slot, out var grid)) continue;
            if (state.SpareGrids.Count >= 4) continue;
            grid.Clear();
            state.SpareGrids.Push(grid);
        }
    }
}
