using MaritimeCoord.Domain.Detection;

namespace MaritimeCoord.Domain.Alerts;

/// <summary>An alert rule as a client sends it (API field names).</summary>
/// <param name="Kinds">Event kinds by wire name (<c>ais-gap</c>, …); null or empty: all kinds.</param>
/// <param name="Area"><c>anywhere</c> (default), <c>sar-region</c>, <c>zone</c> or <c>bbox</c>.</param>
/// <param name="RegionCode">For <c>sar-region</c>.</param>
/// <param name="ZoneId">For <c>zone</c>: one of the centre's watch zones.</param>
/// <param name="Bbox">For <c>bbox</c>: minLon, minLat, maxLon, maxLat (minLon &gt; maxLon crosses the antimeridian).</param>
/// <param name="MinSeverity"><c>low</c>, <c>medium</c> or <c>high</c>.</param>
public sealed record AlertRuleInput(string[]? Kinds, string? Area, string? RegionCode, string? ZoneId, double[]? Bbox, string? MinSeverity);

/// <summary>A valid rule's content, without its id and centre.</summary>
public sealed record AlertRuleSpec(IReadOnlySet<DetectionKind> Kinds, AlertArea Area, AlertSeverity MinSeverity);

/// <summary>Validates an <see cref="AlertRuleInput"/> field by field (the host answers the errors as RFC 9457 problems).</summary>
public static class AlertRuleValidation
{
    /// <param name="input">The request.</param>
    /// <param name="regionExists">Whether a SAR region code is known.</param>
    /// <param name="spec">The rule, when there are no errors.</param>
    /// <returns>Errors by field (API name); empty when valid.</returns>
    public static IReadOnlyDictionary<string, string> Validate(AlertRuleInput input, Func<string, bool> regionExists, out AlertRuleSpec? spec)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(regionExists);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        spec = null;

        var kinds = new HashSet<DetectionKind>();
        if (input.Kinds is { } names)
        {
            if (names.Length > Enum.GetValues<DetectionKind>().Length * 2) errors["kinds"] = "Too many kinds.";
            foreach (var name in names)
            {
                if (DetectionEvent.TryParseKind(name, out var k)) kinds.Add(k);
                else errors["kinds"] = $"Unknown kind '{name}': use ais-gap, encounter, loitering, area-entry or sighting-near-suspect.";
            }
        }

        if (!AlertSeverities.TryParse(input.MinSeverity ?? "low", out var severity))
            errors["minSeverity"] = "Use low, medium or high.";

        AlertArea? area = null;
        switch (input.Area ?? "anywhere")
        {
            case "anywhere":
                area = AlertArea.Anywhere;
                break;
            case "sar-region":
                if (string.IsNullOrWhiteSpace(input.RegionCode)) errors["regionCode"] = "Required for area 'sar-region'.";
                else if (!regionExists(input.RegionCode)) errors["regionCode"] = $"No SAR region '{input.RegionCode}'.";
                else area = new AlertArea(AlertAreaKind.SarRegion, input.RegionCode);
                break;
            case "zone":
                if (string.IsNullOrWhiteSpace(input.ZoneId)) errors["zoneId"] = "Required for area 'zone'.";
                else area = new AlertArea(AlertAreaKind.Zone, input.ZoneId);
                break;
            case "bbox":
                if (input.Bbox is not { Length: 4 } b || b.Any(v => !double.IsFinite(v)))
                    errors["bbox"] = "Required for area 'bbox': [minLon, minLat, maxLon, maxLat] in degrees.";
                else if (b[0] is < -180 or > 180 || b[2] is < -180 or > 180) errors["bbox"] = "Longitudes must be within -180..180 (minLon > maxLon crosses the antimeridian).";
                else if (b[1] is < -90 or > 90 || b[3] is < -90 or > 90) errors["bbox"] = "Latitudes must be within -90..90.";
                else if (b[1] >= b[3]) errors["bbox"] = "minLat must be below maxLat.";
                else if (b[0] == b[2]) errors["bbox"] = "minLon and maxLon must differ.";
                else area = new AlertArea(AlertAreaKind.Bbox, null, b[0], b[1], b[2], b[3]);
                break;
            default:
                errors["area"] = "Use anywhere, sar-region, zone or bbox.";
                break;
        }

        if (errors.Count == 0) spec = new AlertRuleSpec(kinds, area!, severity);
        return errors;
    }
}
