using MaritimeCoord.Domain.Drift;
using MaritimeCoord.Domain.Geo;
using Xunit.Abstractions;

namespace MaritimeCoord.Forcing.Tests;

/// <summary>
/// OpenDrift's reference Leeway run (its test_leewayrun): FISHING-VESSEL-1, wind 10 m/s from the south, no current,
/// 100 particles along a cone from (60.1 N, 4.5 E) at 00:00 to (60.0 N, 4.7 E) at 06:00 on 2015-01-01, 24 one-hour
/// steps: OpenDrift strands 12 of 100 on the Norwegian coast (its GSHHG full-resolution land). Ours is Natural Earth
/// 1:50m land, which leaves out most of the skerries west of Bergen, so the count is compared as a mean over seeds.
/// </summary>
public class StrandingReferenceTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<NetTopologySuite.Geometries.Geometry>> Land = new(() => LandPolygons.Read(LandPolygons.DefaultPath));

    [Fact]
    public void OpenDrift_reference_run_strands_about_as_many_on_our_coastline()
    {
        var t0 = new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var template = new DriftRequest
        {
            ObjectClass = LeewayClasses.Get("FISHING-VESSEL-1"),
            Seeding = new LineSeeding(new GeoPosition(60.1, 4.5), t0, new GeoPosition(60.0, 4.7), t0.AddHours(6)),
            Particles = 100,
            Duration = TimeSpan.FromHours(24),
            TimeStep = TimeSpan.FromHours(1),
            OutputInterval = TimeSpan.FromHours(1),
        };
        var forcing = OnSceneForcing.Constant(10, 180, 0, 0);
        var mask = LandPolygons.MaskFor(Land.Value, template, DriftRegion.MaxSpeed(template.ObjectClass, 10, 0), 250);
        Assert.False(mask.IsLand(60.05, 4.6));
        Assert.True(mask.IsLand(60.39, 5.32)); // Bergen

        const int runs = 200;
        var counts = new int[runs];
        for (var seed = 0; seed < runs; seed++)
        {
            var result = DriftModel.Run(template with { Seed = (ulong)seed + 1 }, forcing, mask, new DriftRunOptions { KeepSnapshots = false });
            Assert.Equal(100, result.Final.Active + result.Final.Stranded);
            counts[seed] = result.Final.Stranded;
        }
        var mean = counts.Average();
        var sd = Math.Sqrt(counts.Select(c => (c - mean) * (c - mean)).Sum() / (runs - 1));
        output.WriteLine($"stranded of 100 over {runs} seeds: mean {mean:F2}, sd {sd:F2}, min {counts.Min()}, max {counts.Max()} (OpenDrift: 12)");
        Assert.InRange(mean, 6, 20);
    }
}
