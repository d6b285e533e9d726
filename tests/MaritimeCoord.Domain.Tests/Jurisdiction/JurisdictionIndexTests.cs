using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Jurisdiction;
using NetTopologySuite.IO;

namespace MaritimeCoord.Domain.Tests.Jurisdiction;

public sealed class JurisdictionIndexTests
{
    private static readonly WKTReader Wkt = new();

    private static RegionBoundary Region(string code, string wkt, bool approximate = true) =>
        new(code, code + " SRR", "RCC-" + code, "RCC " + code, "v1", approximate, Wkt.Read(wkt));

    [Fact]
    public void Finds_the_region_covering_a_point_and_none_outside()
    {
        var index = JurisdictionIndex.Build([
            Region("WEST", "POLYGON ((100 -20, 110 -20, 110 0, 100 0, 100 -20))"),
            Region("EAST", "POLYGON ((110 -20, 120 -20, 120 0, 110 0, 110 -20))"),
        ]);

        Assert.Equal("WEST", index.CoveringRegionCode(-10, 105));
        Assert.Equal("EAST", index.CoveringRegionCode(-10, 115));
        Assert.Null(index.CoveringRegionCode(-10, 125));
        Assert.Null(index.CoveringRegionCode(95, 105)); // invalid latitude: no region, no exception
    }

    [Fact]
    public void Reads_edges_as_great_circles_like_PostGIS_geography()
    {
        // The northern edge runs along 30°S from 100°E to 140°E. As a great circle it bulges towards the pole,
        // reaching about 31.5°S at 120°E; a point at 30.5°S, 120°E lies outside the geography polygon.
        var index = JurisdictionIndex.Build([Region("BOX", "POLYGON ((100 -60, 140 -60, 140 -30, 100 -30, 100 -60))")]);

        Assert.Null(index.CoveringRegionCode(-30.5, 120));
        Assert.Equal("BOX", index.CoveringRegionCode(-32, 120));
    }

    [Fact]
    public void Handles_a_region_that_crosses_the_antimeridian()
    {
        var index = JurisdictionIndex.Build([Region("FJI", "POLYGON ((170 -25, -170 -25, -170 -10, 170 -10, 170 -25))")]);

        Assert.Equal("FJI", index.CoveringRegionCode(-15, 179.9));
        Assert.Equal("FJI", index.CoveringRegionCode(-15, -179.9));
        Assert.Equal("FJI", index.CoveringRegionCode(-15, 180));
        Assert.Equal("FJI", index.CoveringRegionCode(-15, -175));
        Assert.Null(index.CoveringRegionCode(-15, 0));
        Assert.Null(index.CoveringRegionCode(-15, 165));
    }

    [Fact]
    public void Respects_holes()
    {
        var index = JurisdictionIndex.Build([Region("RING", "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 6 4, 6 6, 4 6, 4 4))")]);
        Assert.Null(index.CoveringRegionCode(5, 5));
        Assert.Equal("RING", index.CoveringRegionCode(2, 2));
    }

    [Fact]
    public void The_full_answer_names_neighbours_within_30_nm_and_flags_approximate_edges()
    {
        var index = JurisdictionIndex.Build([
            Region("AUS", "POLYGON ((100 -40, 130 -40, 130 -12, 100 -12, 100 -40))"),
            Region("IDN", "POLYGON ((100 -12, 130 -12, 130 0, 100 0, 100 -12))"),
        ]);
        // The shared edge is a great circle: at 115°E it lies at 12.41°S (tan φm = tan φ / cos(Δλ/2)); go 10 nm south of that.
        var tenNmSouth = new GeoPosition(-12.41 - 10.0 / 60, 115);

        var j = index.Resolve(tenNmSouth);

        Assert.Equal("AUS", j.Region!.RegionCode);
        Assert.True(j.NearApproximateBoundary);
        var neighbour = Assert.Single(j.Neighbours);
        Assert.Equal("IDN", neighbour.RegionCode);
        Assert.InRange(neighbour.EdgeDistanceMetres / Distances.MetresPerNauticalMile, 5, 15);
    }

    [Fact]
    public void Densified_edges_stay_within_the_tolerance_of_the_great_circle()
    {
        var ring = Wkt.Read("LINESTRING (100 -12, 130 -12)").Coordinates;
        var dense = GreatCircleDensifier.Densify(ring, 0.1);

        Assert.True(dense.Length > 100);
        for (var i = 1; i < dense.Length; i++)
        {
            var (lon, lat) = GreatCircleDensifier.GreatCircleMidpoint(dense[i - 1].X, dense[i - 1].Y, dense[i].X, dense[i].Y);
            Assert.True(GreatCircleDensifier.Haversine(lon, lat, (dense[i - 1].X + dense[i].X) / 2, (dense[i - 1].Y + dense[i].Y) / 2) <= 0.1);
        }
    }
}
