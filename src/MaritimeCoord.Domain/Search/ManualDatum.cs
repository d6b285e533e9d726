using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Search;

/// <summary>The IAMSAR manual-method answer beside the Monte Carlo one: datum, total probable error, search radius.</summary>
/// <param name="Datum">Mean drift position (weighted mean of the particles that count).</param>
/// <param name="DriftDistanceNauticalMiles">From the last known position to the datum.</param>
/// <param name="DriftErrorNauticalMiles">De = 0.3 × drift distance.</param>
/// <param name="TotalProbableErrorNauticalMiles">E = √(X² + Y² + De²).</param>
/// <param name="SafetyFactor">fs for this search number.</param>
/// <param name="SearchRadiusNauticalMiles">R = E × fs.</param>
/// <param name="LinearSumRadiusNauticalMiles">R = (X + Y + De) × fs, the linear sum some tools (DMA's EPD) use; never smaller than R.</param>
public sealed record ManualDatumResult(
    GeoPosition Datum,
    double DriftDistanceNauticalMiles,
    double DriftErrorNauticalMiles,
    double TotalProbableErrorNauticalMiles,
    double SafetyFactor,
    double SearchRadiusNauticalMiles,
    double LinearSumRadiusNauticalMiles);

/// <summary>IAMSAR Manual Vol II, search planning by the manual method (docs/search-planning.md has provenance).</summary>
public static class ManualDatum
{
    /// <summary>De as a share of the total drift distance.</summary>
    public const double DriftErrorShare = 0.3;

    // Safety factor per successive search (1st … 5th), as the IAMSAR manual method's table is commonly cited
    // (approximate; check against the manual's current edition). Later searches keep the last value.
    private static readonly double[] SafetyFactors = [1.1, 1.6, 2.0, 2.3, 2.5];

    /// <summary>fs for the 1-based search number.</summary>
    public static double SafetyFactor(int searchNumber)
    {
        if (searchNumber < 1) throw new ArgumentOutOfRangeException(nameof(searchNumber), searchNumber, "Searches are numbered from 1.");
        return SafetyFactors[Math.Min(searchNumber, SafetyFactors.Length) - 1];
    }

    public static double TotalProbableError(double initialErrorNm, double navigationErrorNm, double driftDistanceNm)
    {
        Require(initialErrorNm, nameof(initialErrorNm));
        Require(navigationErrorNm, nameof(navigationErrorNm));
        Require(driftDistanceNm, nameof(driftDistanceNm));
        double de = DriftErrorShare * driftDistanceNm;
        return Math.Sqrt((initialErrorNm * initialErrorNm) + (navigationErrorNm * navigationErrorNm) + (de * de));
    }

    public static double SearchRadius(double totalProbableErrorNm, int searchNumber) =>
        SearchRadiusWithSafetyFactor(totalProbableErrorNm, SafetyFactor(searchNumber));

    /// <summary>R = E × fs with fs chosen by the planner (at least 1) rather than read from the table by search number.</summary>
    public static double SearchRadiusWithSafetyFactor(double totalProbableErrorNm, double safetyFactor)
    {
        Require(totalProbableErrorNm, nameof(totalProbableErrorNm));
        if (!(safetyFactor >= 1) || !double.IsFinite(safetyFactor)) throw new ArgumentOutOfRangeException(nameof(safetyFactor), safetyFactor, "The safety factor is at least 1.");
        return totalProbableErrorNm * safetyFactor;
    }

    /// <summary>
    /// Datum as the mean position of the particles (stranded ones left out, weights default to 1), drift distance
    /// along the ellipsoid from the last known position, X and Y in nautical miles.
    /// </summary>
    public static ManualDatumResult FromParticles(GeoPosition lastKnownPosition, ReadOnlySpan<double> latitudes, ReadOnlySpan<double> longitudes,
        ReadOnlySpan<bool> stranded, ReadOnlySpan<double> weights, double initialErrorNm, double navigationErrorNm, int searchNumber = 1)
    {
        var centre = LocalProjection.CentredOn(latitudes, longitudes, weights, stranded)
            ?? throw new ArgumentException("No particle afloat with a positive weight.", nameof(latitudes));
        var datum = new GeoPosition(centre.CentreLatitude, centre.CentreLongitude);
        return FromDatum(lastKnownPosition, datum, initialErrorNm, navigationErrorNm, searchNumber);
    }

    public static ManualDatumResult FromDatum(GeoPosition lastKnownPosition, GeoPosition datum, double initialErrorNm, double navigationErrorNm, int searchNumber = 1)
    {
        double drift = Geodesic.Distance(lastKnownPosition, datum) / Distances.MetresPerNauticalMile;
        double e = TotalProbableError(initialErrorNm, navigationErrorNm, drift);
        double fs = SafetyFactor(searchNumber);
        double de = DriftErrorShare * drift;
        return new ManualDatumResult(datum, drift, de, e, fs, e * fs, (initialErrorNm + navigationErrorNm + de) * fs);
    }

    private static void Require(double value, string name)
    {
        if (!(value >= 0) || !double.IsFinite(value)) throw new ArgumentOutOfRangeException(name, value, "Must be finite and non-negative.");
    }
}
