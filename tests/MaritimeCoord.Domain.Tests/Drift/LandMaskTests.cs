using MaritimeCoord.Domain.Drift;
using NetTopologySuite.Geometries;

namespace MaritimeCoord.Domain.Tests.Drift;

public class LandMaskTests
{
    private static readonly GeometryFactory Factory = new();

    private static Polygon Ring(params (double Lon, double Lat)[] points) =>
        Factory.CreatePolygon(points.Select(p => new Coordinate(p.Lon, p.Lat)).Append(new Coordinate(points[0].Lon, points[0].Lat)).ToArray());

    [Fact]
    public void Agrees_with_an_exact_point_in_polygon_test_away_from_the_coast()
    {
        // A star-shaped island with a lake, and a second island; random points farther than a cell from any edge.
        var star = new List<Coordinate>();
        for (var k = 0; k < 20; k++)
        {
            var r = k % 2 == 0 ? 1.0 : 0.45;
            var a = k * Math.PI / 10;
            star.Add(new Coordinate(10 + r * Math.Cos(a), 55 + r * Math.Sin(a) * 0.6));
        }
        star.Add(star[0]);
        var lake = Factory.CreateLinearRing([new(9.9, 54.95), new(10.1, 54.95), new(10.1, 55.05), new(9.9, 55.05), new(9.9, 54.95)]);
        var island = Factory.CreatePolygon(Factory.CreateLinearRing(star.ToArray()), [lake]);
        var second = Ring((11.2, 54.2), (11.8, 54.3), (11.5, 54.9));
        var land = Factory.CreateMultiPolygon([island, second]);
        var mask = LandMask.Build([land], 53.5, 8.5, 56.5, 12.5, 300);
        var cellLat = mask.CellDegrees.Latitude;
        var cellLon = mask.CellDegrees.Longitude;
        var boundary = land.Boundary;
        var random = new Random(5);
        var tested = 0;
        for (var k = 0; k < 4000; k++)
        {
            var lat = 53.5 + random.NextDouble() * 3;
            var lon = 8.5 + random.NextDouble() * 4;
            var p = Factory.CreatePoint(new Coordinate(lon, lat));
            if (boundary.Distance(p) < 1.5 * Math.Max(cellLat, cellLon)) continue;
            tested++;
            Assert.Equal(land.Contains(p), mask.IsLand(lat, lon));
        }
        Assert.True(tested > 3000);
        Assert.True(mask.IsLand(55, 10.6) || !land.Contains(Factory.CreatePoint(new Coordinate(10.6, 55))));
        Assert.False(mask.IsLand(55, 10)); // the lake
        Assert.False(mask.IsLand(0, 0));   // outside the box: water
    }

    [Fact]
    public void A_box_across_the_antimeridian_holds_land_on_both_sides()
    {
        // Fiji-like: the source splits land at ±180 into two polygons.
        var east = Ring((179.0, -17.0), (180.0, -17.0), (180.0, -16.0), (179.0, -16.0));
        var west = Ring((-180.0, -17.0), (-179.0, -17.0), (-179.0, -16.0), (-180.0, -16.0));
        var mask = LandMask.Build([east, west], -20, 175, -13, 185, 1000);
        Assert.True(mask.IsLand(-16.5, 179.5));
        Assert.True(mask.IsLand(-16.5, -179.5));
        Assert.True(mask.IsLand(-16.5, 179.999));
        Assert.True(mask.IsLand(-16.5, -179.999));
        Assert.False(mask.IsLand(-16.5, -178.5));
        Assert.False(mask.IsLand(-18, 179.5));
    }

    [Fact]
    public void Too_fine_a_mask_over_a_large_box_gets_coarser_cells()
    {
        var mask = LandMask.Build([Ring((0, 0), (1, 0), (1, 1))], -60, -180, 60, 180, 10);
        Assert.True((long)mask.Width * mask.Height <= LandMask.MaxCells);
        Assert.True(mask.IsLand(0.2, 0.8));
    }
}
