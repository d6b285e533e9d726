using MaritimeCoord.Domain.Detection;
using MaritimeCoord.Domain.Detection.Scenarios;

namespace MaritimeCoord.Domain.Tests.Detection;

/// <summary>The main job's demo feed: what a feed sends before it goes live is enough for the detectors' first run.</summary>
public class DemoTrafficTests
{
    [Theory]
    [InlineData(1, 0L)]
    [InlineData(2, 1_796_000_000_000L)]
    public void The_history_sent_at_start_shows_a_gap_an_encounter_and_a_loitering_of_the_planted_vessels_and_nothing_else(int seed, long startMs)
    {
        var traffic = DemoTraffic.Create(seed, laneVessels: 300, fishingVessels: 120);
        if (startMs == 0) startMs = new DateTimeOffset(2026, 12, 7, 19, 3, 41, TimeSpan.Zero).ToUnixTimeMilliseconds();
        long origin = startMs - (long)DemoTraffic.StartPhase.TotalMilliseconds;
        long backgroundFrom = startMs - 3_600_000;
        var reports = traffic.Reports(origin, origin + (long)DemoTraffic.HistoryStartPhase.TotalMilliseconds, backgroundFrom, plantedOnly: true);
        reports.AddRange(traffic.Reports(origin, backgroundFrom, startMs));

        var state = new DetectionState(new DetectionSettings());
        DetectionEngine.Process(state, reports.ToArray(), [], startMs);
        var active = state.ActiveEvents.ToList();

        Assert.Contains(active, e => e.Kind == DetectionKind.AisGap && e.Mmsi == DemoTraffic.DarkVessel);
        Assert.Contains(active, e => e.Kind == DetectionKind.Encounter
            && e.Mmsi == Math.Min(DemoTraffic.MotherShip, DemoTraffic.SmallBoat) && e.OtherMmsi == Math.Max(DemoTraffic.MotherShip, DemoTraffic.SmallBoat));
        Assert.Contains(active, e => e.Kind == DetectionKind.Loitering && e.Mmsi == DemoTraffic.Loiterer);
        // The background traffic raises nothing: the Watch panel shows the planted behaviours, not noise.
        Assert.All(active, e => Assert.Contains(e.Mmsi, traffic.Planted));
    }

    [Fact]
    public void Positions_are_a_function_of_time_so_a_restarted_feed_continues_where_it_was()
    {
        var traffic = DemoTraffic.Create(1, laneVessels: 50, fishingVessels: 20);
        long origin = 1_790_000_000_000L;
        var whole = traffic.Reports(origin, origin, origin + 600_000);
        var split = traffic.Reports(origin, origin, origin + 250_000);
        split.AddRange(traffic.Reports(origin, origin + 250_000, origin + 600_000));
        Assert.Equal(whole, split);
        Assert.All(whole, p => Assert.True(p.Latitude is > -25 and < 15 && p.Longitude is > 90 and < 150, $"{p.Mmsi} at {p.Latitude}, {p.Longitude}"));
        Assert.Equal(traffic.Vessels.Count, traffic.Vessels.Select(v => v.Mmsi).Distinct().Count());
    }

    [Fact]
    public void The_planted_behaviours_repeat_every_cycle()
    {
        var traffic = DemoTraffic.Create(1, laneVessels: 10, fishingVessels: 10);
        long origin = 1_790_000_000_000L, cycle = (long)DemoTraffic.Cycle.TotalMilliseconds;
        var first = traffic.Reports(origin, origin, origin + 3_600_000, plantedOnly: true);
        var next = traffic.Reports(origin, origin + cycle, origin + cycle + 3_600_000, plantedOnly: true);
        Assert.Equal(first.Select(p => (p.Mmsi, p.Latitude, p.Longitude)), next.Select(p => (p.Mmsi, p.Latitude, p.Longitude)));
    }
}
