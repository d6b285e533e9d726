using MaritimeCoord.Domain.Search;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;
using NetTopologySuite.Operation.Valid;

namespace MaritimeCoord.Domain.Tests.Search;

/// <summary>The outlines drawn from a grid: containment areas of arbitrary cell sets, single cells, and the stored form of a grid.</summary>
public sealed class ContainmentAreaOutlineTests
{
    private const double Nm = SearchTestGrids.Nm;

    /// <summary>A grid whose non-empty cells are exactly the mask (equal probabilities), so level 1 selects the mask.</summary>
    private static ProbabilityGrid MaskGrid(int columns, int rows, int[] mask, double latitude, double longitude)
    {
        var p = new double[columns * rows];
        foreach (var i in mask) p[i] = 1.0 / mask.Length;
        SearchTestGrids.Renormalise(p);
        return new ProbabilityGrid(new LocalProjection(latitude, longitude), -columns * Nm / 2, -rows * Nm / 2, Nm, columns, rows, p, 1, 0);
    }

    [Theory]
    [InlineData(-8.5, 114.5)]
    [InlineData(-16.5, 179.99)]
    [InlineData(-16.5, -179.99)]
    public void Outlines_of_random_cell_sets_are_valid_equal_the_union_of_their_cells_and_hold_exactly_their_cell_centres(double latitude, double longitude)
    {
        var random = new Random(20261207);
        for (int trial = 0; trial < 120; trial++)
        {
            int columns = random.Next(1, 12), rows = random.Next(1, 12);
            double density = random.NextDouble();
            var mask = Enumerable.Range(0, columns * rows).Where(_ => random.NextDouble() < density).ToArray();
            if (mask.Length == 0) continue;
            var grid = MaskGrid(columns, rows, mask, latitude, longitude);
            Assert.Equal(mask, ContainmentAreas.Cells(grid, 1).Order());

            // In the plane: the same point set as the union of the single cells, computed independently.
            var projected = ContainmentAreas.ProjectedArea(grid, 1);
            var planar = new GeometryFactory();
            var union = CascadedPolygonUnion.Union(mask.Select(i =>
            {
                var (x, y) = grid.CellCentre(i % columns, i / columns);
                return (Geometry)planar.ToGeometry(new Envelope(x - (Nm / 2), x + (Nm / 2), y - (Nm / 2), y + (Nm / 2)));
            }).ToArray());
            Assert.True(projected.IsValid, $"trial {trial}: {new IsValidOp(projected).ValidationError}");
            Assert.Equal(mask.Length * Nm * Nm, projected.Area, 3);
            Assert.True(projected.SymmetricDifference(union).Area < 1e-3, $"trial {trial}");

            // In lon/lat: valid, within ±180°, and a cell centre is inside exactly when its cell is in the set.
            var area = ContainmentAreas.Compute(grid, 1);
            Assert.True(area.IsValid, $"trial {trial}: {new IsValidOp(area).ValidationError}");
            Assert.All(area.Coordinates, c => Assert.InRange(c.X, -180, 180));
            var selected = mask.ToHashSet();
            for (int index = 0; index < columns * rows; index++)
            {
                var centre = grid.CellCentrePosition(index % columns, index / columns);
                bool inside = area.Covers(ContainmentAreas.Factory.CreatePoint(new Coordinate(centre.Longitude, centre.Latitude)));
                Assert.True(inside == selected.Contains(index), $"trial {trial}, cell {index}: inside {inside}");
            }
        }
    }

    [Fact]
    public void A_ring_of_cells_has_a_hole_and_diagonal_cells_are_separate_polygons()
    {
        var ring = ContainmentAreas.Compute(MaskGrid(3, 3, [0, 1, 2, 3, 5, 6, 7, 8], -9, 115), 1);
        var polygon = Assert.IsType<Polygon>(ring);
        Assert.Equal(1, polygon.NumInteriorRings);

        var diagonal = ContainmentAreas.Compute(MaskGrid(3, 3, [0, 4, 8], -9, 115), 1);
        Assert.Equal(3, diagonal.NumGeometries);
        Assert.True(diagonal.IsValid);
    }

    [Theory]
    [InlineData(-9, 115, 1)]
    [InlineData(-17, 180, 2)]
    public void A_cell_is_drawn_as_its_square_and_cut_at_the_antimeridian(double latitude, double longitude, int parts)
    {
        // 3 × 3 cells centred on the point: the middle cell straddles 180° when the centre is on it.
        var grid = MaskGrid(3, 3, [4], latitude, longitude);
        var cell = ContainmentAreas.Cell(grid, 1, 1);
        Assert.Equal(4326, cell.SRID);
        Assert.True(cell.IsValid);
        Assert.Equal(parts, cell.NumGeometries);
        Assert.All(cell.Coordinates, c => Assert.InRange(c.X, -180, 180));
        var own = grid.CellCentrePosition(1, 1);
        Assert.Equal(latitude, own.Latitude, 9);
        Assert.True(cell.Covers(ContainmentAreas.Factory.CreatePoint(new Coordinate(own.Longitude, own.Latitude))));
        for (int column = 0; column < 3; column++)
            for (int row = 0; row < 3; row++)
            {
                if (column == 1 && row == 1) continue;
                var centre = grid.CellCentrePosition(column, row);
                Assert.False(cell.Covers(ContainmentAreas.Factory.CreatePoint(new Coordinate(centre.Longitude, centre.Latitude))));
            }
    }

    [Fact]
    public void A_grid_stored_as_its_non_empty_cells_comes_back_value_for_value()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 50; trial++)
        {
            var (lat, lon) = ProbabilityGridTests.Cloud(random, 2_000, -9 + (random.NextDouble() * 20), MaritimeCoord.Domain.Geo.Geodesic.NormaliseLongitude(170 + (random.NextDouble() * 20)), 8_000, 3_000);
            var stranded = lat.Select(_ => random.NextDouble() < 0.1).ToArray();
            var grid = ProbabilityGrid.FromParticles(lat, lon, stranded, default);
            var (cells, probabilities) = grid.NonEmptyCells();
            Assert.All(probabilities, p => Assert.True(p > 0));
            Assert.Equal(cells.Order(), cells);

            var restored = ProbabilityGrid.FromNonEmptyCells(new LocalProjection(grid.Projection.CentreLatitude, grid.Projection.CentreLongitude),
                grid.OriginX, grid.OriginY, grid.CellSizeMetres, grid.Columns, grid.Rows, cells, probabilities, grid.ProbabilityInGrid, grid.StrandedProbability);
            Assert.Equal(grid.Probabilities.ToArray(), restored.Probabilities.ToArray());
            Assert.Equal((grid.Columns, grid.Rows, grid.ProbabilityInGrid, grid.StrandedProbability), (restored.Columns, restored.Rows, restored.ProbabilityInGrid, restored.StrandedProbability));
            Assert.Equal(ContainmentAreas.Compute(grid, 0.9), ContainmentAreas.Compute(restored, 0.9));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => ProbabilityGrid.FromNonEmptyCells(new LocalProjection(0, 0), 0, 0, 10, 2, 2, [3, 1], [0.5, 0.5], 1, 0));
    }
}
