using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Search;
using NetTopologySuite.Geometries;

namespace MaritimeCoord.Domain.Tests.Search;

public class ProbabilityGridTests
{
    // A cloud of n particles: normal, sigma metres, around a centre (through the geodesic, independent of the projection).
    internal static (double[] Lat, double[] Lon) Cloud(Random rng, int n, double lat, double lon, double sigmaAlong, double sigmaAcross, double bearing = 60)
    {
        var lats = new double[n];
        var lons = new double[n];
        var centre = new GeoPosition(lat, lon);
        for (int i = 0; i < n; i++)
        {
            double a = Normal(rng) * sigmaAlong, c = Normal(rng) * sigmaAcross;
            var p = Geodesic.Destination(Geodesic.Destination(centre, bearing, a), bearing + 90, c);
            lats[i] = p.Latitude;
            lons[i] = p.Longitude;
        }
        return (lats, lons);
    }

    internal static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Fact]
    public void Projection_round_trips_and_its_radius_is_the_equal_area_chord_of_the_great_circle_distance()
    {
        var rng = new Random(1);
        for (int i = 0; i < 2000; i++)
        {
            double lat0 = (rng.NextDouble() * 180) - 90, lon0 = (rng.NextDouble() * 360) - 180;
            var projection = new LocalProjection(lat0, lon0);
            var p = Geodesic.Destination(new GeoPosition(lat0, lon0), rng.NextDouble() * 360, rng.NextDouble() * 800_000);
            var (x, y) = projection.Forward(p.Latitude, p.Longitude);
            var (lat, lon) = projection.Inverse(x, y);
            Assert.Equal(p.Latitude, lat, 9);
            Assert.Equal(0, Math.Abs(LocalProjection.NormaliseLongitude(lon - p.Longitude)) * Math.Cos(lat * Math.PI / 180), 9);
            // On the sphere: rho = 2R sin(c/2), c the central angle (Snyder eq. 24-2 in polar form).
            double s1 = Math.Sin(lat0 * Math.PI / 180), c1 = Math.Cos(lat0 * Math.PI / 180), s2 = Math.Sin(lat * Math.PI / 180), c2 = Math.Cos(lat * Math.PI / 180);
            double cosC = (s1 * s2) + (c1 * c2 * Math.Cos((lon - lon0) * Math.PI / 180));
            double rho = 2 * LocalProjection.AuthalicRadiusMetres * Math.Sin(Math.Acos(Math.Clamp(cosC, -1, 1)) / 2);
            Assert.Equal(rho, Math.Sqrt((x * x) + (y * y)), 3);
        }
    }

    [Fact]
    public void Probabilities_sum_to_one_and_stranded_particles_are_set_aside_by_default()
    {
        var rng = new Random(2);
        var (lat, lon) = Cloud(rng, 5000, -8.5, 114.5, 20_000, 8_000);
        var stranded = lat.Select((_, i) => i % 10 == 0).ToArray();
        var grid = ProbabilityGrid.FromParticles(lat, lon, stranded, default);
        Assert.Equal(1, grid.Probabilities.ToArray().Sum(), 12);
        Assert.Equal(0.1, grid.StrandedProbability, 12);
        Assert.Equal(0.9, grid.ProbabilityInGrid, 12);
        // Each counted particle lands in the cell holding its projected position.
        var counts = new double[grid.CellCount];
        for (int i = 0; i < lat.Length; i++)
        {
            if (stranded[i]) continue;
            var (x, y) = grid.Projection.Forward(lat[i], lon[i]);
            var cell = grid.CellAt(x, y) ?? throw new InvalidOperationException("particle outside its own grid");
            counts[(cell.Row * grid.Columns) + cell.Column]++;
        }
        for (int i = 0; i < counts.Length; i++) Assert.Equal(counts[i] / 4500, grid.Probabilities[i], 12);

        var included = ProbabilityGrid.FromParticles(lat, lon, stranded, default, new ProbabilityGridOptions { Stranded = StrandedRule.Include });
        Assert.Equal(0, included.StrandedProbability);
        Assert.Equal(1, included.ProbabilityInGrid);
    }

    [Fact]
    public void Weights_count_and_zero_weight_particles_do_not()
    {
        double[] lat = [0, 0, 0.5], lon = [0, 0.001, 0.5], w = [1, 3, 0];
        var grid = ProbabilityGrid.FromParticles(lat, lon, default, w, new ProbabilityGridOptions { CellSizeMetres = 1000 });
        Assert.Equal(1, grid.Probabilities.ToArray().Sum(), 12);
        Assert.True(grid.Columns <= 2 && grid.Rows <= 2, "the zero-weight particle must not stretch the grid");
    }

    [Theory]
    [InlineData(-16.5, 179.9)]
    [InlineData(52.0, -179.95)]
    [InlineData(89.95, 40)]
    [InlineData(-89.9, -120)]
    public void A_cloud_across_the_antimeridian_or_at_a_pole_gets_a_compact_grid(double lat0, double lon0)
    {
        var rng = new Random(3);
        var (lat, lon) = Cloud(rng, 4000, lat0, lon0, 15_000, 6_000);
        var grid = ProbabilityGrid.FromParticles(lat, lon, default, default);
        double side = Math.Max(grid.Columns, grid.Rows) * grid.CellSizeMetres;
        Assert.InRange(side, 60_000, 200_000);
        Assert.InRange(Geodesic.Distance(new GeoPosition(lat0, lon0), new GeoPosition(grid.Projection.CentreLatitude, grid.Projection.CentreLongitude)), 0, 2_000);
    }

    [Fact]
    public void An_empty_or_all_stranded_cloud_gives_an_empty_grid()
    {
        var grid = ProbabilityGrid.FromParticles([1.0, 1.1], [2.0, 2.1], [true, true], default);
        Assert.Equal(0, grid.Probabilities.ToArray().Sum());
        Assert.Equal(0, grid.ProbabilityInGrid);
        Assert.Equal(1, grid.StrandedProbability);
        Assert.True(ContainmentAreas.Compute(grid, 0.9).IsEmpty);
    }

    [Fact]
    public void Bad_particles_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProbabilityGrid.FromParticles([91.0], [0.0], default, default));
        Assert.Throws<ArgumentException>(() => ProbabilityGrid.FromParticles([1.0], [0.0, 1.0], default, default));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProbabilityGrid.FromParticles([1.0], [0.0], default, [-1.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProbabilityGrid.FromParticles([0.0, 60.0], [0.0, 0.0], default, default, new ProbabilityGridOptions { CellSizeMetres = 10 }));
    }

    [Theory]
    [InlineData(-8.5, 114.5)]
    [InlineData(-16.5, 179.95)]
    [InlineData(89.98, 10)]
    public void Containment_areas_are_the_fewest_cells_reaching_the_level_nested_and_drawn_where_the_cells_are(double lat0, double lon0)
    {
        var rng = new Random(4);
        var (lat, lon) = Cloud(rng, 20_000, lat0, lon0, 12_000, 5_000);
        var grid = ProbabilityGrid.FromParticles(lat, lon, default, default, new ProbabilityGridOptions { CellsAcross = 30 });
        var p = grid.Probabilities.ToArray();
        HashSet<int>? inner = null;
        foreach (var level in new[] { 0.5, 0.9, 0.95 })
        {
            var cells = ContainmentAreas.Cells(grid, level);
            double sum = cells.Sum(i => p[i]);
            Assert.True(sum >= level - 1e-12);
            Assert.True(sum - p[cells[^1]] < level, "one cell fewer must not reach the level");
            // Highest first: no cell left out holds more than the least kept.
            double least = cells.Min(i => p[i]);
            Assert.DoesNotContain(Enumerable.Range(0, p.Length).Except(cells), i => p[i] > least);
            var set = cells.ToHashSet();
            if (inner is not null) Assert.Subset(set, inner);
            inner = set;

            var area = ContainmentAreas.Compute(grid, level);
            Assert.Equal(4326, area.SRID);
            Assert.True(area.IsValid);
            var env = area.EnvelopeInternal;
            Assert.True(env.MinX >= -180 && env.MaxX <= 180 && env.MinY >= -90 && env.MaxY <= 90);
            // Cell centres (in lon/lat) inside the polygon exactly when the cell is selected.
            for (int r = 0; r < grid.Rows; r++)
                for (int c = 0; c < grid.Columns; c++)
                {
                    var centre = grid.CellCentrePosition(c, r);
                    bool inside = area.Covers(ContainmentAreas.Factory.CreatePoint(new Coordinate(centre.Longitude, centre.Latitude)));
                    Assert.True(inside == set.Contains((r * grid.Columns) + c), $"level {level}, cell {c},{r} at {centre}: inside {inside}");
                }
        }
    }

    [Fact]
    public void A_containment_area_across_the_antimeridian_is_cut_there()
    {
        var rng = new Random(6);
        var (lat, lon) = Cloud(rng, 20_000, -16.5, 179.99, 20_000, 20_000);
        var grid = ProbabilityGrid.FromParticles(lat, lon, default, default);
        var area = ContainmentAreas.Compute(grid, 0.9);
        Assert.IsType<MultiPolygon>(area);
        Assert.Contains(area.Coordinates, c => c.X == 180);
        Assert.Contains(area.Coordinates, c => c.X == -180);
    }
}
