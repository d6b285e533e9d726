using System.Globalization;
using MaritimeCoord.Domain.History;
using MaritimeCoord.Persistence.History;

namespace MaritimeCoord.Server.Features.History;

/// <summary>The parts every history request shares: window, format/shape, and (paged JSON only) limit and cursor.</summary>
internal sealed record HistoryRequest(HistoryWindow Window, HistoryFormat Format, HistoryShape Shape, int Limit, HistoryCursor? After)
{
    public static HistoryRequest? Parse(HttpContext http, HistoryLimits limits, string? from, string? to, string? format, string? shape,
        string? limit, string? after, FieldErrors errors)
    {
        DateTimeOffset? start = from is null ? null : ParseTime("from", from, errors);
        DateTimeOffset? end = to is null ? null : ParseTime("to", to, errors);
        if (errors.Any && (start is null || end is null)) return null;
        var window = HistoryWindow.Validate(start, end, limits.MaxWindow, errors);
        return window is null ? null : Parse(http, limits, window.Value, format, shape, limit, after, errors);
    }

    public static HistoryRequest? Parse(HttpContext http, HistoryLimits limits, HistoryWindow window, string? format, string? shape,
        string? limit, string? after, FieldErrors errors)
    {
        var resolved = HistoryFormats.Resolve(format, http.Request.Headers.Accept.SelectMany(a => (a ?? "").Split(',')), errors);
        var resolvedShape = HistoryFormats.ResolveShape(shape, errors);
        if (resolved is null || resolvedShape is null) return null;
        if (resolvedShape == HistoryShape.Tracks && !resolved.Value.IsExport())
            errors.Add("shape", "shape=tracks is for exports (geojson, kml, csv, gpx); json and ndjson list positions.");

        int pageSize = limits.DefaultPageSize;
        HistoryCursor? cursor = null;
        if (resolved != HistoryFormat.Json && (limit is not null || after is not null))
            errors.Add(limit is not null ? "limit" : "after", "limit and after page the json format; streams and exports return the whole selection.");
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > limits.MaxPageSize))
            errors.Add("limit", $"limit must be 1..{limits.MaxPageSize}.");
        if (after is not null)
        {
            if (HistoryCursor.TryDecode(after, out var decoded)) cursor = decoded;
            else errors.Add("after", "after must be the nextCursor of a previous page.");
        }

        return errors.Any ? null : new HistoryRequest(window, resolved.Value, resolvedShape.Value, pageSize, cursor);
    }

    /// <summary>ISO 8601 with a UTC offset (Z or ±hh:mm): a time without one is ambiguous across the region's time zones.</summary>
    public static DateTimeOffset? ParseTime(string field, string text, FieldErrors errors)
    {
        var t = text.Trim();
        int tIndex = t.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        bool hasOffset = tIndex > 0 && (t.EndsWith('Z') || t.EndsWith('z') || t.IndexOf('+', tIndex) > 0 || t.IndexOf('-', tIndex) > 0);
        if (!hasOffset || !DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            errors.Add(field, $"{field} must be an ISO 8601 time with a UTC offset, e.g. 2026-11-01T00:00:00Z.");
            return null;
        }

        return value;
    }

    /// <summary>The response; an incident's exports (not its json/ndjson position lists) carry its own record too.</summary>
    public IResult Respond(HistoryQuery query, HistorySelection selection, string selectionName, IncidentHistory? incident = null) => Format switch
    {
        HistoryFormat.Json => new HistoryPageResult(query, selection, Limit, After),
        _ => new HistoryStreamResult(query, selection, Format, Shape,
            Format.IsExport() ? HistoryFormats.ExportFileName(selectionName, Window, Format, Shape) : null,
            Format.IsExport() ? incident : null),
    };
}
