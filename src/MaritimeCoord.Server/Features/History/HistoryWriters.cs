using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.History;
using MaritimeCoord.Persistence.History;

namespace MaritimeCoord.Server.Features.History;

/// <summary>
/// Streaming writers for NDJSON, GeoJSON, KML, CSV and GPX: points one feature per position, tracks one line per
/// vessel (rows arrive ordered by vessel then time, so only the current vessel's coordinates are held). The first
/// row is flushed at once (time to first byte), then every ~32 KiB. Only AIS data: no personal data is written.
/// </summary>
public static class HistoryWriters
{
    private const int FlushBytes = 32 * 1024;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static Task WriteAsync(Stream body, IAsyncEnumerable<HistoryPosition> rows, HistoryFormat format, HistoryShape shape, CancellationToken ct) =>
        (format, shape) switch
        {
            (HistoryFormat.Ndjson, _) => NdjsonAsync(body, rows, ct),
            (HistoryFormat.GeoJson, HistoryShape.Points) => GeoJsonPointsAsync(body, rows, ct),
            (HistoryFormat.GeoJson, HistoryShape.Tracks) => GeoJsonTracksAsync(body, rows, ct),
            (HistoryFormat.Csv, _) => CsvAsync(body, rows, shape, ct),
            (HistoryFormat.Kml, _) => KmlAsync(body, rows, shape, ct),
            (HistoryFormat.Gpx, _) => GpxAsync(body, rows, shape, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a streamed format."),
        };

    /// <summary>JSON fragments into a buffer, copied to the body in chunks (Utf8JsonWriter itself would hold everything until the end).</summary>
    private sealed class JsonChunks(Stream body)
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(FlushBytes * 2);
        private bool _flushedOnce;
        public Utf8JsonWriter Json { get; } = new(new ArrayBufferWriter<byte>(1), new JsonWriterOptions { SkipValidation = true });

        public Utf8JsonWriter Begin()
        {
            Json.Reset(_buffer);
            return Json;
        }

        public void Raw(ReadOnlySpan<byte> bytes)
        {
            Json.Flush();
            _buffer.Write(bytes);
            Json.Reset(_buffer);
        }

        public async Task MaybeFlushAsync(CancellationToken ct, bool force = false)
        {
            Json.Flush();
            if (!force && _flushedOnce && _buffer.WrittenCount < FlushBytes) return;
            await body.WriteAsync(_buffer.WrittenMemory, ct);
            await body.FlushAsync(ct);
            _buffer.ResetWrittenCount();
            Json.Reset(_buffer);
            _flushedOnce = true;
        }
    }

    private static void WritePositionProperties(Utf8JsonWriter w, HistoryPosition p)
    {
        w.WriteNumber("mmsi", p.Mmsi);
        w.WriteString("observedAt", p.ObservedAt);
        w.WriteNumber("messageType", p.MessageType);
        if (p.SpeedKnots is { } sog) w.WriteNumber("speedKnots", sog); else w.WriteNull("speedKnots");
        if (p.CourseDegrees is { } cog) w.WriteNumber("courseDegrees", cog); else w.WriteNull("courseDegrees");
        if (p.Heading is { } h) w.WriteNumber("heading", h); else w.WriteNull("heading");
        if (p.NavigationalStatus is { } s) w.WriteNumber("navigationalStatus", s); else w.WriteNull("navigationalStatus");
    }

    private static async Task NdjsonAsync(Stream body, IAsyncEnumerable<HistoryPosition> rows, CancellationToken ct)
    {
        var chunks = new JsonChunks(body);
        var w = chunks.Begin();
        await foreach (var p in rows.WithCancellation(ct))
        {
            w.WriteStartObject();
            WritePositionProperties(w, p);
            w.WriteNumber("longitude", p.Longitude);
            w.WriteNumber("latitude", p.Latitude);
            w.WriteEndObject();
            chunks.Raw("\n"u8);
            await chunks.MaybeFlushAsync(ct);
        }

        await chunks.MaybeFlushAsync(ct, force: true);
    }

    private static async Task GeoJsonPointsAsync(Stream body, IAsyncEnumerable<HistoryPosition> rows, CancellationToken ct)
    {
        var chunks = new JsonChunks(body);
        chunks.Raw("{\"type\":\"FeatureCollection\",\"features\":["u8);
        var w = chunks.Json;
        bool first = true;
        await foreach (var p in rows.WithCancellation(ct))
        {
            if (!first) chunks.Raw(","u8);
            first = false;
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WriteStartObject("geometry");
            w.WriteString("type", "Point");
            w.WriteStartArray("coordinates");
            w.WriteNumberValue(p.Longitude);
            w.WriteNumberValue(p.Latitude);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("properties");
            WritePositionProperties(w, p);
            w.WriteEndObject();
            w.WriteEndObject();
            await chunks.MaybeFlushAsync(ct);
        }

        chunks.Raw("]}\n"u8);
        await chunks.MaybeFlushAsync(ct, force: true);
    }

    private static async Task GeoJsonTracksAsync(Stream body, IAsyncEnumerable<HistoryPosition> rows, CancellationToken ct)
    {
        var chunks = new JsonChunks(body);
        chunks.Raw("{\"type\":\"FeatureCollection\",\"features\":["u8);
        bool first = true;
        await foreach (var track in Tracks(rows, ct))
        {
            if (!first) chunks.Raw(","u8);
            first = false;
            var w = chunks.Json;
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WriteStartObject("geometry");
            var parts = track.Parts();
            w.WriteString("type", parts.Count == 1 ? "LineString" : "MultiLineString");
            w.WriteStartArray("coordinates");
            foreach (var part in parts)
            {
                if (parts.Count > 1) w.WriteStartArray();
                foreach (var (lon, lat) in part)
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(lon);
                    w.WriteNumberValue(lat);
                    w.WriteEndArray();
                }

                if (parts.Count > 1) w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteNumber("mmsi", track.Mmsi);
            w.WriteNumber("positions", track.Points.Count);
            w.WriteString("firstAt", track.FirstAt);
            w.WriteString("lastAt", track.LastAt);
            w.WriteEndObject();
            w.WriteEndObject();
            await chunks.MaybeFlushAsync(ct);
        }

        chunks.Raw("]}\n"u8);
        await chunks.MaybeFlushAsync(ct, force: true);
    }

    /// <summary>A vessel's positions in the window, in time order.</summary>
    internal sealed class Track(int mmsi)
    {
        public int Mmsi { get; } = mmsi;
        public List<HistoryPosition> Points { get; } = [];
        public DateTimeOffset FirstAt => Points[0].ObservedAt;
        public DateTimeOffset LastAt => Points[^1].ObservedAt;

        /// <summary>A line needs two positions: a vessel seen once is a zero-length line at that position.</summary>
        public IEnumerable<(double Lon, double Lat)> Coordinates()
        {
            foreach (var p in Points) yield return (p.Longitude, p.Latitude);
            if (Points.Count == 1) yield return (Points[0].Longitude, Points[0].Latitude);
        }

        /// <summary>The line cut at the antimeridian (one part unless the vessel crossed ±180°; RFC 7946 §3.1.9).</summary>
        public List<List<(double Lon, double Lat)>> Parts() => Antimeridian.Split([.. Coordinates()]);
    }

    internal static async IAsyncEnumerable<Track> Tracks(IAsyncEnumerable<HistoryPosition> rows, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        Track? current = null;
        await foreach (var p in rows.WithCancellation(ct))
        {
            if (current is not null && current.Mmsi != p.Mmsi)
            {
                yield return current;
                current = null;
            }

            current ??= new Track(p.Mmsi);
            current.Points.Add(p);
        }

        if (current is not null) yield return current;
    }

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Opt(float? v) => v is { } f ? f.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static async Task CsvAsync(Stream body, IAsyncEnumerable<HistoryPosition> rows, HistoryShape shape, CancellationToken ct)
    {
        // GDAL's CSV driver reads a column named WKT as the geometry.
        await using var writer = new StreamWriter(body, Utf8, FlushBytes, leaveOpen: true) { NewLine = "\r\n" };
        // The first row goes out at once; after that the writer's 32 KiB buffer sends as it fills.
        bool flushedOnce = false;
        async Task MaybeFlushAsync()
        {
            if (flushedOnce) return;
            await writer.FlushAsync(ct);
            flushedOnce = true;
        }

        if (shape == HistoryShape.Points)
        {
            await writer.WriteLineAsync("WKT,mmsi,observed_at,longitude,latitude,speed_knots,course_degrees,heading,navigational_status,message_type".AsMemory(), ct);
            await foreach (var p in rows.WithCancellation(ct))
            {
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"\"POINT ({Num(p.Longitude)} {Num(p.Latitude)})\",{p.Mmsi},{Time(p.ObservedAt)},{Num(p.Longitude)},{Num(p.Latitude)},{Opt(p.SpeedKnots)},{Opt(p.CourseDegrees)},{p.Heading},{p.NavigationalStatus},{p.MessageType}").AsMemory(), ct);
                await MaybeFlushAsync();
            }
        }
        else
        {
            await writer.WriteLineAsync("WKT,mmsi,positions,first_at,last_at".AsMemory(), ct);
            await foreach (var track in Tracks(rows, ct))
            {
                var parts = track.Parts();
                var line = new StringBuilder(parts.Count == 1 ? "\"LINESTRING " : "\"MULTILINESTRING (");
                line.AppendJoin(", ", parts.Select(part => $"({string.Join(", ", part.Select(c => $"{Num(c.Lon)} {Num(c.Lat)}"))})"));
                if (parts.Count > 1) line.Append(')');
                line.Append(CultureInfo.InvariantCulture, $"\",{track.Mmsi},{track.Points.Count},{Time(track.FirstAt)},{Time(track.LastAt)}");
                await writer.WriteLineAsync(line, ct);
                await MaybeFlushAsync();
            }
        }

        await writer.FlushAsync(ct);
    }

    private static XmlWriter Xml(Stream body) => XmlWriter.Create(body, new XmlWriterSettings
    {
        Async = true, Encoding = Utf8, Indent = false, CloseOutput = false,
    });

    private static async Task KmlAsync(Stream body, IAsyncEnumerable<HistoryPosition> rows, HistoryShape shape, CancellationToken ct)
    {
        const string ns = "http://www.opengis.net/kml/2.2";
        await using var x = Xml(body);
        await x.WriteStartDocumentAsync();
        await x.WriteStartElementAsync(null, "kml", ns);
        await x.WriteStartElementAsync(null, "Document", ns);
        await x.WriteElementStringAsync(null, "name", ns, shape == HistoryShape.Tracks ? "AIS tracks" : "AIS positions");
        int n = 0;
        async Task DataAsync(string name, string value)
        {
            await x.WriteStartElementAsync(null, "Data", ns);
            await x.WriteAttributeStringAsync(null, "name", null, name);
            await x.WriteElementStringAsync(null, "value", ns, value);
            await x.WriteEndElementAsync();
        }

        if (shape == HistoryShape.Points)
        {
            await foreach (var p in rows.WithCancellation(ct))
            {
                await x.WriteStartElementAsync(null, "Placemark", ns);
                await x.WriteElementStringAsync(null, "name", ns, p.Mmsi.ToString(CultureInfo.InvariantCulture));
                await x.WriteStartElementAsync(null, "TimeStamp", ns);
                await x.WriteElementStringAsync(null, "when", ns, Time(p.ObservedAt));
                await x.WriteEndElementAsync();
                await x.WriteStartElementAsync(null, "ExtendedData", ns);
                await DataAsync("mmsi", p.Mmsi.ToString(CultureInfo.InvariantCulture));
                await DataAsync("observed_at", Time(p.ObservedAt));
                await DataAsync("speed_knots", Opt(p.SpeedKnots));
                await DataAsync("course_degrees", Opt(p.CourseDegrees));
                await x.WriteEndElementAsync();
                await x.WriteStartElementAsync(null, "Point", ns);
                await x.WriteElementStringAsync(null, "coordinates", ns, $"{Num(p.Longitude)},{Num(p.Latitude)}");
                await x.WriteEndElementAsync();
                await x.WriteEndElementAsync();
                if (n++ % 200 == 0) await FlushXmlAsync(x, body, ct);
            }
        }
        else
        {
            await foreach (var track in Tracks(rows, ct))
            {
                await x.WriteStartElementAsync(null, "Placemark", ns);
                await x.WriteElementStringAsync(null, "name", ns, track.Mmsi.ToString(CultureInfo.InvariantCulture));
                await x.WriteStartElementAsync(null, "TimeSpan", ns);
                await x.WriteElementStringAsync(null, "begin", ns, Time(track.FirstAt));
                await x.WriteElementStringAsync(null, "end", ns, Time(track.LastAt));
                await x.WriteEndElementAsync();
                await x.WriteStartElementAsync(null, "ExtendedData", ns);
                await DataAsync("mmsi", track.Mmsi.ToString(CultureInfo.InvariantCulture));
                await DataAsync("positions", track.Points.Count.ToString(CultureInfo.InvariantCulture));
                await x.WriteEndElementAsync();
                var parts = track.Parts();
                if (parts.Count > 1) await x.WriteStartElementAsync(null, "MultiGeometry", ns);
                foreach (var part in parts)
                {
                    await x.WriteStartElementAsync(null, "LineString", ns);
                    await x.WriteElementStringAsync(null, "coordinates", ns, string.Join(' ', part.Select(c => $"{Num(c.Lon)},{Num(c.Lat)}")));
                    await x.WriteEndElementAsync();
                }

                if (parts.Count > 1) await x.WriteEndElementAsync();
                await x.WriteEndElementAsync();
                if (n++ % 20 == 0) await FlushXmlAsync(x, body, ct);
            }
        }

        await x.WriteEndElementAsync();
        await x.WriteEndElementAsync();
        await x.WriteEndDocumentAsync();
        await FlushXmlAsync(x, body, ct);
    }

    private static async Task GpxAsync(Stream body, IAsyncEnumerable<HistoryPosition> rows, HistoryShape shape, CancellationToken ct)
    {
        const string ns = "http://www.topografix.com/GPX/1/1";
        await using var x = Xml(body);
        await x.WriteStartDocumentAsync();
        await x.WriteStartElementAsync(null, "gpx", ns);
        await x.WriteAttributeStringAsync(null, "version", null, "1.1");
        await x.WriteAttributeStringAsync(null, "creator", null, "MaritimeCoord");
        int n = 0;
        async Task PointAsync(string element, HistoryPosition p, bool named)
        {
            await x.WriteStartElementAsync(null, element, ns);
            await x.WriteAttributeStringAsync(null, "lat", null, Num(p.Latitude));
            await x.WriteAttributeStringAsync(null, "lon", null, Num(p.Longitude));
            await x.WriteElementStringAsync(null, "time", ns, Time(p.ObservedAt));
            if (named) await x.WriteElementStringAsync(null, "name", ns, p.Mmsi.ToString(CultureInfo.InvariantCulture));
            if (p.CourseDegrees is { } cog) await x.WriteElementStringAsync(null, "desc", ns, $"SOG {Opt(p.SpeedKnots)} kn, COG {Opt(cog)}°");
            await x.WriteEndElementAsync();
        }

        if (shape == HistoryShape.Points)
        {
            await foreach (var p in rows.WithCancellation(ct))
            {
                await PointAsync("wpt", p, named: true);
                if (n++ % 200 == 0) await FlushXmlAsync(x, body, ct);
            }
        }
        else
        {
            await foreach (var track in Tracks(rows, ct))
            {
                await x.WriteStartElementAsync(null, "trk", ns);
                await x.WriteElementStringAsync(null, "name", ns, track.Mmsi.ToString(CultureInfo.InvariantCulture));
                // One segment per side of the antimeridian, made of the reported positions only (no invented points).
                var starts = Antimeridian.PartStarts(track.Points, p => p.Longitude);
                for (var s = 0; s < starts.Count; s++)
                {
                    await x.WriteStartElementAsync(null, "trkseg", ns);
                    var end = s + 1 < starts.Count ? starts[s + 1] : track.Points.Count;
                    for (var i = starts[s]; i < end; i++) await PointAsync("trkpt", track.Points[i], named: false);
                    await x.WriteEndElementAsync();
                }
                await x.WriteEndElementAsync();
                if (n++ % 20 == 0) await FlushXmlAsync(x, body, ct);
            }
        }

        await x.WriteEndElementAsync();
        await x.WriteEndDocumentAsync();
        await FlushXmlAsync(x, body, ct);
    }

    private static async Task FlushXmlAsync(XmlWriter x, Stream body, CancellationToken ct)
    {
        await x.FlushAsync();
        await body.FlushAsync(ct);
    }
}
