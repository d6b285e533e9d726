using MaritimeCoord.Domain.Text;

namespace MaritimeCoord.Domain.Incidents;

/// <summary>
/// How much each indicator weighs and where the phases start. The weights are a product choice, not a published
/// scale: art. 9(2)(f) of Regulation 656/2014 lists the factors but leaves their weighing to the RCC. Configurable per
/// region like every other threshold (docs/domain.md).
/// </summary>
public sealed record DistressAssessmentPolicy(
    IReadOnlyDictionary<DistressIndicator, int> Weights,
    int AlertFrom,
    int DistressFrom)
{
    /// <summary>
    /// Threats to the boat or to life weigh 2, aggravating factors 1; two threats (4) suggest distress, one (2)
    /// suggests alert. <see cref="DistressIndicator.ImminentDanger"/> weighs enough for distress on its own.
    /// </summary>
    public static DistressAssessmentPolicy Default { get; } = new(
        new Dictionary<DistressIndicator, int>
        {
            [DistressIndicator.ImminentDanger] = 4,
            [DistressIndicator.RequestForAssistance] = 2,
            [DistressIndicator.Unseaworthy] = 2,
            [DistressIndicator.Overloaded] = 2,
            [DistressIndicator.InsufficientSupplies] = 2,
            [DistressIndicator.MedicalEmergency] = 2,
            [DistressIndicator.DeceasedOnBoard] = 2,
            [DistressIndicator.AdverseWeatherOrSea] = 2,
            [DistressIndicator.NoQualifiedCrew] = 1,
            [DistressIndicator.LackingSafetyEquipment] = 1,
            [DistressIndicator.PregnantWomenOnBoard] = 1,
            [DistressIndicator.ChildrenOnBoard] = 1,
        },
        AlertFrom: 2,
        DistressFrom: 4);

    public int WeightOf(DistressIndicator indicator) => Weights.TryGetValue(indicator, out var w) ? w : 0;
}

/// <summary>One indicator's part in an assessment.</summary>
/// <param name="FromBreakdown">Derived from the POB breakdown rather than recorded by the operator.</param>
public sealed record IndicatorContribution(DistressIndicator Indicator, int Weight, bool FromBreakdown, string Description);

public enum PhaseAdvice
{
    /// <summary>The indicators support the current phase (or the incident is not open).</summary>
    Keep,

    /// <summary>The indicators suggest a higher phase than the current one.</summary>
    Raise,
}

/// <summary>
/// A suggested phase from the distress indicators, with the indicators that drove it. A suggestion only: the operator
/// decides and changes the phase through <see cref="IncidentLifecycle.Apply"/>.
/// </summary>
public sealed record DistressAssessment(
    IncidentPhase SuggestedPhase,
    int Score,
    IReadOnlyList<IndicatorContribution> Drivers,
    PhaseAdvice Advice,
    string Explanation)
{
    /// <summary><see cref="Explanation"/> as a message code and its arguments (<see cref="IncidentMessages.Assessment"/>).</summary>
    public Message ExplanationMessage { get; init; } = Message.Of(IncidentMessages.Assessment.NoIndicators);

    /// <summary>
    /// Assesses the recorded <paramref name="indicators"/>, plus those the POB breakdown implies. Never suggests
    /// lowering: an indicator not recorded is not an indicator known to be absent, so lowering stays the operator's call.
    /// </summary>
    public static DistressAssessment Assess(
        IReadOnlySet<DistressIndicator> indicators, PersonsOnBoard? personsOnBoard, IncidentPhase current, DistressAssessmentPolicy? policy = null)
    {
        policy ??= DistressAssessmentPolicy.Default;
        var derived = DistressIndicators.FromPersonsOnBoard(personsOnBoard);
        var drivers = indicators.Select(i => new IndicatorContribution(i, policy.WeightOf(i), false, i.Describe()))
            .Concat(derived.Where(i => !indicators.Contains(i)).Select(i => new IndicatorContribution(i, policy.WeightOf(i), true, i.Describe() + " (from the POB breakdown)")))
            .Where(c => c.Weight > 0)
            .OrderByDescending(c => c.Weight)
            .ThenBy(c => c.Indicator)
            .ToList();
        var score = drivers.Sum(c => c.Weight);

        var suggested = score >= policy.DistressFrom ? IncidentPhase.Distress
            : score >= policy.AlertFrom ? IncidentPhase.Alert
            : IncidentPhase.Uncertainty;

        var notes = new List<string>();
        var noteMessages = new List<Message>();
        // Art. 9(2)(f)(i): a request for assistance "shall not be the sole factor for determining the existence of a
        // distress situation".
        if (suggested == IncidentPhase.Distress && drivers.All(d => d.Indicator == DistressIndicator.RequestForAssistance))
        {
            suggested = IncidentPhase.Alert;
            notes.Add("a request for assistance alone is not enough for distress (Regulation 656/2014 art. 9(2)(f)(i))");
            noteMessages.Add(Message.Of(IncidentMessages.Assessment.NoteRequestAlone));
        }

        var advice = current.IsOpen() && suggested > current ? PhaseAdvice.Raise : PhaseAdvice.Keep;
        if (current.IsOpen() && suggested < current)
        {
            notes.Add($"the recorded indicators alone suggest {IncidentLifecycle.Describe(suggested)}; lowering is the operator's call");
            noteMessages.Add(Message.Of(IncidentMessages.Assessment.NoteLoweringIsOperatorsCall, ("phase", IncidentMessages.Phase(suggested))));
        }

        var because = drivers.Count == 0
            ? "no distress indicators recorded"
            : string.Join("; ", drivers.Select(d => $"{d.Description} (+{d.Weight})"));
        var explanation = $"Suggests {IncidentLifecycle.Describe(suggested)}, score {score}: {because}."
            + (notes.Count > 0 ? " Note: " + string.Join("; ", notes) + "." : "");
        object becauseArg = drivers.Count == 0
            ? Message.Of(IncidentMessages.Assessment.NoIndicators)
            : drivers.Select(d => Message.Of(d.FromBreakdown ? IncidentMessages.Assessment.DriverFromBreakdown : IncidentMessages.Assessment.Driver,
                ("indicator", Message.Of(IncidentMessages.IndicatorCode(d.Indicator))), ("weight", d.Weight))).ToList();
        var message = noteMessages.Count == 0
            ? Message.Of(IncidentMessages.Assessment.Explanation, ("phase", IncidentMessages.Phase(suggested)), ("score", score), ("because", becauseArg))
            : Message.Of(IncidentMessages.Assessment.ExplanationWithNotes, ("phase", IncidentMessages.Phase(suggested)), ("score", score), ("because", becauseArg),
                ("notes", noteMessages));
        return new DistressAssessment(suggested, score, drivers, advice, explanation) { ExplanationMessage = message };
    }
}
