using MaritimeCoord.Domain.Detection;
using static MaritimeCoord.Domain.Tests.Detection.Track;

namespace MaritimeCoord.Domain.Tests.Detection;

public class SightingNearSuspectTests
{
    private const int Dark = 525000001, Passer = 525000002;

    [Fact]
    public void A_boat_with_no_ais_sighted_near_where_a_vessel_went_dark_is_linked_to_it()
    {
        var state = NewState();
        Run(state, Steady(Dark, 0, 60, 1, -10, 115), 60, new SightingObservation("s1", Min(120), -9.85, 115.05));
        Run(state, Steady(Dark, 600, 610, 1, -9, 115), 610);
        var link = Assert.Single(Active(state, DetectionKind.SightingNearSuspect));
        var gap = Assert.Single(Active(state, DetectionKind.AisGap));
        Assert.Equal((Dark, "s1", gap.Id), (link.Mmsi, link.SightingId!, link.RelatedEventId!));
    }

    [Fact]
    public void A_sighting_with_an_ais_vessel_at_that_spot_is_not_a_boat_with_no_ais()
    {
        var state = NewState();
        Run(state, Steady(Dark, 0, 60, 1, -10, 115).Concat(Steady(Passer, 100, 140, 1, -9.85 - (10 * 20 / 3600.0), 115.05)), 140,
            new SightingObservation("s1", Min(120), -9.85, 115.05));
        Run(state, Steady(Dark, 600, 610, 1, -9, 115).Concat(Steady(Passer, 300, 610, 1, -8, 115)), 610);
        Assert.Single(Active(state, DetectionKind.AisGap));
        Assert.Empty(Active(state, DetectionKind.SightingNearSuspect));
    }

    [Fact]
    public void A_sighting_far_away_is_not_linked()
    {
        var state = NewState();
        Run(state, Steady(Dark, 0, 60, 1, -10, 115), 60, new SightingObservation("s1", Min(120), -11, 116));
        Run(state, Steady(Dark, 600, 610, 1, -9, 115), 610);
        Assert.Empty(Active(state, DetectionKind.SightingNearSuspect));
    }

    [Fact]
    public void When_late_data_withdraws_the_gap_the_link_goes_with_it()
    {
        var state = NewState();
        Run(state, Steady(Dark, 0, 60, 1, -10, 115), 60, new SightingObservation("s1", Min(120), -9.85, 115.05));
        Run(state, Steady(Dark, 600, 610, 1, -9, 115), 610);
        var link = Assert.Single(Active(state, DetectionKind.SightingNearSuspect));

        var changes = Run(state, Steady(Dark, 60, 600, 30, -10, 115), 610);

        Assert.Contains(changes, c => c.Change == DetectionChangeKind.Withdrawn && c.Event.Id == link.Id);
        Assert.Empty(Active(state, DetectionKind.SightingNearSuspect));
    }
}
