using MaritimeCoord.Domain.Detection;
using static MaritimeCoord.Domain.Tests.Detection.Track;

namespace MaritimeCoord.Domain.Tests.Detection;

public class AisGapDetectorTests
{
    private const int Ship = 525000001;

    [Fact]
    public void A_vessel_silent_for_longer_than_6_hours_is_raised_dark_while_still_silent_then_closed_when_it_reappears()
    {
        var state = NewState();
        Run(state, Steady(Ship, 0, 120, 1, -10, 115), 120);
        Assert.Empty(Active(state, DetectionKind.AisGap));

        var dark = Run(state, [], 120 + (6 * 60) + 1);
        var raised = Assert.Single(dark);
        Assert.Equal(DetectionChangeKind.Raised, raised.Change);
        Assert.Null(raised.Event.EndMs);
        Assert.Equal($"gap:{Ship}:{Min(120)}", raised.Event.Id);

        var back = Run(state, [At(Ship, 600, -9.9, 115)], 600);
        var updated = Assert.Single(back);
        Assert.Equal(DetectionChangeKind.Updated, updated.Change);
        Assert.Equal(raised.Event.Id, updated.Event.Id);
        Assert.Equal(Min(600), updated.Event.EndMs);
    }

    [Fact]
    public void A_gap_shorter_than_the_threshold_raises_nothing()
    {
        var state = NewState();
        Run(state, Steady(Ship, 0, 60, 1, -10, 115), 60);
        Run(state, Steady(Ship, 60 + (5 * 60), 500, 1, -10, 115), 500);
        Assert.Empty(Active(state, DetectionKind.AisGap));
    }

    [Fact]
    public void A_late_position_inside_a_gap_withdraws_it()
    {
        var state = NewState();
        Run(state, Steady(Ship, 0, 60, 1, -10, 115), 60);
        Run(state, Steady(Ship, 480, 500, 1, -10, 115), 500);
        var gap = Assert.Single(Active(state, DetectionKind.AisGap));

        var changes = Run(state, [At(Ship, 270, -10, 115)], 500);

        Assert.Contains(changes, c => c.Change == DetectionChangeKind.Withdrawn && c.Event.Id == gap.Id);
        Assert.Empty(Active(state, DetectionKind.AisGap));
    }

    [Fact]
    public void Coverage_aware_a_satellite_only_ship_seen_every_3_hours_is_not_dark_after_7_hours_but_is_after_10()
    {
        var state = NewState();
        Run(state, [.. Enumerable.Range(0, 6).Select(i => At(Ship, i * 180, -10, 115))], 900);
        Run(state, [At(Ship, 900 + 420, -10, 115)], 900 + 420);
        Assert.Empty(Active(state, DetectionKind.AisGap));

        Run(state, [At(Ship, 1320 + 600, -10, 115)], 1320 + 600);
        var gap = Assert.Single(Active(state, DetectionKind.AisGap));
        Assert.Contains("\"thresholdHours\":9", gap.Details, StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_are_per_region()
    {
        var settings = new DetectionSettings
        {
            WatchSarRegions = false,
            Regions = MaritimeCoord.Domain.Jurisdiction.JurisdictionIndex.Build([new("SPARSE", "Sparse", "RCC", "RCC", "v1", false,
                MaritimeCoord.Domain.Detection.Scenarios.DetectionScenario.Box(100, -20, 130, 0))]),
            ByRegion = new Dictionary<string, DetectionThresholds> { ["SPARSE"] = new() { GapThreshold = TimeSpan.FromHours(12) } },
        };
        var state = NewState(settings);
        Run(state, Steady(Ship, 0, 60, 1, -10, 115), 60);
        Run(state, Steady(Ship, 60 + (8 * 60), 600, 1, -10, 115), 600);
        Assert.Empty(Active(state, DetectionKind.AisGap));
    }

    [Fact]
    public void Duplicates_and_reprocessing_the_same_positions_change_nothing()
    {
        var positions = Steady(Ship, 0, 60, 1, -10, 115).Concat(Steady(Ship, 480, 500, 1, -10, 115)).ToList();
        var state = NewState();
        Run(state, positions, 500);
        Assert.Empty(Run(state, positions, 500));
        Assert.Empty(Run(state, positions.Concat(positions), 500));
        Assert.Single(Active(state, DetectionKind.AisGap));
    }

    [Fact]
    public void Positions_years_late_and_invalid_mmsis_are_ignored()
    {
        var state = NewState();
        Run(state, Steady(Ship, 0, 60, 1, -10, 115), 60);
        var changes = Run(state, [At(Ship, -3 * 365 * 24 * 60, -10, 115), At(0, 30, -10, 115), At(1_000_000_001, 30, -10, 115)], 60);
        Assert.Empty(changes);
        Assert.Equal(1, state.TooLate);
        Assert.Equal(2, state.Invalid);
        Assert.Equal(1, state.VesselCount);
    }
}
