using MaritimeCoord.Domain.Jurisdiction;

namespace MaritimeCoord.Domain.Detection;

/// <summary>
/// One interval of a vessel's track (see <see cref="DetectionSettings.Resolution"/>): its first fix, and the time of
/// its last. Which fix is "first" depends only on the times, never on the order they arrived in.
/// </summary>
internal struct TrackSample
{
    public long T;
    public double Lat;
    public double Lon;
    public ulong Areas;     // one bit per watched area (DetectionSettings.Areas, at most 64)
    private int lastOffset; // LastT - T: both fall in one interval, so an int holds it and the sample stays at 48 bytes
    public float Sog;
    public float Cog;
    public short Region;    // index into the state's RegionTable (0: no region): no reference, so the GC never scans tracks
    public sbyte Status;
    public sbyte Slow;      // loitering flag cache: 0 unknown, 1 not slow, 2 slow (reset when earlier data changes)

    /// <summary>Time of the last fix of the interval (set <see cref="T"/> first).</summary>
    public long LastT
    {
        readonly get => T + lastOffset;
        set => lastOffset = checked((int)(value - T));
    }
}

/// <summary>
/// The SAR regions by a small index kept in each <see cref="TrackSample"/> (instead of a string reference: tracks hold
/// tens of millions of samples, and reference-free arrays are never scanned by the garbage collector), with each
/// region's thresholds resolved once. Index 0 is "no region"; region k of the <see cref="JurisdictionIndex"/> is k + 1,
/// so a position's index comes from the jurisdiction grid without looking its code up. Immutable: read concurrently.
/// </summary>
internal sealed class RegionTable
{
    private readonly JurisdictionIndex? index;
    private readonly string?[] codes;
    private readonly DetectionThresholds[] thresholds;

    public RegionTable(DetectionSettings settings)
    {
        index = settings.Regions;
        int count = index?.RegionCount ?? 0;
        if (count >= short.MaxValue) throw new InvalidOperationException("More than 32,766 SAR regions.");
        codes = new string?[count + 1];
        thresholds = new DetectionThresholds[count + 1];
        thresholds[0] = settings.Default;
        for (int i = 0; i < count; i++)
        {
            codes[i + 1] = index!.RegionCodeAt(i);
            thresholds[i + 1] = settings.For(codes[i + 1]);
        }
    }

    /// <summary>The index of the region covering the position (0: none).</summary>
    public short IndexAt(double latitude, double longitude) => index is null ? (short)0 : (short)(index.CoveringRegion(latitude, longitude) + 1);

    public string? Code(short index) => codes[index];

    public DetectionThresholds For(short index) => thresholds[index];
}

/// <summary>Where a vessel is in the watch for silence (AIS gaps that open with no new data).</summary>
internal enum DarkWatch
{
    /// <summary>Not watched: no position yet, or a gap is open (its next position re-queues it).</summary>
    Parked,

    /// <summary>Waiting in the queue for the time it could be silent long enough.</summary>
    Queued,

    /// <summary>Silent long enough: checked every run.</summary>
    Silent,
}

/// <summary>A vessel's retained track, its per-vessel events and the vessels it has been close to.</summary>
internal sealed class VesselTrack(int mmsi, int sequence)
{
    public int Mmsi { get; } = mmsi;

    /// <summary>Order in which the vessel was first seen.</summary>
    public int Sequence { get; } = sequence;

    /// <summary>Where the vessel is in the watch for silence (see DetectionEngine.DarkCandidates).</summary>
    public DarkWatch DarkWatch { get; set; }

    public List<TrackSample> Samples { get; } = [];
    public List<DetectionEvent> Events { get; } = [];
    public HashSet<int> Partners { get; } = [];
    public long DirtyFrom { get; set; } = long.MaxValue;

    /// <summary>The id of the standing event of <paramref name="kind"/> that starts at <paramref name="startMs"/>, to reuse its string.</summary>
    public string? IdOf(DetectionKind kind, long startMs)
    {
        foreach (var e in Events)
        {
            if (e.StartMs == startMs && e.Kind == kind) return e.Id;
        }
        return null;
    }

    /// <summary>Index of the sample of <paramref name="bucket"/>, or the bitwise complement of where it would go.</summary>
    public int Find(long bucket, long resolutionMs)
    {
        // Nearly always the newest sample or just after it: check the end before searching (the search touches ~10
        // cache lines of a track that is mostly out of cache).
        var samples = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Samples);
        if (samples.Length > 0)
        {
            long last = samples[^1].T / resolutionMs;
            if (last == bucket) return samples.Length - 1;
            if (last < bucket) return ~samples.Length;
        }
        int lo = 0, hi = Samples.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            long b = Samples[mid].T / resolutionMs;
            if (b == bucket) return mid;
            if (b < bucket) lo = mid + 1; else hi = mid - 1;
        }
        return ~lo;
    }

    /// <summary>First sample at or after <paramref name="timeMs"/>.</summary>
    public int FirstAtOrAfter(long timeMs)
    {
        var samples = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Samples);
        if (samples.Length == 0 || samples[^1].T < timeMs) return samples.Length;
        if (samples.Length == 1 || samples[^2].T < timeMs) return samples.Length - 1;
        int lo = 0, hi = Samples.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (Samples[mid].T < timeMs) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}

internal static class Flat
{
    // Metres per degree of latitude on the mean sphere. Used only for distances under a few kilometres (encounters,
    // the AIS clearance of a sighting), where the equirectangular approximation is within 0.5 % of the ellipsoid.
    public const double MetresPerDegree = 111_195;

    public static double Metres(double lat1, double lon1, double lat2, double lon2)
    {
        double dLon = lon2 - lon1;
        if (dLon > 180) dLon -= 360; else if (dLon < -180) dLon += 360;
        double x = dLon * Math.Cos((lat1 + lat2) * (Math.PI / 360)) * MetresPerDegree;
        double y = (lat2 - lat1) * MetresPerDegree;
        return Math.Sqrt((x * x) + (y * y));
    }

    /// <summary>Moves a fix along its course over ground for <paramref name="seconds"/> (short times only).</summary>
    public static (double Lat, double Lon) Project(in TrackSample s, double seconds)
    {
        if (!float.IsFinite(s.Sog) || !float.IsFinite(s.Cog) || seconds == 0) return (s.Lat, s.Lon);
        double metres = s.Sog * 1852.0 / 3600.0 * seconds;
        double cog = s.Cog * (Math.PI / 180);
        double lat = s.Lat + (metres * Math.Cos(cog) / MetresPerDegree);
        double cos = Math.Cos(s.Lat * (Math.PI / 180));
        double lon = cos < 1e-6 ? s.Lon : s.Lon + (metres * Math.Sin(cog) / (MetresPerDegree * cos));
        return (Math.Clamp(lat, -90, 90), lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon);
    }
}
