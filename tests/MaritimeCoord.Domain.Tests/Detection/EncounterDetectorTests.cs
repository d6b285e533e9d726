using MaritimeCoord.Domain.Detection;
using MaritimeCoord.Domain.Vessels;
using static MaritimeCoord.Domain.Tests.Detection.Track;

namespace MaritimeCoord.Domain.Tests.Detection;

public class EncounterDetectorTests
{
    private const int A = 525000001, B = 525000002;

    // 0.0009° of latitude ≈ 100 m.
    private static IEnumerable<PositionReport> Alongside(double from, double to, double offsetDegrees = 0.0009, float sog = 0.3f) =>
        Steady(A, from, to, 1, -10, 115, 0).Select(p => p with { SpeedKnots = sog })
            .Concat(Steady(B, from, to, 1, -10 + offsetDegrees, 115, 0).Select(p => p with { SpeedKnots = sog }));

    [Fact]
    public void Two_slow_vessels_within_250_m_for_more_than_30_minutes_meet()
    {
        var state = NewState();
        Run(state, Alongside(0, 45), 45);
        var e = Assert.Single(Active(state, DetectionKind.Encounter));
        Assert.Equal((A, B), (e.Mmsi, e.OtherMmsi!.Value));
        Assert.Equal($"encounter:{A}:{B}:{Min(0)}", e.Id);
        Assert.Equal(Min(44), e.EndMs);
    }

    [Fact]
    public void Twenty_minutes_alongside_is_not_an_encounter() =>
        Assert.Empty(Active(Processed(Alongside(0, 20)), DetectionKind.Encounter));

    [Fact]
    public void Vessels_500_m_apart_do_not_meet() =>
        Assert.Empty(Active(Processed(Alongside(0, 60, 0.0045)), DetectionKind.Encounter));

    [Fact]
    public void Ships_passing_close_at_speed_do_not_meet() =>
        Assert.Empty(Active(Processed(Alongside(0, 60, 0.0009, 12)), DetectionKind.Encounter));

    [Fact]
    public void Order_of_delivery_does_not_matter()
    {
        var positions = Alongside(0, 60).ToList();
        var inOrder = Processed(positions);
        var shuffled = NewState();
        foreach (var chunk in positions.OrderBy(p => (p.Mmsi * 7919L + p.ObservedAtMs) % 97).Chunk(10)) Run(shuffled, chunk, 60);
        Assert.Equal(Active(inOrder, DetectionKind.Encounter), Active(shuffled, DetectionKind.Encounter));
    }

    [Fact]
    public void Late_positions_showing_the_pair_apart_withdraw_the_encounter()
    {
        var state = NewState();
        // B's first fix of each 2-minute step from minute 10 to 30 arrives late and shows it 5 km away.
        var onTime = Alongside(0, 40).Select(p => p.Mmsi == B ? p with { ObservedAtMs = p.ObservedAtMs + 30_000 } : p).ToList();
        Run(state, onTime, 40);
        var e = Assert.Single(Active(state, DetectionKind.Encounter));

        var late = Steady(B, 10, 30, 2, -10.045, 115, 0).Select(p => p with { SpeedKnots = 0.3f });
        var changes = Run(state, late, 40);

        Assert.Contains(changes, c => c.Change == DetectionChangeKind.Withdrawn && c.Event.Id == e.Id);
        Assert.Empty(Active(state, DetectionKind.Encounter));
    }

    [Fact]
    public void Processing_the_same_data_twice_adds_nothing()
    {
        var positions = Alongside(0, 45).ToList();
        var state = Processed(positions);
        Assert.Empty(Run(state, positions, 45));
    }

    private static DetectionState Processed(IEnumerable<PositionReport> positions)
    {
        var state = NewState();
        Run(state, positions, 60 * 24);
        return state;
    }
}
