using MaritimeCoord.Domain.Detection;
using static MaritimeCoord.Domain.Tests.Detection.Track;

namespace MaritimeCoord.Domain.Tests.Detection;

public class LoiteringDetectorTests
{
    private const int Ship = 525000001;

    [Fact]
    public void Five_hours_under_2_knots_is_loitering()
    {
        var state = NewState();
        Run(state, Steady(Ship, 0, 300, 1, -10, 115, 0.5f), 300);
        var e = Assert.Single(Active(state, DetectionKind.Loitering));
        Assert.Equal(Min(0), e.StartMs);
        Assert.Equal(Min(300), e.EndMs);
    }

    [Fact]
    public void Three_hours_is_too_short() =>
        Assert.Empty(Active(Processed(Steady(Ship, 0, 180, 1, -10, 115, 0.5f)), DetectionKind.Loitering));

    [Fact]
    public void A_ship_reporting_at_anchor_is_not_loitering() =>
        Assert.Empty(Active(Processed(Steady(Ship, 0, 600, 3, -10, 115, 0.1f, status: 1)), DetectionKind.Loitering));

    [Fact]
    public void Late_reports_at_speed_in_the_middle_split_the_run_and_withdraw_it()
    {
        var state = NewState();
        var slow = Steady(Ship, 0, 300, 1, -10, 115, 0.5f).Where(p => p.ObservedAtMs < Min(100) || p.ObservedAtMs > Min(150)).ToList();
        Run(state, slow, 300);
        var e = Assert.Single(Active(state, DetectionKind.Loitering));

        var changes = Run(state, Steady(Ship, 101, 149, 1, -10, 115, 12), 300);

        Assert.Contains(changes, c => c.Change == DetectionChangeKind.Withdrawn && c.Event.Id == e.Id);
        Assert.Empty(Active(state, DetectionKind.Loitering));
    }

    [Fact]
    public void An_hour_without_reports_ends_a_run() =>
        Assert.Empty(Active(Processed(Steady(Ship, 0, 150, 1, -10, 115, 0.5f).Concat(Steady(Ship, 240, 390, 1, -10, 115, 0.5f))), DetectionKind.Loitering));

    private static DetectionState Processed(IEnumerable<MaritimeCoord.Domain.Vessels.PositionReport> positions)
    {
        var state = NewState();
        Run(state, positions, 600);
        return state;
    }
}
