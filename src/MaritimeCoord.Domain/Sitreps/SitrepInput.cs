using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Domain.Sightings;

namespace MaritimeCoord.Domain.Sitreps;

/// <summary>IAMSAR short form (items A–F) or full form (A–N, adding G–N).</summary>
public enum SitrepForm
{
    ShortForm,
    FullForm,
}

/// <summary>A responder tasked to the incident, as item J reports it (no crew names: counts, never persons).</summary>
public sealed record SitrepResponder(string Name, string? Type, DateTimeOffset? TaskedAt = null, DateTimeOffset? EstimatedArrival = null);

/// <summary>A timeline highlight for item J (initial actions), e.g. "aircraft sighting, 45 POB".</summary>
public sealed record SitrepTimelineEntry(DateTimeOffset At, string Text);

/// <summary>
/// Everything a SITREP is built from, as plain data the host reads from the incident. Operational data only: vessel
/// identity and counts, never persons (docs/domain.md, "Personal data": shared pictures carry "vessel identities and counts,
/// not persons"). Null or empty means not known / nothing to report; the text writes UNKNOWN or NIL.
/// </summary>
public sealed record SitrepInput
{
    public required string IncidentReference { get; init; }

    /// <summary>Sequence number within the incident, from 1 (docs/domain.md: "numbered per incident").</summary>
    public required int Number { get; init; }

    /// <summary>Time of issue (becomes the date-time group).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The originating centre; usually the coordinating one.</summary>
    public required string FromCentre { get; init; }

    public IReadOnlyList<string> Addressees { get; init; } = [];

    /// <summary>The last SITREP on the case (IAMSAR: a final SITREP concludes it).</summary>
    public bool Final { get; init; }

    /// <summary>A. Identity of the casualty: name, call sign, flag, or a description such as "unnamed wooden boat".</summary>
    public string? CasualtyIdentity { get; init; }

    /// <summary>B. Latest position and its time and source.</summary>
    public GeoPosition? Position { get; init; }

    public DateTimeOffset? PositionTime { get; init; }

    public string? PositionSource { get; init; }

    /// <summary>C. Situation: the phase, the boat's condition and a free-text summary.</summary>
    public required IncidentPhase Phase { get; init; }

    public IncidentOutcome? Outcome { get; init; }

    public BoatCondition Condition { get; init; } = BoatCondition.Unknown;

    public string? Situation { get; init; }

    /// <summary>D. Persons at risk.</summary>
    public PersonsOnBoard? PersonsOnBoard { get; init; }

    /// <summary>E. Assistance required.</summary>
    public string? AssistanceRequired { get; init; }

    /// <summary>F. Coordinating RCC.</summary>
    public required string CoordinatingCentre { get; init; }

    public string? CoordinatingCentreName { get; init; }

    /// <summary>G. Description of the casualty (type, size, colour, condition).</summary>
    public string? Description { get; init; }

    /// <summary>H. Weather on scene.</summary>
    public string? Weather { get; init; }

    /// <summary>J. Initial actions: responders tasked and timeline highlights.</summary>
    public IReadOnlyList<SitrepResponder> RespondersTasked { get; init; } = [];

    public IReadOnlyList<SitrepTimelineEntry> TimelineHighlights { get; init; } = [];

    /// <summary>K. Search area.</summary>
    public string? SearchArea { get; init; }

    /// <summary>L. Coordinating instructions.</summary>
    public string? CoordinatingInstructions { get; init; }

    /// <summary>M. Future plans.</summary>
    public string? FuturePlans { get; init; }

    /// <summary>N. Additional information / conclusion.</summary>
    public string? AdditionalInformation { get; init; }
}
