namespace MaritimeCoord.Domain.Detection;

/// <summary>
/// One interval of a vessel's track (see <see cref="DetectionSettings.Resolution"/>): its first fix, and the time of
/// its last. Which fix is "first" depends only on the times, never on the order they arrived in.
/// </summary>
internal struct TrackSample
{
    public long T;
    public long LastT;
    public double Lat;
    public double Lon;
    public float Sog;
    public float Cog;
    public int Areas;
    public short Region;    // index into the state's RegionTable (0: no region): no reference, so the GC never scans tracks
    public sbyte Status;
    public sbyte Slow;      // loitering flag cache: 0 unknown, 1 not slow, 2 slow (reset when earlier data changes)
}

/// <summary>
/// SAR region codes met so far, by a small index kept in each <see cref="TrackSample"/> (instead of a string reference:
/// tracks hold tens of millions of samples, and reference-free arrays are never scanned by the garbage collector), with
/// each region's thresholds resolved once. Grows only while positions are inserted (one thread); read concurrently after.
/// </summary>
internal sealed class RegionTable
{
    private readonly DetectionSettings settings;
    private readonly Dictionary<string, short> byCode = new(StringComparer.Ordinal);
    private readonly List<string?> codes = [null];
    private readonly List<DetectionThresholds> thresholds;

    public RegionTable(DetectionSettings settings)
    {
        this.settings = settings;
        thresholds = [settings.Default];
    }

    public short IndexOf(string? code)
    {
        if (code is null) return 0;
        if (byCode.TryGetValue(code, out var i)) return i;
        if (codes.Count > short.MaxValue) throw new InvalidOperationException("More than 32,767 SAR regions.");
        i = (short)codes.Count;
        codes.Add(code);
        thresholds.Add(settings.For(code));
        byCode[code] = i;
        return i;
    }

    public string? Code(short index) => codes[index];

    public DetectionThresholds For(short index) => thresholds[index];
}

/// <summary>A vessel's retained track, its per-vessel events and the vessels it has been close to.</summary>
internal sealed class VesselTrack(int mmsi)
{
    public int Mmsi { get; } = mmsi;
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
