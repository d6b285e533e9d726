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

    // A territorial sea as the server loads it: a MultiPolygon per country (an island's 12 nm ring with a hole, and a
    // second island), id ts:<country>, named by the country, after 32 zones (bits beyond 31 of a track sample).
    private static DetectionSettings WithTerritorialSea()
    {
        var factory = new NetTopologySuite.Geometries.GeometryFactory(new NetTopologySuite.Geometries.PrecisionModel(), 4326);
        var shell = DetectionScenario.Box(115.2, -10.3, 115.6, -9.7).Shell;
        var lagoon = DetectionScenario.Box(115.35, -10.05, 115.45, -9.95).Shell;
        var sea = factory.CreateMultiPolygon([factory.CreatePolygon(shell, [lagoon]), DetectionScenario.Box(116, -10.3, 116.2, -9.7)]);
        var zones = Enumerable.Range(0, 32).Select(k => new WatchedArea($"zone:{k}", WatchedAreaKind.Zone, $"Zone {k}", DetectionScenario.Box(100 + k, 10, 100.5 + k, 11)));
        return new DetectionSettings { WatchSarRegions = false, Areas = [.. zones, new WatchedArea("ts:IDN", WatchedAreaKind.TerritorialSea, "IDN", sea)] };
    }

    [Fact]
    public void Entering_a_territorial_sea_multipolygon_is_an_entry_per_crossing_into_it_and_none_into_its_hole()
    {
        var state = NewState(WithTerritorialSea());
        // East along 10°S from 114.9°E at 0.01° a minute (2-minute track steps): into the sea at 115.2, out into the
        // hole after 115.35 and back into the sea after 115.45 (a second entry), out after 115.6, into the other island's
        // part at 116.
        Run(state, East(0, 125), 125);
        var entries = Active(state, DetectionKind.AreaEntry);
        Assert.All(entries, e => Assert.Equal("ts:IDN", e.AreaId));
        Assert.Equal([Min(30), Min(56), Min(110)], entries.Select(e => e.StartMs));
        Assert.All(entries, e => Assert.Equal("""{"areaKind":"territorial-sea"}""", e.Details));
        Assert.Equal($"entry:{Ship}:ts:IDN:{Min(30)}", entries[0].Id);
    }

    [Fact]
    public void A_vessel_that_stays_outside_the_territorial_sea_raises_nothing()
    {
        var state = NewState(WithTerritorialSea());
        Run(state, Enumerable.Range(0, 120).Select(m => At(Ship, m, -10.5, 114.9 + (0.01 * m), 30, 90)), 120);
        Assert.Empty(Active(state, DetectionKind.AreaEntry));
    }
}
