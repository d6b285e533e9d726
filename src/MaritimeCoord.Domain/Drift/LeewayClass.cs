namespace MaritimeCoord.Domain.Drift;

/// <summary>
/// One leeway object class of the USCG leeway taxonomy (Allen &amp; Plourde 1999, CG-D-08-99; Allen 2005, CG-D-05-05):
/// the linear regression of leeway on the 10 m wind speed, downwind and crosswind (right and left of downwind).
/// Slopes in % of U10, offsets and standard errors in cm/s, as the published tables give them.
/// </summary>
public sealed record LeewayClass(
    int Id,
    string Key,
    string Description,
    double DownwindSlopePercent,
    double DownwindOffsetCms,
    double DownwindStdCms,
    double CrosswindRightSlopePercent,
    double CrosswindRightOffsetCms,
    double CrosswindRightStdCms,
    double CrosswindLeftSlopePercent,
    double CrosswindLeftOffsetCms,
    double CrosswindLeftStdCms)
{
    /// <summary>Mean downwind leeway (m/s) in a wind of <paramref name="windSpeed"/> m/s, errors aside.</summary>
    public double MeanDownwind(double windSpeed) => (DownwindSlopePercent * windSpeed + DownwindOffsetCms) / 100;

    /// <summary>Mean crosswind leeway (m/s, positive to the right of downwind) of a particle on that side.</summary>
    public double MeanCrosswind(ParticleSide side, double windSpeed) => side == ParticleSide.Right
        ? (CrosswindRightSlopePercent * windSpeed + CrosswindRightOffsetCms) / 100
        : (CrosswindLeftSlopePercent * windSpeed + CrosswindLeftOffsetCms) / 100;
}

/// <summary>Which side of the downwind direction a particle drifts to (its crosswind leeway's sign).</summary>
public enum ParticleSide : byte
{
    Right = 0,
    Left = 1,
}

/// <summary>A particle's state in a snapshot.</summary>
public enum ParticleStatus : byte
{
    /// <summary>Its seeding time has not come yet (seeding windows and lines spread seeding over time).</summary>
    NotSeeded = 0,
    Active = 1,
    /// <summary>Reached land: stopped where it reached it, and kept (the count matters for probability).</summary>
    Stranded = 2,
}
