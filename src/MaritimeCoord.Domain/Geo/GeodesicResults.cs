namespace MaritimeCoord.Domain.Geo;

/// <summary>The solution of the inverse geodesic problem between two positions (see <see cref="Geodesic.Inverse"/>).</summary>
/// <param name="DistanceMetres">Length of the geodesic (shortest path on the WGS84 ellipsoid), metres.</param>
/// <param name="InitialBearingDegrees">Bearing of the geodesic at the first position, degrees from true north in [0, 360).</param>
/// <param name="FinalBearingDegrees">
/// Direction of travel along the geodesic on arrival at the second position, degrees from true north in [0, 360). It
/// differs from the initial bearing because a geodesic is not a line of constant course (except along a meridian or the
/// equator).
/// </param>
public readonly record struct GeodesicInverseResult(double DistanceMetres, double InitialBearingDegrees, double FinalBearingDegrees)
{
    /// <summary>The distance in international nautical miles.</summary>
    public double DistanceNauticalMiles => DistanceMetres / Distances.MetresPerNauticalMile;
}

/// <summary>The solution of the direct geodesic problem (see <see cref="Geodesic.Direct"/>).</summary>
/// <param name="Destination">The position reached.</param>
/// <param name="FinalBearingDegrees">Direction of travel along the geodesic at the destination, degrees in [0, 360).</param>
public readonly record struct GeodesicDirectResult(GeoPosition Destination, double FinalBearingDegrees);
