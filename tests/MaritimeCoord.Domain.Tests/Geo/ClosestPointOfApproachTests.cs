using System.Globalization;
using MaritimeCoord.Domain.Geo;
using Xunit.Abstractions;

namespace MaritimeCoord.Domain.Tests.Geo;

public sealed class ClosestPointOfApproachTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 6, 0, 0, TimeSpan.Zero);
    private const double Nm = Distances.MetresPerNauticalMile;

    [Fact]
    public void Head_on_vessels_meet_when_the_gap_is_closed_at_the_sum_of_their_speeds()
    {
        var a = new KinematicFix(new GeoPosition(0, 100), 90, 10, T0);
        var b = new KinematicFix(new GeoPosition(0, 100.5), 270, 10, T0);
        var gap = Geodesic.Distance(a.Position, b.Position);

        var cpa = ClosestPointOfApproach.Compute(a, b);

        Assert.InRange(cpa.DistanceMetres, 0, 0.01);
        Assert.Equal(gap / (20 * Nm / 3600), cpa.TimeToClosestApproach.TotalSeconds, 0.01);
        Assert.Equal(gap, cpa.CurrentDistanceMetres, 1e-9);
        Assert.False(cpa.IsPast);
        Assert.Equal(T0 + cpa.TimeToClosestApproach, cpa.TimeOfClosestApproach);
    }

    [Fact]
    public void Parallel_vessels_at_the_same_speed_have_no_relative_motion()
    {
        var a = new KinematicFix(new GeoPosition(-10, 110), 45, 12, T0);
        var abeam = Geodesic.Destination(a.Position, 135, 1 * Nm);
        var b = new KinematicFix(abeam, 45, 12, T0);

        var cpa = ClosestPointOfApproach.Compute(a, b);

        Assert.Equal(TimeSpan.Zero, cpa.TimeToClosestApproach);
        Assert.Equal(1 * Nm, cpa.DistanceMetres, 1e-6);
        Assert.Equal(a.Position, cpa.PositionA);
    }

    [Fact]
    public void Diverging_vessels_had_their_closest_approach_in_the_past()
    {
        // A eastbound, B 5 nm north of A and northbound, both 10 kn: relative velocity (-10, +10) kn, so in the plane
        // TCPA = -(r·w)/|w|² = -50/200 h = -15 min and CPA = |(2.5, 2.5)| nm.
        var a = new KinematicFix(new GeoPosition(-5, 120), 90, 10, T0);
        var b = new KinematicFix(Geodesic.Destination(a.Position, 0, 5 * Nm), 0, 10, T0);

        var cpa = ClosestPointOfApproach.Compute(a, b);

        Assert.True(cpa.IsPast);
        Assert.Equal(-15 * 60, cpa.TimeToClosestApproach.TotalSeconds, 2);
        Assert.Equal(2.5 * Math.Sqrt(2), cpa.DistanceNauticalMiles, 0.005);
        Assert.True(cpa.DistanceMetres < cpa.CurrentDistanceMetres);
    }

    [Fact]
    public void Crossing_vessels_that_reach_the_same_point_together_collide_there()
    {
        var meet = new GeoPosition(-8.0, 115.0);
        var a = StartingFor(meet, courseAtMeet: 0, knots: 12, hoursAway: 2);
        var b = StartingFor(meet, courseAtMeet: 90, knots: 15, hoursAway: 2);

        var cpa = ClosestPointOfApproach.Compute(a, b);

        Assert.InRange(cpa.DistanceMetres, 0, 0.01);
        Assert.Equal(2 * 3600, cpa.TimeToClosestApproach.TotalSeconds, 0.01);
        Assert.InRange(Geodesic.Distance(cpa.PositionA, meet), 0, 0.01);

        // The give-way vessel five minutes late: B passes astern of A.
        var late = ClosestPointOfApproach.Compute(a, b with { Position = DeadReckoning.Project(b, T0.AddMinutes(-5)) });
        // B is 15 kn·5 min = 1.25 nm short of the crossing when A reaches it; relative velocity (15, -12) kn, so the
        // plane CPA is 1.25·12/√(15² + 12²) nm.
        Assert.Equal(1.25 * 12 / Math.Sqrt(15 * 15 + 12 * 12), late.DistanceNauticalMiles, 0.002);
        Assert.False(late.IsPast);
    }

    [Fact]
    public void Fixes_at_different_times_are_brought_to_the_first_vessels_time()
    {
        var a = new KinematicFix(new GeoPosition(-20, 150), 300, 14, T0);
        var bNow = new KinematicFix(new GeoPosition(-19.8, 149.7), 200, 9, T0);
        var bEarlier = DeadReckoning.ProjectWithCourse(bNow, T0.AddMinutes(-40));

        var fromNow = ClosestPointOfApproach.Compute(a, bNow);
        var fromEarlier = ClosestPointOfApproach.Compute(a, bEarlier);

        Assert.Equal(fromNow.DistanceMetres, fromEarlier.DistanceMetres, 1e-4);
        Assert.Equal(fromNow.TimeToClosestApproach.TotalSeconds, fromEarlier.TimeToClosestApproach.TotalSeconds, 1e-3);
    }

    [Fact]
    public void Works_across_the_antimeridian_and_near_a_pole()
    {
        var a = new KinematicFix(new GeoPosition(-17, 179.8), 90, 10, T0);
        var b = new KinematicFix(new GeoPosition(-17, -179.8), 270, 10, T0);
        var across = ClosestPointOfApproach.Compute(a, b);
        Assert.InRange(across.DistanceMetres, 0, 0.01);
        Assert.InRange(across.TimeToClosestApproach.TotalMinutes, 68, 70); // 22.95 nm at 20 kn

        var polarA = new KinematicFix(new GeoPosition(89.9, 0), 0, 10, T0);    // over the pole and down the 180° meridian
        var polarB = new KinematicFix(new GeoPosition(89.9, 180), 0, 10, T0);  // the other way
        var polar = ClosestPointOfApproach.Compute(polarA, polarB);
        Assert.InRange(polar.DistanceMetres, 0, 0.01);
        Assert.InRange(Geodesic.Distance(polar.PositionA, new GeoPosition(90, 0)), 0, 0.01);
    }

    [Fact]
    public void Refined_CPA_is_the_minimum_of_the_geodesic_distance_and_the_tangent_plane_error_is_measured()
    {
        var random = new Random(7_2013);
        var bins = new[] { 10.0, 50, 100, 200, 400 }; // run to CPA (nm, the longer of the two)
        var planeDistanceError = new double[bins.Length];
        var planeTimeError = new double[bins.Length];
        var planeSelfError = new double[bins.Length];
        var counts = new int[bins.Length];
        double worstRefinedDistance = 0, worstRefinedTime = 0;

        for (var n = 0; n < 400; n++)
        {
            var a = new KinematicFix(new GeoPosition(random.NextDouble() * 140 - 70, random.NextDouble() * 360 - 180),
                random.NextDouble() * 360, 2 + random.NextDouble() * 28, T0);
            var rangeNm = 2 + random.NextDouble() * 150;
            var bPosition = Geodesic.Destination(a.Position, random.NextDouble() * 360, rangeNm * Nm);
            var b = new KinematicFix(bPosition, random.NextDouble() * 360, 2 + random.NextDouble() * 28, T0);

            var refined = ClosestPointOfApproach.Compute(a, b);
            var plane = ClosestPointOfApproach.ComputeOnTangentPlane(a, b);
            var t = refined.TimeToClosestApproach.TotalSeconds;
            var runNm = Math.Abs(t) * Math.Max(a.SpeedMetresPerSecond, b.SpeedMetresPerSecond) / Nm;
            if (runNm > bins[^1]) continue;

            // Truth by brute force: scan the geodesic distance between the dead-reckoned vessels around the answer,
            // then golden-section search the best bracket.
            var (tTrue, dTrue) = BruteForceMinimum(a, b, t - 3600, t + 3600);
            worstRefinedDistance = Math.Max(worstRefinedDistance, refined.DistanceMetres - dTrue);
            if (dTrue > 1) worstRefinedTime = Math.Max(worstRefinedTime, Math.Abs(t - tTrue) * RelativeSpeed(a, b, tTrue) / Math.Max(1, dTrue));

            var bin = Array.FindIndex(bins, x => runNm <= x);
            counts[bin]++;
            planeDistanceError[bin] = Math.Max(planeDistanceError[bin], Math.Abs(plane.DistanceMetres - dTrue));
            planeTimeError[bin] = Math.Max(planeTimeError[bin], Math.Abs(plane.TimeToClosestApproach.TotalSeconds - tTrue));
            // The plane CPA against the geodesic distance between the vessels at the plane's TCPA.
            planeSelfError[bin] = Math.Max(planeSelfError[bin], Math.Abs(plane.DistanceMetres - Geodesic.Distance(plane.PositionA, plane.PositionB)));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"refined vs brute-force geodesic minimum: worst excess distance {worstRefinedDistance:E2} m"));
        output.WriteLine("tangent-plane CPA error (max over random encounters, lat within ±70°, 2–30 kn):");
        output.WriteLine("  run to CPA ≤   n   |CPA − true| m   |TCPA − true| s   |CPA − geodesic at plane TCPA| m");
        for (var i = 0; i < bins.Length; i++)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {bins[i],6} nm  {counts[i],4}   {planeDistanceError[i],14:F2}   {planeTimeError[i],15:F1}   {planeSelfError[i],14:F2}"));

        Assert.InRange(worstRefinedDistance, double.NegativeInfinity, 0.01);
        Assert.True(counts.Sum() > 300);
        // The approximation bounds documented in docs/geodesy.md.
        Assert.InRange(planeDistanceError[0], 0, 5);
        Assert.InRange(planeDistanceError[1], 0, 100);
    }

    private static KinematicFix StartingFor(GeoPosition meet, double courseAtMeet, double knots, double hoursAway)
    {
        // Run backwards from the meeting point along the geodesic, then take the course the geodesic has at the start.
        var back = Geodesic.Direct(meet, courseAtMeet, -knots * Nm * hoursAway);
        var course = Geodesic.Inverse(back.Destination, meet).InitialBearingDegrees;
        return new KinematicFix(back.Destination, course, knots, T0);
    }

    private static double DistanceAt(KinematicFix a, KinematicFix b, double seconds)
    {
        var at = T0.AddSeconds(seconds);
        return Geodesic.Distance(DeadReckoning.Project(a, at), DeadReckoning.Project(b, at));
    }

    private static double RelativeSpeed(KinematicFix a, KinematicFix b, double seconds)
    {
        const double h = 1;
        var d1 = DistanceAt(a, b, seconds - h);
        var d2 = DistanceAt(a, b, seconds + h);
        return Math.Max(0.01, Math.Abs(d2 - d1) / (2 * h) + 0.01);
    }

    private static (double Seconds, double Metres) BruteForceMinimum(KinematicFix a, KinematicFix b, double from, double to)
    {
        const int steps = 120;
        var best = from;
        var bestD = double.MaxValue;
        for (var i = 0; i <= steps; i++)
        {
            var t = from + (to - from) * i / steps;
            var d = DistanceAt(a, b, t);
            if (d < bestD) { bestD = d; best = t; }
        }
        double lo = best - (to - from) / steps, hi = best + (to - from) / steps;
        var phi = (Math.Sqrt(5) - 1) / 2;
        for (var i = 0; i < 60; i++)
        {
            var m1 = hi - phi * (hi - lo);
            var m2 = lo + phi * (hi - lo);
            if (DistanceAt(a, b, m1) < DistanceAt(a, b, m2)) hi = m2; else lo = m1;
        }
        var tMin = (lo + hi) / 2;
        return (tMin, Math.Min(bestD, DistanceAt(a, b, tMin)));
    }
}
