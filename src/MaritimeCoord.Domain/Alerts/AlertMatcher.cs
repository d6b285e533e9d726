using MaritimeCoord.Domain.Detection;

namespace MaritimeCoord.Domain.Alerts;

/// <summary>A centre to alert about one event, and the rule that asked for it.</summary>
public sealed record AlertRecipient(string CentreCode, Guid RuleId);

/// <summary>Who is alerted about one event: at most <see cref="AlertMatcher.MaxRecipientsPerEvent"/> centres; <see cref="Dropped"/> counts the rest.</summary>
public sealed record AlertFanOut(AlertSeverity Severity, IReadOnlyList<AlertRecipient> Recipients, int Dropped);

/// <summary>
/// Applies the centres' alert rules to one event, with bounded fan-out: a centre is considered with at most
/// <see cref="MaxRulesPerCentre"/> rules (the store refuses more), is alerted once per event whatever the number of
/// its rules that match, and at most <see cref="MaxRecipientsPerEvent"/> centres are alerted about one event (in
/// centre-code order, so the same rules always reach the same centres; the rest are counted, not silently lost).
/// </summary>
public static class AlertMatcher
{
    /// <summary>Rules one centre may hold.</summary>
    public const int MaxRulesPerCentre = 20;

    /// <summary>Centres alerted about one event. The region of a boat in trouble and its neighbours are a handful of centres; 10 leaves room.</summary>
    public const int MaxRecipientsPerEvent = 10;

    /// <param name="rules">All centres' rules (any order).</param>
    /// <param name="e">The event.</param>
    /// <param name="linkedToIncident">Whether the event was linked to an open incident (raises its severity).</param>
    /// <param name="zones">The watch zones by id, to place the event in a rule's zone.</param>
    public static AlertFanOut Match(IEnumerable<AlertRule> rules, DetectionEvent e, bool linkedToIncident, IReadOnlyDictionary<string, WatchedArea> zones)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(zones);
        var severity = AlertSeverities.Of(e, linkedToIncident);
        var perCentre = new SortedDictionary<string, (int Seen, Guid? Rule)>(StringComparer.Ordinal);
        foreach (var rule in rules.OrderBy(r => r.CentreCode, StringComparer.Ordinal).ThenBy(r => r.Id))
        {
            perCentre.TryGetValue(rule.CentreCode, out var c);
            if (c.Seen >= MaxRulesPerCentre) continue;
            c.Seen++;
            if (c.Rule is null && Matches(rule, e, severity, zones)) c.Rule = rule.Id;
            perCentre[rule.CentreCode] = c;
        }
        var matched = perCentre.Where(p => p.Value.Rule is not null).Select(p => new AlertRecipient(p.Key, p.Value.Rule!.Value)).ToList();
        int dropped = Math.Max(0, matched.Count - MaxRecipientsPerEvent);
        return new AlertFanOut(severity, matched.Take(MaxRecipientsPerEvent).ToList(), dropped);
    }

    /// <summary>Whether one rule asks for the event.</summary>
    public static bool Matches(AlertRule rule, DetectionEvent e, AlertSeverity severity, IReadOnlyDictionary<string, WatchedArea> zones)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(zones);
        if (severity < rule.MinSeverity) return false;
        if (rule.Kinds.Count > 0 && !rule.Kinds.Contains(e.Kind)) return false;
        return rule.Area.Kind switch
        {
            AlertAreaKind.Anywhere => true,
            AlertAreaKind.SarRegion => string.Equals(rule.Area.Code, e.RegionCode, StringComparison.Ordinal),
            // An entry into the zone itself counts even where its first fix sits on the edge.
            AlertAreaKind.Zone => rule.Area.Code is { } id && (string.Equals(e.AreaId, id, StringComparison.Ordinal)
                || (zones.TryGetValue(id, out var zone) && zone.Covers(e.Latitude, e.Longitude))),
            AlertAreaKind.Bbox => rule.Area.BoxCovers(e.Latitude, e.Longitude),
            _ => false,
        };
    }
}
