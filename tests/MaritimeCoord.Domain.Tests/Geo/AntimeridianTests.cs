using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Tests.Geo;

public sealed class AntimeridianTests
{
    [Fact]
    public void A_line_that_stays_on_one_side_is_one_part_unchanged()
    {
        var line = new List<(double, double)> { (178.0, -17.0), (179.0, -17.1), (179.9, -17.2) };
        var parts = Antimeridian.Split(line);
        Assert.Single(parts);
        Assert.Equal(line, parts[0]);
    }

    [Fact]
    public void An_eastbound_crossing_is_cut_at_plus_and_minus_180_at_one_latitude()
    {
        var parts = Antimeridian.Split([(179.5, -17.0), (179.9, -17.0), (-179.9, -17.0), (-179.5, -17.0)]);
        Assert.Equal(2, parts.Count);
        Assert.Equal((180.0, parts[0][^1].Lat), parts[0][^1]);
        Assert.Equal((-180.0, parts[0][^1].Lat), parts[1][0]);
        Assert.Equal(-17.0, parts[0][^1].Lat, 3); // the great circle bulges poleward by far less than 0.001°
        Assert.Equal([(179.5, -17.0), (179.9, -17.0)], parts[0][..2]);
        Assert.Equal([(-179.9, -17.0), (-179.5, -17.0)], parts[1][1..]);
    }

    [Fact]
    public void A_westbound_crossing_starts_its_second_part_at_plus_180()
    {
        var parts = Antimeridian.Split([(-179.0, 10.0), (179.0, 12.0)]);
        Assert.Equal(2, parts.Count);
        Assert.Equal(-180.0, parts[0][^1].Lon);
        Assert.Equal(180.0, parts[1][0].Lon);
        Assert.InRange(parts[0][^1].Lat, 10.99, 11.01); // halfway in longitude, about halfway in latitude
    }

    [Fact]
    public void The_crossing_latitude_lies_on_the_great_circle_through_both_positions()
    {
        // Two reports an hour apart, 2° of longitude and 3° of latitude: compare with the geodesic's own track.
        (double Lon, double Lat) from = (179.0, -20.0), to = (-179.0, -17.0);
        var latitude = Antimeridian.CrossingLatitude(from, to);
        var first = Geodesic.Inverse(new GeoPosition(from.Lat, from.Lon), new GeoPosition(latitude, 180.0));
        var second = Geodesic.Inverse(new GeoPosition(latitude, 180.0), new GeoPosition(to.Lat, to.Lon));
        var whole = Geodesic.Inverse(new GeoPosition(from.Lat, from.Lon), new GeoPosition(to.Lat, to.Lon));
        // On the path, the two legs add up to the whole (sphere vs ellipsoid moves the point by tens of metres, which adds centimetres).
        Assert.InRange(first.DistanceMetres + second.DistanceMetres - whole.DistanceMetres, 0, 20); // 0.03° off would add ~50 m
    }

    [Fact]
    public void Several_crossings_give_one_more_part_each()
    {
        var parts = Antimeridian.Split([(179.8, 0.0), (-179.8, 0.1), (179.7, 0.2), (-179.6, 0.3)]);
        Assert.Equal(4, parts.Count);
        Assert.All(parts, p => Assert.True(p.Count >= 2));
    }

    [Fact]
    public void Part_starts_split_reported_positions_without_inventing_any()
    {
        double[] longitudes = [179.5, 179.9, -179.9, -179.5, 179.9];
        Assert.Equal([0, 2, 4], Antimeridian.PartStarts(longitudes, l => l));
        Assert.Empty(Antimeridian.PartStarts(Array.Empty<double>(), l => l));
    }
}
