using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MaritimeCoord.Domain.Detection;
using MaritimeCoord.Domain.Jurisdiction;
using MaritimeCoord.Domain.Vessels;
using NetTopologySuite.Geometries;

namespace MaritimeCoord.Benchmarks;

/// <summary>
/// 24 hours of positions for 50,000 vessels through the pure detectors, generated in memory one minute of data at a
/// time (as the recurring job would hand them over). Fleet: 80 % under way at 8–20 kn, 12 % slow (fishing, drifting:
/// 0.3–3 kn, so some loiter and some pairs meet), 8 % at anchor (status 1, every 3 min); under-way ships report every
/// <see cref="IntervalSeconds"/> s; 1 % of vessels go dark for 7 h; 24 SAR regions and 8 zones are watched.
/// Run: <c>dotnet run -c Release --project tests/MaritimeCoord.Benchmarks -- --filter '*DetectionThroughput*'</c>.
/// The figure printed is the detectors' own time (generation excluded); BenchmarkDotNet's includes generation.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1)]
[MemoryDiagnoser]
public class DetectionThroughput
{
    [Params(50_000)]
    public int Vessels { get; set; }

    [Params(30)]
    public int IntervalSeconds { get; set; }

    /// <summary>
    /// Minutes of positions handed over again with each minute, as the job re-reads rows it has already seen (its old
    /// fixed 2-minute overlap). 0: only what is new. Compared side by side by <c>-- detection-reread VESSELS</c>.
    /// </summary>
    public int RereadMinutes { get; set; }

    [Benchmark]
    public long Day()
    {
        var settings = Settings();
        var state = new DetectionState(settings);
        var fleet = Fleet(Vessels, 42);
        long t0 = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var batch = new List<PositionReport>(Vessels * 3);
        var handed = new List<PositionReport>(Vessels * 3 * (RereadMinutes + 1));
        var previous = new Queue<PositionReport[]>();
        long reread = 0;
        var detect = new Stopwatch();
        // CPU time of the whole process (all threads, GC included) while the detectors run: a figure that, unlike wall
        // time, hardly moves when other work shares the machine.
        var detectCpu = TimeSpan.Zero;
        using var self = Process.GetCurrentProcess();
        long positions = 0, events = 0;
        var rng = new Random(7);
        for (int minute = 0; minute < 24 * 60; minute++)
        {
            batch.Clear();
            long from = t0 + (minute * 60_000L);
            foreach (var v in fleet)
            {
                long interval = (v.Kind == 2 ? 180 : v.Kind == 1 ? 60 : IntervalSeconds) * 1000L;
                long start = t0 + (v.Phase % interval);
                long first = from <= start ? start : start + ((from - start + interval - 1) / interval * interval);
                for (long t = first; t < from + 60_000; t += interval)
                {
                    double hours = (t - t0) / 3_600_000.0;
                    if (v.DarkFrom is { } d && hours >= d && hours < d + 7) continue;
                    double nm = v.Knots * hours;
                    double lat = Math.Clamp(v.Lat + (nm * Math.Cos(v.Course) / 60), -80, 80);
                    double lon = v.Lon + (nm * Math.Sin(v.Course) / 60 / Math.Cos(v.Lat * Math.PI / 180));
                    lon = lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
                    batch.Add(new PositionReport(v.Mmsi, t, 1, lon, lat, (float)(v.Knots + (rng.NextDouble() * 0.2)),
                        (float)(v.Course * 180 / Math.PI), -1, v.Kind == 2 ? (sbyte)1 : (sbyte)0, (ulong)t));
                }
            }
            positions += batch.Count;
            handed.Clear();
            foreach (var old in previous) handed.AddRange(old);
            reread += handed.Count;
            handed.AddRange(batch);
            if (RereadMinutes > 0)
            {
                previous.Enqueue([.. batch]);
                if (previous.Count > RereadMinutes) previous.Dequeue();
            }
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            detect.Start();
            events += DetectionEngine.Process(state, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(handed), [], from + 60_000).Count;
            detect.Stop();
            self.Refresh();
            detectCpu += self.TotalProcessorTime - cpuBefore;
        }
        var active = state.ActiveEvents.GroupBy(e => e.Kind).Select(g => $"{g.Key}={g.Count()}");
        // Every standing event with all its fields, in id order: equal fingerprints mean equal results.
        var fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join('\n', state.ActiveEvents.OrderBy(e => e.Id, StringComparer.Ordinal).Select(e => e.ToString())))))[..16];
        Console.WriteLine($"// detection: {positions:N0} positions (+{reread:N0} re-read), {Vessels:N0} vessels, 24 h, detectors {detect.Elapsed.TotalSeconds:F1} s " +
            $"(CPU {detectCpu.TotalSeconds:F1} s on {Environment.ProcessorCount} cores, {detectCpu.TotalMilliseconds * 1000 / (Vessels * 24.0):F1} CPU µs per vessel-hour) " +
            $"({positions / detect.Elapsed.TotalSeconds:N0} positions/s); {events:N0} changes; standing: {string.Join(", ", active)} (fingerprint {fingerprint}); " +
            $"peak working set {Environment.WorkingSet / (1 << 20):N0} MiB");
        return events;
    }

    private sealed record Ship(int Mmsi, int Kind, double Lat, double Lon, double Knots, double Course, long Phase, double? DarkFrom);

    private static List<Ship> Fleet(int count, int seed)
    {
        var rng = new Random(seed);
        var fleet = new List<Ship>(count);
        for (int i = 0; i < count; i++)
        {
            double r = rng.NextDouble();
            int kind = r < 0.80 ? 0 : r < 0.92 ? 1 : 2;
            double knots = kind switch { 0 => 8 + (rng.NextDouble() * 12), 1 => 0.3 + (rng.NextDouble() * 2.7), _ => 0 };
            fleet.Add(new Ship(200_000_000 + (i * 13), kind, -20 + (rng.NextDouble() * 40), 90 + (rng.NextDouble() * 60), knots,
                rng.NextDouble() * 2 * Math.PI, rng.Next(0, 180_000), rng.NextDouble() < 0.01 ? rng.NextDouble() * 12 : null));
        }
        // Pairs of slow vessels side by side, so the encounter detector has work to do (one in 200 slow vessels).
        for (int i = 0; i + 1 < count; i += 400)
        {
            if (fleet[i].Kind != 1) continue;
            var a = fleet[i];
            fleet[i + 1] = a with { Mmsi = fleet[i + 1].Mmsi, Lat = a.Lat + 0.001, Phase = fleet[i + 1].Phase };
        }
        return fleet;
    }

    private static DetectionSettings Settings()
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        Polygon Box(double x0, double y0, double x1, double y1) =>
            factory.CreatePolygon([new(x0, y0), new(x1, y0), new(x1, y1), new(x0, y1), new(x0, y0)]);
        var regions = new List<RegionBoundary>();
        for (int i = 0; i < 6; i++)
        for (int j = 0; j < 4; j++)
            regions.Add(new RegionBoundary($"R{i}{j}", $"Region {i}{j}", $"RCC{i}{j}", $"RCC {i}{j}", "bench", true,
                Box(85 + (i * 12), -25 + (j * 12.5), 85 + ((i + 1) * 12), -25 + ((j + 1) * 12.5))));
        return new DetectionSettings
        {
            Regions = JurisdictionIndex.Build(regions),
            Areas = [.. Enumerable.Range(0, 8).Select(k => new WatchedArea($"zone-{k}", k % 2 == 0 ? WatchedAreaKind.Zone : WatchedAreaKind.TerritorialSea,
                $"Zone {k}", Box(95 + (k * 6), -5, 97 + (k * 6), -3)))],
        };
    }
}
