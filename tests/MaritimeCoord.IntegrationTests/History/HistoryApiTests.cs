using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.History;
using MaritimeCoord.Persistence.History;
using MaritimeCoord.Server.Features.History;
using Npgsql;
using static MaritimeCoord.IntegrationTests.History.HistoryFixture;

namespace MaritimeCoord.IntegrationTests.History;

/// <summary>History queries against real PostGIS through the real server: exact counts on a hand-made history.</summary>
[Collection(HistoryCollection.Name)]
public sealed class HistoryApiTests(HistoryFixture app)
{
    private const string Hour = "from=2026-11-01T00:00:00Z&to=2026-11-01T01:00:00Z";
    private const string TwoDays = "from=2026-11-01T00:00:00Z&to=2026-11-03T00:00:00Z";

    private HttpClient Analyst() => app.ClientAs(MaritimeRoles.Analyst, null);

    private async Task<List<JsonElement>> NdjsonAsync(string url)
    {
        var response = await Analyst().GetAsync(url + "&format=ndjson");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    [Fact]
    public async Task Bounding_box_and_window_select_exactly_the_positions_inside()
    {
        var hour = await NdjsonAsync($"/api/history/positions?bbox=104.5,-8.5,106,-7.5&{Hour}");
        Assert.Equal(60, hour.Count);
        Assert.All(hour, p => Assert.Equal(A, p.GetProperty("mmsi").GetInt32()));
        Assert.Equal(hour.Select(p => p.GetProperty("observedAt").GetDateTimeOffset()).Order(), hour.Select(p => p.GetProperty("observedAt").GetDateTimeOffset()));

        var twoDays = await NdjsonAsync($"/api/history/positions?bbox=104.5,-8.5,106,-7.5&{TwoDays}");
        Assert.Equal(65, twoDays.Count); // A + D from the next day's partition

        var firstHalf = await NdjsonAsync("/api/history/positions?bbox=104.5,-8.5,106,-7.5&from=2026-11-01T00:00:00Z&to=2026-11-01T00:30:00Z");
        Assert.Equal(30, firstHalf.Count); // to is exclusive
    }

    [Fact]
    public async Task Bounding_box_across_the_antimeridian_takes_both_sides()
    {
        Assert.Equal(20, (await NdjsonAsync($"/api/history/positions?bbox=179,-18,-179,-16&{Hour}")).Count);
        Assert.Equal(10, (await NdjsonAsync($"/api/history/positions?bbox=179,-18,180,-16&{Hour}")).Count);
        Assert.Equal(10, (await NdjsonAsync($"/api/history/positions?bbox=-180,-18,-179,-16&{Hour}")).Count);
    }

    [Fact]
    public async Task Polygon_selects_the_positions_it_covers_also_across_the_antimeridian()
    {
        var polygon = Uri.EscapeDataString("""{"type":"Polygon","coordinates":[[[104.9,-8.1],[105.295,-8.1],[105.295,-7.9],[104.9,-7.9],[104.9,-8.1]]]}""");
        var inside = await NdjsonAsync($"/api/history/positions?polygon={polygon}&{Hour}");
        Assert.Equal(30, inside.Count);
        Assert.All(inside, p => Assert.InRange(p.GetProperty("longitude").GetDouble(), 104.9, 105.295));

        var across = Uri.EscapeDataString("""{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[179,-18],[-179,-18],[-179,-16],[179,-16],[179,-18]]]}}""");
        Assert.Equal(20, (await NdjsonAsync($"/api/history/positions?polygon={across}&{Hour}")).Count);
    }

    [Fact]
    public async Task A_polygon_too_long_for_a_url_is_posted_in_the_body_and_selects_the_same_positions()
    {
        // A 48-vertex circle drawn in a GIS tool, as a Feature with the tool's properties: ~14 KB, past Kestrel's 8 KB
        // request line, so GET cannot carry it.
        var ring = Enumerable.Range(0, 48).Select(i => (Lon: 105.15 + 0.255 * Math.Cos(i * Math.PI / 24), Lat: -8.0 + 0.255 * Math.Sin(i * Math.PI / 24))).ToList();
        ring.Add(ring[0]);
        var coordinates = string.Join(",", ring.Select(p => FormattableString.Invariant($"[{p.Lon},{p.Lat}]")));
        var feature = $$$"""{"type":"Feature","properties":{"drawnBy":"analyst","note":"{{{new string('x', 12_000)}}}"},"geometry":{"type":"Polygon","coordinates":[[{{{coordinates}}}]]}}""";
        var viaUrl = await Analyst().GetAsync($"/api/history/positions?polygon={Uri.EscapeDataString(feature)}&{Hour}&format=ndjson");
        Assert.False(viaUrl.IsSuccessStatusCode);

        var posted = await Analyst().PostAsync($"/api/history/positions?{Hour}&format=ndjson", new StringContent(feature, System.Text.Encoding.UTF8, "application/geo+json"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var rows = (await posted.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        // A: lon 105.00 + 0.01·i at −8.0; the circle spans 104.895–105.405 on that parallel, so i = 0..40.
        Assert.Equal(41, rows.Count);
        Assert.All(rows, p => Assert.Equal(A, p.GetProperty("mmsi").GetInt32()));

        // Exports take the same body.
        var csv = await Analyst().PostAsync($"/api/history/positions?{Hour}&format=csv&shape=tracks", new StringContent(feature, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Contains(",111000001,41,", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain", """{"type":"Polygon","coordinates":[[[104.9,-8.1],[105.3,-8.1],[105.3,-7.9],[104.9,-8.1]]]}""", "", HttpStatusCode.UnsupportedMediaType, "polygon")]
    [InlineData("application/geo+json", "", "", HttpStatusCode.BadRequest, "polygon")]
    [InlineData("application/geo+json", """{"type":"Point","coordinates":[105,-8]}""", "", HttpStatusCode.BadRequest, "polygon")]
    [InlineData("application/geo+json", """{"type":"Polygon","coordinates":[[[104.9,-8.1],[105.3,-8.1],[105.3,-7.9],[104.9,-8.1]]]}""", "&bbox=104,-9,111,-7", HttpStatusCode.BadRequest, "bbox")]
    public async Task A_bad_posted_polygon_is_a_problem_naming_the_field(string contentType, string body, string extra, HttpStatusCode status, string field)
    {
        var response = await Analyst().PostAsync($"/api/history/positions?{Hour}{extra}", new StringContent(body, System.Text.Encoding.UTF8, contentType));
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"errors should name {field}: {errors}");
    }

    [Fact]
    public async Task Vessel_history_is_its_positions_in_the_window()
    {
        Assert.Equal(30, (await NdjsonAsync($"/api/history/vessels/{A}/positions?from=2026-11-01T00:00:00Z&to=2026-11-01T00:30:00Z")).Count);
        Assert.Equal(5, (await NdjsonAsync($"/api/history/vessels/{D}/positions?{TwoDays}")).Count);
        Assert.Empty(await NdjsonAsync($"/api/history/vessels/{D}/positions?{Hour}"));
    }

    [Fact]
    public async Task Keyset_pages_cover_the_selection_once_in_order()
    {
        var client = Analyst();
        var all = new List<HistoryPositionDto>();
        var pages = new List<int>();
        string? cursor = null;
        do
        {
            var url = $"/api/history/positions?bbox=104,-9,111,-7&{TwoDays}&limit=40" + (cursor is null ? "" : $"&after={cursor}");
            var page = await client.GetFromJsonAsync<HistoryPage>(url, JsonSerializerOptions.Web);
            all.AddRange(page!.Items);
            pages.Add(page.Count);
            cursor = page.NextCursor;
        } while (cursor is not null);

        Assert.Equal([40, 40, 15], pages); // 60 (A) + 30 (B) + 5 (D)
        Assert.Equal(95, all.Select(p => (p.Mmsi, p.ObservedAt)).Distinct().Count());
        Assert.Equal(all.OrderBy(p => p.ObservedAt).ThenBy(p => p.Mmsi).Select(p => (p.Mmsi, p.ObservedAt)), all.Select(p => (p.Mmsi, p.ObservedAt)));
        var stream = await NdjsonAsync($"/api/history/positions?bbox=104,-9,111,-7&{TwoDays}");
        Assert.Equal(all.Select(p => (p.Mmsi, p.ObservedAt)), stream.Select(p => (p.GetProperty("mmsi").GetInt32(), p.GetProperty("observedAt").GetDateTimeOffset())));
    }

    [Fact]
    public async Task Around_an_incident_lists_its_sightings_timeline_and_the_vessels_that_came_near_without_personal_data()
    {
        var response = await Analyst().GetAsync($"/api/history/incidents/{IncidentId}?distance=10000");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Private Person Reporter", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret note", text, StringComparison.Ordinal);
        Assert.DoesNotContain("liaison-1", text, StringComparison.Ordinal);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal("HIST-T-1", body.GetProperty("incident").GetProperty("reference").GetString());
        Assert.Equal(2, body.GetProperty("sightings").GetArrayLength());
        Assert.Equal(40, body.GetProperty("sightings")[0].GetProperty("personsOnBoard").GetInt32());
        Assert.Equal(2, body.GetProperty("timeline").GetArrayLength());
        var vessels = body.GetProperty("vessels");
        Assert.Equal(1, vessels.GetArrayLength());
        Assert.Equal(A, vessels[0].GetProperty("mmsi").GetInt32());
        Assert.Equal("ALPHA", vessels[0].GetProperty("name").GetString());
        // Within 10 km of (105.3, −8.05): lon 105.23..105.37 (15); of (105.0, −8.05): lon 105.00..105.07 (8).
        Assert.Equal(23, vessels[0].GetProperty("positions").GetInt64());
        Assert.InRange(vessels[0].GetProperty("closestMetres").GetDouble(), 5_400, 5_700); // 0.05° of latitude

        var positions = await NdjsonAsync($"/api/history/incidents/{IncidentId}/positions?distance=10000");
        Assert.Equal(23, positions.Count);
    }

    [Fact]
    public async Task Around_an_incident_is_hidden_from_other_centres_and_closed_to_liaison_officers()
    {
        var otherCentre = app.ClientAs(MaritimeRoles.Operator, "BASARNAS-IDN");
        Assert.Equal(HttpStatusCode.NotFound, (await otherCentre.GetAsync($"/api/history/incidents/{IncidentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherCentre.GetAsync($"/api/history/incidents/{IncidentId}/positions?format=ndjson")).StatusCode);
        var coordinating = app.ClientAs(MaritimeRoles.Operator, "JRCC-AUS");
        Assert.Equal(HttpStatusCode.OK, (await coordinating.GetAsync($"/api/history/incidents/{IncidentId}")).StatusCode);
        var liaison = app.ClientAs(MaritimeRoles.Liaison, "JRCC-AUS");
        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.GetAsync($"/api/history/positions?bbox=104,-9,111,-7&{Hour}")).StatusCode);
    }

    [Theory]
    [InlineData("bbox=104,-9,111,-7&from=2026-11-01T00:00:00Z&to=2026-11-05T00:00:00Z", "to")] // longer than History:MaxWindow (3 days)
    [InlineData("bbox=104,-9,111,-7&from=2026-11-01T01:00:00Z&to=2026-11-01T00:00:00Z", "to")] // inverted
    [InlineData("bbox=104,-9,111,-7&from=2026-11-01T00:00:00&to=2026-11-01T01:00:00Z", "from")] // no UTC offset
    [InlineData("bbox=104,-9,111,-7&to=2026-11-01T01:00:00Z", "from")]
    [InlineData("bbox=104,-9,111&" + Hour, "bbox")]
    [InlineData("bbox=104,-7,111,-9&" + Hour, "bbox")] // south above north
    [InlineData("bbox=-180,-80,179,80&" + Hour, "bbox")] // over the area limit
    [InlineData(Hour, "bbox")] // no area
    [InlineData("bbox=104,-9,111,-7&format=shp&" + Hour, "format")]
    [InlineData("bbox=104,-9,111,-7&shape=tracks&format=ndjson&" + Hour, "shape")]
    [InlineData("bbox=104,-9,111,-7&limit=501&" + Hour, "limit")]
    [InlineData("bbox=104,-9,111,-7&after=bm9wZQ&" + Hour, "after")]
    [InlineData("bbox=104,-9,111,-7&format=csv&limit=10&" + Hour, "limit")]
    [InlineData("polygon=%7B%22type%22%3A%22Point%22%7D&" + Hour, "polygon")] // not a Polygon
    [InlineData("polygon=%7B%22type%22%3A%22Polygon%22%2C%22coordinates%22%3A%5B%5B%5B0%2C0%5D%2C%5B1%2C1%5D%2C%5B1%2C0%5D%2C%5B0%2C1%5D%2C%5B0%2C0%5D%5D%5D%7D&" + Hour, "polygon")] // bow tie: self-intersecting
    [InlineData("polygon=%7B%22type%22%3A%22Polygon%22%2C%22coordinates%22%3A%5B%5B%5B0%2C0%5D%2C%5B1%2C0%5D%2C%5B1%2C1%5D%5D%5D%7D&" + Hour, "polygon")] // not closed
    [InlineData("polygon=%7Bnot%20json&" + Hour, "polygon")]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string query, string field)
    {
        var response = await Analyst().GetAsync($"/api/history/positions?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"errors should name {field}: {errors}");
    }

    [Fact]
    public async Task A_polygon_with_too_many_vertices_is_refused()
    {
        var ring = Enumerable.Range(0, 60).Select(i => (Lon: 105 + Math.Cos(i * Math.PI / 30), Lat: -8 + Math.Sin(i * Math.PI / 30))).ToList();
        ring.Add(ring[0]);
        var geoJson = $$"""{"type":"Polygon","coordinates":[[{{string.Join(",", ring.Select(p => FormattableString.Invariant($"[{p.Lon},{p.Lat}]")))}}]]}""";
        var response = await Analyst().GetAsync($"/api/history/positions?polygon={Uri.EscapeDataString(geoJson)}&{Hour}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("vertices", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_Accept_header_naming_nothing_served_is_refused_and_a_served_one_chooses_the_format()
    {
        var client = Analyst();
        var png = new HttpRequestMessage(HttpMethod.Get, $"/api/history/positions?bbox=104,-9,111,-7&{Hour}");
        png.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("image/png"));
        var refused = await client.SendAsync(png);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("\"format\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var gpx = new HttpRequestMessage(HttpMethod.Get, $"/api/history/positions?bbox=104,-9,111,-7&{Hour}");
        gpx.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/gpx+xml"));
        var served = await client.SendAsync(gpx);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("application/gpx+xml", served.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_area_query_prunes_partitions_and_uses_the_spatial_index_and_the_vessel_query_the_mmsi_index()
    {
        var window = new HistoryWindow(Day1, Day1.AddHours(1));
        var area = await ExplainAsync(HistorySelection.InArea(new BoundingBox(104, -9, 111, -7), window));
        Assert.Contains("ais_positions_p20261101", area, StringComparison.Ordinal);
        Assert.DoesNotContain("ais_positions_p20261102", area, StringComparison.Ordinal);
        Assert.Contains("position_idx", area, StringComparison.Ordinal);

        var vessel = await ExplainAsync(HistorySelection.OfVessels([A], window));
        Assert.DoesNotContain("ais_positions_p20261102", vessel, StringComparison.Ordinal);
        Assert.Contains("mmsi_observed_at_idx", vessel, StringComparison.Ordinal);
    }

    private async Task<string> ExplainAsync(HistorySelection selection)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        // Six rows per vessel make a sequential scan cheapest; forbid it to see which index the planner can use.
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", conn)) await off.ExecuteNonQueryAsync();
        await using var cmd = HistoryQuery.BuildCommand(selection, HistoryOrder.ByTime, null, 100);
        cmd.Connection = conn;
        cmd.CommandText = "EXPLAIN " + cmd.CommandText;
        var lines = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }
}
