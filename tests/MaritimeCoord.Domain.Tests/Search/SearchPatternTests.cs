using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Search;

namespace MaritimeCoord.Domain.Tests.Search;

public class SearchPatternTests
{
    private const double Nm = 1852;

    private static double Dist((double, double) a, (double, double) b) => Math.Sqrt(Math.Pow(a.Item1 - b.Item1, 2) + Math.Pow(a.Item2 - b.Item2, 2));

    [Fact]
    public void Parallel_sweep_runs_legs_along_the_major_axis_spaced_S_apart_starting_S_over_2_inside()
    {
        var area = new SearchArea(0, 0, 10 * Nm, 4 * Nm, 30);
        var track = SearchPatterns.LocalTrack(area, SearchPattern.ParallelSweep, Nm);
        Assert.Equal(8, track.Count);
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(-2 * Nm + ((k + 0.5) * Nm), track[2 * k].V, 6);
            Assert.Equal(track[2 * k].V, track[(2 * k) + 1].V, 6);
            Assert.Equal(10 * Nm, Math.Abs(track[(2 * k) + 1].U - track[2 * k].U), 6);
        }
    }

    [Fact]
    public void Creeping_line_runs_legs_across_the_area_advancing_along_it()
    {
        var area = new SearchArea(0, 0, 6 * Nm, 2 * Nm, 0);
        var track = SearchPatterns.LocalTrack(area, SearchPattern.CreepingLine, Nm);
        Assert.Equal(12, track.Count);
        Assert.All(Enumerable.Range(0, 6), k => Assert.Equal(2 * Nm, Math.Abs(track[(2 * k) + 1].V - track[2 * k].V), 6));
        Assert.Equal(-2.5 * Nm, track[0].U, 6);
    }

    [Fact]
    public void Expanding_square_legs_are_S_S_2S_2S_3S_3S_turning_right()
    {
        var area = new SearchArea(0, 0, 4 * Nm, 4 * Nm, 0);
        var track = SearchPatterns.LocalTrack(area, SearchPattern.ExpandingSquare, Nm);
        var legs = track.Zip(track.Skip(1), (a, b) => (a, b)).ToList();
        Assert.Equal([1, 1, 2, 2, 3, 3, 4, 4], legs.Select(l => Math.Round(Dist(l.a, l.b) / Nm, 9)));
        for (int i = 1; i < legs.Count; i++)
        {
            var d0 = (U: legs[i - 1].b.U - legs[i - 1].a.U, V: legs[i - 1].b.V - legs[i - 1].a.V);
            var d1 = (U: legs[i].b.U - legs[i].a.U, V: legs[i].b.V - legs[i].a.V);
            // Right turn in (u forward, v right): cross product u0·v1 − v0·u1 > 0.
            Assert.True((d0.U * d1.V) - (d0.V * d1.U) > 0);
            Assert.Equal(0, (d0.U * d1.U) + (d0.V * d1.V), 3);
        }
    }

    [Fact]
    public void Sector_search_passes_through_the_datum_with_legs_of_one_radius_and_120_degree_turns()
    {
        var area = new SearchArea(0, 0, 4 * Nm, 4 * Nm, 0);
        var track = SearchPatterns.LocalTrack(area, SearchPattern.Sector, Nm);
        Assert.Equal(10, track.Count);
        Assert.All(new[] { 0, 3, 6, 9 }, i => Assert.Equal(0, Dist(track[i], (0, 0)), 6));
        Assert.All(Enumerable.Range(1, 9), i => Assert.Equal(2 * Nm, Dist(track[i - 1], track[i]), 6));
        var second = SearchPatterns.LocalTrack(area, SearchPattern.Sector, Nm, maxTrackLengthMetres: 18 * 2 * Nm);
        Assert.Equal(19, second.Count);
        Assert.Equal(30, (Math.Atan2(second[10].V, second[10].U) - Math.Atan2(second[1].V, second[1].U)) * 180 / Math.PI, 6);
    }

    [Fact]
    public void Track_line_flies_the_track_first_then_either_side()
    {
        var area = new SearchArea(0, 0, 20 * Nm, 3 * Nm, 90);
        var track = SearchPatterns.LocalTrack(area, SearchPattern.TrackLine, Nm);
        Assert.Equal([0.0, 1, -1], Enumerable.Range(0, 3).Select(k => Math.Round(track[2 * k].V / Nm, 9)));
    }

    [Fact]
    public void Waypoints_are_timed_at_the_asset_speed_cut_at_endurance_and_moved_with_the_drift()
    {
        var grid = new ProbabilityGrid(new LocalProjection(-9, 115), -10 * Nm, -10 * Nm, Nm, 20, 20, Enumerable.Repeat(1 / 400.0, 400).ToArray(), 1, 0);
        var asset = new SearchAsset("PB-1", 10, 3, 1); // 30 nm of track
        var assignment = new AssetAssignment(asset, new SearchArea(0, 0, 8 * Nm, 8 * Nm, 0), SearchPattern.ParallelSweep, Nm);
        var start = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
        var still = SearchPatterns.Waypoints(grid, assignment, start);
        Assert.Equal(30 * Nm, SearchPatterns.Length(still.Select(w => (w.PlaneX, w.PlaneY)).ToList()), 3);
        Assert.Equal(start.AddHours(3), still[^1].Time);
        Assert.Equal(start.AddHours(0.8), still[1].Time);

        var drift = SearchPatterns.ConstantDrift(0.3, -0.4); // 0.5 m/s towards 143.13°
        var moving = SearchPatterns.Waypoints(grid, assignment, start, drift);
        for (int i = 0; i < still.Count; i++)
        {
            double seconds = (moving[i].Time - start).TotalSeconds;
            var shift = Geodesic.Inverse(still[i].Position, moving[i].Position);
            Assert.Equal(0.5 * seconds, shift.DistanceMetres, 3);
            if (seconds > 0) Assert.Equal(Math.Atan2(0.3, -0.4) * 180 / Math.PI, shift.InitialBearingDegrees, 3);
        }
    }

    [Fact]
    public void Operator_adjustments_recompute_POS()
    {
        var rng = new Random(9);
        var grid = SearchTestGrids.Random(rng, 16, 12);
        var assets = new[] { new SearchAsset("A", 10, 3, 1), new SearchAsset("B", 8, 2, 0.8) };
        var plan = SearchPlanner.Propose(grid, assets);
        var first = plan.Assignments[0];
        var moved = plan.Assignments.Select(a => a == first ? a with { Area = a.Area.MovedBy(40 * Nm, 0) } : a).ToList();
        var movedPlan = SearchEvaluation.Evaluate(grid, moved);
        Assert.Equal(plan.Outcomes[1].ProbabilityOfSuccess, movedPlan.Outcomes[1].ProbabilityOfSuccess, 12);
        Assert.Equal(0, movedPlan.Outcomes[0].ProbabilityOfContainment, 12);
        Assert.True(movedPlan.ProbabilityOfSuccess < plan.ProbabilityOfSuccess);

        // Rotating a square by 90° changes nothing; rotating it by 45° keeps containment within the cells it touches.
        var square = new AssetAssignment(assets[0], new SearchArea(0, 0, 4 * Nm, 4 * Nm, 0), SearchPattern.ParallelSweep, Nm);
        var turned = square with { Area = square.Area.RotatedTo(90) };
        Assert.Equal(SearchEvaluation.Evaluate(grid, [square]).ProbabilityOfSuccess, SearchEvaluation.Evaluate(grid, [turned]).ProbabilityOfSuccess, 9);
        var diamond = square with { Area = square.Area.RotatedTo(45) };
        Assert.Equal(16, SearchEvaluation.CellsCovered(grid, diamond.Area).Sum(c => c.Fraction), 9);

        // Wider spacing: less track flown, lower coverage.
        var wide = square with { TrackSpacingMetres = 2 * Nm };
        Assert.True(SearchEvaluation.Evaluate(grid, [wide]).Outcomes[0].Coverage < SearchEvaluation.Evaluate(grid, [square]).Outcomes[0].Coverage);
        var resized = square with { Area = square.Area.Resized(2 * Nm, 2 * Nm), Pattern = SearchPattern.ExpandingSquare };
        Assert.InRange(SearchEvaluation.Evaluate(grid, [resized]).ProbabilityOfSuccess, 0, 1);
    }
}
