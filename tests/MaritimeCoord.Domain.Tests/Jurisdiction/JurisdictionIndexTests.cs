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

    [Fact]
    public void Reports_every_region_covering_a_point_where_the_boundary_data_overlaps()
    {
        var index = JurisdictionIndex.Build([
            Region("AAA", "POLYGON ((90 -10, 100 -10, 100 0, 90 0, 90 -10))"),
            Region("BBB", "POLYGON ((95 -5, 105 -5, 105 5, 95 5, 95 -5))"),
            Region("CCC", "POLYGON ((80 -3, 97 -3, 97 3, 80 3, 80 -3))"),
        ]);

        var three = index.Resolve(new GeoPosition(-2, 96));
        Assert.Equal(["AAA", "BBB", "CCC"], three.OverlappingRegions);
        Assert.Equal("AAA", three.Region!.RegionCode);
        Assert.Equal("AAA", index.CoveringRegionCode(-2, 96));
        Assert.Empty(index.Resolve(new GeoPosition(-8, 92)).OverlappingRegions);
        Assert.Equal(["BBB", "CCC"], index.Resolve(new GeoPosition(2, 96)).OverlappingRegions);
    }

    /// <summary>
    /// Edge distances against brute force on the ellipsoid: the minimum geodesic distance to points every ~2 m along
    /// the edge's great circle. PostGIS finds the nearest point on the sphere and measures to it on the ellipsoid; the
    /// index does the same, which differs from the true ellipsoidal minimum by far less than a metre within 30 nm.
    /// </summary>
    [Theory]
    [InlineData(-12.0, 100.0, -12.0, 130.0)]   // along a parallel (a great circle bulging poleward)
    [InlineData(-20.0, 110.0, 0.0, 110.0)]     // a meridian
    [InlineData(-45.0, 170.0, -30.0, -170.0)]  // oblique, across the antimeridian
    [InlineData(55.0, -10.0, 65.0, 5.0)]       // high latitude
    public void Edge_distances_agree_with_the_ellipsoid_on_random_points_near_an_edge(double lat1, double lon1, double lat2, double lon2)
    {
        // The third vertex is the pole of the edge's great circle: the other two edges leave the edge at right angles,
        // so near the middle of the edge it is the nearest one.
        var (poleLon, poleLat) = PoleOf(lon1, lat1, lon2, lat2);
        var wkt = FormattableString.Invariant($"POLYGON (({lon1} {lat1}, {lon2} {lat2}, {poleLon} {poleLat}, {lon1} {lat1}))");
        var index = JurisdictionIndex.Build([Region("EDGE", wkt)]);
        var random = new Random(4711);
        var margin = JurisdictionRules.BoundaryMarginMetres;
        for (var i = 0; i < 40; i++)
        {
            var t = 0.1 + 0.8 * random.NextDouble();
            var (lonOn, latOn) = PointOnGreatCircle(lon1, lat1, lon2, lat2, t);
            var position = Geodesic.Destination(new GeoPosition(latOn, Geodesic.NormaliseLongitude(lonOn)), random.NextDouble() * 360,
                random.NextDouble() * margin * 0.95);

            var brute = BruteForceDistance(position, lon1, lat1, lon2, lat2, t);
            var result = index.Resolve(position);
            var measured = result.Region is { } covering ? covering.EdgeDistanceMetres : Assert.Single(result.Neighbours).EdgeDistanceMetres;
            Assert.True(Math.Abs(measured - brute) < 0.5, $"{position}: index {measured:F2} m, brute force {brute:F2} m");
        }
    }

    private static double BruteForceDistance(GeoPosition p, double lon1, double lat1, double lon2, double lat2, double around)
    {
        // The nearest point is within the margin of the point the position was offset from: search 1.5 margins either
        // side of it along the edge (every ~80 m), then around the best sample (every ~0.05 m). Distance along the edge
        // has a single minimum here, so the coarse pass cannot pick the wrong valley.
        var window = 1.5 * JurisdictionRules.BoundaryMarginMetres / Geodesic.Distance(new GeoPosition(lat1, lon1), new GeoPosition(lat2, lon2));
        var (best, at) = (double.PositiveInfinity, around);
        foreach (var (centre, half) in new[] { (around, window), (double.NaN, window / 1000) })
        {
            var middle = double.IsNaN(centre) ? at : centre;
            const int steps = 2_000;
            for (var k = 0; k <= steps; k++)
            {
                var t = Math.Clamp(middle - half + 2 * half * k / steps, 0, 1);
                var (lon, lat) = PointOnGreatCircle(lon1, lat1, lon2, lat2, t);
                var d = Geodesic.Distance(p, new GeoPosition(lat, Geodesic.NormaliseLongitude(lon)));
                if (d < best) (best, at) = (d, t);
            }
        }
        return best;
    }

    private static (double Lon, double Lat) PoleOf(double lon1, double lat1, double lon2, double lat2)
    {
        double l1 = lon1 * Math.PI / 180, f1 = lat1 * Math.PI / 180, l2 = lon2 * Math.PI / 180, f2 = lat2 * Math.PI / 180;
        double ax = Math.Cos(f1) * Math.Cos(l1), ay = Math.Cos(f1) * Math.Sin(l1), az = Math.Sin(f1);
        double bx = Math.Cos(f2) * Math.Cos(l2), by = Math.Cos(f2) * Math.Sin(l2), bz = Math.Sin(f2);
        double x = ay * bz - az * by, y = az * bx - ax * bz, z = ax * by - ay * bx;
        return (Math.Atan2(y, x) * 180 / Math.PI, Math.Atan2(z, Math.Sqrt(x * x + y * y)) * 180 / Math.PI);
    }

    // Spherical interpolation (slerp) between two lon/lat points: the great circle PostGIS geography reads as the edge.
    private static (double Lon, double Lat) PointOnGreatCircle(double lon1, double lat1, double lon2, double lat2, double t)
    {
        static (double, double, double) V(double lon, double lat)
        {
            double l = lon * Math.PI / 180, f = lat * Math.PI / 180;
            return (Math.Cos(f) * Math.Cos(l), Math.Cos(f) * Math.Sin(l), Math.Sin(f));
        }
        var (ax, ay, az) = V(lon1, lat1);
        var (bx, by, bz) = V(lon2, lat2);
        var omega = Math.Acos(Math.Clamp(ax * bx + ay * by + az * bz, -1, 1));
        double wa = Math.Sin((1 - t) * omega) / Math.Sin(omega), wb = Math.Sin(t * omega) / Math.Sin(omega);
        double x = wa * ax + wb * bx, y = wa * ay + wb * by, z = wa * az + wb * bz;
        return (Math.Atan2(y, x) * 180 / Math.PI, Math.Atan2(z, Math.Sqrt(x * x + y * y)) * 180 / Math.PI);
    }
}
