using MaritimeCoord.Domain.Replay;

namespace MaritimeCoord.Domain.Tests.Replay;

public sealed class ReplayPictureTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid Incident = Guid.Parse("6f0d5a1e-0000-4000-8000-000000000001");

    private static VesselFix Fix(int mmsi, double minutes, double lon) => new(mmsi, T0.AddMinutes(minutes), -8.5, lon, 10, 90, 90);

    private static ReplaySighting Sighting(int n, double minutes) =>
        new(Guid.Parse($"00000000-0000-4000-8000-{n:000000000000}"), Incident, T0.AddMinutes(minutes), -8.6, 115, "Wooden boat", 40, "overloaded", 1);

    private static ReplayEvent Event(string id, double minutes, string kind) =>
        new(id, T0.AddMinutes(minutes), "incident", kind, kind, Incident, "INC-1", -8.6, 115);

    [Fact]
    public void The_first_frame_is_a_snapshot_with_the_latest_position_of_each_vessel_at_or_before_t()
    {
        var picture = new ReplayPicture(TimeSpan.FromHours(1), [], []);
        picture.Feed([Fix(1, 0, 115.0), Fix(1, 10, 115.1), Fix(2, 5, 116.0), Fix(1, 20, 115.2)]);
        var frame = picture.AdvanceTo(T0.AddMinutes(15));
        Assert.True(frame.Snapshot);
        Assert.Equal([(1, 115.1), (2, 116.0)], frame.Vessels.Select(v => (v.Mmsi, v.Longitude)));
        Assert.Empty(frame.Removed);
    }

    [Fact]
    public void Later_frames_carry_only_the_vessels_that_moved()
    {
        var picture = new ReplayPicture(TimeSpan.FromHours(1), [], []);
        picture.Feed([Fix(1, 0, 115.0), Fix(2, 0, 116.0), Fix(1, 10, 115.1)]);
        picture.AdvanceTo(T0.AddMinutes(1));
        var delta = picture.AdvanceTo(T0.AddMinutes(11));
        Assert.False(delta.Snapshot);
        Assert.Equal([(1, 115.1)], delta.Vessels.Select(v => (v.Mmsi, v.Longitude)));
        Assert.Empty(picture.AdvanceTo(T0.AddMinutes(12)).Vessels);
        Assert.Equal(2, picture.VesselCount);
    }

    [Fact]
    public void Positions_fed_out_of_order_within_a_chunk_keep_the_latest()
    {
        var picture = new ReplayPicture(TimeSpan.FromHours(1), [], []);
        picture.Feed([Fix(1, 9, 115.9), Fix(1, 3, 115.3)]);
        Assert.Equal(115.9, Assert.Single(picture.AdvanceTo(T0.AddMinutes(10)).Vessels).Longitude);
        Assert.Equal(T0.AddMinutes(9), picture.LatestFed);
    }

    [Fact]
    public void A_vessel_silent_for_longer_than_the_staleness_limit_is_removed()
    {
        var picture = new ReplayPicture(TimeSpan.FromMinutes(30), [], []);
        picture.Feed([Fix(1, 0, 115.0), Fix(2, 0, 116.0), Fix(2, 25, 116.1)]);
        Assert.Equal(2, picture.AdvanceTo(T0.AddMinutes(29)).Vessels.Count);
        var frame = picture.AdvanceTo(T0.AddMinutes(31));
        Assert.Equal([1], frame.Removed);
        Assert.Equal([2], picture.Vessels().Select(v => v.Mmsi));
    }

    [Fact]
    public void A_vessel_already_stale_at_the_start_is_not_shown()
    {
        var picture = new ReplayPicture(TimeSpan.FromMinutes(30), [], []);
        picture.Feed([Fix(1, 0, 115.0)]);
        Assert.Empty(picture.AdvanceTo(T0.AddHours(2)).Vessels);
    }

    [Fact]
    public void Sightings_and_events_appear_when_their_time_is_reached_once_each()
    {
        var picture = new ReplayPicture(TimeSpan.FromHours(1), [Sighting(2, 30), Sighting(1, 5)], [Event("b", 31, "phase-changed"), Event("a", 5, "opened")]);
        var first = picture.AdvanceTo(T0.AddMinutes(10));
        Assert.Equal([T0.AddMinutes(5)], first.Sightings.Select(s => s.ObservedAt));
        Assert.Equal(["opened"], first.Events.Select(e => e.Kind));
        Assert.Empty(picture.AdvanceTo(T0.AddMinutes(20)).Sightings);
        var later = picture.AdvanceTo(T0.AddMinutes(31));
        Assert.Equal([T0.AddMinutes(30)], later.Sightings.Select(s => s.ObservedAt));
        Assert.Equal(["phase-changed"], later.Events.Select(e => e.Kind));
    }

    [Fact]
    public void A_snapshot_later_in_the_window_holds_everything_up_to_then()
    {
        var picture = new ReplayPicture(TimeSpan.FromHours(1), [Sighting(1, 5), Sighting(2, 30)], [Event("a", 5, "opened")]);
        var frame = picture.AdvanceTo(T0.AddMinutes(45));
        Assert.True(frame.Snapshot);
        Assert.Equal(2, frame.Sightings.Count);
        Assert.Single(frame.Events);
    }

    [Fact]
    public void The_picture_does_not_move_backwards()
    {
        var picture = new ReplayPicture(TimeSpan.FromHours(1), [], []);
        picture.AdvanceTo(T0.AddMinutes(10));
        Assert.Throws<InvalidOperationException>(() => picture.AdvanceTo(T0.AddMinutes(5)));
    }
}
