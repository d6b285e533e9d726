using MaritimeCoord.Domain.Replay;

namespace MaritimeCoord.Domain.Tests.Replay;

public sealed class ReplayClockTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddHours(24);
    private static readonly DateTimeOffset Wall = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_clock_is_paused_at_its_start()
    {
        var clock = ReplayClock.Create(From, To, From.AddHours(2), 60, Wall);
        Assert.False(clock.Playing);
        Assert.Equal(From.AddHours(2), clock.ScenarioTimeAt(Wall.AddMinutes(5)));
    }

    [Fact]
    public void Playing_at_3600x_shows_an_hour_per_wall_second()
    {
        var clock = ReplayClock.Create(From, To, From, 3600, Wall).Play(Wall);
        Assert.Equal(From.AddHours(1), clock.ScenarioTimeAt(Wall.AddSeconds(1)));
        Assert.Equal(From.AddMinutes(30), clock.ScenarioTimeAt(Wall.AddMilliseconds(500)));
        Assert.Equal(Wall.AddSeconds(2), clock.WallTimeOf(From.AddHours(2)));
    }

    [Fact]
    public void Playing_at_1x_is_real_time()
    {
        var clock = ReplayClock.Create(From, To, From.AddHours(3), 1, Wall).Play(Wall);
        Assert.Equal(From.AddHours(3).AddSeconds(42), clock.ScenarioTimeAt(Wall.AddSeconds(42)));
    }

    [Fact]
    public void Replay_stops_at_the_end_of_the_window()
    {
        var clock = ReplayClock.Create(From, To, To.AddHours(-1), 3600, Wall).Play(Wall);
        Assert.False(clock.IsFinishedAt(Wall.AddMilliseconds(999)));
        Assert.Equal(To, clock.ScenarioTimeAt(Wall.AddSeconds(30)));
        Assert.True(clock.IsFinishedAt(Wall.AddSeconds(1)));
    }

    [Fact]
    public void Pause_freezes_the_instant_and_play_resumes_from_it()
    {
        var clock = ReplayClock.Create(From, To, From, 600, Wall).Play(Wall);
        var paused = clock.Pause(Wall.AddSeconds(6)); // 6 s × 600 = 1 h
        Assert.Equal(From.AddHours(1), paused.ScenarioTimeAt(Wall.AddHours(5)));
        var resumed = paused.Play(Wall.AddMinutes(10));
        Assert.Equal(From.AddHours(1).AddMinutes(10), resumed.ScenarioTimeAt(Wall.AddMinutes(10).AddSeconds(1)));
    }

    [Fact]
    public void Seek_moves_to_the_instant_keeps_playing_and_is_clamped_into_the_window()
    {
        var clock = ReplayClock.Create(From, To, From, 60, Wall).Play(Wall);
        var moved = clock.Seek(From.AddHours(12), Wall.AddSeconds(10));
        Assert.True(moved.Playing);
        Assert.Equal(From.AddHours(12).AddMinutes(1), moved.ScenarioTimeAt(Wall.AddSeconds(11)));
        Assert.Equal(From, clock.Seek(From.AddDays(-3), Wall).ScenarioTimeAt(Wall));
        Assert.Equal(To, clock.Seek(To.AddDays(3), Wall).Pause(Wall).ScenarioTimeAt(Wall));
    }

    [Fact]
    public void Changing_speed_does_not_jump_the_instant_shown()
    {
        var clock = ReplayClock.Create(From, To, From, 60, Wall).Play(Wall);
        var faster = clock.WithSpeed(3600, Wall.AddSeconds(60)); // 1 h shown at 60×
        Assert.Equal(From.AddHours(1), faster.ScenarioTimeAt(Wall.AddSeconds(60)));
        Assert.Equal(From.AddHours(2), faster.ScenarioTimeAt(Wall.AddSeconds(61)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.5)]
    [InlineData(3601)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Speeds_outside_1_to_3600_are_refused(double speed)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplayClock.Create(From, To, From, speed, Wall));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplayClock.Create(From, To, From, 1, Wall).WithSpeed(speed, Wall));
    }

    [Fact]
    public void An_inverted_window_is_refused() =>
        Assert.Throws<ArgumentException>(() => ReplayClock.Create(To, From, From, 1, Wall));
}
