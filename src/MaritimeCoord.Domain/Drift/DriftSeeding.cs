using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Drift;

/// <summary>Where and when the particles start. See docs/drift.md (Seeding) for the distributions.</summary>
public abstract record DriftSeeding
{
    /// <summary>The earliest seeding time.</summary>
    public abstract DateTimeOffset EarliestTime { get; }

    /// <summary>The latest seeding time.</summary>
    public abstract DateTimeOffset LatestTime { get; }

    /// <summary>The smallest lat/lon box holding every seeding position (radii included, roughly).</summary>
    internal abstract (double South, double West, double North, double East) Bounds();
}

/// <summary>
/// A point with a position error: particles uniform in a disc of <paramref name="RadiusMetres"/> around the position
/// (on the ellipsoid), seeding times spread evenly from <paramref name="Time"/> to <paramref name="WindowEnd"/> (all at
/// <paramref name="Time"/> when no window).
/// </summary>
public sealed record PointSeeding(GeoPosition Position, double RadiusMetres, DateTimeOffset Time, DateTimeOffset? WindowEnd = null) : DriftSeeding
{
    public override DateTimeOffset EarliestTime => Time;
    public override DateTimeOffset LatestTime => WindowEnd ?? Time;
    internal override (double South, double West, double North, double East) Bounds() => SeedingBounds.AroundPoint(Position, RadiusMetres);
}

/// <summary>
/// The "cone" between two positions and times (a track between two sightings): particle i of n is placed at fraction
/// i/(n−1) along the geodesic from <paramref name="Start"/> to <paramref name="End"/>, seeded at the time interpolated
/// the same way, uniform in a disc whose radius grows linearly from <paramref name="StartRadiusMetres"/> to
/// <paramref name="EndRadiusMetres"/> (OpenDrift's <c>seed_cone</c> does the same).
/// </summary>
public sealed record LineSeeding(
    GeoPosition Start,
    DateTimeOffset StartTime,
    GeoPosition End,
    DateTimeOffset EndTime,
    double StartRadiusMetres = 0,
    double EndRadiusMetres = 0) : DriftSeeding
{
    public override DateTimeOffset EarliestTime => StartTime < EndTime ? StartTime : EndTime;
    public override DateTimeOffset LatestTime => StartTime < EndTime ? EndTime : StartTime;

    internal override (double South, double West, double North, double East) Bounds()
    {
        var a = SeedingBounds.AroundPoint(Start, StartRadiusMetres);
        var b = SeedingBounds.AroundPoint(End, EndRadiusMetres);
        return SeedingBounds.Union(a, b);
    }
}

/// <summary>
/// An area: particles uniform (by area, on the sphere) inside the polygon <paramref name="Ring"/> (one outer ring, first
/// vertex not repeated or repeated, no holes), seeding times spread evenly over the window.
/// </summary>
public sealed record AreaSeeding(IReadOnlyList<GeoPosition> Ring, DateTimeOffset Time, DateTimeOffset? WindowEnd = null) : DriftSeeding
{
    public override DateTimeOffset EarliestTime => Time;
    public override DateTimeOffset LatestTime => WindowEnd ?? Time;

    internal override (double South, double West, double North, double East) Bounds()
    {
        var (lons, lats) = SeedingBounds.UnwrappedRing(Ring);
        double s = 90, n = -90, w = double.MaxValue, e = double.MinValue;
        for (var i = 0; i < lons.Length; i++)
        {
            s = Math.Min(s, lats[i]); n = Math.Max(n, lats[i]);
            w = Math.Min(w, lons[i]); e = Math.Max(e, lons[i]);
        }
        return (s, w, n, e);
    }
}

internal static class SeedingBounds
{
    public static (double, double, double, double) AroundPoint(GeoPosition p, double radiusMetres)
    {
        var dLat = radiusMetres / 110_000.0;
        var cos = Math.Max(0.01, Math.Cos(p.Latitude * Math.PI / 180));
        var dLon = Math.Min(180, radiusMetres / (110_000.0 * cos));
        return (Math.Max(-90, p.Latitude - dLat), p.Longitude - dLon, Math.Min(90, p.Latitude + dLat), p.Longitude + dLon);
    }

    public static (double, double, double, double) Union((double S, double W, double N, double E) a, (double S, double W, double N, double E) b)
    {
        // Longitudes of b are taken the short way round from a's, so a line across ±180° stays one box.
        var shift = Math.Round((a.W - b.W) / 360) * 360;
        return (Math.Min(a.S, b.S), Math.Min(a.W, b.W + shift), Math.Max(a.N, b.N), Math.Max(a.E, b.E + shift));
    }

    /// <summary>The ring's longitudes made continuous (each within 180° of the previous), so a ring across ±180° is one shape.</summary>
    public static (double[] Lons, double[] Lats) UnwrappedRing(IReadOnlyList<GeoPosition> ring)
    {
        var lons = new double[ring.Count];
        var lats = new double[ring.Count];
        for (var i = 0; i < ring.Count; i++)
        {
            var lon = ring[i].Longitude;
            if (i > 0)
            {
                while (lon - lons[i - 1] > 180) lon -= 360;
                while (lon - lons[i - 1] < -180) lon += 360;
            }
            lons[i] = lon;
            lats[i] = ring[i].Latitude;
        }
        return (lons, lats);
    }
}
