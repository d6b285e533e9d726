using MaritimeCoord.Domain.Realtime;

namespace MaritimeCoord.Domain.Tests.Realtime;

public sealed class ViewportTests
{
    [Theory]
    [InlineData(-8.2, 114.5, true)]    // Bali Strait
    [InlineData(-8.2, 90.0, false)]    // west of the box
    [InlineData(10.0, 114.5, false)]   // north of it
    [InlineData(-20.0, 100.0, true)]   // south-west corner: edges are inside
    [InlineData(-20.0001, 100.0, false)]
    public void An_ordinary_box_contains_what_lies_between_its_edges(double lat, double lon, bool inside)
    {
        var box = Viewport.Create(100, -20, 130, 0, 5).Value!.Value;
        Assert.False(box.CrossesAntimeridian);
        Assert.Equal(inside, box.Contains(lat, lon));
    }

    [Theory]
    [InlineData(-17.7, 178.4, true)]   // Suva, Fiji (east longitude)
    [InlineData(-13.8, -171.8, true)]  // Apia, Samoa (west longitude)
    [InlineData(-17.7, 180.0, true)]
    [InlineData(-17.7, -180.0, true)]
    [InlineData(-8.2, 114.5, false)]   // Bali: the "inside" of 170…-170 is the narrow band over the Pacific
    [InlineData(-17.7, 0.0, false)]
    [InlineData(5.0, 178.0, false)]    // north of the box
    public void A_box_across_the_antimeridian_wraps_around_it(double lat, double lon, bool inside)
    {
        var box = Viewport.Create(170, -25, -170, 0, 6).Value!.Value;
        Assert.True(box.CrossesAntimeridian);
        Assert.Equal(inside, box.Contains(lat, lon));
    }

    [Fact]
    public void The_world_contains_every_position()
    {
        foreach (var (lat, lon) in new[] { (90.0, 180.0), (-90.0, -180.0), (0.0, 0.0), (-8.2, 114.5) })
            Assert.True(Viewport.World.Contains(lat, lon));
    }

    [Theory]
    [InlineData(100, 10, 130, 0, 5, "south")]        // min > max
    [InlineData(-181, -10, 130, 0, 5, "west")]
    [InlineData(100, -10, 180.5, 0, 5, "east")]
    [InlineData(100, -91, 130, 0, 5, "south")]
    [InlineData(100, -10, 130, 90.01, 5, "north")]
    [InlineData(100, -10, 130, 0, -1, "zoom")]
    [InlineData(100, -10, 130, 0, 25, "zoom")]
    [InlineData(double.NaN, -10, 130, 0, 5, "west")]
    [InlineData(100, -10, 130, double.PositiveInfinity, 5, "north")]
    public void A_bad_viewport_is_refused_naming_the_field(double west, double south, double east, double north, double zoom, string field)
    {
        var result = Viewport.Create(west, south, east, north, zoom);
        Assert.False(result.Succeeded);
        Assert.Contains(field, result.Errors.Keys);
    }

    [Theory]
    [InlineData(160, 200, 160, -160)]    // panned east across the antimeridian
    [InlineData(-200, -160, 160, -160)]  // panned west across it
    [InlineData(-190, 250, -180, 180)]   // more than the world's width
    [InlineData(100, 130, 100, 130)]
    [InlineData(540, 560, -180, -160)]   // a turn and a half east
    public void Map_bounds_past_180_are_folded(double west, double east, double expectedWest, double expectedEast)
    {
        var box = Viewport.FromMapBounds(west, -10, east, 10, 3).Value!.Value;
        Assert.Equal(expectedWest, box.West, 9);
        Assert.Equal(expectedEast, box.East, 9);
    }

    [Theory]
    [InlineData(100, -20, 130, 0, 110, -10, 120, -5, true)]          // zoomed in
    [InlineData(100, -20, 130, 0, 100, -20, 130, 0, true)]           // the same view again
    [InlineData(100, -20, 130, 0, 110, -10, 135, -5, false)]         // panned east
    [InlineData(100, -20, 130, 0, 110, -25, 120, -5, false)]         // panned south
    [InlineData(170, -25, -170, 0, 175, -20, 178, -10, true)]        // inside a box across the antimeridian, west of it
    [InlineData(170, -25, -170, 0, -178, -20, -172, -10, true)]      // … and east of it
    [InlineData(170, -25, -170, 0, 175, -20, -175, -10, true)]       // across it, inside
    [InlineData(170, -25, -170, 0, 175, -20, -165, -10, false)]      // across it, reaching past the east edge
    [InlineData(100, -20, 170, 0, 175, -20, -175, -10, false)]       // an ordinary box never covers one across the antimeridian
    [InlineData(-180, -90, 180, 90, 175, -20, -175, -10, true)]      // the world covers everything
    [InlineData(170, -25, -170, 0, 0, -20, 10, -10, false)]          // the far side of the world
    public void A_box_covers_another_when_every_position_of_the_other_is_inside_it(
        double west, double south, double east, double north, double innerWest, double innerSouth, double innerEast, double innerNorth, bool covers)
    {
        var outer = new Viewport(west, south, east, north, 6);
        var inner = new Viewport(innerWest, innerSouth, innerEast, innerNorth, 8);
        Assert.Equal(covers, outer.Covers(inner));
        // Cross-check against Contains on a grid of the inner box's positions: a cover contains all of them.
        if (covers)
        {
            for (var lat = innerSouth; lat <= innerNorth; lat += (innerNorth - innerSouth) / 4)
            {
                var width = inner.CrossesAntimeridian ? innerEast + 360 - innerWest : innerEast - innerWest;
                for (var step = 0; step <= 4; step++)
                    Assert.True(outer.Contains(lat, Viewport.Wrap(innerWest + width * step / 4)));
            }
        }
    }
}
