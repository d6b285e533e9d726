using MaritimeCoord.Domain.Replay;

namespace MaritimeCoord.Domain.Tests.Replay;

public sealed class ReplayRequestRulesTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
    private static readonly ReplayLimits Limits = ReplayLimits.Default with { MaxWindow = TimeSpan.FromDays(2) };

    [Fact]
    public void A_24_hour_window_at_3600x_is_accepted() =>
        Assert.Empty(ReplayRequestRules.ValidateWindow(new(From, From.AddHours(24), From.AddHours(3), 3600), Limits));

    [Fact]
    public void Inverted_times_are_reported_on_to() =>
        Assert.Contains("after", ReplayRequestRules.ValidateWindow(new(From, From.AddHours(-1), null, null), Limits)["to"][0]);

    [Fact]
    public void A_window_over_the_limit_is_reported_on_to() =>
        Assert.Contains("at most 48 h", ReplayRequestRules.ValidateWindow(new(From, From.AddDays(3), null, null), Limits)["to"][0]);

    [Fact]
    public void Missing_times_are_reported_by_field()
    {
        var errors = ReplayRequestRules.ValidateWindow(new(null, null, null, null), Limits);
        Assert.Equal(["from", "to"], errors.Keys.Order());
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(4000)]
    [InlineData(double.NaN)]
    public void A_speed_out_of_range_is_reported_on_speed(double speed) =>
        Assert.Contains("speed", ReplayRequestRules.ValidateWindow(new(From, From.AddHours(1), null, speed), Limits).Keys);

    [Fact]
    public void A_start_outside_the_window_is_reported_on_start() =>
        Assert.Contains("start", ReplayRequestRules.ValidateWindow(new(From, From.AddHours(1), From.AddHours(2), 1), Limits).Keys);

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(501)]
    public void A_radius_out_of_range_is_reported_on_radiusNm(double radius) =>
        Assert.Contains("radiusNm", ReplayRequestRules.ValidateRadius(radius, Limits).Keys);

    [Fact]
    public void Boxes_are_checked_side_by_side()
    {
        Assert.Empty(ReplayRequestRules.ValidateBox(new(114, -10, 118, -7), Limits));
        Assert.Contains("north", ReplayRequestRules.ValidateBox(new(114, -7, 118, -10), Limits).Keys);
        Assert.Contains("east", ReplayRequestRules.ValidateBox(new(118, -10, 114, -7), Limits).Keys);
        Assert.Contains("east", ReplayRequestRules.ValidateBox(new(90, -10, 140, -7), Limits).Keys);
        Assert.Contains("south", ReplayRequestRules.ValidateBox(new(114, -95, 118, -7), Limits).Keys);
        Assert.Contains("west", ReplayRequestRules.ValidateBox(new(null, -10, 118, -7), Limits).Keys);
    }
}
