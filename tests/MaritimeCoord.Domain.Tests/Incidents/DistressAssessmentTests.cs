using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Domain.Sightings;

namespace MaritimeCoord.Domain.Tests.Incidents;

public sealed class DistressAssessmentTests
{
    private static HashSet<DistressIndicator> Set(params DistressIndicator[] indicators) => [.. indicators];

    [Fact]
    public void No_indicators_suggest_uncertainty()
    {
        var a = DistressAssessment.Assess(Set(), null, IncidentPhase.Uncertainty);

        Assert.Equal(IncidentPhase.Uncertainty, a.SuggestedPhase);
        Assert.Equal(PhaseAdvice.Keep, a.Advice);
        Assert.Empty(a.Drivers);
        Assert.Contains("no distress indicators recorded", a.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void One_threat_suggests_alert_and_two_suggest_distress()
    {
        Assert.Equal(IncidentPhase.Alert, DistressAssessment.Assess(Set(DistressIndicator.Overloaded), null, IncidentPhase.Uncertainty).SuggestedPhase);

        var a = DistressAssessment.Assess(Set(DistressIndicator.Overloaded, DistressIndicator.InsufficientSupplies), null, IncidentPhase.Alert);
        Assert.Equal(IncidentPhase.Distress, a.SuggestedPhase);
        Assert.Equal(4, a.Score);
        Assert.Equal(PhaseAdvice.Raise, a.Advice);
    }

    [Fact]
    public void Aggravating_factors_alone_stay_below_alert_until_they_add_up()
    {
        Assert.Equal(IncidentPhase.Uncertainty, DistressAssessment.Assess(Set(DistressIndicator.NoQualifiedCrew), null, IncidentPhase.Uncertainty).SuggestedPhase);
        Assert.Equal(IncidentPhase.Alert,
            DistressAssessment.Assess(Set(DistressIndicator.NoQualifiedCrew, DistressIndicator.LackingSafetyEquipment), null, IncidentPhase.Uncertainty).SuggestedPhase);
    }

    [Fact]
    public void Imminent_danger_alone_suggests_distress()
    {
        Assert.Equal(IncidentPhase.Distress, DistressAssessment.Assess(Set(DistressIndicator.ImminentDanger), null, IncidentPhase.Uncertainty).SuggestedPhase);
    }

    [Fact]
    public void A_request_for_assistance_is_never_the_sole_factor_for_distress()
    {
        var heavy = DistressAssessmentPolicy.Default with
        {
            Weights = new Dictionary<DistressIndicator, int>(DistressAssessmentPolicy.Default.Weights) { [DistressIndicator.RequestForAssistance] = 5 },
        };

        var a = DistressAssessment.Assess(Set(DistressIndicator.RequestForAssistance), null, IncidentPhase.Uncertainty, heavy);

        Assert.Equal(IncidentPhase.Alert, a.SuggestedPhase);
        Assert.Contains("art. 9(2)(f)(i)", a.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_breakdown_adds_medical_deceased_and_children_and_says_so()
    {
        var a = DistressAssessment.Assess(Set(DistressIndicator.Overloaded), new PersonsOnBoard(40, Minors: 6, MedicalCases: 1, Deceased: 1), IncidentPhase.Alert);

        Assert.Equal(IncidentPhase.Distress, a.SuggestedPhase);
        Assert.Equal(7, a.Score);
        Assert.Equal(
            [DistressIndicator.Overloaded, DistressIndicator.MedicalEmergency, DistressIndicator.DeceasedOnBoard, DistressIndicator.ChildrenOnBoard],
            a.Drivers.Select(d => d.Indicator));
        Assert.True(a.Drivers.Single(d => d.Indicator == DistressIndicator.DeceasedOnBoard).FromBreakdown);
        Assert.False(a.Drivers.Single(d => d.Indicator == DistressIndicator.Overloaded).FromBreakdown);
        Assert.Equal(
            "Suggests distress (DETRESFA), score 7: overloaded for its type and condition (+2); persons needing urgent medical assistance (from the POB breakdown) (+2); "
            + "deceased persons on board (from the POB breakdown) (+2); children on board (from the POB breakdown) (+1).",
            a.Explanation);
    }

    [Fact]
    public void Never_suggests_lowering_but_notes_when_indicators_are_weaker_than_the_phase()
    {
        var a = DistressAssessment.Assess(Set(DistressIndicator.ChildrenOnBoard), null, IncidentPhase.Distress);

        Assert.Equal(PhaseAdvice.Keep, a.Advice);
        Assert.Contains("lowering is the operator's call", a.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolved_incidents_get_no_advice()
    {
        Assert.Equal(PhaseAdvice.Keep, DistressAssessment.Assess(Set(DistressIndicator.ImminentDanger), null, IncidentPhase.Resolved).Advice);
    }

    [Theory]
    [InlineData(BoatCondition.Sinking, DistressIndicator.ImminentDanger)]
    [InlineData(BoatCondition.Capsized, DistressIndicator.ImminentDanger)]
    [InlineData(BoatCondition.TakingWater, DistressIndicator.Unseaworthy)]
    [InlineData(BoatCondition.Overloaded, DistressIndicator.Overloaded)]
    public void A_sighting_condition_maps_to_indicators(BoatCondition condition, DistressIndicator expected)
    {
        Assert.Equal([expected], DistressIndicators.FromCondition(condition));
        Assert.Empty(DistressIndicators.FromCondition(BoatCondition.Underway));
    }

    [Fact]
    public void Indicators_have_kebab_case_wire_names()
    {
        Assert.Equal("request-for-assistance", DistressIndicator.RequestForAssistance.WireName());
        Assert.True(DistressIndicators.TryParse("Adverse-Weather-Or-Sea", out var parsed));
        Assert.Equal(DistressIndicator.AdverseWeatherOrSea, parsed);
        Assert.Equal(Enum.GetValues<DistressIndicator>().Length, DistressIndicators.WireNames.Count);
    }
}
