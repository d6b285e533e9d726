using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using MaritimeCoord.Contracts.Auth;
using static MaritimeCoord.IntegrationTests.History.HistoryFixture;

namespace MaritimeCoord.IntegrationTests.History;

/// <summary>
/// Issue 15 item 14: an incident's exports carry its own record beside the AIS — its two sightings (00:10 at 105.3, −8.05
/// with 40 POB; 00:40 at 105.0, −8.05 with 38), its track as reported (the line through them in time order) and its two
/// timeline entries — and no personal data (reporter, notes). Each format parsed as what it is: JSON, XML, CSV rows.
/// Window 00:00–01:00, 10 km around the sightings: A's positions within 10 km of them, not B (110°E).
/// </summary>
[Collection(HistoryCollection.Name)]
public sealed class HistoryIncidentExportTests(HistoryFixture app)
{
    private static string Url(string format, string shape) =>
        $"/api/history/incidents/{IncidentId}/positions?from=2026-11-01T00:00:00Z&to=2026-11-01T01:00:00Z&distance=10000&format={format}&shape={shape}";

    private async Task<string> GetAsync(string format, string shape)
    {
        var response = await app.ClientAs(MaritimeRoles.Analyst, null).GetAsync(Url(format, shape));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Private Person", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret note", text, StringComparison.Ordinal);
        Assert.DoesNotContain("liaison-1", text, StringComparison.Ordinal);
        return text;
    }

    [Theory]
    [InlineData("points")]
    [InlineData("tracks")]
    public async Task GeoJson_holds_the_sightings_the_reported_track_and_the_timeline(string shape)
    {
        using var doc = JsonDocument.Parse(await GetAsync("geojson", shape));
        var features = doc.RootElement.GetProperty("features").EnumerateArray().ToList();
        string Source(JsonElement f) => f.GetProperty("properties").TryGetProperty("source", out var s) ? s.GetString()! : "ais";

        var sightings = features.Where(f => Source(f) == "sighting").ToList();
        Assert.Equal(2, sightings.Count);
        Assert.Equal([105.3, -8.05], sightings[0].GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()));
        Assert.Equal(40, sightings[0].GetProperty("properties").GetProperty("personsOnBoard").GetInt32());
        Assert.Equal(38, sightings[1].GetProperty("properties").GetProperty("personsOnBoard").GetInt32());
        Assert.Equal("Wooden boat", sightings[1].GetProperty("properties").GetProperty("boatDescription").GetString());
        Assert.Equal("HIST-T-1", sightings[0].GetProperty("properties").GetProperty("incident").GetString());

        var track = Assert.Single(features, f => Source(f) == "incident-track");
        Assert.Equal("LineString", track.GetProperty("geometry").GetProperty("type").GetString());
        var line = track.GetProperty("geometry").GetProperty("coordinates").EnumerateArray()
            .Select(c => (c[0].GetDouble(), c[1].GetDouble())).ToList();
        Assert.Equal([(105.3, -8.05), (105.0, -8.05)], line);

        var events = features.Where(f => Source(f) == "event").ToList();
        Assert.Equal(["opened", "sighting-attached"], events.Select(e => e.GetProperty("properties").GetProperty("kind").GetString()));
        Assert.Equal(JsonValueKind.Null, events[0].GetProperty("geometry").ValueKind);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 40, 0, TimeSpan.Zero), events[1].GetProperty("properties").GetProperty("at").GetDateTimeOffset());

        // The AIS is still there: A's positions near the sightings, B's are not.
        var ais = features.Where(f => Source(f) == "ais").ToList();
        Assert.NotEmpty(ais);
        Assert.All(ais, f => Assert.Equal(A, f.GetProperty("properties").GetProperty("mmsi").GetInt32()));
    }

    [Theory]
    [InlineData("points")]
    [InlineData("tracks")]
    public async Task Kml_holds_the_sightings_the_reported_track_and_the_timeline(string shape)
    {
        XNamespace k = "http://www.opengis.net/kml/2.2";
        var kml = XDocument.Parse(await GetAsync("kml", shape));
        var folder = Assert.Single(kml.Descendants(k + "Folder"));
        Assert.Equal("Incident HIST-T-1", folder.Element(k + "name")!.Value);
        string Data(XElement placemark, string name) =>
            placemark.Descendants(k + "Data").Single(d => (string?)d.Attribute("name") == name).Element(k + "value")!.Value;
        var placemarks = folder.Elements(k + "Placemark").ToList();

        var sightings = placemarks.Where(p => Data(p, "source") == "sighting").ToList();
        Assert.Equal(["105.3,-8.05", "105,-8.05"], sightings.Select(p => p.Element(k + "Point")!.Element(k + "coordinates")!.Value));
        Assert.Equal(["40", "38"], sightings.Select(p => Data(p, "persons_on_board")));
        Assert.Equal("2026-11-01T00:10:00.000Z", sightings[0].Element(k + "TimeStamp")!.Element(k + "when")!.Value);

        var track = Assert.Single(placemarks, p => Data(p, "source") == "incident-track");
        Assert.Equal("105.3,-8.05 105,-8.05", track.Element(k + "LineString")!.Element(k + "coordinates")!.Value);

        var events = placemarks.Where(p => Data(p, "source") == "event").ToList();
        Assert.Equal(["opened", "sighting-attached"], events.Select(p => Data(p, "kind")));
        Assert.Equal("Second sighting.", events[1].Element(k + "description")!.Value);
        Assert.Null(events[0].Element(k + "Point"));

        // AIS placemarks follow, outside the incident's folder.
        Assert.Contains(kml.Root!.Element(k + "Document")!.Elements(k + "Placemark"), p => p.Element(k + "name")!.Value == $"{A}");
    }

    [Theory]
    [InlineData("points")]
    [InlineData("tracks")]
    public async Task Gpx_holds_the_sightings_the_reported_track_and_the_timeline_in_schema_order(string shape)
    {
        XNamespace g = "http://www.topografix.com/GPX/1/1";
        XNamespace mc = "urn:maritimecoord:incident:1";
        var gpx = XDocument.Parse(await GetAsync("gpx", shape));
        var children = gpx.Root!.Elements().Select(e => e.Name.LocalName).ToList();
        // GPX 1.1: every wpt, then every trk, then extensions.
        Assert.Equal(children.OrderBy(n => n switch { "wpt" => 0, "trk" => 1, _ => 2 }), children);

        var sightings = gpx.Root.Elements(g + "wpt").Where(w => w.Element(g + "type")?.Value == "sighting").ToList();
        Assert.Equal(["-8.05 105.3", "-8.05 105"], sightings.Select(w => $"{w.Attribute("lat")!.Value} {w.Attribute("lon")!.Value}"));
        Assert.Equal("40 POB, overloaded: Wooden boat", sightings[0].Element(g + "desc")!.Value);

        var track = Assert.Single(gpx.Root.Elements(g + "trk"), t => t.Element(g + "type")?.Value == "incident-track");
        Assert.Equal(["2026-11-01T00:10:00.000Z", "2026-11-01T00:40:00.000Z"], track.Descendants(g + "trkpt").Select(p => p.Element(g + "time")!.Value));

        var events = gpx.Root.Element(g + "extensions")!.Element(mc + "timeline")!.Elements(mc + "event").ToList();
        Assert.Equal(["opened", "sighting-attached"], events.Select(e => e.Attribute("kind")!.Value));
        Assert.Equal("Incident opened.", events[0].Value);
        Assert.Equal("2026-11-01T00:10:00.000Z", events[0].Attribute("at")!.Value);

        if (shape == "points") Assert.Contains(gpx.Root.Elements(g + "wpt"), w => w.Element(g + "name")!.Value == $"{A}");
        else Assert.Contains(gpx.Root.Elements(g + "trk"), t => t.Element(g + "name")!.Value == $"{A}");
    }

    [Theory]
    [InlineData("points")]
    [InlineData("tracks")]
    public async Task Csv_holds_the_sightings_the_reported_track_and_the_timeline_as_rows(string shape)
    {
        var rows = ParseCsv(await GetAsync("csv", shape));
        var header = rows[0];
        Assert.Equal(["source", "incident", "details"], header.TakeLast(3));
        Assert.All(rows, r => Assert.Equal(header.Count, r.Count));
        var records = rows.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();

        var sightings = records.Where(r => r["source"] == "sighting").ToList();
        Assert.Equal(["POINT (105.3 -8.05)", "POINT (105 -8.05)"], sightings.Select(r => r["WKT"]));
        Assert.Equal("40 POB, overloaded: Wooden boat", sightings[0]["details"]);
        Assert.All(sightings, r => Assert.Equal("HIST-T-1", r["incident"]));

        var track = Assert.Single(records, r => r["source"] == "incident-track");
        Assert.Equal("LINESTRING (105.3 -8.05, 105 -8.05)", track["WKT"]);

        var events = records.Where(r => r["source"].StartsWith("event:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["event:opened", "event:sighting-attached"], events.Select(r => r["source"]));
        Assert.Equal("Second sighting.", events[1]["details"]);
        Assert.Equal("", events[0]["WKT"]);
        Assert.Equal("2026-11-01T00:40:00.000Z", events[1][shape == "points" ? "observed_at" : "first_at"]);

        var ais = records.Where(r => r["source"] == "ais").ToList();
        Assert.NotEmpty(ais);
        Assert.All(ais, r => Assert.Equal($"{A}", r["mmsi"]));
    }

    /// <summary>RFC 4180: quoted fields may hold commas and doubled quotes; rows end with CRLF.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; i++; }
            else field.Append(c);
        }

        Assert.Empty(row);
        return rows;
    }
}
