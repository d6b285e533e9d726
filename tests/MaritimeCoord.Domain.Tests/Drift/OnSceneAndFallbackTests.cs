using MaritimeCoord.Domain.Drift;
using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Tests.Drift;

public class OnSceneAndFallbackTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void On_scene_time_series_interpolates_components_and_holds_at_the_ends()
    {
        var f = new OnSceneForcing(
        [
            new OnSceneObservation(T0.AddHours(6), 10, 270, 1, 0),   // wind blows east, current sets north
            new OnSceneObservation(T0, 10, 180, 0, 0),               // wind blows north (given out of order)
        ]);
        var start = f.At(T0.AddHours(-5));
        Assert.Equal(0, start.WindEast, 1e-9);
        Assert.Equal(10, start.WindNorth, 1e-9);
        var middle = f.At(T0.AddHours(3));
        Assert.Equal(5, middle.WindEast, 1e-9);
        Assert.Equal(5, middle.WindNorth, 1e-9);
        Assert.Equal(0.5, middle.CurrentNorth, 1e-9);
        var end = f.At(T0.AddDays(2));
        Assert.Equal(10, end.WindEast, 1e-9);
        Assert.Equal(1, end.CurrentNorth, 1e-9);
        Assert.Equal(0, end.CurrentEast, 1e-9);
    }

    [Fact]
    public void A_run_reports_where_and_when_a_gridded_forcing_fell_back()
    {
        // Current grid covering only 29.9..30.1 N, 149.9..150.1 E for the first 3 hours.
        var current = new GriddedField("current", [29.9, 30.1], [149.9, 150.1], [T0, T0.AddHours(3)],
            [0.3f, 0.3f, 0.3f, 0.3f, 0.3f, 0.3f, 0.3f, 0.3f], new float[8]);
        var forcing = new GriddedForcing(null, current, OnSceneForcing.Constant(5, 0, null, 0));
        var result = DriftModel.Run(new DriftRequest
        {
            ObjectClass = LeewayClasses.Get("PIW-1"),
            Seeding = new PointSeeding(new GeoPosition(30, 150), 0, T0),
            Particles = 100,
            Duration = TimeSpan.FromHours(6),
        }, forcing);
        var report = result.Fallbacks;
        Assert.True(report.Any);
        Assert.Equal(100 * 36, report.ParticleSteps);
        // Steps from 3 h (exclusive of the last slice's instant) on: no gridded current, none on scene → zero, flagged.
        Assert.Equal(100 * 17, report.CurrentZeroSteps);
        Assert.Equal(0, report.WindZeroSteps);
        Assert.Equal(T0.AddMinutes(190), report.FirstTime);
        Assert.Equal(T0.AddMinutes(350), report.LastTime);
        Assert.NotNull(report.Area);
        Assert.Contains("current", report.ToString());
        foreach (var lat in result.Final.Latitudes) Assert.True(double.IsFinite(lat));
    }
}
