namespace MaritimeCoord.Domain.Replay;

/// <summary>What may be replayed in one request; the host reads them from configuration (Replay:…).</summary>
public sealed record ReplayLimits(TimeSpan MaxWindow, double MaxRadiusNm, double MaxAreaSideDegrees, TimeSpan StaleAfter)
{
    /// <summary>
    /// 7 days covers an incident's history with margin (issue 6 measures 24 h); 500 nm and 20° keep one replay to a
    /// region, not an ocean. Vessels silent for an hour are dropped from the picture: class A ships report every 2–10 s
    /// under way and every 3 min at anchor (docs/domain.md), so an hour of silence means the vessel is gone from coverage.
    /// </summary>
    public static ReplayLimits Default { get; } = new(TimeSpan.FromDays(7), 500, 20, TimeSpan.FromHours(1));
}

/// <summary>The replay window and speed as asked for, before validation. Field names are the API's.</summary>
public sealed record ReplayWindowDraft(DateTimeOffset? From, DateTimeOffset? To, DateTimeOffset? Start, double? Speed);

/// <summary>An area asked for: a bounding box in degrees (west, south, east, north).</summary>
public sealed record ReplayBoxDraft(double? West, double? South, double? East, double? North);

/// <summary>Checks a replay request; every problem is reported under the field it concerns.</summary>
public static class ReplayRequestRules
{
    public static Dictionary<string, string[]> ValidateWindow(ReplayWindowDraft draft, ReplayLimits limits)
    {
        var errors = new Dictionary<string, string[]>();
        if (draft.From is null) errors["from"] = ["from is required (an ISO 8601 time with offset)."];
        if (draft.To is null) errors["to"] = ["to is required (an ISO 8601 time with offset)."];
        if (draft.From is { } from && draft.To is { } to)
        {
            if (to <= from) errors["to"] = ["to must be after from."];
            else if (to - from > limits.MaxWindow)
                errors["to"] = [$"The window is {(to - from).TotalHours:0.#} h; at most {limits.MaxWindow.TotalHours:0.#} h may be replayed at once."];
            if (draft.Start is { } start && (start < from || start > to)) errors["start"] = ["start must lie within from..to."];
        }
        if (draft.Speed is { } speed && !ReplayClock.IsValidSpeed(speed))
            errors["speed"] = [$"speed must be from {ReplayClock.MinSpeed:0} to {ReplayClock.MaxSpeed:0} (times real time)."];
        return errors;
    }

    public static Dictionary<string, string[]> ValidateRadius(double? radiusNm, ReplayLimits limits)
    {
        var errors = new Dictionary<string, string[]>();
        if (radiusNm is { } r && (!double.IsFinite(r) || r <= 0 || r > limits.MaxRadiusNm))
            errors["radiusNm"] = [$"radiusNm must be greater than 0 and at most {limits.MaxRadiusNm:0} nm."];
        return errors;
    }

    public static Dictionary<string, string[]> ValidateBox(ReplayBoxDraft box, ReplayLimits limits)
    {
        var errors = new Dictionary<string, string[]>();
        void Check(string field, double? value, double limit)
        {
            if (value is null) errors[field] = [$"{field} is required (decimal degrees)."];
            else if (!double.IsFinite(value.Value) || Math.Abs(value.Value) > limit) errors[field] = [$"{field} must be within ±{limit:0} degrees."];
        }
        Check("west", box.West, 180);
        Check("east", box.East, 180);
        Check("south", box.South, 90);
        Check("north", box.North, 90);
        if (errors.Count > 0) return errors;
        if (box.North <= box.South) errors["north"] = ["north must be greater than south."];
        // Boxes crossing the antimeridian are not supported yet: the region of interest lies between 60°E and 170°E.
        if (box.East <= box.West) errors["east"] = ["east must be greater than west (boxes across the antimeridian are not supported)."];
        if (errors.Count > 0) return errors;
        if (box.East - box.West > limits.MaxAreaSideDegrees) errors["east"] = [$"The box is wider than {limits.MaxAreaSideDegrees:0}°."];
        if (box.North - box.South > limits.MaxAreaSideDegrees) errors["north"] = [$"The box is taller than {limits.MaxAreaSideDegrees:0}°."];
        return errors;
    }
}
