namespace MaritimeCoord.Domain.History;

/// <summary>A half-open time window [From, To) in UTC.</summary>
public readonly record struct HistoryWindow(DateTimeOffset From, DateTimeOffset To)
{
    public TimeSpan Length => To - From;

    /// <summary>
    /// Both ends required, From before To, no longer than <paramref name="maxWindow"/>. Errors name the query fields
    /// <c>from</c>/<c>to</c>; null when invalid.
    /// </summary>
    public static HistoryWindow? Validate(DateTimeOffset? from, DateTimeOffset? to, TimeSpan maxWindow, FieldErrors errors)
    {
        if (from is null) errors.Add("from", "from is required (ISO 8601 with a UTC offset, e.g. 2026-11-01T00:00:00Z).");
        if (to is null) errors.Add("to", "to is required (ISO 8601 with a UTC offset, e.g. 2026-11-01T01:00:00Z).");
        if (from is null || to is null) return null;
        if (to <= from)
        {
            errors.Add("to", "to must be later than from.");
            return null;
        }

        if (to - from > maxWindow)
        {
            errors.Add("to", $"The window is longer than the limit of {Describe(maxWindow)}; ask for a shorter window.");
            return null;
        }

        return new HistoryWindow(from.Value.ToUniversalTime(), to.Value.ToUniversalTime());
    }

    private static string Describe(TimeSpan t) => t.TotalHours >= 48 && t.TotalDays == Math.Floor(t.TotalDays)
        ? $"{t.TotalDays:0} days"
        : $"{t.TotalHours:0.##} hours";
}
