using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Sightings;

/// <summary>Something about a logged position a person should check. The sighting is kept: the officer may be right.</summary>
public sealed record PositionWarning(string Code, string Message);

/// <summary>
/// Plausibility flags on a sighting's position (docs/geodesy.md § Positions on land). Never a refusal: a boat in a river
/// mouth or a report from a beach can be real, so the answer, the form and the incident show the flag instead.
/// </summary>
public static class PositionWarnings
{
    public const string OnLand = "positionOnLand";
    public const string NullIsland = "nullIsland";

    /// <summary>(0, 0) is where a missing GPS fix or an empty field lands; nobody is in distress there by chance.</summary>
    public static bool IsNullIsland(GeoPosition position) =>
        Math.Abs(position.Latitude) < 1e-9 && Math.Abs(position.Longitude) < 1e-9;

    public static IReadOnlyList<PositionWarning> For(GeoPosition position, bool onLand)
    {
        var warnings = new List<PositionWarning>(2);
        if (IsNullIsland(position))
            warnings.Add(new PositionWarning(NullIsland, "Position 0°N 0°E (\"null island\"): often a missing GPS fix or an empty field — check."));
        if (onLand)
            warnings.Add(new PositionWarning(OnLand, "Position on land — check."));
        return warnings;
    }
}
