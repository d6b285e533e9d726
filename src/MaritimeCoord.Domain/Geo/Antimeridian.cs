namespace MaritimeCoord.Domain.Geo;

/// <summary>
/// Lines that cross the antimeridian (±180°), cut there as RFC 7946 §3.1.9 asks. A track from 179.5°E to 179.5°W
/// written as one line is drawn by GIS tools the long way round, across the whole map; cut into two parts that meet
/// the meridian at the same latitude, it is drawn where the vessel went. Two consecutive positions are taken to
/// cross when their longitudes differ by more than 180° (the short way round is the way a vessel sails between two
/// reports). The crossing latitude is that of the great circle through the two positions, on a sphere: for drawing
/// a line between two reports the ellipsoid's difference is far below what a map shows.
/// </summary>
public static class Antimeridian
{
    public static bool Crosses(double fromLongitude, double toLongitude) => Math.Abs(toLongitude - fromLongitude) > 180;

    /// <summary>The line (longitude, latitude in degrees, in order) as parts that never jump across ±180°.</summary>
    public static List<List<(double Lon, double Lat)>> Split(IReadOnlyList<(double Lon, double Lat)> line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = new List<List<(double Lon, double Lat)>>();
        var current = new List<(double Lon, double Lat)>(line.Count);
        for (var i = 0; i < line.Count; i++)
        {
            var point = line[i];
            if (i > 0 && Crosses(line[i - 1].Lon, point.Lon))
            {
                var previous = line[i - 1];
                var latitude = CrossingLatitude(previous, point);
                var edge = previous.Lon > 0 ? 180.0 : -180.0;
                current.Add((edge, latitude));
                parts.Add(current);
                current = [(-edge, latitude)];
            }

            current.Add(point);
        }

        if (current.Count > 0) parts.Add(current);
        return parts;
    }

    /// <summary>
    /// Where a sequence of positions starts a new part (index 0 always does): for formats whose lines are made of
    /// the reported positions themselves (GPX track segments), which must not gain invented points at the meridian.
    /// </summary>
    public static List<int> PartStarts<T>(IReadOnlyList<T> points, Func<T, double> longitude)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(longitude);
        var starts = new List<int>();
        if (points.Count == 0) return starts;
        starts.Add(0);
        for (var i = 1; i < points.Count; i++)
            if (Crosses(longitude(points[i - 1]), longitude(points[i]))) starts.Add(i);
        return starts;
    }

    /// <summary>Latitude at which the great circle through two positions on either side of ±180° meets it.</summary>
    public static double CrossingLatitude((double Lon, double Lat) from, (double Lon, double Lat) to)
    {
        const double toRadians = Math.PI / 180;
        double φ1 = from.Lat * toRadians, φ2 = to.Lat * toRadians, λ1 = from.Lon * toRadians, λ2 = to.Lon * toRadians;
        var denominator = Math.Cos(φ1) * Math.Cos(φ2) * Math.Sin(λ1 - λ2);
        // Same meridian (or a pole): no single crossing latitude; the mean is where a drawn line meets it.
        if (Math.Abs(denominator) < 1e-12) return (from.Lat + to.Lat) / 2;
        const double λ = Math.PI;
        var numerator = Math.Sin(φ1) * Math.Cos(φ2) * Math.Sin(λ - λ2) - Math.Sin(φ2) * Math.Cos(φ1) * Math.Sin(λ - λ1);
        return Math.Atan(numerator / denominator) / toRadians;
    }
}
