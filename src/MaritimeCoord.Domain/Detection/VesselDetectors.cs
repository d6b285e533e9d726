using System.Globalization;
using System.Text;

namespace MaritimeCoord.Domain.Detection;

/// <summary>The per-vessel detectors (AIS gap, loitering, area entry) over a vessel's retained track.</summary>
internal static class VesselDetectors
{
    // ITU navigational status: 1 = at anchor, 5 = moored. A ship at anchor is not loitering.
    private const sbyte AtAnchor = 1, Moored = 5;

    public static void Detect(DetectionState state, VesselTrack track, int from, long nowMs, List<DetectionEvent> output)
    {
        var x = track.Samples;
        if (x.Count == 0) return;
        Gaps(state.Regions, track, from, nowMs, output);
        Loitering(state.Regions, track, from, output);
        Entries(state.Settings, state.Regions, track, from, output);
    }

    private static void Gaps(RegionTable s, VesselTrack track, int from, long nowMs, List<DetectionEvent> output)
    {
        var x = track.Samples;
        for (int i = from + 1; i <= x.Count; i++)
        {
            var before = x[i - 1];
            bool open = i == x.Count;
            long gap = (open ? nowMs : x[i].T) - before.LastT;
            var t = s.For(before.Region);
            if (gap < t.GapThreshold.TotalMilliseconds) continue;
            double medianMs = MedianInterval(x, i - 1, (long)t.CoverageWindow.TotalMilliseconds);
            double threshold = Math.Max(t.GapThreshold.TotalMilliseconds, t.GapCoverageFactor * medianMs);
            if (gap < threshold) continue;
            var details = new Json()
                .Add("thresholdHours", threshold / 3_600_000)
                .Add("baseThresholdHours", t.GapThreshold.TotalHours)
                .Add("medianIntervalMinutes", medianMs / 60_000);
            if (!open) details.Add("gapHours", gap / 3_600_000.0);
            output.Add(new DetectionEvent(
                track.IdOf(DetectionKind.AisGap, before.LastT) ?? string.Create(CultureInfo.InvariantCulture, $"gap:{track.Mmsi}:{before.LastT}"),
                DetectionKind.AisGap, track.Mmsi, null,
                before.LastT, open ? null : x[i].T, before.Lat, before.Lon, s.Code(before.Region), null, null, null, details.ToString()));
        }
    }

    // The vessel's usual interval between reports over the window before sample `last`: how well this sea is covered
    // for this vessel. Median, so one earlier gap does not raise its own threshold.
    private static double MedianInterval(List<TrackSample> x, int last, long windowMs)
    {
        long start = x[last].LastT - windowMs;
        var intervals = new List<long>();
        for (int j = last; j > 0 && x[j - 1].T >= start; j--) intervals.Add(Math.Max(0, x[j].T - x[j - 1].LastT));
        if (intervals.Count < 3) return 0;
        intervals.Sort();
        return intervals[intervals.Count / 2];
    }

    private static void Loitering(RegionTable s, VesselTrack track, int from, List<DetectionEvent> output)
    {
        var x = track.Samples;
        // A run in progress at `from` is followed back to where it began, so it is never judged on a truncated length;
        // a standing loitering event that ends just before `from` gives its start without re-reading the run.
        int runStart = -1, runLast = -1;
        if (from > 0 && from <= x.Count)
        {
            foreach (var e in track.Events)
            {
                if (e.Kind != DetectionKind.Loitering) continue;
                // The usual case: the run went on to the sample just before the new data, so it is extended from there.
                if (from < x.Count && e.EndMs == x[from].T && IsSlow(s, x, from))
                {
                    runStart = track.FirstAtOrAfter(e.StartMs);
                    runLast = from;
                }
                else if (e.EndMs == x[from - 1].T && IsSlow(s, x, from - 1))
                {
                    runStart = track.FirstAtOrAfter(e.StartMs);
                    runLast = from - 1;
                }
            }
        }
        while (runStart < 0 && from > 0 && from < x.Count && IsSlow(s, x, from) && IsSlow(s, x, from - 1)
            && x[from].T - x[from - 1].LastT <= s.For(x[from].Region).LoiterMaxBreak.TotalMilliseconds)
        {
            from--;
        }
        for (int i = from; i <= x.Count; i++)
        {
            bool slow = false;
            if (i < x.Count)
            {
                var t = s.For(x[i].Region);
                slow = IsSlow(s, x, i);
                if (slow && runLast >= 0 && x[i].T - x[runLast].LastT > t.LoiterMaxBreak.TotalMilliseconds)
                {
                    Emit(s, track, runStart, runLast, output);
                    runStart = -1;
                }
            }
            if (slow)
            {
                if (runStart < 0) runStart = i;
                runLast = i;
            }
            else if (runStart >= 0)
            {
                Emit(s, track, runStart, runLast, output);
                runStart = runLast = -1;
            }
        }
    }

    private static bool IsSlow(RegionTable s, List<TrackSample> x, int i)
    {
        ref var sample = ref System.Runtime.InteropServices.CollectionsMarshal.AsSpan(x)[i];
        if (sample.Slow != 0) return sample.Slow == 2;
        var t = s.For(sample.Region);
        bool slow = sample.Status is not (AtAnchor or Moored)
            && AverageSpeed(x, i, (long)t.LoiterAverageWindow.TotalMilliseconds) < t.LoiterMaxAverageSpeedKnots;
        sample.Slow = slow ? (sbyte)2 : (sbyte)1;
        return slow;
    }

    private static void Emit(RegionTable s, VesselTrack track, int first, int last, List<DetectionEvent> output)
    {
        var x = track.Samples;
        var a = x[first];
        var t = s.For(a.Region);
        long duration = x[last].T - a.T;
        if (duration < t.LoiterMinDuration.TotalMilliseconds) return;
        output.Add(new DetectionEvent(
            track.IdOf(DetectionKind.Loitering, a.T) ?? string.Create(CultureInfo.InvariantCulture, $"loiter:{track.Mmsi}:{a.T}"),
            DetectionKind.Loitering, track.Mmsi, null,
            a.T, x[last].T, a.Lat, a.Lon, s.Code(a.Region), null, null, null,
            new Json().Add("hours", duration / 3_600_000.0).Add("maxAverageSpeedKnots", t.LoiterMaxAverageSpeedKnots)
                .Add("minHours", t.LoiterMinDuration.TotalHours).ToString()));
    }

    // Mean reported speed over the trailing window; where no speed is reported, the distance made good over it.
    private static double AverageSpeed(List<TrackSample> x, int i, long windowMs)
    {
        long start = x[i].T - windowMs;
        double sum = 0;
        int n = 0, j = i;
        for (; j >= 0 && x[j].T > start; j--)
        {
            if (float.IsFinite(x[j].Sog)) { sum += x[j].Sog; n++; }
        }
        if (n > 0) return sum / n;
        int first = j + 1;
        if (first >= i) return double.NaN;
        double hours = (x[i].T - x[first].T) / 3_600_000.0;
        return Flat.Metres(x[first].Lat, x[first].Lon, x[i].Lat, x[i].Lon) / 1852.0 / hours;
    }

    private static void Entries(DetectionSettings s, RegionTable regions, VesselTrack track, int from, List<DetectionEvent> output)
    {
        var x = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(track.Samples);
        for (int i = Math.Max(1, from + 1); i < x.Length; i++)
        {
            ref readonly var before = ref x[i - 1];
            ref readonly var now = ref x[i];
            if (s.WatchSarRegions && now.Region != 0 && now.Region != before.Region)
                output.Add(Entry(regions, track, now, "sar:" + regions.Code(now.Region), "SAR region", regions.Code(before.Region)));
            for (ulong entered = now.Areas & ~before.Areas; entered != 0; entered &= entered - 1)
            {
                var area = s.Areas[System.Numerics.BitOperations.TrailingZeroCount(entered)];
                if (now.T >= area.ActiveFromMs) output.Add(Entry(regions, track, now, area.Id, area.Kind == WatchedAreaKind.Zone ? "zone" : "territorial-sea", null));
            }
        }
    }

    private static DetectionEvent Entry(RegionTable regions, VesselTrack track, in TrackSample at, string areaId, string areaKind, string? fromRegion)
    {
        var details = new Json().Add("areaKind", areaKind);
        if (fromRegion is not null) details.Add("fromRegion", fromRegion);
        return new DetectionEvent(string.Create(CultureInfo.InvariantCulture, $"entry:{track.Mmsi}:{areaId}:{at.T}"), DetectionKind.AreaEntry,
            track.Mmsi, null, at.T, at.T, at.Lat, at.Lon, regions.Code(at.Region), areaId, null, null, details.ToString());
    }
}

/// <summary>A tiny deterministic JSON object writer for event details (numbers rounded, invariant culture).</summary>
internal sealed class Json
{
    private readonly StringBuilder b = new("{");

    public Json Add(string name, double value)
    {
        Sep().Append('"').Append(name).Append("\":")
            .Append(double.IsFinite(value) ? Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture) : "null");
        return this;
    }

    public Json Add(string name, string value)
    {
        Sep().Append('"').Append(name).Append("\":\"").Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        return this;
    }

    private StringBuilder Sep() => b.Length > 1 ? b.Append(',') : b;

    public override string ToString() => b.ToString() + "}";
}
