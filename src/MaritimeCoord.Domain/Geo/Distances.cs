namespace MaritimeCoord.Domain.Geo;

public static class Distances
{
    /// <summary>The international nautical mile, exactly 1852 m.</summary>
    public const double MetresPerNauticalMile = 1852.0;

    public static double NauticalMilesToMetres(double nauticalMiles) => nauticalMiles * MetresPerNauticalMile;

    public static double MetresToNauticalMiles(double metres) => metres / MetresPerNauticalMile;
}
