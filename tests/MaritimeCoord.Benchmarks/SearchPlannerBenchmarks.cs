using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Search;

namespace MaritimeCoord.Benchmarks;

/// <summary>
/// Search planning over a 100,000-particle cloud: a 2D normal elongated 3:1 (σ 25 km along 060°, 8 km across) off
/// Java, 3 % stranded. <see cref="Grid"/>: particles → probability grid (64 cells across); <see cref="Plan"/>: six
/// assets over that grid (the figure, goal ≤ 1 s); <see cref="Containment"/>: the 50/90/95 % polygons.
/// Run: <c>dotnet run -c Release --project tests/MaritimeCoord.Benchmarks -- --filter '*SearchPlannerBenchmarks*'</c>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
[MemoryDiagnoser]
public class SearchPlannerBenchmarks
{
    private double[] _lat = [];
    private double[] _lon = [];
    private bool[] _stranded = [];
    private ProbabilityGrid _grid = null!;
    private SearchAsset[] _assets = [];

    [Params(100_000)]
    public int Particles { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        var centre = new GeoPosition(-9.2, 114.6);
        _lat = new double[Particles];
        _lon = new double[Particles];
        _stranded = new bool[Particles];
        for (int i = 0; i < Particles; i++)
        {
            double along = Normal(rng) * 25_000, across = Normal(rng) * 8_000;
            var p = Geodesic.Destination(Geodesic.Destination(centre, 60, along), 150, across);
            _lat[i] = p.Latitude;
            _lon[i] = p.Longitude;
            _stranded[i] = rng.NextDouble() < 0.03;
        }
        _grid = ProbabilityGrid.FromParticles(_lat, _lon, _stranded, default);
        _assets =
        [
            new SearchAsset("KN-SAR-1", 18, 6, 4.3),
            new SearchAsset("KN-SAR-2", 15, 5, 4.3),
            new SearchAsset("KRI-PB-3", 12, 8, 2.9),
            new SearchAsset("MV-ATLAS", 12, 4, 7.6),
            SearchAsset.ForObject("FV-LOCAL", 8, 6, SearchObjectType.Boat7Metres, 10, SeaConditions.Moderate),
            new SearchAsset("CASA-212", 140, 3, 1.5, SearchPattern.CreepingLine),
        ];
        var plan = SearchPlanner.Propose(_grid, _assets);
        Console.WriteLine($"// grid {_grid.Columns}×{_grid.Rows} cells of {_grid.CellSizeMetres} m; plan POS {plan.ProbabilityOfSuccess:P2}; " +
            string.Join("; ", plan.Outcomes.Select(o => $"{o.AssetCode} POC {o.ProbabilityOfContainment:P1} C {o.Coverage:0.00}")));
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Benchmark]
    public ProbabilityGrid Grid() => ProbabilityGrid.FromParticles(_lat, _lon, _stranded, default);

    [Benchmark]
    public double Plan() => SearchPlanner.Propose(_grid, _assets).ProbabilityOfSuccess;

    [Benchmark]
    public int Containment() =>
        ContainmentAreas.Compute(_grid, 0.5).NumPoints + ContainmentAreas.Compute(_grid, 0.9).NumPoints + ContainmentAreas.Compute(_grid, 0.95).NumPoints;
}
