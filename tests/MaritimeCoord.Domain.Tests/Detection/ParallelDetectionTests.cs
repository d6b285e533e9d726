using MaritimeCoord.Domain.Detection;
using MaritimeCoord.Domain.Detection.Scenarios;
using MaritimeCoord.Domain.Jurisdiction;
using MaritimeCoord.Domain.Vessels;
using static MaritimeCoord.Domain.Tests.Detection.Track;

namespace MaritimeCoord.Domain.Tests.Detection;

/// <summary>
/// Large batches are inserted and recomputed on several threads; the changes (and their order) must be exactly those
/// of one thread. The fleet is big enough for both parallel paths (≥ 16,384 positions, ≥ 4,096 changed vessels per
/// batch) and has every kind of per-vessel and pair event, with duplicates, shuffled delivery and late positions.
/// </summary>
public class ParallelDetectionTests
{
    private const int Vessels = 5000;

    private static DetectionSettings Settings(int parallelism)
    {
        var quick = new DetectionThresholds
        {
            GapThreshold = TimeSpan.FromMinutes(40), LoiterMinDuration = TimeSpan.FromMinutes(40), LoiterAverageWindow = TimeSpan.FromMinutes(20),
        };
        return new DetectionSettings
        {
            Default = quick,
            Parallelism = parallelism,
            Regions = JurisdictionIndex.Build([
                new("WEST", "West", "RCC-W", "RCC W", "v1", false, DetectionScenario.Box(100, -20, 110.05, 0)),
                new("EAST", "East", "RCC-E", "RCC E", "v1", false, DetectionScenario.Box(110.05, -20, 130, 0)),
            ]),
            Areas = [new WatchedArea("zone-1", WatchedAreaKind.Zone, "Zone", DetectionScenario.Box(109.5, -12, 110.1, -8)),
                     new WatchedArea("ts-IDN", WatchedAreaKind.TerritorialSea, "IDN", DetectionScenario.Box(110.15, -12, 111, -8))],
        };
    }

    // Every vessel reports every 2 minutes for 2.5 h; a third are slow (loitering), one in 50 slow ones has a partner 20 m
    // away (encounters), one in 40 goes dark after 70 min, the fast ones cross the zone, the region border and the
    // territorial sea heading east.
    private static List<PositionReport[]> Batches()
    {
        var rng = new Random(5);
        var all = new List<(long Deliver, PositionReport Report)>();
        for (int v = 0; v < Vessels; v++)
        {
            int mmsi = 300_000_000 + v;
            bool slow = v % 3 == 0, partner = slow && v % 150 == 3, dark = v % 40 == 1;
            double lat = -10 + ((v % 100) * 0.02), lon = 109.9 - ((v / 100) * 0.002);
            if (partner) { lat = -10 + (((v - 3) % 100) * 0.02) + 0.0002; lon = 109.9 - (((v - 3) / 100) * 0.002); }
            float sog = slow ? 0.5f : 12;
            for (int m = 0; m <= 150; m += 2)
            {
                if (dark && m > 70) break;
                var p = At(mmsi, m + (v % 7 / 10.0), lat, lon + (sog * m / 60.0 / 60.0), sog, 90);
                double late = rng.NextDouble() < 0.02 ? 25 : 0;
                all.Add((Min(m + late), p));
                if (rng.NextDouble() < 0.03) all.Add((Min(m + 1), p));
            }
        }
        var shuffled = all.OrderBy(_ => rng.Next()).ToList();
        return [.. Enumerable.Range(0, 7).Select(b => shuffled.Where(x => x.Deliver >= Min(b * 30) && x.Deliver < Min((b + 1) * 30) || (b == 6 && x.Deliver >= Min(210)))
            .Select(x => x.Report).ToArray())];
    }

    [Fact]
    public void Several_threads_give_exactly_the_changes_of_one_thread()
    {
        var batches = Batches();
        Assert.All(batches.Take(5), b => Assert.True(b.Length >= 16_384, $"batch of {b.Length} positions"));
        var one = new DetectionState(Settings(1));
        var four = new DetectionState(Settings(4));
        var kinds = new HashSet<DetectionKind>();
        for (int b = 0; b < batches.Count; b++)
        {
            var expected = DetectionEngine.Process(one, batches[b], [], Min((b + 1) * 30));
            var actual = DetectionEngine.Process(four, batches[b], [], Min((b + 1) * 30));
            Assert.Equal(expected, actual);
            foreach (var c in expected) kinds.Add(c.Event.Kind);
        }
        Assert.Equal([DetectionKind.AisGap, DetectionKind.Encounter, DetectionKind.Loitering, DetectionKind.AreaEntry], kinds.Order());
        Assert.Contains(one.ActiveEvents, e => e.AreaId == "ts-IDN");
        Assert.Equal(one.ActiveEvents.OrderBy(e => e.Id, StringComparer.Ordinal), four.ActiveEvents.OrderBy(e => e.Id, StringComparer.Ordinal));
    }
}
