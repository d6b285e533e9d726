namespace MaritimeCoord.Domain.Sightings;

/// <summary>What the observer saw of the boat's state; feeds the distress indicators of docs/domain.md (EU 656/2014 art. 9).</summary>
public enum BoatCondition
{
    Unknown,
    Underway,
    Overloaded,
    Disabled,
    TakingWater,
    Sinking,
    Capsized,
}

public static class BoatConditions
{
    private static readonly Dictionary<string, BoatCondition> ByWireName = Enum.GetValues<BoatCondition>()
        .ToDictionary(WireName, c => c, StringComparer.OrdinalIgnoreCase);

    /// <summary>kebab-case names used on the wire and in the UI, e.g. <c>taking-water</c>.</summary>
    public static string WireName(this BoatCondition condition) => condition switch
    {
        BoatCondition.TakingWater => "taking-water",
        _ => condition.ToString().ToLowerInvariant(),
    };

    public static IReadOnlyCollection<string> WireNames => ByWireName.Keys;

    public static bool TryParse(string? text, out BoatCondition condition)
    {
        condition = BoatCondition.Unknown;
        return text is not null && ByWireName.TryGetValue(text.Trim(), out condition);
    }
}
