using MaritimeCoord.Domain.Detection;
using NetTopologySuite.Geometries;

namespace MaritimeCoord.Domain.Tests.Detection;

public class WatchZoneShapeTests
{
    private static double[][] Ring(params double[] lonLat) => [.. lonLat.Chunk(2).Select(c => c.ToArray())];

    private static string? Error(params double[] lonLat) =>
        WatchZoneShape.Validate(Ring(lonLat), out _).TryGetValue("polygon", out var e) ? e : null;

    [Fact]
    public void A_small_closed_simple_ring_is_a_zone()
    {
        Assert.Empty(WatchZoneShape.Validate(Ring(114, -9, 114.5, -9, 114.5, -8.5, 114, -8.5, 114, -9), out var zone));
        Assert.IsType<Polygon>(zone);
        var area = new WatchedArea("z", WatchedAreaKind.Zone, "z", zone!);
        Assert.True(area.Covers(-8.75, 114.25));
        Assert.True(area.Covers(-9, 114.25));      // on the edge: covered
        Assert.False(area.Covers(-8.75, 114.75));
    }

    [Fact]
    public void Bad_rings_are_refused_with_a_reason()
    {
        Assert.Contains("not closed", Error(114, -9, 114.5, -9, 114.5, -8.5, 114, -8.5), StringComparison.Ordinal);
        Assert.Contains("at least 4", Error(114, -9, 114.5, -9, 114, -9), StringComparison.Ordinal);
        Assert.Contains("crosses itself", Error(114, -9, 114.5, -8.5, 114.5, -9, 114, -8.5, 114, -9), StringComparison.Ordinal);
        Assert.Contains("out of range", Error(114, -9, 114.5, -91, 114.5, -8.5, 114, -9), StringComparison.Ordinal);
        Assert.Contains("km²", Error(100, -20, 110, -20, 110, -10, 100, -10, 100, -20), StringComparison.Ordinal);
        Assert.NotNull(Error(114, -9, 114.5, -9, 114.25, -9, 114, -9));      // degenerate: no area
        Assert.NotNull(WatchZoneShape.Validate([[114, -9], [114.5], [114.5, -8.5], [114, -9]], out _).GetValueOrDefault("polygon"));
        var many = Enumerable.Range(0, WatchZoneShape.MaxVertices + 1).Select(i => new[] { 114 + (0.1 * Math.Cos(i * 0.01)), -9 + (0.1 * Math.Sin(i * 0.01)) }).ToList();
        many.Add(many[0]);
        Assert.Contains("At most", WatchZoneShape.Validate(many, out _)["polygon"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_zone_across_the_antimeridian_is_cut_into_two_parts_that_hold_both_sides_and_nothing_else()
    {
        Assert.Empty(WatchZoneShape.Validate(Ring(179.5, -17, -179.5, -17, -179.5, -16, 179.5, -16, 179.5, -17), out var zone));
        Assert.IsType<MultiPolygon>(zone);
        Assert.Equal(2, zone!.NumGeometries);
        Assert.All(zone.Coordinates, c => Assert.InRange(c.X, -180, 180));
        var area = new WatchedArea("fiji", WatchedAreaKind.Zone, "Fiji", zone);
        Assert.True(area.Covers(-16.5, 179.8));
        Assert.True(area.Covers(-16.5, -179.8));
        Assert.False(area.Covers(-16.5, 0));
        Assert.False(area.Covers(-16.5, 178));
        // Its size is the small zone's, not the world's.
        Assert.Empty(WatchZoneShape.Validate(Ring(179.5, -17, -179.5, -17, -179.5, -16, 179.5, -16, 179.5, -17), out _));
    }

    [Fact]
    public void An_entry_into_a_zone_drawn_later_is_not_reported_before_it_existed()
    {
        Assert.Empty(WatchZoneShape.Validate(Ring(115.1, -10.5, 115.3, -10.5, 115.3, -9.5, 115.1, -9.5, 115.1, -10.5), out var zone));
        static IEnumerable<MaritimeCoord.Domain.Vessels.PositionReport> East() =>
            Enumerable.Range(0, 60).Select(m => Track.At(525000009, m, -10, 114.9 + (0.01 * m), 30, 90));
        var early = Track.NewState(new DetectionSettings { WatchSarRegions = false, Areas = [new WatchedArea("z", WatchedAreaKind.Zone, "z", zone!)] });
        Track.Run(early, East(), 60);
        Assert.Single(Track.Active(early, DetectionKind.AreaEntry));
        var late = Track.NewState(new DetectionSettings { WatchSarRegions = false, Areas = [new WatchedArea("z", WatchedAreaKind.Zone, "z", zone!) { ActiveFromMs = Track.Min(59) }] });
        Track.Run(late, East(), 60);
        Assert.Empty(Track.Active(late, DetectionKind.AreaEntry));
    }
}
