using MaritimeCoord.Domain.Drift;

namespace MaritimeCoord.Domain.Tests.Drift;

public class GriddedForcingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ForcingSample At(GriddedForcing f, DateTimeOffset t, double lat, double lon)
    {
        var s = new ForcingSample[1];
        f.Sample(t, [lat], [lon], s);
        return s[0];
    }

    // 2 times × 2 lats × 3 lons; u = 1 + lon index + 10 × lat index + 100 × time, v = −u.
    private static GriddedField Field(double[] lons, float nanAt = -1, double[]? lats = null)
    {
        lats ??= [10, 11];
        var u = new float[12];
        for (var t = 0; t < 2; t++)
            for (var y = 0; y < 2; y++)
                for (var x = 0; x < 3; x++)
                    u[t * 6 + y * 3 + x] = 1 + x + 10 * y + 100 * t;
        if (nanAt >= 0) u[(int)nanAt] = float.NaN;
        var v = u.Select(x => -x).ToArray();
        return new GriddedField("test", lats, lons, [T0, T0.AddHours(6)], u, v);
    }

    [Fact]
    public void Bilinear_in_space_and_linear_in_time()
    {
        var f = new GriddedForcing(null, Field([100, 101, 102]));
        // lat 10.25 (fy 0.25), lon 100.5 (fx 0.5), time +3 h (0.5): u = 1 + 0.5 + 2.5 + 50.
        var s = At(f, T0.AddHours(3), 10.25, 100.5);
        Assert.Equal(54.0, s.CurrentEast, 1e-6);
        Assert.Equal(-54.0, s.CurrentNorth, 1e-6);
        Assert.Equal(ForcingFallback.None, s.Fallback);
        Assert.Equal(0, s.WindEast);
    }

    [Fact]
    public void A_missing_corner_is_left_out_and_the_others_reweighted()
    {
        // Corner (t0, lat 10, lon 100) is a land cell.
        var f = new GriddedForcing(null, Field([100, 101, 102], nanAt: 0));
        var s = At(f, T0, 10.5, 100.5);
        // Remaining corners 2, 11, 12 with weights 0.25 each.
        Assert.Equal((2 + 11 + 12) / 3.0, s.CurrentEast, 1e-6);
        // Right at the land cell: the nearest value with weight is used, never NaN.
        var onLand = At(f, T0, 10, 100);
        Assert.True(double.IsFinite(onLand.CurrentEast));
    }

    [Fact]
    public void All_corners_missing_falls_back_to_on_scene_or_zero_and_says_so()
    {
        var lats = new double[] { 10, 11 };
        var u = Enumerable.Repeat(float.NaN, 12).ToArray();
        var field = new GriddedField("land", lats, [100, 101, 102], [T0, T0.AddHours(6)], u, u);
        var zero = At(new GriddedForcing(null, field), T0, 10.5, 100.5);
        Assert.Equal(ForcingFallback.CurrentZero, zero.Fallback);
        Assert.Equal(0, zero.CurrentEast);
        var onScene = At(new GriddedForcing(null, field, OnSceneForcing.Constant(10, 0, 0.5, 90)), T0, 10.5, 100.5);
        Assert.Equal(ForcingFallback.CurrentOnScene, onScene.Fallback);
        Assert.Equal(0.5, onScene.CurrentEast, 1e-9);
        Assert.Equal(-10, onScene.WindNorth, 1e-9); // wind from north blows south
    }

    [Fact]
    public void Outside_the_grid_or_its_times_falls_back()
    {
        var f = new GriddedForcing(Field([100, 101, 102]), null, OnSceneForcing.Constant(5, 270, null, 0));
        Assert.Equal(ForcingFallback.WindOnScene, At(f, T0.AddHours(7), 10.5, 100.5).Fallback);
        Assert.Equal(ForcingFallback.WindOnScene, At(f, T0.AddHours(-1), 10.5, 100.5).Fallback);
        Assert.Equal(ForcingFallback.WindOnScene, At(f, T0, 12, 100.5).Fallback);
        Assert.Equal(ForcingFallback.WindOnScene, At(f, T0, 10.5, 102.5).Fallback);
        Assert.Equal(5, At(f, T0, 12, 100.5).WindEast, 1e-9);
        Assert.Equal(ForcingFallback.None, At(f, T0.AddHours(6), 11, 102).Fallback);
        Assert.Equal(ForcingFallback.WindZero, At(new GriddedForcing(Field([100, 101, 102]), null), T0, 12, 100.5).Fallback);
    }

    [Fact]
    public void Longitudes_0_to_360_answer_queries_in_minus_180_to_180_and_a_global_grid_wraps()
    {
        // 3 columns at 240, 300, 360-step… make a global grid of 6 columns (0, 60, …, 300).
        var lons = new double[] { 0, 60, 120, 180, 240, 300 };
        var u = new float[2 * 2 * 6];
        for (var t = 0; t < 2; t++) for (var y = 0; y < 2; y++) for (var x = 0; x < 6; x++) u[t * 12 + y * 6 + x] = x;
        var field = new GriddedField("global", [10, 11], lons, [T0, T0.AddHours(6)], u, u);
        Assert.True(field.IsGlobalInLongitude);
        var f = new GriddedForcing(null, field);
        Assert.Equal(4.5, At(f, T0, 10.5, -90).CurrentEast, 1e-6);  // -90 = 270: between 240 (4) and 300 (5)
        Assert.Equal(2.5, At(f, T0, 10.5, 330).CurrentEast, 1e-6);  // between 300 (5) and 360 = 0 (0)
        Assert.Equal(2.5, At(f, T0, 10.5, -30).CurrentEast, 1e-6);
        Assert.Equal(3, At(f, T0, 10.5, 180).CurrentEast, 1e-6);
        Assert.Equal(3, At(f, T0, 10.5, -180).CurrentEast, 1e-6);

        // A regional grid in 0..360 east of the antimeridian, queried with negative longitudes.
        var pacific = new GriddedForcing(null, Field([190, 191, 192]));
        Assert.Equal(1.5, At(pacific, T0, 10, -169.5).CurrentEast, 1e-6);
    }

    [Fact]
    public void Descending_latitudes_are_flipped()
    {
        var f = new GriddedForcing(null, Field([100, 101, 102], lats: [11, 10]));
        // Row 0 (u 1..3) is now latitude 11.
        Assert.Equal(1, At(f, T0, 11, 100).CurrentEast, 1e-6);
        Assert.Equal(11, At(f, T0, 10, 100).CurrentEast, 1e-6);
    }

    [Fact]
    public void Coverage_problem_names_the_field_and_what_misses()
    {
        var f = new GriddedForcing(Field([100, 101, 102]), null);
        Assert.Null(f.CoverageProblem(9, 99, 12, 103, T0, T0.AddHours(24)));
        Assert.Contains("does not overlap the run (", f.CoverageProblem(9, 99, 12, 103, T0.AddDays(2), T0.AddDays(3)));
        Assert.Contains("run's area", f.CoverageProblem(-9, 99, -5, 103, T0, T0.AddHours(24)));
        Assert.Contains("run's area", f.CoverageProblem(9, -99, 12, -90, T0, T0.AddHours(24)));
        Assert.Null(f.CoverageProblem(9, -260, 12, -250, T0, T0.AddHours(24)));
    }
}
