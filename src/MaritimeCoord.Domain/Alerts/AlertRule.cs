using MaritimeCoord.Domain.Detection;

namespace MaritimeCoord.Domain.Alerts;

/// <summary>How much an event matters to a watch officer; a rule asks for events at or above a minimum.</summary>
public enum AlertSeverity
{
    Low = 1,
    Medium = 2,
    High = 3,
}

/// <summary>Where a rule watches.</summary>
public enum AlertAreaKind
{
    /// <summary>Everywhere.</summary>
    Anywhere,

    /// <summary>Events placed in one SAR region (by region code).</summary>
    SarRegion,

    /// <summary>Events inside one of the centre's watch zones (by zone id).</summary>
    Zone,

    /// <summary>Events inside a lon/lat box; <c>MinLon &gt; MaxLon</c> crosses the antimeridian.</summary>
    Bbox,
}

/// <summary>The "where" of a rule. <see cref="Code"/> is the region code or the zone id.</summary>
public sealed record AlertArea(AlertAreaKind Kind, string? Code = null, double MinLon = 0, double MinLat = 0, double MaxLon = 0, double MaxLat = 0)
{
    public static AlertArea Anywhere { get; } = new(AlertAreaKind.Anywhere);

    /// <summary>Whether a bbox holds the position (inclusive edges; across the antimeridian when MinLon &gt; MaxLon).</summary>
    public bool BoxCovers(double latitude, double longitude) =>
        latitude >= MinLat && latitude <= MaxLat
        && (MinLon <= MaxLon ? longitude >= MinLon && longitude <= MaxLon : longitude >= MinLon || longitude <= MaxLon);
}

/// <summary>
/// One centre's wish to be told about some events: which kinds (none listed: all), where, from which severity up.
/// </summary>
public sealed record AlertRule(Guid Id, string CentreCode, IReadOnlySet<DetectionKind> Kinds, AlertArea Area, AlertSeverity MinSeverity);

/// <summary>The severity of a detection event (our scale; the kinds' order follows how directly they point at a boat in trouble or a smuggling run).</summary>
public static class AlertSeverities
{
    /// <summary>
    /// A sighting of a boat with no AIS near a suspect and a rendezvous at sea are High; a dark or loitering vessel is
    /// Medium; entering a watched area is Low, Medium for a user-drawn zone (someone drew it to be told). Linked to an
    /// open incident: one level up (capped at High).
    /// </summary>
    public static AlertSeverity Of(DetectionEvent e, bool linkedToIncident)
    {
        var severity = e.Kind switch
        {
            DetectionKind.SightingNearSuspect or DetectionKind.Encounter => AlertSeverity.High,
            DetectionKind.AisGap or DetectionKind.Loitering => AlertSeverity.Medium,
            DetectionKind.AreaEntry when e.AreaId is { } area && !area.StartsWith("sar:", StringComparison.Ordinal) && !area.StartsWith("ts:", StringComparison.Ordinal)
                => AlertSeverity.Medium,
            _ => AlertSeverity.Low,
        };
        return linkedToIncident && severity < AlertSeverity.High ? severity + 1 : severity;
    }

    public static string WireName(AlertSeverity s) => s switch
    {
        AlertSeverity.Low => "low",
        AlertSeverity.Medium => "medium",
        AlertSeverity.High => "high",
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, null),
    };

    public static bool TryParse(string? name, out AlertSeverity severity)
    {
        severity = name switch { "low" => AlertSeverity.Low, "medium" => AlertSeverity.Medium, "high" => AlertSeverity.High, _ => 0 };
        return severity != 0;
    }
}
