using NetTopologySuite.Geometries;

namespace MaritimeCoord.Domain.Jurisdiction;

/// <summary>
/// Makes a lon/lat polygon mean the same thing to a planar test as to PostGIS <c>geography</c>, whose edges are great
/// circles: every edge is split at its great-circle midpoint until the straight lon/lat chord and the great circle are
/// within <c>toleranceMetres</c> of each other. A 1° east–west edge at 12°S bulges about 50 m poleward; after
/// densification the two readings agree to the tolerance.
/// </summary>
public static class GreatCircleDensifier
{
    private const double EarthRadiusMetres = 6_371_008.8; // mean radius: the deviation is a distance, not a geodesic
    private const int MaxDepth = 24;

    public static Coordinate[] Densify(IReadOnlyList<Coordinate> ring, double toleranceMetres)
    {
        var result = new List<Coordinate>(ring.Count * 4) { ring[0].Copy() };
        for (var i = 1; i < ring.Count; i++)
        {
            var a = ring[i - 1];
            var b = ring[i].Copy();
            // Keep the edge continuous across the antimeridian: the caller unwraps longitudes first.
            Split(a.X, a.Y, b.X, b.Y, toleranceMetres, 0, result);
            result.Add(b);
        }
        return [.. result];
    }

    private static void Split(double lonA, double latA, double lonB, double latB, double tolerance, int depth, List<Coordinate> output)
    {
        if (depth >= MaxDepth) return;
        var (midLon, midLat) = GreatCircleMidpoint(lonA, latA, lonB, latB);
        var chordLon = (lonA + lonB) / 2;
        var chordLat = (latA + latB) / 2;
        if (Haversine(midLon, midLat, chordLon, chordLat) <= tolerance) return;
        Split(lonA, latA, midLon, midLat, tolerance, depth + 1, output);
        output.Add(new Coordinate(midLon, midLat));
        Split(midLon, midLat, lonB, latB, tolerance, depth + 1, output);
    }

    /// <summary>Midpoint on the sphere, with its longitude kept next to the inputs' (which may lie beyond ±180).</summary>
    internal static (double Lon, double Lat) GreatCircleMidpoint(double lonA, double latA, double lonB, double latB)
    {
        var (xa, ya, za) = ToVector(lonA, latA);
        var (xb, yb, zb) = ToVector(lonB, latB);
        double x = xa + xb, y = ya + yb, z = za + zb;
        var lat = Math.Atan2(z, Math.Sqrt(x * x + y * y)) * 180 / Math.PI;
        var lon = Math.Atan2(y, x) * 180 / Math.PI;
        var reference = (lonA + lonB) / 2;
        while (lon - reference > 180) lon -= 360;
        while (lon - reference < -180) lon += 360;
        return (lon, lat);
    }

    private static (double X, double Y, double Z) ToVector(double lon, double lat)
    {
        var l = lon * Math.PI / 180;
        var p = lat * Math.PI / 180;
        return (Math.Cos(p) * Math.Cos(l), Math.Cos(p) * Math.Sin(l), Math.Sin(p));
    }

    internal static double Haversine(double lon1, double lat1, double lon2, double lat2)
    {
        var p1 = lat1 * Math.PI / 180;
        var p2 = lat2 * Math.PI / 180;
        var dp = p2 - p1;
        var dl = (lon2 - lon1) * Math.PI / 180;
        var h = Math.Sin(dp / 2) * Math.Sin(dp / 2) + Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2);
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}
