using MaritimeCoord.Domain.Retention;

namespace MaritimeCoord.Domain.Tests.Retention;

public sealed class RetentionRulesTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void Only_days_wholly_before_the_cutoff_are_dropped()
    {
        var now = new DateTimeOffset(2026, 11, 28, 10, 30, 0, TimeSpan.Zero);
        var days = new[] { D(2026, 11, 20), D(2026, 11, 17), D(2026, 11, 18), D(2026, 11, 19), D(2026, 11, 28) };
        // Cut-off 2026-11-18T10:30Z: the 17th ends before it; the 18th still holds rows younger than ten days.
        Assert.Equal([D(2026, 11, 17)], RetentionRules.PartitionsToDrop(days, now, TimeSpan.FromDays(10)));
    }

    [Fact]
    public void A_day_ending_exactly_at_the_cutoff_is_dropped()
    {
        var now = new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal([D(2026, 11, 26), D(2026, 11, 27)], RetentionRules.PartitionsToDrop([D(2026, 11, 27), D(2026, 11, 26), D(2026, 11, 28)], now, TimeSpan.Zero));
    }

    [Fact]
    public void The_cutoff_does_not_depend_on_the_offset_of_now()
    {
        var utc = new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero);
        var jakarta = utc.ToOffset(TimeSpan.FromHours(7));
        var days = new[] { D(2026, 11, 26), D(2026, 11, 27) };
        Assert.Equal(RetentionRules.PartitionsToDrop(days, utc, TimeSpan.FromHours(1)), RetentionRules.PartitionsToDrop(days, jakarta, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Personal_data_expires_its_retention_after_it_was_recorded()
    {
        var recorded = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), RetentionRules.PersonalDataExpiry(recorded, RetentionPeriods.Default.PersonalData));
    }

    [Fact]
    public void Personal_data_is_kept_far_shorter_than_positions_by_default() =>
        Assert.True(RetentionPeriods.Default.PersonalData * 10 <= RetentionPeriods.Default.Positions);

    [Fact]
    public void Nonsense_periods_are_named()
    {
        var errors = new RetentionPeriods(TimeSpan.FromHours(2), TimeSpan.FromMinutes(1), TimeSpan.Zero).Validate();
        Assert.Equal(["Retention:PersonalData", "Retention:Positions", "Retention:Sightings"], errors.Keys.Order());
        Assert.Empty(RetentionPeriods.Default.Validate());
    }
}
