namespace MaritimeCoord.Domain.Drift;

/// <summary>The area a run can reach: what a land mask must cover and a forcing file should overlap.</summary>
public static class DriftRegion
{
    /// <summary>
    /// The seeding area widened by the farthest a particle can drift at <paramref name="maxSpeedMetresPerSecond"/> over
    /// the run (longitudes may run past ±180: the mask wraps).
    /// </summary>
    public static (double South, double West, double North, double East) Reachable(DriftRequest request, double maxSpeedMetresPerSecond)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (s, w, n, e) = request.Seeding.Bounds();
        var reach = Math.Max(0, maxSpeedMetresPerSecond) * request.Duration.TotalSeconds + 5_000;
        var dLat = reach / 110_000.0;
        var maxAbsLat = Math.Min(89, Math.Max(Math.Abs(s), Math.Abs(n)) + dLat);
        var dLon = reach / (111_320.0 * Math.Max(0.02, Math.Cos(maxAbsLat * Math.PI / 180)));
        if (dLon >= 180 || w - dLon < -360 || e + dLon > 360) return (Math.Max(-90, s - dLat), -180, Math.Min(90, n + dLat), 180);
        return (Math.Max(-90, s - dLat), w - dLon, Math.Min(90, n + dLat), e + dLon);
    }

    /// <summary>
    /// A generous upper bound of the drift speed for on-scene forcing: the class's leeway at the wind speed plus three
    /// standard errors, plus the current.
    /// </summary>
    public static double MaxSpeed(LeewayClass leeway, double maxWindSpeed, double maxCurrentSpeed)
    {
        ArgumentNullException.ThrowIfNull(leeway);
        var dw = (Math.Abs(leeway.DownwindSlopePercent) + 3 * leeway.DownwindStdCms / 20) * maxWindSpeed + Math.Abs(leeway.DownwindOffsetCms) + 3 * leeway.DownwindStdCms / 2;
        var cw = (Math.Max(Math.Abs(leeway.CrosswindRightSlopePercent), Math.Abs(leeway.CrosswindLeftSlopePercent)) +
                  3 * Math.Max(leeway.CrosswindRightStdCms, leeway.CrosswindLeftStdCms) / 20) * maxWindSpeed +
                 Math.Max(Math.Abs(leeway.CrosswindRightOffsetCms), Math.Abs(leeway.CrosswindLeftOffsetCms)) +
                 3 * Math.Max(leeway.CrosswindRightStdCms, leeway.CrosswindLeftStdCms) / 2;
        return Math.Sqrt(dw * dw + cw * cw) / 100 + maxCurrentSpeed;
    }
}
