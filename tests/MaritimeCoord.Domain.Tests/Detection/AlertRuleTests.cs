using MaritimeCoord.Domain.Alerts;
using MaritimeCoord.Domain.Detection;
using MaritimeCoord.Domain.Detection.Scenarios;

namespace MaritimeCoord.Domain.Tests.Detection;

public class AlertRuleTests
{
    private static readonly IReadOnlyDictionary<string, WatchedArea> NoZones = new Dictionary<string, WatchedArea>();

    private static DetectionEvent Event(DetectionKind kind, double lat = -10, double lon = 115, string? region = "WEST", string? area = null) =>
        new($"{kind}:1", kind, 525000001, null, 0, null, lat, lon, region, area, null, null, "{}");

    private static AlertRule Rule(string centre, AlertSeverity min = AlertSeverity.Low, AlertArea? area = null, params DetectionKind[] kinds) =>
        new(Guid.NewGuid(), centre, kinds.ToHashSet(), area ?? AlertArea.Anywhere, min);

    [Theory]
    [InlineData(DetectionKind.SightingNearSuspect, false, AlertSeverity.High)]
    [InlineData(DetectionKind.Encounter, false, AlertSeverity.High)]
    [InlineData(DetectionKind.AisGap, false, AlertSeverity.Medium)]
    [InlineData(DetectionKind.AisGap, true, AlertSeverity.High)]
    [InlineData(DetectionKind.Loitering, false, AlertSeverity.Medium)]
    [InlineData(DetectionKind.AreaEntry, false, AlertSeverity.Low)]
    [InlineData(DetectionKind.AreaEntry, true, AlertSeverity.Medium)]
    public void Severity_follows_the_kind_and_a_linked_incident(DetectionKind kind, bool linked, AlertSeverity expected) =>
        Assert.Equal(expected, AlertSeverities.Of(Event(kind, area: kind == DetectionKind.AreaEntry ? "sar:WEST" : null), linked));

    [Fact]
    public void Entry_into_a_user_zone_is_medium() =>
        Assert.Equal(AlertSeverity.Medium, AlertSeverities.Of(Event(DetectionKind.AreaEntry, area: "zone:abc"), false));

    [Fact]
    public void Kind_severity_region_bbox_and_zone_filters_each_decide()
    {
        var zone = new WatchedArea("z1", WatchedAreaKind.Zone, "Beach", DetectionScenario.Box(114.9, -10.1, 115.1, -9.9));
        var zones = new Dictionary<string, WatchedArea> { ["z1"] = zone };
        var gap = Event(DetectionKind.AisGap);
        Assert.True(AlertMatcher.Matches(Rule("A", kinds: DetectionKind.AisGap), gap, AlertSeverity.Medium, zones));
        Assert.False(AlertMatcher.Matches(Rule("A", kinds: DetectionKind.Encounter), gap, AlertSeverity.Medium, zones));
        Assert.False(AlertMatcher.Matches(Rule("A", AlertSeverity.High), gap, AlertSeverity.Medium, zones));
        Assert.True(AlertMatcher.Matches(Rule("A", area: new AlertArea(AlertAreaKind.SarRegion, "WEST")), gap, AlertSeverity.Medium, zones));
        Assert.False(AlertMatcher.Matches(Rule("A", area: new AlertArea(AlertAreaKind.SarRegion, "EAST")), gap, AlertSeverity.Medium, zones));
        Assert.True(AlertMatcher.Matches(Rule("A", area: new AlertArea(AlertAreaKind.Bbox, null, 114, -11, 116, -9)), gap, AlertSeverity.Medium, zones));
        Assert.False(AlertMatcher.Matches(Rule("A", area: new AlertArea(AlertAreaKind.Bbox, null, 116, -11, 117, -9)), gap, AlertSeverity.Medium, zones));
        Assert.True(AlertMatcher.Matches(Rule("A", area: new AlertArea(AlertAreaKind.Zone, "z1")), gap, AlertSeverity.Medium, zones));
        Assert.False(AlertMatcher.Matches(Rule("A", area: new AlertArea(AlertAreaKind.Zone, "z1")), Event(DetectionKind.AisGap, lat: -12), AlertSeverity.Medium, zones));
        Assert.False(AlertMatcher.Matches(Rule("A", area: new AlertArea(AlertAreaKind.Zone, "deleted")), gap, AlertSeverity.Medium, zones));
    }

    [Fact]
    public void A_bbox_across_the_antimeridian_holds_both_sides()
    {
        var box = new AlertArea(AlertAreaKind.Bbox, null, 179, -20, -179, -10);
        Assert.True(box.BoxCovers(-15, 179.5));
        Assert.True(box.BoxCovers(-15, -179.5));
        Assert.False(box.BoxCovers(-15, 0));
    }

    [Fact]
    public void A_centre_is_alerted_once_however_many_of_its_rules_match()
    {
        var rules = new[] { Rule("A"), Rule("A", kinds: DetectionKind.AisGap), Rule("B", AlertSeverity.High) };
        var fanOut = AlertMatcher.Match(rules, Event(DetectionKind.AisGap), false, NoZones);
        Assert.Equal(["A"], fanOut.Recipients.Select(r => r.CentreCode));
        Assert.Equal(0, fanOut.Dropped);
    }

    [Fact]
    public void Fan_out_is_capped_per_event_in_centre_order_and_the_rest_counted()
    {
        var rules = Enumerable.Range(0, AlertMatcher.MaxRecipientsPerEvent + 5).Select(i => Rule($"C{i:00}")).Reverse().ToList();
        var fanOut = AlertMatcher.Match(rules, Event(DetectionKind.Encounter), false, NoZones);
        Assert.Equal(AlertMatcher.MaxRecipientsPerEvent, fanOut.Recipients.Count);
        Assert.Equal(5, fanOut.Dropped);
        Assert.Equal(Enumerable.Range(0, AlertMatcher.MaxRecipientsPerEvent).Select(i => $"C{i:00}"), fanOut.Recipients.Select(r => r.CentreCode));
    }

    [Fact]
    public void Rules_beyond_the_per_centre_cap_are_not_considered()
    {
        // The first MaxRulesPerCentre rules (by id) ask for encounters only; one more asks for gaps.
        var rules = Enumerable.Range(0, AlertMatcher.MaxRulesPerCentre).Select(i => Rule("A", kinds: DetectionKind.Encounter) with { Id = new Guid(i + 1, 0, 0, new byte[8]) })
            .Append(Rule("A", kinds: DetectionKind.AisGap) with { Id = new Guid(1000, 0, 0, new byte[8]) }).ToList();
        Assert.Empty(AlertMatcher.Match(rules, Event(DetectionKind.AisGap), false, NoZones).Recipients);
        Assert.Single(AlertMatcher.Match(rules.Skip(1), Event(DetectionKind.AisGap), false, NoZones).Recipients);
    }

    [Fact]
    public void Validation_names_each_bad_field()
    {
        static IReadOnlyDictionary<string, string> V(AlertRuleInput i) => AlertRuleValidation.Validate(i, code => code == "WEST", out _);
        Assert.Contains("kinds", V(new(["ais-gap", "nonsense"], null, null, null, null, null)).Keys);
        Assert.Contains("minSeverity", V(new(null, null, null, null, null, "urgent")).Keys);
        Assert.Contains("area", V(new(null, "ocean", null, null, null, null)).Keys);
        Assert.Contains("regionCode", V(new(null, "sar-region", "NOWHERE", null, null, null)).Keys);
        Assert.Contains("regionCode", V(new(null, "sar-region", null, null, null, null)).Keys);
        Assert.Contains("zoneId", V(new(null, "zone", null, null, null, null)).Keys);
        Assert.Contains("bbox", V(new(null, "bbox", null, null, [1, 2, 3], null)).Keys);
        Assert.Contains("bbox", V(new(null, "bbox", null, null, [1, 10, 3, 5], null)).Keys);
        Assert.Contains("bbox", V(new(null, "bbox", null, null, [200, 1, 3, 5], null)).Keys);

        Assert.Empty(AlertRuleValidation.Validate(new(["encounter", "loitering"], "bbox", null, null, [179, -20, -179, -10], "medium"), _ => false, out var spec));
        Assert.Equal(AlertSeverity.Medium, spec!.MinSeverity);
        Assert.Equal(2, spec.Kinds.Count);
        Assert.Empty(AlertRuleValidation.Validate(new(null, null, null, null, null, null), _ => false, out var all));
        Assert.Equal(AlertAreaKind.Anywhere, all!.Area.Kind);
        Assert.Equal(AlertSeverity.Low, all.MinSeverity);
    }
}
