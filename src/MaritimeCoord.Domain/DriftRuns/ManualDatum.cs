namespace MaritimeCoord.Domain.DriftRuns;

/// <summary>
/// The IAMSAR manual method beside the Monte Carlo answer (IAMSAR Manual Vol II, search planning; the figures as DMA's
/// EPD applies them): drift error De = 0.3 × the total drift distance, total probable error E = √(X² + Y² + De²), search
/// radius R = E × fs.
/// </summary>
public static class ManualDatum
{
    public const double DriftErrorFraction = 0.3;

    /// <summary>First search: IAMSAR's safety factor 1.1 (it grows with each further search).</summary>
    public const double DefaultSafetyFactor = 1.1;

    /// <summary>Search craft navigational error with GNSS, 0.1 NM (IAMSAR Vol II, navigational fix errors).</summary>
    public const double DefaultSearchCraftErrorMetres = 185.2;

    public static ManualSearchRadius Compute(double initialErrorMetres, double searchCraftErrorMetres, double driftMetres, double safetyFactor)
    {
        if (initialErrorMetres < 0 || searchCraftErrorMetres < 0 || driftMetres < 0)
            throw new ArgumentOutOfRangeException(nameof(driftMetres), "Errors and drift are distances (not negative).");
        if (safetyFactor < 1) throw new ArgumentOutOfRangeException(nameof(safetyFactor), "The safety factor is at least 1.");
        double de = DriftErrorFraction * driftMetres;
        double e = Math.Sqrt(initialErrorMetres * initialErrorMetres + searchCraftErrorMetres * searchCraftErrorMetres + de * de);
        return new ManualSearchRadius(driftMetres, de, e, e * safetyFactor);
    }
}

public readonly record struct ManualSearchRadius(double DriftMetres, double DriftErrorMetres, double ProbableErrorMetres, double SearchRadiusMetres);
