using MaritimeCoord.Domain.Text;

namespace MaritimeCoord.Domain.Incidents;

/// <summary>
/// The message codes of the incident texts the server writes (the distress assessment's explanation, the handover
/// advice): one place, so that the console's language files can be checked against them (docs/console.md).
/// </summary>
public static class IncidentMessages
{
    public static class Assessment
    {
        /// <summary>"Suggests {phase}, score {score}: {because}."</summary>
        public const string Explanation = "assessment.explanation";

        /// <summary>"Suggests {phase}, score {score}: {because}. Note: {notes}."</summary>
        public const string ExplanationWithNotes = "assessment.explanationWithNotes";

        public const string NoIndicators = "assessment.noIndicators";

        /// <summary>"{indicator} (+{weight})".</summary>
        public const string Driver = "assessment.driver";

        /// <summary>"{indicator} (from the POB breakdown) (+{weight})".</summary>
        public const string DriverFromBreakdown = "assessment.driverFromBreakdown";

        public const string NoteRequestAlone = "assessment.note.requestAlone";

        /// <summary>"the recorded indicators alone suggest {phase}; lowering is the operator's call".</summary>
        public const string NoteLoweringIsOperatorsCall = "assessment.note.loweringIsOperatorsCall";
    }

    public static class Handover
    {
        public const string NotOpen = "handoverAdvice.notOpen";
        public const string NoSarRegion = "handoverAdvice.noSarRegion";
        public const string InOwnRegion = "handoverAdvice.inOwnRegion";
        public const string OfferPending = "handoverAdvice.offerPending";
        public const string AcceptedFromRegionCentre = "handoverAdvice.acceptedFromRegionCentre";
        public const string InOtherRegion = "handoverAdvice.inOtherRegion";

        /// <summary>"{advice} The boundary there is approximate or overlapping: check before acting."</summary>
        public const string WithCaveat = "handoverAdvice.withCaveat";
    }

    /// <summary>A phase as <see cref="IncidentLifecycle.Describe(IncidentPhase)"/> writes it: "alert (ALERFA)".</summary>
    public static string PhaseCode(IncidentPhase phase) => "incidentPhase." + phase.WireName();

    /// <summary>An indicator as <see cref="DistressIndicators.Describe"/> writes it.</summary>
    public static string IndicatorCode(DistressIndicator indicator) => "distressIndicator." + indicator.WireName();

    public static Message Phase(IncidentPhase phase) => Message.Of(PhaseCode(phase));

    /// <summary>Every code the incident texts can carry.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. MessageCodes.Constants(typeof(IncidentMessages)),
         .. Enum.GetValues<IncidentPhase>().Select(PhaseCode),
         .. Enum.GetValues<DistressIndicator>().Select(IndicatorCode)];
}
