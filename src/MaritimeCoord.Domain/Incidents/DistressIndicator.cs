using MaritimeCoord.Domain.Sightings;

namespace MaritimeCoord.Domain.Incidents;

/// <summary>
/// Adverse facts that bear on whether a boat is in distress. The list is EU Regulation 656/2014 art. 9(2)(f)
/// (docs/domain.md, "Distress indicators worth scoring"), plus <see cref="ImminentDanger"/>, IAMSAR's own test for the
/// distress phase ("grave and imminent danger").
/// </summary>
public enum DistressIndicator
{
    /// <summary>Art. 9(2)(f)(i): a request for assistance — which "shall not be the sole factor" for distress.</summary>
    RequestForAssistance,

    /// <summary>Art. 9(2)(f)(ii): not seaworthy; unlikely to reach its destination.</summary>
    Unseaworthy,

    /// <summary>Art. 9(2)(f)(iii): too many persons for the type and condition of the boat.</summary>
    Overloaded,

    /// <summary>Art. 9(2)(f)(iv): short of fuel, water or food to reach a shore.</summary>
    InsufficientSupplies,

    /// <summary>Art. 9(2)(f)(v): no qualified crew or command.</summary>
    NoQualifiedCrew,

    /// <summary>Art. 9(2)(f)(vi): lacking safety, navigation or communication equipment.</summary>
    LackingSafetyEquipment,

    /// <summary>Art. 9(2)(f)(vii): persons in urgent need of medical assistance.</summary>
    MedicalEmergency,

    /// <summary>Art. 9(2)(f)(viii): deceased persons on board.</summary>
    DeceasedOnBoard,

    /// <summary>Art. 9(2)(f)(ix): pregnant women on board.</summary>
    PregnantWomenOnBoard,

    /// <summary>Art. 9(2)(f)(ix): children on board.</summary>
    ChildrenOnBoard,

    /// <summary>Art. 9(2)(f)(x): adverse weather and sea, including forecasts.</summary>
    AdverseWeatherOrSea,

    /// <summary>Sinking, capsized, persons in the water: IAMSAR's "grave and imminent danger".</summary>
    ImminentDanger,
}

public static class DistressIndicators
{
    private static readonly Dictionary<string, DistressIndicator> ByWireName = Enum.GetValues<DistressIndicator>()
        .ToDictionary(WireName, i => i, StringComparer.OrdinalIgnoreCase);

    /// <summary>kebab-case, e.g. <c>request-for-assistance</c>.</summary>
    public static string WireName(this DistressIndicator indicator) =>
        string.Concat(indicator.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static IReadOnlyCollection<string> WireNames => ByWireName.Keys;

    public static bool TryParse(string? text, out DistressIndicator indicator)
    {
        indicator = default;
        return text is not null && ByWireName.TryGetValue(text.Trim(), out indicator);
    }

    /// <summary>A sentence for the operator, e.g. in the assessment's explanation.</summary>
    public static string Describe(this DistressIndicator indicator) => indicator switch
    {
        DistressIndicator.RequestForAssistance => "assistance requested",
        DistressIndicator.Unseaworthy => "boat not seaworthy",
        DistressIndicator.Overloaded => "overloaded for its type and condition",
        DistressIndicator.InsufficientSupplies => "short of fuel, water or food",
        DistressIndicator.NoQualifiedCrew => "no qualified crew or command",
        DistressIndicator.LackingSafetyEquipment => "lacking safety, navigation or communication equipment",
        DistressIndicator.MedicalEmergency => "persons needing urgent medical assistance",
        DistressIndicator.DeceasedOnBoard => "deceased persons on board",
        DistressIndicator.PregnantWomenOnBoard => "pregnant women on board",
        DistressIndicator.ChildrenOnBoard => "children on board",
        DistressIndicator.AdverseWeatherOrSea => "adverse weather or sea",
        DistressIndicator.ImminentDanger => "grave and imminent danger (sinking, capsized or persons in the water)",
        _ => indicator.WireName(),
    };

    /// <summary>What a sighting's reported boat condition says (BoatCondition: "feeds the distress indicators").</summary>
    public static IReadOnlySet<DistressIndicator> FromCondition(BoatCondition condition) => condition switch
    {
        BoatCondition.Overloaded => new HashSet<DistressIndicator> { DistressIndicator.Overloaded },
        BoatCondition.Disabled => new HashSet<DistressIndicator> { DistressIndicator.Unseaworthy },
        BoatCondition.TakingWater => new HashSet<DistressIndicator> { DistressIndicator.Unseaworthy },
        BoatCondition.Sinking or BoatCondition.Capsized => new HashSet<DistressIndicator> { DistressIndicator.ImminentDanger },
        _ => new HashSet<DistressIndicator>(),
    };

    /// <summary>What the POB breakdown says: medical cases, deceased and minors are indicators of art. 9(2)(f)(vii)–(ix).</summary>
    public static IReadOnlySet<DistressIndicator> FromPersonsOnBoard(PersonsOnBoard? pob)
    {
        var set = new HashSet<DistressIndicator>();
        if (pob is null) return set;
        if (pob.MedicalCases > 0) set.Add(DistressIndicator.MedicalEmergency);
        if (pob.Deceased > 0) set.Add(DistressIndicator.DeceasedOnBoard);
        if (pob.Minors > 0) set.Add(DistressIndicator.ChildrenOnBoard);
        return set;
    }
}
