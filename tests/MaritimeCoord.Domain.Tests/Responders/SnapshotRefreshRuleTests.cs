using MaritimeCoord.Domain.Responders;

namespace MaritimeCoord.Domain.Tests.Responders;

public sealed class SnapshotRefreshRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 2, 0, 0, TimeSpan.Zero);
    private static readonly SnapshotRefreshRule Rule = SnapshotRefreshRule.Default;

    [Fact]
    public void A_missing_snapshot_is_built_at_once()
    {
        Assert.True(Rule.IsDue(Now, takenAt: null, writesSince: 0, lastStarted: null, wanted: false));
    }

    [Fact]
    public void A_quiet_fleet_is_rebuilt_only_when_the_snapshot_reaches_its_age()
    {
        Assert.False(Rule.IsDue(Now, Now - Rule.MaxAge + TimeSpan.FromSeconds(1), 0, Now - Rule.MaxAge, wanted: false));
        Assert.True(Rule.IsDue(Now, Now - Rule.MaxAge, 0, Now - Rule.MaxAge, wanted: false));
        // A snapshot stamped ahead of this node's clock ages the same way.
        Assert.True(Rule.IsDue(Now, Now + Rule.MaxAge, 0, Now - Rule.MaxAge, wanted: false));
    }

    [Fact]
    public void Writes_since_the_snapshot_bring_the_rebuild_forward_but_never_within_the_gap()
    {
        var taken = Now - TimeSpan.FromSeconds(30);
        Assert.False(Rule.IsDue(Now, taken, Rule.MaxWritesSince - 1, taken, wanted: false));
        Assert.True(Rule.IsDue(Now, taken, Rule.MaxWritesSince, taken, wanted: false));
        Assert.False(Rule.IsDue(Now, taken, Rule.MaxWritesSince, Now - Rule.MinGap + TimeSpan.FromSeconds(1), wanted: false));
    }

    [Fact]
    public void A_request_that_found_no_usable_snapshot_gets_one_after_the_gap()
    {
        var taken = Now - TimeSpan.FromSeconds(20);
        Assert.True(Rule.IsDue(Now, taken, 0, taken, wanted: true));
        Assert.False(Rule.IsDue(Now, taken, 0, Now - TimeSpan.FromSeconds(1), wanted: true));
    }
}
