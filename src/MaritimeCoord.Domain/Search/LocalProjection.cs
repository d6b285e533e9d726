namespace MaritimeCoord.Domain.Search;

/// <summary>
/// Spherical Lambert azimuthal equal-area projection centred on a point (Snyder 1987, USGS PP 1395, §24, eqs. 24-2…24-4
/// and 20-14…20-18), on the sphere of WGS84's authalic radius. Equal cells in this plane hold equal areas of the
/// sphere, the oblique aspect has no seam at ±180° and none at the poles, and within a few hundred kilometres of the
/// centre distances are within 0.5 % of the ellipsoid's. x is east and y north at the centre, in metres.
/// </summary>
public sealed class LocalProjection
{
    /// <summary>Radius of the sphere with WGS84's surface area (Snyder, table 3).</summary>
    public const double AuthalicRadiusMetres = 6_371_007.2;

    private const double DegreesToRadians = Math.PI / 180;
    private readonly double _sinLat0;
    private readonly double _cosLat0;

    public LocalProjection(double centreLatitude, double centreLongitude)
    {
        if (!double.IsFinite(centreLatitude) || Math.Abs(centreLatitude) > 90) throw new ArgumentOutOfRangeException(nameof(centreLatitude));
        if (!double.IsFinite(centreLongitude)) throw new ArgumentOutOfRangeException(nameof(centreLongitude));
        CentreLatitude = centreLatitude;
        CentreLongitude = NormaliseLongitude(centreLongitude);
        _sinLat0 = Math.Sin(centreLatitude * DegreesToRadians);
        _cosLat0 = Math.Cos(centreLatitude * DegreesToRadians);
    }

    public double CentreLatitude { get; }
    public double CentreLongitude { get; }

    /// <summary>
    /// The centre of a set of positions: the normalised mean of their unit vectors, so a cloud astride ±180° or around
    /// a pole gets its real centre. Null when there are no positions with positive weight (or they cancel out).
    /// </summary>
    public static LocalProjection? CentredOn(ReadOnlySpan<double> latitudes, ReadOnlySpan<double> longitudes, ReadOnlySpan<double> weights = default, ReadOnlySpan<bool> skip = default)
    {
        double sx = 0, sy = 0, sz = 0;
        for (int i = 0; i < latitudes.Length; i++)
        {
            if (!skip.IsEmpty && skip[i]) continue;
            double w = weights.IsEmpty ? 1 : weights[i];
            if (!(w > 0)) continue;
            double lat = latitudes[i] * DegreesToRadians, lon = longitudes[i] * DegreesToRadians;
            double c = Math.Cos(lat);
            sx += w * c * Math.Cos(lon);
            sy += w * c * Math.Sin(lon);
            sz += w * Math.Sin(lat);
        }
        double norm = Math.Sqrt((sx * sx) + (sy * sy) + (sz * sz));
        if (!(norm > 1e-12)) return null;
        double latC = Math.Asin(Math.Clamp(sz / norm, -1, 1)) / DegreesToRadians;
        double lonC = Math.Abs(latC) > 89.9999999 ? 0 : Math.Atan2(sy, sx) / DegreesToRadians;
        return new LocalProjection(latC, lonC);
    }

    public (double X, double Y) Forward(double latitude, double longitude)
    {
        double lat = latitude * DegreesToRadians;
        double dLon = (longitude - CentreLongitude) * DegreesToRadians;
        double sinLat = Math.Sin(lat), cosLat = Math.Cos(lat);
        double cosDLon = Math.Cos(dLon);
        double denominator = 1 + (_sinLat0 * sinLat) + (_cosLat0 * cosLat * cosDLon);
        // The antipode maps to a circle, not a point; nothing searchable lies there.
        if (denominator < 1e-12) throw new ArgumentOutOfRangeException(nameof(latitude), "The antipode of the projection centre cannot be projected.");
        double k = Math.Sqrt(2 / denominator) * AuthalicRadiusMetres;
        return (k * cosLat * Math.Sin(dLon), k * ((_cosLat0 * sinLat) - (_sinLat0 * cosLat * cosDLon)));
    }

    /// <summary>Latitude in [-90, 90] and longitude in [-180, 180].</summary>
    public (double Latitude, double Longitude) Inverse(double x, double y)
    {
        double rho = Math.Sqrt((x * x) + (y * y));
        if (rho < 1e-9) return (CentreLatitude, CentreLongitude);
        double c = 2 * Math.Asin(Math.Min(1, rho / (2 * AuthalicRadiusMetres)));
        double sinC = Math.Sin(c), cosC = Math.Cos(c);
        double lat = Math.Asin(Math.Clamp((cosC * _sinLat0) + (y * sinC * _cosLat0 / rho), -1, 1));
        double lon = (CentreLongitude * DegreesToRadians) + Math.Atan2(x * sinC, (rho * _cosLat0 * cosC) - (y * _sinLat0 * sinC));
        return (lat / DegreesToRadians, NormaliseLongitude(lon / DegreesToRadians));
    }

    /// <summary>The longitude unwrapped to within 180° of the centre's, so rings that cross ±180° stay continuous.</summary>
    public (double Latitude, double Longitude) InverseUnwrapped(double x, double y)
    {
        var (lat, lon) = Inverse(x, y);
        double d = lon - CentreLongitude;
        if (d > 180) lon -= 360;
        else if (d < -180) lon += 360;
        return (lat, lon);
    }

    internal static double NormaliseLongitude(double degrees)
    {
        double r = Math.IEEERemainder(degrees, 360);
        return r == -180 && degrees > 0 ? 180 : r;
    }
}
