using MaritimeCoord.Domain.Incidents;

namespace MaritimeCoord.Domain.Tests.Incidents;

public sealed class PersonsOnBoardTests
{
    [Fact]
    public void Accepts_a_full_breakdown_whose_axes_each_fit_the_total()
    {
        // 30 adults + 15 minors = 45; 2 medical cases + 1 deceased among them.
        var decision = PersonsOnBoard.Create(45, adults: 30, minors: 15, medicalCases: 2, deceased: 1);

        Assert.True(decision.Succeeded);
        Assert.Equal(45, decision.Value.KnownAtLeast);
    }

    [Fact]
    public void Every_figure_is_optional()
    {
        Assert.True(PersonsOnBoard.Create(null).Succeeded);
        Assert.True(PersonsOnBoard.Unknown.IsUnknown);
        Assert.True(PersonsOnBoard.Create(null, minors: 4).Succeeded);
    }

    [Fact]
    public void Refuses_negative_figures_field_by_field()
    {
        var decision = PersonsOnBoard.Create(-1, adults: 3, minors: -2);

        Assert.False(decision.Succeeded);
        Assert.Equal(RefusalCode.InvalidPersonsOnBoard, decision.Refusal.Code);
        Assert.Equal(RefusalKind.Invalid, decision.Refusal.Kind);
        Assert.Equal(["minors", "total"], decision.Refusal.Errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Refuses_more_adults_and_minors_than_the_total()
    {
        var errors = new PersonsOnBoard(40, Adults: 30, Minors: 15).Validate();

        Assert.Equal("adults + minors (45) is more than the total (40).", Assert.Single(errors["adults"]));
    }

    [Fact]
    public void Refuses_more_medical_cases_and_deceased_than_the_total()
    {
        var errors = new PersonsOnBoard(3, MedicalCases: 2, Deceased: 2).Validate();

        Assert.Single(errors["medicalCases"]);
    }

    [Fact]
    public void Medical_cases_are_counted_among_adults_and_minors_not_added_to_them()
    {
        Assert.Empty(new PersonsOnBoard(10, Adults: 6, Minors: 4, MedicalCases: 3, Deceased: 1).Validate());
    }

    [Fact]
    public void Without_a_total_the_breakdown_gives_a_lower_bound()
    {
        Assert.Equal(12, new PersonsOnBoard(null, Adults: 9, Minors: 3, MedicalCases: 1).KnownAtLeast);
    }

    [Fact]
    public void Refuses_counts_above_the_ceiling()
    {
        Assert.Contains("total", new PersonsOnBoard(PersonsOnBoard.MaxCount + 1).Validate().Keys);
    }
}
