using MaritimeCoord.Domain.DriftRuns;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace MaritimeCoord.Domain.Tests.DriftRuns;

public sealed class ContainmentAreaTests
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    [Fact]
    public void Traced_outlines_equal_the_union_of_the_cells_and_are_valid_on_random_masks()
    {
        var random = new Random(20261207);
        for (int trial = 0; trial < 300; trial++)
        {
            int columns = random.Next(1, 12), rows = random.Next(1, 12);
            var grid = ProbabilityGrid.Restore(114.0, -9.0, 0.01, 0.01, columns, rows, [], []);
            double density = random.NextDouble();
            var cells = Enumerable.Range(0, columns * rows).Where(_ => random.NextDouble() < density).ToArray();
            if (cells.Length == 0) continue;

            var traced = ContainmentArea.Trace(grid, cells, Factory);
            var union = CascadedPolygonUnion.Union(cells.Select(i =>
            {
                var (w, s, e, n) = grid.CellBounds(i);
                return (Geometry)Factory.ToGeometry(new Envelope(w, e, s, n));
            }).ToArray());

            Assert.True(traced.IsValid, $"trial {trial}: {new NetTopologySuite.Operation.Valid.IsValidOp(traced).ValidationError} {traced}");
            Assert.Equal(union.Area, traced.Area, 9);
            Assert.True(traced.SymmetricDifference(union).Area < 1e-12, $"trial {trial}");
        }
    }

    [Fact]
    public void A_ring_of_cells_has_a_hole_and_diagonal_cells_are_two_polygons()
    {
        var grid = ProbabilityGrid.Restore(0, 0, 1, 1, 3, 3, [], []);
        var ring = ContainmentArea.Trace(grid, [0, 1, 2, 3, 5, 6, 7, 8], Factory);
        Assert.Single(ring.Geometries);
        Assert.Equal(1, ((Polygon)ring.Geometries[0]).NumInteriorRings);
        Assert.Equal(8, ring.Area, 9);

        var diagonal = ContainmentArea.Trace(grid, [0, 4, 8], Factory);
        Assert.Equal(3, diagonal.NumGeometries);
        Assert.True(diagonal.IsValid);
    }

    [Fact]
    public void Cells_across_the_antimeridian_are_split_there_and_stay_within_180_degrees()
    {
        var lons = new[] { 179.99999, -179.99999, 179.9999, -179.9999 };
        var lats = new[] { -17.0, -17.01, -17.02, -17.0 };
        var grid = ProbabilityGrid.Build(lons, lats);
        var area = ContainmentArea.Trace(grid, grid.CellIndexes, Factory);
        Assert.True(area.IsValid);
        Assert.All(area.Coordinates, c => Assert.InRange(c.X, -180, 180));
        Assert.Contains(area.Coordinates, c => c.X == 180);
        Assert.Contains(area.Coordinates, c => c.X == -180);
    }

    [Fact]
    public void The_grid_holds_every_particle_and_containment_takes_the_most_probable_cells_first()
    {
        var random = new Random(7);
        var lons = Enumerable.Range(0, 5000).Select(_ => 114 + random.NextDouble() * 0.5).ToArray();
        var lats = Enumerable.Range(0, 5000).Select(_ => -9 + random.NextDouble() * 0.2).ToArray();
        var grid = ProbabilityGrid.Build(lons, lats);
        Assert.Equal(1.0, grid.Probabilities.Sum(p => (double)p), 4);
        for (int i = 0; i < lons.Length; i++)
        {
            int column = (int)Math.Floor((lons[i] - grid.West) / grid.CellLongitude), row = (int)Math.Floor((lats[i] - grid.South) / grid.CellLatitude);
            Assert.Contains(row * grid.Columns + column, grid.CellIndexes);
        }

        var (cells, probability) = grid.Containing(0.9);
        Assert.InRange(probability, 0.9 - 1e-6, 1);
        var chosen = cells.ToHashSet();
        var min = grid.CellIndexes.Select((c, i) => (c, p: grid.Probabilities[i])).Where(x => chosen.Contains(x.c)).Min(x => x.p);
        var maxLeft = grid.CellIndexes.Select((c, i) => (c, p: grid.Probabilities[i])).Where(x => !chosen.Contains(x.c)).Select(x => x.p).DefaultIfEmpty(0).Max();
        Assert.True(min >= maxLeft);
    }

    [Fact]
    public void Manual_datum_follows_the_iamsar_formulas()
    {
        var r = ManualDatum.Compute(1852, 185.2, 10_000, 1.1);
        Assert.Equal(3000, r.DriftErrorMetres, 9);
        Assert.Equal(Math.Sqrt(1852.0 * 1852 + 185.2 * 185.2 + 3000.0 * 3000), r.ProbableErrorMetres, 9);
        Assert.Equal(r.ProbableErrorMetres * 1.1, r.SearchRadiusMetres, 9);
    }
}
