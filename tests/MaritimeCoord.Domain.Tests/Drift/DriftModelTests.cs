using MaritimeCoord.Domain.Drift;
using MaritimeCoord.Domain.Geo;
using Xunit.Abstractions;

namespace MaritimeCoord.Domain.Tests.Drift;

/// <summary>The model against the published Leeway method's figures (docs/drift.md, "Agreement").</summary>
public class DriftModelTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly GeoPosition OpenPacific = new(30, 150);

    private static DriftRequest Request(string key, DriftSeeding seeding, int particles, double hours, bool jibing = true,
        DriftDirection direction = DriftDirection.Forward, ulong seed = 7) => new()
    {
        ObjectClass = LeewayClasses.Get(key),
        Seeding = seeding,
        Particles = particles,
        Duration = TimeSpan.FromHours(hours),
        Jibing = jibing,
        Direction = direction,
        Seed = seed,
    };

    /// <summary>East and north displacement (m) from a to b on the ellipsoid.</summary>
    private static (double East, double North) Displacement(GeoPosition a, GeoPosition b)
    {
        var g = Geodesic.Inverse(a, b);
        var bearing = g.InitialBearingDegrees * Math.PI / 180;
        return (g.DistanceMetres * Math.Sin(bearing), g.DistanceMetres * Math.Cos(bearing));
    }

    private static GeoPosition Mean(DriftSnapshot s)
    {
        double lat = 0, lon = 0;
        for (var i = 0; i < s.Count; i++) { lat += s.Latitudes[i]; lon += s.Longitudes[i]; }
        return new GeoPosition(lat / s.Count, lon / s.Count);
    }

    [Fact]
    public void Table_has_the_85_classes_by_key()
    {
        Assert.Equal(85, LeewayClasses.All.Count);
        Assert.Equal(85, LeewayClasses.All.Select(c => c.Key).Distinct().Count());
        Assert.True(LeewayClasses.TryGet("fishing-vessel-1", out var fv));
        Assert.Equal(2.47, fv.DownwindSlopePercent);
        Assert.Equal(-2.76, fv.CrosswindLeftSlopePercent);
        Assert.True(LeewayClasses.TryGet("PIW-1", out _));
        Assert.False(LeewayClasses.TryGet("NO-SUCH-THING", out _));
        var e = Assert.Throws<ArgumentException>(() => LeewayClasses.Get("NO-SUCH-THING"));
        Assert.Contains("SKIFF-2", e.Message);
    }

    [Fact]
    public void Fishing_vessel_in_10_ms_wind_drifts_0_247_downwind_and_0_276_crosswind_per_side()
    {
        // Wind from the south: downwind is north, right of downwind is east.
        var hours = 6.0;
        var result = DriftModel.Run(
            Request("FISHING-VESSEL-1", new PointSeeding(OpenPacific, 0, T0), 20_000, hours, jibing: false),
            OnSceneForcing.Constant(10, 180, null, 0));
        var final = result.Final;
        var seconds = hours * 3600;
        double down = 0, rightCross = 0, leftCross = 0;
        int rights = 0, lefts = 0;
        for (var i = 0; i < final.Count; i++)
        {
            var (east, north) = Displacement(OpenPacific, new GeoPosition(final.Latitudes[i], final.Longitudes[i]));
            down += north / seconds;
            if (final.Sides[i] == ParticleSide.Right) { rightCross += east / seconds; rights++; }
            else { leftCross += east / seconds; lefts++; }
        }
        Assert.Equal(10_000, rights);
        output.WriteLine($"downwind {down / final.Count:F4} m/s, crosswind right {rightCross / rights:F4}, left {leftCross / lefts:F4}");
        Assert.Equal(0.247, down / final.Count, 0.247 * 0.02);
        Assert.Equal(0.276, rightCross / rights, 0.276 * 0.02);
        Assert.Equal(-0.276, leftCross / lefts, 0.276 * 0.02);
    }

    [Fact]
    public void Jibing_switches_about_4_percent_of_particles_per_hour()
    {
        var result = DriftModel.Run(
            Request("FISHING-VESSEL-1", new PointSeeding(OpenPacific, 0, T0), 20_000, 1),
            OnSceneForcing.Constant(10, 180, null, 0));
        var switched = 0;
        for (var i = 0; i < result.Final.Count; i++)
            if (result.Final.Sides[i] != (i % 2 == 0 ? ParticleSide.Right : ParticleSide.Left)) switched++;
        // 6 steps of 10 min: P(odd number of jibes) ≈ 0.04; binomial std over 20,000 ≈ 0.0014.
        Assert.InRange(switched / 20_000.0, 0.035, 0.045);
    }

    [Fact]
    public void A_constant_current_moves_the_cloud_mean_by_current_times_time()
    {
        var hours = 24.0;
        var seeding = new PointSeeding(OpenPacific, 2000, T0);
        var without = DriftModel.Run(Request("PIW-1", seeding, 5000, hours), OnSceneForcing.Constant(12, 225, null, 0));
        var with = DriftModel.Run(Request("PIW-1", seeding, 5000, hours), OnSceneForcing.Constant(12, 225, 0.5, 60));
        var shift = Geodesic.Inverse(Mean(without.Final), Mean(with.Final));
        var expected = 0.5 * hours * 3600;
        output.WriteLine($"shift {shift.DistanceMetres:F1} m (expected {expected}), bearing {shift.InitialBearingDegrees:F3}");
        Assert.Equal(expected, shift.DistanceMetres, expected * 0.005);
        Assert.Equal(60, shift.InitialBearingDegrees, 0.5);
    }

    [Fact]
    public void A_backward_run_from_the_forward_mean_returns_to_the_start()
    {
        var hours = 24.0;
        var start = new GeoPosition(-12, 110);
        var forcing = OnSceneForcing.Constant(10, 300, 0.3, 200);
        var forward = DriftModel.Run(Request("FISHING-VESSEL-1", new PointSeeding(start, 0, T0), 20_000, hours), forcing);
        var mean = Mean(forward.Final);
        var backward = DriftModel.Run(
            Request("FISHING-VESSEL-1", new PointSeeding(mean, 0, T0.AddHours(hours)), 20_000, hours, direction: DriftDirection.Backward, seed: 99),
            forcing);
        Assert.Equal(T0, backward.Final.Time);
        var drift = Geodesic.Distance(start, mean);
        var error = Geodesic.Distance(start, Mean(backward.Final));
        output.WriteLine($"back at {error:F0} m from the start, drift {drift:F0} m ({100 * error / drift:F2} %)");
        Assert.True(error < 0.01 * drift, $"back at {error:F0} m from the start, drift {drift:F0} m");
    }

    [Fact]
    public void A_right_particle_ends_right_of_the_downwind_line()
    {
        // Wind from the west: downwind is east, right of it is south.
        var result = DriftModel.Run(
            Request("SKIFF-1", new PointSeeding(OpenPacific, 0, T0), 2000, 12, jibing: false),
            OnSceneForcing.Constant(15, 270, null, 0));
        int right = 0, rightOfLine = 0, leftOfLine = 0, left = 0;
        for (var i = 0; i < result.Final.Count; i++)
        {
            var (east, north) = Displacement(OpenPacific, new GeoPosition(result.Final.Latitudes[i], result.Final.Longitudes[i]));
            Assert.True(east > 0);
            if (result.Final.Sides[i] == ParticleSide.Right) { right++; if (north < 0) rightOfLine++; }
            else { left++; if (north > 0) leftOfLine++; }
        }
        // Per-particle errors can flip a few (|error| > 2.9 σ).
        Assert.True(rightOfLine >= 0.99 * right, $"{rightOfLine} of {right}");
        Assert.True(leftOfLine >= 0.99 * left, $"{leftOfLine} of {left}");
    }

    [Fact]
    public void Same_seed_same_run_and_different_seed_different_run()
    {
        var r = Request("PIW-1", new PointSeeding(OpenPacific, 500, T0), 200, 3);
        var a = DriftModel.Run(r, OnSceneForcing.Constant(8, 10, 0.2, 90)).Final;
        var b = DriftModel.Run(r, OnSceneForcing.Constant(8, 10, 0.2, 90)).Final;
        var c = DriftModel.Run(r with { Seed = 8 }, OnSceneForcing.Constant(8, 10, 0.2, 90)).Final;
        Assert.Equal(a.Latitudes, b.Latitudes);
        Assert.Equal(a.Longitudes, b.Longitudes);
        Assert.NotEqual(a.Latitudes, c.Latitudes);
    }

    [Fact]
    public void Snapshots_every_output_interval_and_progress_and_cancellation()
    {
        var progress = new List<DriftProgress>();
        var result = DriftModel.Run(Request("PIW-1", new PointSeeding(OpenPacific, 0, T0), 100, 5), OnSceneForcing.Constant(5, 0, null, 0),
            options: new DriftRunOptions { Progress = progress.Add });
        Assert.Equal(6, result.Snapshots.Count);
        Assert.Equal(T0.AddHours(5), result.Final.Time);
        Assert.Equal(30, progress.Count);
        Assert.Equal(1.0, progress[^1].Fraction);

        using var cts = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => DriftModel.Run(
            Request("PIW-1", new PointSeeding(OpenPacific, 0, T0), 100, 5), OnSceneForcing.Constant(5, 0, null, 0), null,
            new DriftRunOptions { CancellationToken = cts.Token, Progress = p => { if (p.Step == 3) cts.Cancel(); } }));
    }

    [Fact]
    public void Line_seeding_spreads_positions_and_times_along_the_cone()
    {
        var a = new GeoPosition(60.1, 4.5);
        var b = new GeoPosition(60.0, 4.7);
        var r = Request("PIW-1", new LineSeeding(a, T0, b, T0.AddHours(6)), 100, 24);
        var result = DriftModel.Run(r, OnSceneForcing.None);
        var first = result.Snapshots[0];
        Assert.Equal(1, first.Active);
        Assert.Equal(99, first.NotSeeded);
        Assert.Equal(60.1, first.Latitudes[0], 1e-9);
        Assert.Equal(60.0, first.Latitudes[99], 1e-6);
        Assert.Equal(4.7, first.Longitudes[99], 1e-6);
        Assert.Equal(100, result.Snapshots[6].Active);
        Assert.Equal(100, result.Final.Active);
    }

    [Fact]
    public void Point_seeding_stays_in_its_disc_and_area_seeding_in_its_polygon()
    {
        var centre = new GeoPosition(-33.9, 151.3);
        var disc = DriftModel.Run(Request("PIW-1", new PointSeeding(centre, 5000, T0), 2000, 1), OnSceneForcing.None).Snapshots[0];
        var farthest = 0.0;
        var within2500 = 0;
        for (var i = 0; i < disc.Count; i++)
        {
            var d = Geodesic.Distance(centre, new GeoPosition(disc.Latitudes[i], disc.Longitudes[i]));
            farthest = Math.Max(farthest, d);
            if (d <= 2500) within2500++;
        }
        Assert.True(farthest <= 5000.001);
        // Uniform in the disc: a quarter of the particles within half the radius.
        Assert.InRange(within2500 / 2000.0, 0.22, 0.28);

        // A triangle across the antimeridian.
        var ring = new[] { new GeoPosition(-17, 179.5), new GeoPosition(-17, -179.5), new GeoPosition(-18, 180) };
        var area = DriftModel.Run(Request("PIW-1", new AreaSeeding(ring, T0), 1000, 1), OnSceneForcing.None).Snapshots[0];
        for (var i = 0; i < area.Count; i++)
        {
            var lat = area.Latitudes[i];
            var lon = area.Longitudes[i] < 0 ? area.Longitudes[i] + 360 : area.Longitudes[i];
            Assert.InRange(lat, -18, -17);
            // Inside the triangle: |lon − 180| ≤ 0.5 × (lat + 18).
            Assert.True(Math.Abs(lon - 180) <= 0.5 * (lat + 18) + 1e-9, $"{lat} {lon}");
        }
    }

    [Fact]
    public void Particles_that_reach_land_strand_and_keep_their_position()
    {
        // A square island 10 km east of the start; wind from the west pushes everything onto it.
        var island = new NetTopologySuite.Geometries.GeometryFactory().CreatePolygon(
        [
            new(150.1, 29.9), new(150.3, 29.9), new(150.3, 30.1), new(150.1, 30.1), new(150.1, 29.9),
        ]);
        var mask = LandMask.Build([island], 29, 149, 31, 151, 200);
        var result = DriftModel.Run(Request("SKIFF-1", new PointSeeding(OpenPacific, 0, T0), 200, 24, jibing: false),
            OnSceneForcing.Constant(15, 270, null, 0), mask);
        Assert.Equal(200, result.Final.Stranded);
        var lastTwo = result.Snapshots[^2];
        for (var i = 0; i < result.Final.Count; i++)
        {
            Assert.Equal(lastTwo.Longitudes[i], result.Final.Longitudes[i]);
            Assert.InRange(result.Final.Longitudes[i], 150.1 - 0.01, 150.12);
        }
    }

    [Fact]
    public void Invalid_requests_name_the_field()
    {
        var r = Request("PIW-1", new PointSeeding(OpenPacific, 0, T0), 99, 200);
        var fields = r.Validate().Select(p => p.Field).ToList();
        Assert.Contains("particles", fields);
        Assert.Contains("hours", fields);
        var line = Request("PIW-1", new LineSeeding(OpenPacific, T0, OpenPacific, T0.AddHours(-1)), 100, 2);
        Assert.Contains("seeding.endTime", line.Validate().Select(p => p.Field));
        Assert.Throws<ArgumentException>(() => DriftModel.Run(r, OnSceneForcing.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => OnSceneForcing.Constant(61, 0, null, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => OnSceneForcing.Constant(10, 0, 5.1, 0));
    }
}
