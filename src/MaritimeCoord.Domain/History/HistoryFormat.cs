using System.Globalization;

namespace MaritimeCoord.Domain.History;

/// <summary>How a history selection is written: paged JSON, streamed NDJSON, or a GIS export.</summary>
public enum HistoryFormat
{
    Json,
    Ndjson,
    GeoJson,
    Kml,
    Csv,
    Gpx,
}

/// <summary>Positions as points, or one line per vessel (its track through the window).</summary>
public enum HistoryShape
{
    Points,
    Tracks,
}

public static class HistoryFormats
{
    private static readonly (HistoryFormat Format, string Name, string MediaType, string Extension)[] Table =
    [
        (HistoryFormat.Json, "json", "application/json", "json"),
        (HistoryFormat.Ndjson, "ndjson", "application/x-ndjson", "ndjson"),
        (HistoryFormat.GeoJson, "geojson", "application/geo+json", "geojson"),
        (HistoryFormat.Kml, "kml", "application/vnd.google-earth.kml+xml", "kml"),
        (HistoryFormat.Csv, "csv", "text/csv", "csv"),
        (HistoryFormat.Gpx, "gpx", "application/gpx+xml", "gpx"),
    ];

    public static string MediaType(this HistoryFormat format) => Table.First(t => t.Format == format).MediaType;

    public static string WireName(this HistoryFormat format) => Table.First(t => t.Format == format).Name;

    public static bool IsExport(this HistoryFormat format) => format is not (HistoryFormat.Json or HistoryFormat.Ndjson);

    /// <summary>
    /// <c>format=</c> wins; otherwise the first Accept media type we serve; otherwise JSON. Unknown <c>format=</c> → error
    /// on the field <c>format</c>; an Accept naming nothing we serve (and no <c>*/*</c>) → error too.
    /// </summary>
    public static HistoryFormat? Resolve(string? format, IEnumerable<string> acceptMediaTypes, FieldErrors errors)
    {
        if (!string.IsNullOrWhiteSpace(format))
        {
            var name = format.Trim().ToLowerInvariant();
            foreach (var t in Table)
                if (t.Name == name) return t.Format;
            errors.Add("format", $"Unsupported format '{Truncate(format)}'; use one of {string.Join(", ", Table.Select(t => t.Name))}.");
            return null;
        }

        var accepts = acceptMediaTypes.Select(a => a.Split(';')[0].Trim().ToLowerInvariant()).Where(a => a.Length > 0).ToList();
        if (accepts.Count == 0) return HistoryFormat.Json;
        foreach (var accept in accepts)
        {
            foreach (var t in Table)
                if (t.MediaType == accept) return t.Format;
            if (accept is "*/*" or "application/*") return HistoryFormat.Json;
        }

        errors.Add("format", $"None of the Accept media types is served; use format= or Accept one of {string.Join(", ", Table.Select(t => t.MediaType))}.");
        return null;
    }

    public static HistoryShape? ResolveShape(string? shape, FieldErrors errors)
    {
        switch (shape?.Trim().ToLowerInvariant())
        {
            case null or "" or "points": return HistoryShape.Points;
            case "tracks": return HistoryShape.Tracks;
            default:
                errors.Add("shape", "shape must be points or tracks.");
                return null;
        }
    }

    /// <summary>
    /// The download name: <c>history-{selection}-{from}-{to}.{ext}</c> with compact UTC times, only [a-z0-9-], so it is
    /// safe in a Content-Disposition header and on every file system.
    /// </summary>
    public static string ExportFileName(string selection, HistoryWindow window, HistoryFormat format, HistoryShape shape)
    {
        var safe = new string(selection.ToLowerInvariant().Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '-').ToArray()).Trim('-');
        if (safe.Length > 48) safe = safe[..48];
        string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var kind = shape == HistoryShape.Tracks ? "tracks" : "positions";
        return $"history-{safe}-{kind}-{Time(window.From)}-{Time(window.To)}.{Table.First(t => t.Format == format).Extension}";
    }

    private static string Truncate(string s) => s.Length > 20 ? s[..20] + "…" : s;
}
