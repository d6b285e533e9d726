using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using MaritimeCoord.Domain.Drift;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Forcing;

namespace MaritimeCoord.Benchmarks;

/// <summary>
/// Leeway model throughput with gridded forcing (GFS-like 0.25° wind and CMEMS-like 1/12° current with land cells,
/// 49 hourly slices each) and the land mask built from the bundled Natural Earth 1:50m land, off the Sunda Strait.
/// Mean is per particle-step; the 6 h and 24 h runs allocate the same bytes per run (state set up once), so the
/// stepping loop allocates nothing. Command and figures: docs/drift.md.
/// dotnet run -c Release --project tests/MaritimeCoord.Benchmarks -- --filter '*Drift*' --job short
/// </summary>
[MemoryDiagnoser]
public class DriftBenchmarks
{
    private const int Particles = 20_000;
    private const int StepsIn6Hours = 36;
    private const int StepsIn24Hours = 144;
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private GriddedForcing forcing = null!;
    private LandMask land = null!;
    private DriftRequest request = null!;

    [GlobalSetup]
    public void Setup()
    {
        forcing = new GriddedForcing(
            Field("wind", 0.25, -14, -2, 98, 110, (lat, lon, t) => (6 + 2 * Math.Sin(lat + t / 10.0), 3 * Math.Cos(lon)), landCells: false),
            Field("current", 1.0 / 12, -10, -4, 101, 107, (lat, lon, t) => (0.3 * Math.Sin(lat * 3), 0.2 * Math.Cos(lon * 3 + t / 20.0)), landCells: true),
            OnSceneForcing.Constant(8, 135, 0.2, 300));
        request = new DriftRequest
        {
            ObjectClass = LeewayClasses.Get("REFUGEE-RAFT-1"),
            Seeding = new PointSeeding(new GeoPosition(-6.9, 104.9), 20_000, T0),
            Particles = Particles,
            Duration = TimeSpan.FromHours(24),
            OutputInterval = TimeSpan.FromHours(24),
        };
        land = LandPolygons.MaskFor(LandPolygons.Read(LandPolygons.DefaultPath), request, 3);
    }

    private static GriddedField Field(string name, double step, double south, double north, double west, double east,
        Func<double, double, int, (double U, double V)> value, bool landCells)
    {
        var lats = Enumerable.Range(0, (int)Math.Round((north - south) / step) + 1).Select(i => south + i * step).ToArray();
        var lons = Enumerable.Range(0, (int)Math.Round((east - west) / step) + 1).Select(i => west + i * step).ToArray();
        var times = Enumerable.Range(0, 49).Select(h => T0.AddHours(h)).ToArray();
        var u = new float[times.Length * lats.Length * lons.Length];
        var v = new float[u.Length];
        var k = 0;
        for (var t = 0; t < times.Length; t++)
            for (var y = 0; y < lats.Length; y++)
                for (var x = 0; x < lons.Length; x++, k++)
                {
                    // A rough island of fill values, as ocean models have over land.
                    if (landCells && Math.Abs(lats[y] + 6) < 0.5 && Math.Abs(lons[x] - 105.8) < 0.5) { u[k] = v[k] = float.NaN; continue; }
                    var (uu, vv) = value(lats[y], lons[x], t);
                    u[k] = (float)uu; v[k] = (float)vv;
                }
        return new GriddedField(name, lats, lons, times, u, v);
    }

    /// <summary>
    /// The same runs timed by the process's user CPU time instead of the wall clock, for a machine shared with other
    /// work (wall-clock figures then measure the queue for the cores): the 24 h minus the 6 h run, over the 108 extra
    /// steps, is the stepping loop alone. `dotnet run -c Release --project tests/MaritimeCoord.Benchmarks -- drift-cpu`
    /// </summary>
    public static void PrintCpuTime()
    {
        var b = new DriftBenchmarks();
        b.Setup();
        for (var k = 0; k < 3; k++) { b.Run6Hours(); b.Run24Hours(); }
        using var process = Process.GetCurrentProcess();
        double Cpu() { process.Refresh(); return process.UserProcessorTime.TotalSeconds; }
        const int repeats = 10;
        var c0 = Cpu();
        for (var k = 0; k < repeats; k++) b.Run6Hours();
        var run6 = (Cpu() - c0) / repeats;
        c0 = Cpu();
        for (var k = 0; k < repeats; k++) b.Run24Hours();
        var run24 = (Cpu() - c0) / repeats;
        var loop = (run24 - run6) / (Particles * (double)(StepsIn24Hours - StepsIn6Hours));
        Console.WriteLine($"CPU per run: 6 h {run6 * 1000:F1} ms, 24 h {run24 * 1000:F1} ms ({Particles:N0} particles, 10-min steps)");
        Console.WriteLine($"stepping loop: {loop * 1e9:F1} ns per particle-step = {1 / loop / 1e6:F1} million particle-steps per CPU-second");
        Console.WriteLine($"whole 24 h run incl. setup: {run24 * 1e9 / (Particles * (double)StepsIn24Hours):F1} ns per particle-step");
    }

    [Benchmark(OperationsPerInvoke = Particles * StepsIn6Hours)]
    public int Run6Hours() => DriftModel.Run(request with { Duration = TimeSpan.FromHours(6), OutputInterval = TimeSpan.FromHours(6) }, forcing, land,
        new DriftRunOptions { KeepSnapshots = false }).Final.Stranded;

    [Benchmark(OperationsPerInvoke = Particles * StepsIn24Hours)]
    public int Run24Hours() => DriftModel.Run(request, forcing, land, new DriftRunOptions { KeepSnapshots = false }).Final.Stranded;
}
