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
/// row is flushed at once (time to first byte), then every ~32 KiB. An incident's export also carries the incident's own
/// record ahead of the AIS (<see cref="IncidentRecord"/>): its sightings, its track as reported, its timeline. No personal
/// data is written (no reporter, no notes, no actor).
/// </summary>
public static class HistoryWriters
{
    private const int FlushBytes = 32 * 1024;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static Task WriteAsync(Stream body, IAsyncEnumerable<HistoryPosition> rows, HistoryFormat format, HistoryShape shape, CancellationToken ct,
        IncidentHistory? incident = null) =>
        (format, shape) switch
        {
            (HistoryFormat.Ndjson, _) => NdjsonAsync(body, rows, ct),
            (HistoryFormat.GeoJson, HistoryShape.Points) => GeoJsonPointsAsync(body, rows, incident, ct),
            (HistoryFormat.GeoJson, HistoryShape.Tracks) => GeoJsonTracksAsync(body, rows, incident, ct),
            (HistoryFormat.Csv, _) => CsvAsync(body, rows, shape, incident, ct),
            (HistoryFormat.Kml, _) => KmlAsync(body, rows, shape, incident, ct),
            (HistoryFormat.Gpx, _) => GpxAsync(body, rows, shape, incident, ct),
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

    private static async Task GeoJsonPointsAsync(Stream body, IAsyncEnumerable<HistoryPosition> rows, IncidentHistory? incident, CancellationToken ct)
    {
        var chunks = new JsonChunks(body);
        chunks.Raw("{\"type\":\"FeatureCollection\",\"features\":["u8);
        var w = chunks.Json;
        bool first = !WriteIncidentFeatures(chunks, incident);
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

    private static async Task GeoJsonTracksAsync(Stream body, IAsyncEnumerable<HistoryPosition> rows, IncidentHistory? incident, CancellationToken ct)
    {
        var chunks = new JsonChunks(body);
        chunks.Raw("{\"type\":\"FeatureCollection\",\"features\":["u8);
        bool first = !WriteIncidentFeatures(chunks, incident);
        await foreach (var track in Tracks(rows, ct))
        {
            if (!first) chunks.Raw(","u8);
            first = false;
            var w = chunks.Json;
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            var parts = track.Parts();
            WriteLineGeometry(w, parts);
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

    private static async Task CsvAsync(Stream body, IAsyncEnumerable<HistoryPosition> rows, HistoryShape shape, IncidentHistory? incident, CancellationToken ct)
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

        // An incident's export adds three columns (source: ais, sighting, incident-track or event:<kind>; the incident's
        // reference; a description) and the incident's own rows first.
        string extraHeader = incident is null ? "" : ",source,incident,details";
        string aisTail = incident is null ? "" : ",ais,,";
        if (shape == HistoryShape.Points)
        {
            await writer.WriteLineAsync(("WKT,mmsi,observed_at,longitude,latitude,speed_knots,course_degrees,heading,navigational_status,message_type" + extraHeader).AsMemory(), ct);
            foreach (var row in IncidentCsvRows(incident, points: true)) await writer.WriteLineAsync(row.AsMemory(), ct);
            await foreach (var p in rows.WithCancellation(ct))
            {
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"\"POINT ({Num(p.Longitude)} {Num(p.Latitude)})\",{p.Mmsi},{Time(p.ObservedAt)},{Num(p.Longitude)},{Num(p.Latitude)},{Opt(p.SpeedKnots)},{Opt(p.CourseDegrees)},{p.Heading},{p.NavigationalStatus},{p.MessageType}{aisTail}").AsMemory(), ct);
                await MaybeFlushAsync();
            }
        }
        else
        {
            await writer.WriteLineAsync(("WKT,mmsi,positions,first_at,last_at" + extraHeader).AsMemory(), ct);
            foreach (var row in IncidentCsvRows(incident, points: false)) await writer.WriteLineAsync(row.AsMemory(), ct);
            await foreach (var track in Tracks(rows, ct))
            {
                var line = new StringBuilder(LineWkt(track.Parts()));
                line.Append(CultureInfo.InvariantCulture, $",{track.Mmsi},{track.Points.Count},{Time(track.FirstAt)},{Time(track.LastAt)}{aisTail}");
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

    private static async Task KmlAsync(Stream body, IAsyncEnumerable<HistoryPosition> rows, HistoryShape shape, IncidentHistory? incident, CancellationToken ct)
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

        if (incident is not null) await KmlIncidentAsync(x, ns, incident, DataAsync);
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

    private static async Task GpxAsync(Stream body, IAsyncEnumerable<HistoryPosition> rows, HistoryShape shape, IncidentHistory? incident, CancellationToken ct)
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

        // GPX orders its children: every wpt, then every trk, then extensions. The incident's sightings are waypoints, its
        // track as reported a trk, its timeline an extension (GPX has no element for an event without a position).
        if (incident is not null) await GpxSightingsAsync(x, ns, incident);
        if (shape == HistoryShape.Points)
        {
            await foreach (var p in rows.WithCancellation(ct))
            {
                await PointAsync("wpt", p, named: true);
                if (n++ % 200 == 0) await FlushXmlAsync(x, body, ct);
            }

            if (incident is not null) await GpxReportedTrackAsync(x, ns, incident);
        }
        else
        {
            if (incident is not null) await GpxReportedTrackAsync(x, ns, incident);
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

        if (incident is not null) await GpxTimelineAsync(x, incident);
        await x.WriteEndElementAsync();
        await x.WriteEndDocumentAsync();
        await FlushXmlAsync(x, body, ct);
    }

    private static async Task FlushXmlAsync(XmlWriter x, Stream body, CancellationToken ct)
    {
        await x.FlushAsync();
        await body.FlushAsync(ct);
    }

    // ---- The incident's own record: sightings (where the boat was reported), its track as reported, its timeline ----

    private const string IncidentNamespace = "urn:maritimecoord:incident:1";

    private static string SightingText(IncidentHistorySighting s) =>
        string.Create(CultureInfo.InvariantCulture, $"{(s.PersonsOnBoard is { } pob ? $"{pob} POB" : "POB unknown")}, {s.Condition}: {s.BoatDescription}");

    /// <summary>The sightings in time order as a line, cut at the antimeridian; a single sighting is a zero-length line.</summary>
    /// <summary>A GeoJSON LineString, or a MultiLineString when the track is cut at the antimeridian (RFC 7946 §3.1.9).</summary>
    private static void WriteLineGeometry(Utf8JsonWriter w, List<List<(double Lon, double Lat)>> parts)
    {
        w.WriteStartObject("geometry");
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
    }

    private static List<List<(double Lon, double Lat)>> ReportedTrack(IncidentHistory incident)
    {
        var points = incident.Sightings.Select(s => (s.Longitude, s.Latitude)).ToList();
        if (points.Count == 1) points.Add(points[0]);
        return Antimeridian.Split(points);
    }

    private static string LineWkt(List<List<(double Lon, double Lat)>> parts)
    {
        var line = new StringBuilder(parts.Count == 1 ? "\"LINESTRING " : "\"MULTILINESTRING (");
        line.AppendJoin(", ", parts.Select(part => $"({string.Join(", ", part.Select(c => $"{Num(c.Lon)} {Num(c.Lat)}"))})"));
        if (parts.Count > 1) line.Append(')');
        return line.Append('"').ToString();
    }

    private static string Csv(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static IEnumerable<string> IncidentCsvRows(IncidentHistory? incident, bool points)
    {
        if (incident is null) yield break;
        string reference = Csv(incident.Incident.Reference);
        foreach (var s in incident.Sightings)
        {
            string wkt = $"\"POINT ({Num(s.Longitude)} {Num(s.Latitude)})\"";
            yield return points
                ? $"{wkt},,{Time(s.ObservedAt)},{Num(s.Longitude)},{Num(s.Latitude)},,,,,,sighting,{reference},{Csv(SightingText(s))}"
                : $"{wkt},,,{Time(s.ObservedAt)},{Time(s.ObservedAt)},sighting,{reference},{Csv(SightingText(s))}";
        }

        if (incident.Sightings.Count > 0)
        {
            string wkt = LineWkt(ReportedTrack(incident));
            string first = Time(incident.Sightings[0].ObservedAt), last = Time(incident.Sightings[^1].ObservedAt);
            string details = Csv(string.Create(CultureInfo.InvariantCulture, $"{incident.Sightings.Count} sighting(s), {first} to {last}"));
            yield return points
                ? $"{wkt},,{first},,,,,,,,incident-track,{reference},{details}"
                : $"{wkt},,{incident.Sightings.Count},{first},{last},incident-track,{reference},{details}";
        }

        foreach (var e in incident.Timeline)
        {
            yield return points
                ? $",,{Time(e.At)},,,,,,,,{Csv("event:" + e.Kind)},{reference},{Csv(e.Summary)}"
                : $",,,{Time(e.At)},{Time(e.At)},{Csv("event:" + e.Kind)},{reference},{Csv(e.Summary)}";
        }
    }

    /// <summary>The incident's features ahead of the AIS ones; returns whether any was written (for the separators).</summary>
    private static bool WriteIncidentFeatures(JsonChunks chunks, IncidentHistory? incident)
    {
        if (incident is null) return false;
        var w = chunks.Json;
        bool any = false;
        void Next()
        {
            if (any) chunks.Raw(","u8);
            any = true;
        }

        string reference = incident.Incident.Reference;
        foreach (var s in incident.Sightings)
        {
            Next();
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WriteStartObject("geometry");
            w.WriteString("type", "Point");
            w.WriteStartArray("coordinates");
            w.WriteNumberValue(s.Longitude);
            w.WriteNumberValue(s.Latitude);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteString("source", "sighting");
            w.WriteString("incident", reference);
            w.WriteString("sightingId", s.Id);
            w.WriteString("observedAt", s.ObservedAt);
            if (s.PersonsOnBoard is { } pob) w.WriteNumber("personsOnBoard", pob); else w.WriteNull("personsOnBoard");
            w.WriteString("condition", s.Condition);
            w.WriteString("boatDescription", s.BoatDescription);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        if (incident.Sightings.Count > 0)
        {
            Next();
            var parts = ReportedTrack(incident);
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            WriteLineGeometry(w, parts);
            w.WriteStartObject("properties");
            w.WriteString("source", "incident-track");
            w.WriteString("incident", reference);
            w.WriteNumber("sightings", incident.Sightings.Count);
            w.WriteString("firstAt", incident.Sightings[0].ObservedAt);
            w.WriteString("lastAt", incident.Sightings[^1].ObservedAt);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        // Timeline entries have no position: features without a geometry (RFC 7946 §3.2).
        foreach (var e in incident.Timeline)
        {
            Next();
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WriteNull("geometry");
            w.WriteStartObject("properties");
            w.WriteString("source", "event");
            w.WriteString("incident", reference);
            w.WriteString("at", e.At);
            w.WriteString("kind", e.Kind);
            w.WriteString("summary", e.Summary);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return any;
    }

    private static async Task KmlIncidentAsync(XmlWriter x, string ns, IncidentHistory incident, Func<string, string, Task> dataAsync)
    {
        string reference = incident.Incident.Reference;
        await x.WriteStartElementAsync(null, "Folder", ns);
        await x.WriteElementStringAsync(null, "name", ns, $"Incident {reference}");
        foreach (var s in incident.Sightings)
        {
            await x.WriteStartElementAsync(null, "Placemark", ns);
            await x.WriteElementStringAsync(null, "name", ns, $"{reference} sighting");
            await x.WriteElementStringAsync(null, "description", ns, SightingText(s));
            await x.WriteStartElementAsync(null, "TimeStamp", ns);
            await x.WriteElementStringAsync(null, "when", ns, Time(s.ObservedAt));
            await x.WriteEndElementAsync();
            await x.WriteStartElementAsync(null, "ExtendedData", ns);
            await dataAsync("source", "sighting");
            await dataAsync("observed_at", Time(s.ObservedAt));
            await dataAsync("persons_on_board", s.PersonsOnBoard?.ToString(CultureInfo.InvariantCulture) ?? "");
            await dataAsync("condition", s.Condition);
            await dataAsync("boat_description", s.BoatDescription);
            await x.WriteEndElementAsync();
            await x.WriteStartElementAsync(null, "Point", ns);
            await x.WriteElementStringAsync(null, "coordinates", ns, $"{Num(s.Longitude)},{Num(s.Latitude)}");
            await x.WriteEndElementAsync();
            await x.WriteEndElementAsync();
        }

        if (incident.Sightings.Count > 0)
        {
            await x.WriteStartElementAsync(null, "Placemark", ns);
            await x.WriteElementStringAsync(null, "name", ns, $"{reference} track as reported");
            await x.WriteStartElementAsync(null, "TimeSpan", ns);
            await x.WriteElementStringAsync(null, "begin", ns, Time(incident.Sightings[0].ObservedAt));
            await x.WriteElementStringAsync(null, "end", ns, Time(incident.Sightings[^1].ObservedAt));
            await x.WriteEndElementAsync();
            await x.WriteStartElementAsync(null, "ExtendedData", ns);
            await dataAsync("source", "incident-track");
            await dataAsync("sightings", incident.Sightings.Count.ToString(CultureInfo.InvariantCulture));
            await x.WriteEndElementAsync();
            var parts = ReportedTrack(incident);
            if (parts.Count > 1) await x.WriteStartElementAsync(null, "MultiGeometry", ns);
            foreach (var part in parts)
            {
                await x.WriteStartElementAsync(null, "LineString", ns);
                await x.WriteElementStringAsync(null, "coordinates", ns, string.Join(' ', part.Select(c => $"{Num(c.Lon)},{Num(c.Lat)}")));
                await x.WriteEndElementAsync();
            }

            if (parts.Count > 1) await x.WriteEndElementAsync();
            await x.WriteEndElementAsync();
        }

        // Timeline entries: placemarks with a time and no geometry (KML allows a Placemark without one).
        foreach (var e in incident.Timeline)
        {
            await x.WriteStartElementAsync(null, "Placemark", ns);
            await x.WriteElementStringAsync(null, "name", ns, e.Kind);
            await x.WriteElementStringAsync(null, "description", ns, e.Summary);
            await x.WriteStartElementAsync(null, "TimeStamp", ns);
            await x.WriteElementStringAsync(null, "when", ns, Time(e.At));
            await x.WriteEndElementAsync();
            await x.WriteStartElementAsync(null, "ExtendedData", ns);
            await dataAsync("source", "event");
            await dataAsync("kind", e.Kind);
            await x.WriteEndElementAsync();
            await x.WriteEndElementAsync();
        }

        await x.WriteEndElementAsync();
    }

    private static async Task GpxSightingsAsync(XmlWriter x, string ns, IncidentHistory incident)
    {
        foreach (var s in incident.Sightings)
        {
            await x.WriteStartElementAsync(null, "wpt", ns);
            await x.WriteAttributeStringAsync(null, "lat", null, Num(s.Latitude));
            await x.WriteAttributeStringAsync(null, "lon", null, Num(s.Longitude));
            await x.WriteElementStringAsync(null, "time", ns, Time(s.ObservedAt));
            await x.WriteElementStringAsync(null, "name", ns, $"{incident.Incident.Reference} sighting");
            await x.WriteElementStringAsync(null, "desc", ns, SightingText(s));
            await x.WriteElementStringAsync(null, "type", ns, "sighting");
            await x.WriteEndElementAsync();
        }
    }

    private static async Task GpxReportedTrackAsync(XmlWriter x, string ns, IncidentHistory incident)
    {
        if (incident.Sightings.Count == 0) return;
        await x.WriteStartElementAsync(null, "trk", ns);
        await x.WriteElementStringAsync(null, "name", ns, $"{incident.Incident.Reference} track as reported");
        await x.WriteElementStringAsync(null, "type", ns, "incident-track");
        var starts = Antimeridian.PartStarts(incident.Sightings, s => s.Longitude);
        for (var part = 0; part < starts.Count; part++)
        {
            await x.WriteStartElementAsync(null, "trkseg", ns);
            var end = part + 1 < starts.Count ? starts[part + 1] : incident.Sightings.Count;
            for (var i = starts[part]; i < end; i++)
            {
                var s = incident.Sightings[i];
                await x.WriteStartElementAsync(null, "trkpt", ns);
                await x.WriteAttributeStringAsync(null, "lat", null, Num(s.Latitude));
                await x.WriteAttributeStringAsync(null, "lon", null, Num(s.Longitude));
                await x.WriteElementStringAsync(null, "time", ns, Time(s.ObservedAt));
                await x.WriteEndElementAsync();
            }

            await x.WriteEndElementAsync();
        }

        await x.WriteEndElementAsync();
    }

    private static async Task GpxTimelineAsync(XmlWriter x, IncidentHistory incident)
    {
        if (incident.Timeline.Count == 0) return;
        const string gpx = "http://www.topografix.com/GPX/1/1";
        await x.WriteStartElementAsync(null, "extensions", gpx);
        await x.WriteStartElementAsync("mc", "timeline", IncidentNamespace);
        await x.WriteAttributeStringAsync(null, "incident", null, incident.Incident.Reference);
        foreach (var e in incident.Timeline)
        {
            await x.WriteStartElementAsync("mc", "event", IncidentNamespace);
            await x.WriteAttributeStringAsync(null, "at", null, Time(e.At));
            await x.WriteAttributeStringAsync(null, "kind", null, e.Kind);
            await x.WriteStringAsync(e.Summary);
            await x.WriteEndElementAsync();
        }

        await x.WriteEndElementAsync();
        await x.WriteEndElementAsync();
    }
}
