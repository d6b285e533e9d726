namespace MaritimeCoord.Domain.Geo;

/// <summary>The closest point of approach (CPA) of two vessels that keep their course and speed.</summary>
/// <param name="DistanceMetres">The geodesic distance between the two vessels at the CPA, metres.</param>
/// <param name="TimeToClosestApproach">
/// TCPA: time from the reference time (the first vessel's fix) to the CPA. Negative when the CPA is in the past, i.e.
/// the vessels are already moving apart; zero when their relative motion is nil (relative speed below 0.01 kn: the
/// distance does not change).
/// </param>
/// <param name="TimeOfClosestApproach">The instant of the CPA.</param>
/// <param name="PositionA">Dead-reckoned position of the first vessel at the CPA.</param>
/// <param name="PositionB">Dead-reckoned position of the second vessel at the CPA.</param>
/// <param name="CurrentDistanceMetres">The geodesic distance between the two at the reference time, metres.</param>
public readonly record struct ClosestApproach(
    double DistanceMetres,
    TimeSpan TimeToClosestApproach,
    DateTimeOffset TimeOfClosestApproach,
    GeoPosition PositionA,
    GeoPosition PositionB,
    double CurrentDistanceMetres)
{
    /// <summary>The CPA distance in international nautical miles.</summary>
    public double DistanceNauticalMiles => DistanceMetres / Distances.MetresPerNauticalMile;

    /// <summary>True when the closest approach is already past (TCPA &lt; 0): the vessels are opening.</summary>
    public bool IsPast => TimeToClosestApproach < TimeSpan.Zero;
}

/// <summary>
/// Closest point of approach (CPA) and time to it (TCPA) between two vessels each known by a position, course and speed
/// over ground, both assumed to keep them (the collision-avoidance and rendezvous question: "how close, and when?").
/// </summary>
/// <remarks>
/// <para>
/// <see cref="ComputeOnTangentPlane"/> is the textbook method (as in ARPA radars): put both vessels on a local
/// azimuthal-equidistant plane centred on vessel A — B at the geodesic range and bearing from A, B's velocity rotated
/// by the meridian convergence (B's course relative to the geodesic's direction at B) — and minimise the length of
/// the linear relative track. Its distances are exact at the reference time and its range-rate is exact too (first
/// variation of the geodesic); the error comes only from treating the two tracks as straight lines on that plane. It
/// grows with the distance run to the CPA. Measured against the brute-force geodesic minimum on random encounters
/// (latitudes within ±70°, 2–30 kn; docs/geodesy.md): at most 0.3 m for runs up to 10 nm, 8 m up to 50 nm, 65 m up to
/// 100 nm and 190 m up to 400 nm; TCPA is off by up to a few minutes when the minimum is flat (wide CPA, slow closing).
/// </para>
/// <para>
/// <see cref="Compute"/> removes that error: it repeats the plane step from the vessels' dead-reckoned states at the
/// current TCPA estimate (each dead-reckoned along its geodesic, <see cref="DeadReckoning"/>) until the correction is
/// below a millisecond, usually in two or three steps. Because the plane's range-rate is exact, the fixed point is a
/// stationary point of the true geodesic distance, so the result is the ellipsoidal CPA of the two geodesic tracks,
/// and <see cref="ClosestApproach.DistanceMetres"/> is the geodesic distance between the two returned positions.
/// If reaching the CPA needs a run longer than <see cref="MaxRefinedRunMetres"/> the plane answer is kept (no
/// dead-reckoned track means anything that far ahead).
/// </para>
/// </remarks>
public static class ClosestPointOfApproach
{
    /// <summary>Longest run (either vessel, metres) to the CPA for which <see cref="Compute"/> refines: 1000 nm.</summary>
    public const double MaxRefinedRunMetres = 1000 * Distances.MetresPerNauticalMile;

    private const int MaxRefinements = 12;
    private const double ConvergedSeconds = 1e-3;
    // Relative speeds below 0.01 kn (5 mm/s) count as no relative motion: TCPA = 0. This also bounds TCPA (to about
    // 125 years at the largest possible range), so the arithmetic on TimeSpan and DateTimeOffset cannot overflow.
    private const double NoRelativeMotion = 0.01 * Distances.MetresPerNauticalMile / 3600 * (0.01 * Distances.MetresPerNauticalMile / 3600);

    /// <summary>
    /// The CPA of two vessels, on the ellipsoid (tangent-plane solution refined along the geodesic tracks). If the fixes
    /// are at different times, <paramref name="b"/> is first dead-reckoned to <paramref name="a"/>'s time, which is the
    /// reference time for TCPA.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A course is not finite, or a speed is negative or not finite.</exception>
    public static ClosestApproach Compute(KinematicFix a, KinematicFix b)
    {
        DeadReckoning.Validate(a);
        DeadReckoning.Validate(b);
        b = DeadReckoning.ProjectWithCourse(b, a.Time);
        var current = Geodesic.Distance(a.Position, b.Position);

        var t = PlaneSolution(a, b, out _);
        var maxSpeed = Math.Max(a.SpeedMetresPerSecond, b.SpeedMetresPerSecond);
        for (var i = 0; i < MaxRefinements && t != 0; i++)
        {
            if (Math.Abs(t) * maxSpeed > MaxRefinedRunMetres) break;
            var at = a.Time + TimeSpan.FromSeconds(t);
            var step = PlaneSolution(DeadReckoning.ProjectWithCourse(a, at), DeadReckoning.ProjectWithCourse(b, at), out _);
            t += step;
            if (Math.Abs(step) < ConvergedSeconds) break;
        }
        return Result(a, b, t, current);
    }

    /// <summary>
    /// The classic local tangent-plane CPA (no refinement): cheaper, exact at short range, approximate for long runs
    /// (see the remarks on <see cref="ClosestPointOfApproach"/>). <see cref="ClosestApproach.DistanceMetres"/> is the
    /// plane's minimum distance; the returned positions are the dead-reckoned geodesic positions at the plane's TCPA.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A course is not finite, or a speed is negative or not finite.</exception>
    public static ClosestApproach ComputeOnTangentPlane(KinematicFix a, KinematicFix b)
    {
        DeadReckoning.Validate(a);
        DeadReckoning.Validate(b);
        b = DeadReckoning.ProjectWithCourse(b, a.Time);
        var current = Geodesic.Distance(a.Position, b.Position);
        var t = PlaneSolution(a, b, out var planeDistance);
        var result = Result(a, b, t, current);
        return result with { DistanceMetres = planeDistance };
    }

    private static ClosestApproach Result(KinematicFix a, KinematicFix b, double seconds, double current)
    {
        var tcpa = TimeSpan.FromSeconds(seconds);
        var when = a.Time + tcpa;
        var pa = DeadReckoning.Project(a, when);
        var pb = DeadReckoning.Project(b, when);
        return new ClosestApproach(Geodesic.Distance(pa, pb), tcpa, when, pa, pb, current);
    }

    // Seconds from the (common) fix time to the CPA on the azimuthal-equidistant plane centred on A, and the plane CPA
    // distance. x = east, y = north at A.
    private static double PlaneSolution(KinematicFix a, KinematicFix b, out double distance)
    {
        var g = Geodesic.Inverse(a.Position, b.Position);
        var (sinAz, cosAz) = Math.SinCos(ToRadians(g.InitialBearingDegrees));
        var rx = g.DistanceMetres * sinAz;
        var ry = g.DistanceMetres * cosAz;

        var (sinA, cosA) = Math.SinCos(ToRadians(a.CourseOverGroundDegrees));
        // B's course relative to the geodesic's direction at B is preserved on the plane (radial directions are).
        var (sinB, cosB) = Math.SinCos(ToRadians(g.InitialBearingDegrees + (b.CourseOverGroundDegrees - g.FinalBearingDegrees)));
        var va = a.SpeedMetresPerSecond;
        var vb = b.SpeedMetresPerSecond;
        var wx = vb * sinB - va * sinA;
        var wy = vb * cosB - va * cosA;
        var w2 = wx * wx + wy * wy;

        var t = w2 < NoRelativeMotion ? 0 : -(rx * wx + ry * wy) / w2;
        distance = double.Hypot(rx + wx * t, ry + wy * t);
        return t;
    }

    private static double ToRadians(double degrees) => degrees * (Math.PI / 180);
}
