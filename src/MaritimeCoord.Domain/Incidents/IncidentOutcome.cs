namespace MaritimeCoord.Domain.Incidents;

/// <summary>How an incident was resolved (docs/domain.md: rescued, disembarked, false alarm, lost).</summary>
public enum IncidentOutcome
{
    /// <summary>Persons taken aboard a rescue unit.</summary>
    Rescued,

    /// <summary>Persons landed at a place of safety.</summary>
    Disembarked,

    FalseAlarm,

    /// <summary>Vessel or persons lost.</summary>
    Lost,
}

public static class IncidentOutcomes
{
    private static readonly Dictionary<string, IncidentOutcome> ByWireName = Enum.GetValues<IncidentOutcome>()
        .ToDictionary(WireName, o => o, StringComparer.OrdinalIgnoreCase);

    /// <summary>kebab-case wire names: <c>rescued</c>, <c>disembarked</c>, <c>false-alarm</c>, <c>lost</c>.</summary>
    public static string WireName(this IncidentOutcome outcome) => outcome switch
    {
        IncidentOutcome.FalseAlarm => "false-alarm",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    public static IReadOnlyCollection<string> WireNames => ByWireName.Keys;

    public static bool TryParse(string? text, out IncidentOutcome outcome)
    {
        outcome = default;
        return text is not null && ByWireName.TryGetValue(text.Trim(), out outcome);
    }
}
