using MaritimeCoord.Domain.Detection;
using MaritimeCoord.Domain.Detection.Scenarios;

namespace MaritimeCoord.Domain.Tests.Detection;

/// <summary>The generated scenario through the detectors as the host runs them: batches in arrival order.</summary>
public class ScenarioDetectionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(2026)]
    public void Every_planted_event_is_found_and_nothing_else_with_noise_and_out_of_order_delivery(int seed)
    {
        var scenario = ScenarioGenerator.Generate(seed, Start);
        var (state, log) = Replay(scenario, TimeSpan.FromMinutes(5));
        var active = state.ActiveEvents.ToList();

        var missed = scenario.Planted.Where(p => !active.Any(p.Matches)).ToList();
        var unplanted = active.Where(e => !scenario.Planted.Any(p => p.Matches(e))).ToList();
        Assert.True(missed.Count == 0, "missed: " + string.Join("; ", missed.Select(m => m.Description)));
        Assert.True(unplanted.Count == 0, "not planted: " + string.Join("; ", unplanted.Select(e => e.Id + " " + e.Details)));
        Assert.Equal(scenario.Planted.Count, active.Count);

        // The ship whose positions came 10 h late looked dark for a while; the late data withdrew it.
        Assert.Contains(log, c => c.Change == DetectionChangeKind.Withdrawn && c.Event.Kind == DetectionKind.AisGap
            && c.Event.Mmsi == ScenarioGenerator.LateVessel);
        Assert.True(state.TooLate >= 1 && state.Invalid >= 2);
    }

    [Fact]
    public void Replaying_the_same_data_again_changes_nothing_and_batch_size_does_not_change_the_result()
    {
        var scenario = ScenarioGenerator.Generate(3, Start);
        var (state, _) = Replay(scenario, TimeSpan.FromMinutes(5));
        var again = DetectionEngine.Process(state, scenario.Deliveries.Select(d => d.Report).ToArray(),
            scenario.Sightings.Select(s => s.Observation), state.NowMs);
        Assert.Empty(again);

        var (oneBatch, _) = Replay(scenario, TimeSpan.FromDays(2));
        Assert.Equal(state.ActiveEvents.Select(e => e.Id).Order(StringComparer.Ordinal), oneBatch.ActiveEvents.Select(e => e.Id).Order(StringComparer.Ordinal));
    }

    internal static (DetectionState State, List<DetectionChange> Log) Replay(DetectionScenario scenario, TimeSpan batch)
    {
        var state = new DetectionState(scenario.Settings());
        var log = new List<DetectionChange>();
        long step = (long)batch.TotalMilliseconds;
        long watermark = long.MinValue;
        var deliveries = scenario.Deliveries;
        int i = 0;
        for (long until = scenario.Start.ToUnixTimeMilliseconds() + step; i < deliveries.Count || until <= scenario.End.ToUnixTimeMilliseconds() + (4 * step); until += step)
        {
            var chunk = new List<MaritimeCoord.Domain.Vessels.PositionReport>();
            for (; i < deliveries.Count && deliveries[i].DeliverAtMs < until; i++) chunk.Add(deliveries[i].Report);
            foreach (var p in chunk) if (p.ObservedAtMs > watermark && p.ObservedAtMs < until) watermark = p.ObservedAtMs;
            var sightings = scenario.Sightings.Where(s => s.DeliverAtMs >= until - step && s.DeliverAtMs < until).Select(s => s.Observation);
            log.AddRange(DetectionEngine.Process(state, chunk.ToArray(), sightings, Math.Max(watermark, scenario.Start.ToUnixTimeMilliseconds())));
            if (i >= deliveries.Count && until > scenario.End.ToUnixTimeMilliseconds() + (3 * step)) break;
        }
        return (state, log);
    }
}
