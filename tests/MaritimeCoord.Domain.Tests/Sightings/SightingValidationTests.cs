using MaritimeCoord.Domain.Sightings;

namespace MaritimeCoord.Domain.Tests.Sightings;

public sealed class SightingValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    private static SightingDraft Valid() => new(Now.AddMinutes(-20), null, null, "08°12.5'S 114°30.2'E", "Wooden boat", 40,
        "overloaded", "Liaison Kupang", 2, null);

    [Fact]
    public void A_complete_sighting_is_accepted_with_its_position_resolved()
    {
        var (report, errors) = SightingValidation.Validate(Valid(), Now, SightingRules.Default);

        Assert.Empty(errors);
        Assert.Equal(-8.208333, report!.Position.Latitude, 5);
        Assert.Equal(BoatCondition.Overloaded, report.Condition);
    }

    [Fact]
    public void Every_fault_is_reported_against_its_field_at_once()
    {
        var draft = new SightingDraft(Now.AddHours(1), 95, null, null, " ", -1, "fine", "", 900, new string('x', 5000));

        var (report, errors) = SightingValidation.Validate(draft, Now, SightingRules.Default);

        Assert.Null(report);
        Assert.Equal(["boatDescription", "condition", "latitude", "longitude", "notes", "observedAt", "personsOnBoard", "positionUncertaintyNm", "reporter"],
            errors.Keys.Order().ToArray());
    }

    [Fact]
    public void A_report_hours_late_is_accepted_but_one_older_than_the_limit_is_not()
    {
        Assert.Empty(SightingValidation.Validate(Valid() with { ObservedAt = Now.AddHours(-9) }, Now, SightingRules.Default).Errors);
        Assert.Contains("observedAt", SightingValidation.Validate(Valid() with { ObservedAt = Now.AddDays(-31) }, Now, SightingRules.Default).Errors.Keys);
    }

    [Fact]
    public void A_small_clock_skew_is_tolerated_but_a_future_time_is_not()
    {
        Assert.Empty(SightingValidation.Validate(Valid() with { ObservedAt = Now.AddMinutes(4) }, Now, SightingRules.Default).Errors);
        Assert.Contains("observedAt", SightingValidation.Validate(Valid() with { ObservedAt = Now.AddMinutes(10) }, Now, SightingRules.Default).Errors.Keys);
    }

    [Fact]
    public void Text_and_numbers_that_describe_different_places_are_refused()
    {
        var draft = Valid() with { Latitude = -8.2083, Longitude = 115.5 };
        Assert.Contains("positionText", SightingValidation.Validate(draft, Now, SightingRules.Default).Errors.Keys);
        var agreeing = Valid() with { Latitude = -8.20833, Longitude = 114.50333 };
        Assert.Empty(SightingValidation.Validate(agreeing, Now, SightingRules.Default).Errors);
    }

    [Theory]
    [InlineData(double.NaN, 100.0, "latitude")]
    [InlineData(10.0, double.PositiveInfinity, "longitude")]
    [InlineData(-90.0000001, 100.0, "latitude")]
    [InlineData(10.0, 180.0000001, "longitude")]
    public void Coordinates_out_of_range_or_not_finite_are_refused(double latitude, double longitude, string field)
    {
        var draft = Valid() with { PositionText = null, Latitude = latitude, Longitude = longitude };
        Assert.Contains(field, SightingValidation.Validate(draft, Now, SightingRules.Default).Errors.Keys);
    }

    [Fact]
    public void Coordinates_exactly_at_the_limits_are_accepted()
    {
        var draft = Valid() with { PositionText = null, Latitude = -90, Longitude = 180 };
        Assert.Empty(SightingValidation.Validate(draft, Now, SightingRules.Default).Errors);
    }
}
