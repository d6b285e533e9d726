using MaritimeCoord.Domain.Detection;
using MaritimeCoord.Domain.Detection.Scenarios;
using MaritimeCoord.Domain.Jurisdiction;
using static MaritimeCoord.Domain.Tests.Detection.Track;

namespace MaritimeCoord.Domain.Tests.Detection;

public class AreaEntryDetectorTests
{
    private const int Ship = 525000001;

    private static DetectionSettings Settings() => new()
    {
        Regions = JurisdictionIndex.Build([
            new("WEST", "West", "RCC-W", "RCC W", "v1", false, DetectionScenario.Box(100, -20, 115.5, 0)),
            new("EAST", "East", "RCC-E", "RCC E", "v1", false, DetectionScenario.Box(115.5, -20, 130, 0)),
        ]),
        Areas = [new WatchedArea("zone-1", WatchedAreaKind.Zone, "Zone", DetectionScenario.Box(115.115, -10.5, 115.3, -9.5)),
                 new WatchedArea("ts-1", WatchedAreaKind.TerritorialSea, "TS", DetectionScenario.Box(115.005, -10.5, 115.4, -9.5))],
    };

    // Heading east along 10°S at 0.01° a minute from 114.9°E; entries are resolved to the 2-minute track step.
    private static IEnumerable<MaritimeCoord.Domain.Vessels.PositionReport> East(double from, double to) =>
        Enumerable.Range((int)from, (int)(to - from) + 1).Select(m => At(Ship, m, -10, 114.9 + (0.01 * m), 30, 90));

    [Fact]
    public void Entries_into_a_territorial_sea_a_zone_and_a_sar_region_are_raised_once_each()
    {
        var state = NewState(Settings());
        Run(state, East(0, 70), 70);
        var entries = Active(state, DetectionKind.AreaEntry);
        Assert.Equal(["sar:EAST", "ts-1", "zone-1"], entries.Select(e => e.AreaId!).Order(StringComparer.Ordinal));
        var zone = entries.Single(e => e.AreaId == "zone-1");
        Assert.Equal($"entry:{Ship}:zone-1:{Min(22)}", zone.Id);
        Assert.Equal("EAST", entries.Single(e => e.AreaId == "sar:EAST").AreaId![4..]);
    }

    [Fact]
    public void A_vessel_first_seen_inside_an_area_has_not_entered_it()
    {
        var state = NewState(Settings());
        Run(state, East(15, 18), 18);
        Assert.Empty(Active(state, DetectionKind.AreaEntry));
    }

    [Fact]
    public void A_late_earlier_position_inside_moves_the_entry()
    {
        var state = NewState(Settings());
        Run(state, East(0, 30).Where(p => p.ObservedAtMs != Min(22)), 30);
        var before = Active(state, DetectionKind.AreaEntry).Single(e => e.AreaId == "zone-1");
        Assert.Equal(Min(23), before.StartMs);

        var changes = Run(state, East(22, 22), 30);

        Assert.Contains(changes, c => c.Change == DetectionChangeKind.Withdrawn && c.Event.Id == before.Id);
        Assert.Contains(changes, c => c.Change == DetectionChangeKind.Raised && c.Event.StartMs == Min(22) && c.Event.AreaId == "zone-1");
    }
}
