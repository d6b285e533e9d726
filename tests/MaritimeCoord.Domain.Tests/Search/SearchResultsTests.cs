using MaritimeCoord.Domain.Search;

namespace MaritimeCoord.Domain.Tests.Search;

public class SearchResultsTests
{
    private const double Nm = 1852;
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Bayesian_update_keeps_the_map_a_distribution_and_POS_in_range_on_random_grids()
    {
        var rng = new Random(21);
        for (int trial = 0; trial < 200; trial++)
        {
            var grid = SearchTestGrids.Random(rng, rng.Next(1, 12), rng.Next(1, 12));
            var coverage = Enumerable.Range(0, grid.CellCount).Select(_ => rng.NextDouble() < 0.3 ? 0 : rng.NextDouble() * 3).ToArray();
            var update = SearchResults.FromCoverage(grid, coverage);
            Assert.InRange(update.ProbabilityOfSuccess, 0, 1);
            double expectedPos = Enumerable.Range(0, grid.CellCount).Sum(i => grid.Probabilities[i] * (1 - Math.Exp(-coverage[i])));
            Assert.Equal(expectedPos, update.ProbabilityOfSuccess, 12);
            if (update.ProbabilityOfSuccess < 1)
            {
                Assert.Equal(1, update.Updated.Probabilities.ToArray().Sum(), 9);
                for (int i = 0; i < grid.CellCount; i++)
                    Assert.Equal(grid.Probabilities[i] * Math.Exp(-coverage[i]) / (1 - expectedPos), update.Updated.Probabilities[i], 9);
            }
            Assert.Equal(grid.ProbabilityInGrid * (1 - update.ProbabilityOfSuccess), update.Updated.ProbabilityInGrid, 12);
        }
    }

    [Fact]
    public void Zero_effort_changes_nothing()
    {
        var grid = SearchTestGrids.Random(new Random(1), 7, 5);
        var update = SearchResults.FromCoverage(grid, new double[grid.CellCount]);
        Assert.Equal(0, update.ProbabilityOfSuccess);
        Assert.Equal(grid.Probabilities.ToArray(), update.Updated.Probabilities.ToArray());
        var byReport = SearchResults.Apply(grid, [AssetSearchReport.FromPlan(
            new AssetAssignment(new SearchAsset("A", 10, 2, 1), new SearchArea(0, 0, 3 * Nm, 3 * Nm, 0), SearchPattern.ParallelSweep, Nm), 0)], T0);
        Assert.Equal(0, byReport.ProbabilityOfSuccess);
    }

    [Fact]
    public void Cumulative_POS_never_falls_and_equals_the_mass_found()
    {
        var rng = new Random(22);
        var initial = SearchTestGrids.Random(rng, 10, 10);
        var grid = initial;
        double cumulative = 0;
        for (int search = 0; search < 6; search++)
        {
            var assets = Enumerable.Range(0, 2).Select(j => SearchTestGrids.RandomAsset(rng, $"S{search}A{j}")).ToList();
            var plan = SearchPlanner.Propose(grid, assets);
            var reports = plan.Assignments.Select(a => AssetSearchReport.FromPlan(a, rng.NextDouble())).ToList();
            var update = SearchResults.Apply(grid, reports, T0, previousCumulativePos: cumulative);
            Assert.True(update.CumulativeProbabilityOfSuccess >= cumulative - 1e-15);
            cumulative = update.CumulativeProbabilityOfSuccess;
            grid = update.Updated;
            Assert.Equal(1 - (grid.ProbabilityInGrid / initial.ProbabilityInGrid), cumulative, 9);
        }
    }

    [Fact]
    public void Coverage_of_a_track_matches_a_brute_force_count_of_length_in_each_cell()
    {
        var rng = new Random(23);
        var grid = SearchTestGrids.Random(rng, 9, 7);
        for (int trial = 0; trial < 30; trial++)
        {
            var track = Enumerable.Range(0, 6).Select(_ => ((rng.NextDouble() - 0.5) * 12 * Nm, (rng.NextDouble() - 0.5) * 10 * Nm)).ToList();
            var fast = new double[grid.CellCount];
            SearchResults.AddCoverage(grid, track, 1, fast);
            // Brute force: 200,000 steps per segment, each step's length to the cell holding its midpoint.
            var brute = new double[grid.CellCount];
            for (int i = 1; i < track.Count; i++)
            {
                var (ax, ay) = track[i - 1];
                var (bx, by) = track[i];
                double len = Math.Sqrt(Math.Pow(bx - ax, 2) + Math.Pow(by - ay, 2));
                const int steps = 200_000;
                for (int k = 0; k < steps; k++)
                {
                    double t = (k + 0.5) / steps;
                    if (grid.CellAt(ax + (t * (bx - ax)), ay + (t * (by - ay))) is { } c) brute[(c.Row * grid.Columns) + c.Column] += len / steps;
                }
            }
            for (int i = 0; i < fast.Length; i++) Assert.Equal(brute[i], fast[i], 0.5);
        }
    }

    [Fact]
    public void A_full_parallel_sweep_gives_W_over_S_coverage_in_the_cells_it_sweeps()
    {
        var grid = new ProbabilityGrid(new LocalProjection(-9, 115), -5 * Nm, -5 * Nm, Nm, 10, 10, Enumerable.Repeat(0.01, 100).ToArray(), 1, 0);
        var assignment = new AssetAssignment(new SearchAsset("A", 10, 10, 0.5), new SearchArea(0, 0, 4 * Nm, 4 * Nm, 0), SearchPattern.ParallelSweep, 0.5 * Nm);
        var update = SearchResults.Apply(grid, [AssetSearchReport.FromPlan(assignment, 1)], T0);
        // Legs run north–south, two per 1 nm cell: C = W / S = 1 in the area's cells. The crossings between legs lie
        // on the area's north and south edges, which are cell edges, and add to the cells of one side.
        for (int r = 4; r < 7; r++)
            for (int c = 3; c < 7; c++)
                Assert.Equal(1 - Math.Exp(-1), update.ProbabilityOfDetection[(r * 10) + c], 9);
        Assert.Equal(0, update.ProbabilityOfDetection[0]);
        Assert.All(Enumerable.Range(3, 4), c => Assert.True(update.ProbabilityOfDetection[30 + c] > 1 - Math.Exp(-1)));
    }

    [Fact]
    public void An_actual_track_flown_over_a_drifting_object_is_brought_back_to_the_grid_frame()
    {
        var grid = new ProbabilityGrid(new LocalProjection(-9, 115), -5 * Nm, -5 * Nm, Nm, 10, 10, Enumerable.Repeat(0.01, 100).ToArray(), 1, 0);
        var drift = SearchPatterns.ConstantDrift(0.5, 0);
        var assignment = new AssetAssignment(new SearchAsset("A", 10, 1.6, 0.5), new SearchArea(0, 0, 4 * Nm, 4 * Nm, 0), SearchPattern.ParallelSweep, Nm);
        var waypoints = SearchPatterns.Waypoints(grid, assignment, T0, drift);
        var flown = waypoints.Select(w => new TrackPoint(w.Position.Latitude, w.Position.Longitude, w.Time)).ToList();
        var byTrack = SearchResults.Apply(grid, [AssetSearchReport.FromTrack("A", 0.5, flown)], T0, drift);
        var byPlan = SearchResults.Apply(grid, [AssetSearchReport.FromPlan(assignment, 1)], T0);
        // Geodesic shifts versus plane ones between turn points: metres over 4 nm legs.
        Assert.Equal(byPlan.ProbabilityOfSuccess, byTrack.ProbabilityOfSuccess, 3);
        var ignoringDrift = SearchResults.Apply(grid, [AssetSearchReport.FromTrack("A", 0.5, flown)], T0);
        Assert.NotEqual(byPlan.ProbabilityOfDetection[(4 * 10) + 3], ignoringDrift.ProbabilityOfDetection[(4 * 10) + 3], 3);
        Assert.Throws<ArgumentException>(() => AssetSearchReport.FromTrack("A", 0.5, [flown[1], flown[0]]));
    }

    [Fact]
    public void Particle_weights_take_the_same_update_as_the_grid()
    {
        var rng = new Random(24);
        var (lat, lon) = ProbabilityGridTests.Cloud(rng, 5000, -9, 115, 8000, 4000);
        var grid = ProbabilityGrid.FromParticles(lat, lon, default, default);
        var coverage = Enumerable.Range(0, grid.CellCount).Select(_ => rng.NextDouble()).ToArray();
        var update = SearchResults.FromCoverage(grid, coverage);
        var weights = SearchResults.UpdateParticleWeights(grid, update.ProbabilityOfDetection, lat, lon, default, default);
        Assert.Equal(1 - update.ProbabilityOfSuccess, weights.Sum() / lat.Length, 9);
        var perCell = new double[grid.CellCount];
        for (int i = 0; i < lat.Length; i++)
        {
            var (x, y) = grid.Projection.Forward(lat[i], lon[i]);
            var cell = grid.CellAt(x, y)!.Value;
            perCell[(cell.Row * grid.Columns) + cell.Column] += weights[i];
        }
        for (int i = 0; i < perCell.Length; i++) Assert.Equal(update.Updated.Probabilities[i], perCell[i] / weights.Sum(), 9);
    }
}
