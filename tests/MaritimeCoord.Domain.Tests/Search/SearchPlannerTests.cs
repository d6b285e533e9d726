using MaritimeCoord.Domain.Search;
using Xunit.Abstractions;

namespace MaritimeCoord.Domain.Tests.Search;

public class SearchPlannerTests(ITestOutputHelper output)
{
    private static double Objective(ProbabilityGrid grid, SearchPlan plan)
    {
        double total = 0;
        foreach (var a in plan.Assignments)
        {
            double p = SearchTestGrids.CellsInside(grid, a.Area).Sum(i => grid.Probabilities[i]);
            total += p * (1 - Math.Exp(-a.Asset.EffortSquareMetres / a.Area.AreaSquareMetres));
        }
        return total;
    }

    // Independent answer: every combination of non-overlapping rectangles (or none) for every asset.
    private static double BruteForce(ProbabilityGrid grid, List<SearchAsset> assets, bool[] squareOnly)
    {
        var rects = new List<(int C0, int C1, int R0, int R1, double P)>();
        for (int c0 = 0; c0 < grid.Columns; c0++)
            for (int c1 = c0; c1 < grid.Columns; c1++)
                for (int r0 = 0; r0 < grid.Rows; r0++)
                    for (int r1 = r0; r1 < grid.Rows; r1++)
                    {
                        double p = 0;
                        for (int r = r0; r <= r1; r++) for (int c = c0; c <= c1; c++) p += grid[c, r];
                        rects.Add((c0, c1, r0, r1, p));
                    }
        double cellArea = grid.CellAreaSquareMetres, best = 0;
        var chosen = new (int C0, int C1, int R0, int R1, double P)?[assets.Count];
        void Search(int j, double value)
        {
            if (j == assets.Count) { best = Math.Max(best, value); return; }
            chosen[j] = null;
            Search(j + 1, value);
            foreach (var r in rects)
            {
                int w = r.C1 - r.C0 + 1, h = r.R1 - r.R0 + 1;
                if (squareOnly[j] && w != h) continue;
                bool overlaps = false;
                for (int i = 0; i < j && !overlaps; i++)
                    overlaps = chosen[i] is { } o && !(o.C1 < r.C0 || r.C1 < o.C0 || o.R1 < r.R0 || r.R1 < o.R0);
                if (overlaps) continue;
                chosen[j] = r;
                Search(j + 1, value + (r.P * (1 - Math.Exp(-assets[j].EffortSquareMetres / (w * h * cellArea)))));
            }
            chosen[j] = null;
        }
        Search(0, 0);
        return best;
    }

    [Fact]
    public void Proposed_plans_are_within_2_percent_of_the_brute_force_best_on_random_small_grids()
    {
        var rng = new Random(20261207);
        var gaps = new List<double>();
        for (int trial = 0; trial < 150; trial++)
        {
            int columns = rng.Next(3, 6), rows = rng.Next(3, 6);
            int assetCount = columns * rows <= 16 ? rng.Next(1, 5) : rng.Next(1, 4);
            var grid = SearchTestGrids.Random(rng, columns, rows);
            var assets = Enumerable.Range(0, assetCount)
                .Select(j => SearchTestGrids.RandomAsset(rng, $"A{j}", rng.NextDouble() < 0.2 ? SearchPattern.ExpandingSquare : null)).ToList();
            var plan = SearchPlanner.Propose(grid, assets);
            double found = Objective(grid, plan);
            double best = BruteForce(grid, assets, assets.Select(a => a.Pattern == SearchPattern.ExpandingSquare).ToArray());
            Assert.True(found <= best + 1e-9, $"trial {trial}: planner {found} beats brute force {best}: the brute force is wrong");
            double gap = best > 0 ? (best - found) / best : 0;
            gaps.Add(gap);
            if (gap > 0.02)
            {
                output.WriteLine(string.Join("\n", Enumerable.Range(0, grid.Rows).Select(r => string.Join(" ", Enumerable.Range(0, grid.Columns).Select(c => grid[c, r].ToString("0.000"))))));
                foreach (var a in plan.Assignments) output.WriteLine($"{a.Asset.AssetCode} Z={a.Asset.EffortSquareMetres / 1852 / 1852:0.00} {string.Join(",", SearchTestGrids.CellsInside(grid, a.Area))} {a.Asset.Pattern}");
                output.WriteLine($"unassigned {plan.Unassigned.Count}");
            }
            Assert.True(gap <= 0.02, $"trial {trial}: {columns}×{rows}, {assetCount} assets: planner {found:0.00000} vs best {best:0.00000} (gap {gap:P2})");
        }
        output.WriteLine($"grids {gaps.Count}: optimal {gaps.Count(g => g < 1e-9)}, mean gap {gaps.Average():P3}, max gap {gaps.Max():P3}");
    }

    [Fact]
    public void Proposed_areas_never_overlap_and_each_asset_spends_its_endurance()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 6; trial++)
        {
            var grid = SearchTestGrids.Random(rng, 24, 18);
            var assets = Enumerable.Range(0, 6).Select(j => SearchTestGrids.RandomAsset(rng, $"A{j}")).ToList();
            var plan = SearchPlanner.Propose(grid, assets);
            Assert.Equal(6, plan.Assignments.Count + plan.Unassigned.Count);
            var cellSets = plan.Assignments.Select(a => SearchTestGrids.CellsInside(grid, a.Area).ToHashSet()).ToList();
            for (int i = 0; i < cellSets.Count; i++)
                for (int j = i + 1; j < cellSets.Count; j++)
                    Assert.Empty(cellSets[i].Intersect(cellSets[j]));
            foreach (var a in plan.Assignments)
                Assert.Equal(a.Asset.EffortSquareMetres / a.Area.AreaSquareMetres, a.Coverage, 9);
            Assert.InRange(plan.ProbabilityOfSuccess, 0, 1);
        }
    }

    [Fact]
    public void Expanding_square_and_sector_assets_get_square_areas()
    {
        var rng = new Random(11);
        var grid = SearchTestGrids.Random(rng, 12, 7);
        var plan = SearchPlanner.Propose(grid, [
            SearchTestGrids.RandomAsset(rng, "SS", SearchPattern.ExpandingSquare),
            SearchTestGrids.RandomAsset(rng, "VS", SearchPattern.Sector),
            SearchTestGrids.RandomAsset(rng, "PS")]);
        foreach (var a in plan.Assignments.Where(a => a.Asset.AssetCode != "PS"))
            Assert.Equal(a.Area.LengthMetres, a.Area.WidthMetres, 6);
    }

    [Fact]
    public void An_asset_with_no_room_left_is_reported_unassigned()
    {
        var p = new double[] { 1 };
        var grid = new ProbabilityGrid(new LocalProjection(0, 0), 0, 0, 1852, 1, 1, p, 1, 0);
        var plan = SearchPlanner.Propose(grid, [new SearchAsset("BIG", 20, 5, 2), new SearchAsset("SMALL", 5, 1, 0.5)]);
        Assert.Equal("BIG", Assert.Single(plan.Assignments).Asset.AssetCode);
        Assert.Equal("SMALL", Assert.Single(plan.Unassigned).AssetCode);
    }

    [Fact]
    public void A_large_grid_is_planned_on_merged_cells_whose_edges_are_cell_edges()
    {
        var rng = new Random(3);
        var grid = SearchTestGrids.Random(rng, 100, 70);
        var plan = SearchPlanner.Propose(grid, [SearchTestGrids.RandomAsset(rng, "A"), SearchTestGrids.RandomAsset(rng, "B")],
            new SearchPlannerOptions { MaxPlanningCellsPerSide = 20 });
        foreach (var a in plan.Assignments)
            foreach (var (x, y) in a.Area.Corners())
            {
                double cx = (x - grid.OriginX) / grid.CellSizeMetres, cy = (y - grid.OriginY) / grid.CellSizeMetres;
                Assert.Equal(Math.Round(cx), cx, 6);
                Assert.Equal(Math.Round(cy), cy, 6);
                Assert.Equal(0, Math.Round(cx) % 5);
            }
    }
}
