using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Search;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Features.Drift;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MaritimeCoord.IntegrationTests.Search;

/// <summary>
/// Search plans through the API against real PostgreSQL/PostGIS: the proposal is the Domain planner's over the stored
/// drift-run grid, adjustments and results are recomputed by the Domain, the Bayesian update shows on the map, the
/// next plan starts from the posterior, exports parse, the SITREP's H and K are filled, events are numbered.
/// </summary>
public sealed class SearchPlansApiTests(SearchPlansApiTests.App app) : IClassFixture<SearchPlansApiTests.App>
{
    public sealed class App : MaritimeAppFactory;

    private const string Idn = "BASARNAS-IDN";
    private HttpClient Operator(string centre = Idn) => app.ClientAs(MaritimeRoles.Operator, centre, $"op-{centre}");

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static int _incidents;

    private async Task<Guid> IncidentAsync()
    {
        var k = Interlocked.Increment(ref _incidents);
        double lat = -9.0 - (k / 16) * 0.5, lon = 108.5 + (k % 16) * 0.5;
        var response = await Sightings.PostAsync(app.ClientAs(MaritimeRoles.Liaison, Idn, $"liaison-{Guid.NewGuid():N}"),
            Sightings.Valid(b => { b.Remove("positionText"); b["latitude"] = lat; b["longitude"] = lon; }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incidentId").GetGuid();
    }

    /// <summary>A drift run of the incident, seeded 6 h ago, run to completion (as Hangfire would); its seeding time.</summary>
    private async Task<(Guid RunId, DateTimeOffset Seeded)> RunAsync(Guid incident, bool complete = true)
    {
        var seeded = DateTimeOffset.UtcNow.AddHours(-6);
        seeded = new DateTimeOffset(seeded.Year, seeded.Month, seeded.Day, seeded.Hour, 0, 0, TimeSpan.Zero);
        var body = new JsonObject
        {
            ["objectClass"] = "SKIFF-2",
            ["seeding"] = new JsonObject { ["kind"] = "point", ["latitude"] = -9.5, ["longitude"] = 113.0, ["radiusMetres"] = 1852, ["time"] = Iso(seeded) },
            ["forcing"] = new JsonObject { ["onScene"] = new JsonObject { ["windSpeed"] = 10, ["windFrom"] = 135, ["currentSpeed"] = 0.3, ["currentTo"] = 250 } },
            ["hours"] = 12, ["particles"] = 3000, ["stepMinutes"] = 10, ["seed"] = 3,
        };
        var started = await Operator().PostAsJsonAsync($"/api/incidents/{incident}/drift-runs", body);
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        var runId = Guid.Parse(started.Headers.Location!.OriginalString.Split('/')[^1]);
        if (complete)
        {
            await using var scope = app.Services.CreateAsyncScope();
            Assert.True(await scope.ServiceProvider.GetRequiredService<DriftRunJob>().RunAsync(runId, default));
        }
        return (runId, seeded);
    }

    private static JsonObject PlanBody(Guid runId, DateTimeOffset start, Action<JsonObject>? change = null)
    {
        var body = new JsonObject
        {
            ["driftRunId"] = runId.ToString(),
            ["start"] = Iso(start),
            ["assets"] = new JsonArray
            {
                new JsonObject { ["assetCode"] = "KN-SAR-1", ["speedKnots"] = 12, ["enduranceHours"] = 3, ["sweepWidthNm"] = 1.2 },
                new JsonObject { ["assetCode"] = "MV-ATLAS", ["speedKnots"] = 10, ["enduranceHours"] = 2, ["objectType"] = "boat-under-5-metres",
                    ["visibilityNm"] = 10, ["seaState"] = "moderate", ["pattern"] = "creeping-line" },
            },
        };
        change?.Invoke(body);
        return body;
    }

    private static async Task<HttpResponseMessage> ProposeAsync(HttpClient client, Guid incident, JsonObject body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{incident}/search-plans") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>The Domain's evaluation of what is stored: the plan's prior grid and its assignments, read straight from PostgreSQL.</summary>
    private async Task<SearchPlan> StoredEvaluationAsync(Guid incident, int number)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        ProbabilityGrid grid;
        await using (var cmd = new NpgsqlCommand("""
            SELECT grid_centre_latitude, grid_centre_longitude, grid_origin_x, grid_origin_y, grid_cell_metres, grid_columns, grid_rows, grid_cells,
                   grid_probabilities, grid_probability_in_grid, grid_stranded_probability
            FROM search_plans WHERE incident_id = @i AND number = @n
            """, conn))
        {
            cmd.Parameters.AddWithValue("i", incident);
            cmd.Parameters.AddWithValue("n", number);
            await using var r = await cmd.ExecuteReaderAsync();
            Assert.True(await r.ReadAsync());
            grid = ProbabilityGrid.FromNonEmptyCells(new LocalProjection(r.GetDouble(0), r.GetDouble(1)), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4),
                r.GetInt32(5), r.GetInt32(6), r.GetFieldValue<int[]>(7), r.GetFieldValue<double[]>(8), r.GetDouble(9), r.GetDouble(10));
        }
        var assignments = new List<AssetAssignment>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT asset_code, speed_knots, endurance_hours, sweep_width_nm, pattern, track_spacing_metres, centre_x, centre_y, length_metres, width_metres, orientation_degrees
            FROM search_plan_assignments WHERE incident_id = @i AND number = @n AND centre_x IS NOT NULL ORDER BY ordinal
            """, conn))
        {
            cmd.Parameters.AddWithValue("i", incident);
            cmd.Parameters.AddWithValue("n", number);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                var pattern = r.GetString(4) switch
                {
                    "parallel-sweep" => SearchPattern.ParallelSweep,
                    "creeping-line" => SearchPattern.CreepingLine,
                    "expanding-square" => SearchPattern.ExpandingSquare,
                    "sector" => SearchPattern.Sector,
                    _ => SearchPattern.TrackLine,
                };
                var asset = new SearchAsset(r.GetString(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3), pattern);
                assignments.Add(new AssetAssignment(asset, new SearchArea(r.GetDouble(6), r.GetDouble(7), r.GetDouble(8), r.GetDouble(9), r.GetDouble(10)),
                    pattern, r.GetDouble(5)));
            }
        }
        return SearchEvaluation.Evaluate(grid, assignments);
    }

    private static void AssertMatches(SearchPlan expected, JsonElement plan)
    {
        Assert.Equal(expected.ProbabilityOfSuccess, plan.GetProperty("probabilityOfSuccess").GetDouble(), 12);
        var assignments = plan.GetProperty("assignments").EnumerateArray().ToList();
        Assert.Equal(expected.Outcomes.Select(o => o.AssetCode), assignments.Select(a => a.GetProperty("assetCode").GetString()));
        foreach (var (outcome, a) in expected.Outcomes.Zip(assignments))
        {
            Assert.Equal(outcome.ProbabilityOfSuccess, a.GetProperty("probabilityOfSuccess").GetDouble(), 12);
            Assert.Equal(outcome.ProbabilityOfDetection, a.GetProperty("probabilityOfDetection").GetDouble(), 12);
            Assert.Equal(outcome.Coverage, a.GetProperty("coverage").GetDouble(), 12);
        }
    }

    private static async Task<JsonElement> GridAsync(HttpClient client, Guid incident, int number)
    {
        var response = await client.GetAsync($"/api/incidents/{incident}/search-plans/{number}/grid");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType!.MediaType);
        return await OkAsync(response);
    }

    private static Dictionary<int, (double P, double Prior, double? Pod)> Cells(JsonElement grid) =>
        grid.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToDictionary(
            p => p.GetProperty("cell").GetInt32(),
            p => (p.GetProperty("probability").GetDouble(), p.GetProperty("prior").GetDouble(),
                p.TryGetProperty("probabilityOfDetection", out var pod) ? pod.GetDouble() : (double?)null));

    [Fact]
    public async Task A_plan_is_proposed_adjusted_issued_searched_and_the_next_plan_starts_from_the_posterior()
    {
        var incident = await IncidentAsync();
        var (runId, seeded) = await RunAsync(incident);
        var start = seeded.AddHours(4).AddMinutes(10);
        var key = Guid.NewGuid().ToString();
        var created = await ProposeAsync(Operator(), incident, PlanBody(runId, start), key);
        var plan = await CreatedAsync(created);
        Assert.Equal($"/api/incidents/{incident}/search-plans/1", created.Headers.Location!.OriginalString);
        Assert.Equal(1, plan.GetProperty("number").GetInt32());
        Assert.Equal("proposed", plan.GetProperty("status").GetString());
        Assert.Equal(4, plan.GetProperty("runHour").GetInt32()); // the output hour nearest the start
        Assert.Equal(runId, plan.GetProperty("driftRunId").GetGuid());
        var assignments = plan.GetProperty("assignments").EnumerateArray().ToList();
        Assert.Equal(2, assignments.Count);
        Assert.Equal("creeping-line", assignments[1].GetProperty("pattern").GetString());
        // W from the table: boat < 5 m at 10 NM is 1.9 NM, moderate seas 0.5.
        Assert.Equal(0.95, assignments[1].GetProperty("sweepWidthNm").GetDouble(), 9);
        var pos = plan.GetProperty("probabilityOfSuccess").GetDouble();
        Assert.InRange(pos, 0.05, 1);
        Assert.Equal(pos, plan.GetProperty("cumulativeProbabilityOfSuccess").GetDouble(), 12);
        AssertMatches(await StoredEvaluationAsync(incident, 1), plan);
        foreach (var a in assignments)
        {
            var waypoints = a.GetProperty("waypoints").EnumerateArray().ToList();
            Assert.True(waypoints.Count >= 2);
            Assert.Equal(start, waypoints[0].GetProperty("time").GetDateTimeOffset());
            Assert.Equal("Polygon", a.GetProperty("polygon").GetProperty("type").GetString());
            Assert.Equal(5, a.GetProperty("polygon").GetProperty("coordinates")[0].GetArrayLength());
        }

        // Retried with the same key: the same plan, nothing new; the key on another body is refused.
        var again = await ProposeAsync(Operator(), incident, PlanBody(runId, start), key);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(created.Headers.Location, again.Headers.Location);
        await AssertFieldAsync(await ProposeAsync(Operator(), incident, PlanBody(runId, start.AddMinutes(5)), key), "Idempotency-Key");
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM search_plans WHERE incident_id = '{incident}'"));

        // The moving datum: the run drifts, and so do the waypoints: each is the plan's pattern point moved by the drift
        // between the grid's hour and the waypoint's time (so two waypoints an hour apart move by about an hour's drift).
        var run = await Operator().GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}/drift-runs/{runId}");
        var hours = run.GetProperty("hours").EnumerateArray().ToList();
        var hourlyDrift = Geodesic.Distance(new GeoPosition(hours[4].GetProperty("meanLatitude").GetDouble(), hours[4].GetProperty("meanLongitude").GetDouble()),
            new GeoPosition(hours[5].GetProperty("meanLatitude").GetDouble(), hours[5].GetProperty("meanLongitude").GetDouble()));
        Assert.True(hourlyDrift > 300, $"the cloud drifts {hourlyDrift} m/h");

        // Adjust: move, resize, rotate, change pattern and spacing; POS recomputed by the Domain.
        var first = assignments[0];
        var centre = first.GetProperty("area").GetProperty("centre");
        var put = await Operator().PutAsJsonAsync($"/api/incidents/{incident}/search-plans/1/assignments/KN-SAR-1", new
        {
            area = new { centre = new { lat = centre.GetProperty("lat").GetDouble() + 0.01, lon = centre.GetProperty("lon").GetDouble() },
                lengthNm = first.GetProperty("area").GetProperty("lengthNm").GetDouble() * 1.2, widthNm = first.GetProperty("area").GetProperty("widthNm").GetDouble(),
                orientationDegrees = 30.0 },
            pattern = "track-line",
            trackSpacingNm = 1.0,
        });
        var adjusted = await OkAsync(put);
        var adjustedFirst = adjusted.GetProperty("assignments")[0];
        Assert.Equal("track-line", adjustedFirst.GetProperty("pattern").GetString());
        Assert.Equal(1.0, adjustedFirst.GetProperty("trackSpacingNm").GetDouble(), 9);
        Assert.Equal(30.0, adjustedFirst.GetProperty("area").GetProperty("orientationDegrees").GetDouble(), 9);
        Assert.NotEqual(pos, adjusted.GetProperty("probabilityOfSuccess").GetDouble());
        AssertMatches(await StoredEvaluationAsync(incident, 1), adjusted);
        await AssertFieldAsync(await Operator().PutAsJsonAsync($"/api/incidents/{incident}/search-plans/1/assignments/KN-SAR-1", new { pattern = "zigzag" }), "pattern");
        await AssertFieldAsync(await Operator().PutAsJsonAsync($"/api/incidents/{incident}/search-plans/1/assignments/KN-SAR-1", new { trackSpacingNm = 0 }), "trackSpacingNm");
        Assert.Equal(HttpStatusCode.NotFound, (await Operator().PutAsJsonAsync($"/api/incidents/{incident}/search-plans/1/assignments/NOBODY", new { pattern = "sector" })).StatusCode);

        // Results before issue: 409. Issue: no more edits.
        Assert.Equal(HttpStatusCode.Conflict, (await Operator().PostAsJsonAsync($"/api/incidents/{incident}/search-plans/1/results", new { assetCode = "KN-SAR-1", searched = "full" })).StatusCode);
        var issued = await OkAsync(await Operator().PostAsync($"/api/incidents/{incident}/search-plans/1/issue", null));
        Assert.Equal("issued", issued.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Operator().PutAsJsonAsync($"/api/incidents/{incident}/search-plans/1/assignments/KN-SAR-1", new { pattern = "sector" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Operator().PostAsync($"/api/incidents/{incident}/search-plans/1/issue", null)).StatusCode);

        // A full search by KN-SAR-1: the map updates (sums to 1, its searched cells lower), POS achieved.
        var prior = Cells(await GridAsync(Operator(), incident, 1));
        Assert.Equal(1.0, prior.Values.Sum(c => c.P), 9);
        await AssertFieldAsync(await Operator().PostAsJsonAsync($"/api/incidents/{incident}/search-plans/1/results", new { assetCode = "NOBODY", searched = "full" }), "assetCode");
        await AssertFieldAsync(await Operator().PostAsJsonAsync($"/api/incidents/{incident}/search-plans/1/results", new { assetCode = "KN-SAR-1", searched = "half" }), "searched");
        await AssertFieldAsync(await Operator().PostAsJsonAsync($"/api/incidents/{incident}/search-plans/1/results", new { assetCode = "KN-SAR-1", searched = "partial" }), "fractionSearched");
        await AssertFieldAsync(await Operator().PostAsJsonAsync($"/api/incidents/{incident}/search-plans/1/results",
            new { assetCode = "KN-SAR-1", searched = "full", trackGpx = "<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\"/></trkseg></trk></gpx>" }), "trackGpx");
        var afterOne = await OkAsync(await Operator().PostAsJsonAsync($"/api/incidents/{incident}/search-plans/1/results",
            new { assetCode = "KN-SAR-1", searched = "full", visibilityNm = 8, seaState = "moderate" }));
        Assert.Equal("issued", afterOne.GetProperty("status").GetString());
        var achievedOne = afterOne.GetProperty("achievedProbabilityOfSuccess").GetDouble();
        Assert.InRange(achievedOne, 0.01, 1);
        var ownPos = afterOne.GetProperty("assignments")[0].GetProperty("result").GetProperty("probabilityOfSuccess").GetDouble();
        Assert.Equal(achievedOne, ownPos, 12);
        var posterior = Cells(await GridAsync(Operator(), incident, 1));
        Assert.Equal(1.0, posterior.Values.Sum(c => c.P), 9);
        // p ← p (1 − POD) / (1 − POS): a cell searched harder than the plan's average loses probability, one not searched gains.
        var searchedCells = posterior.Where(c => c.Value.Pod > achievedOne + 1e-9).ToList();
        Assert.NotEmpty(searchedCells);
        Assert.All(searchedCells, c => Assert.True(c.Value.P < prior[c.Key].P, $"cell {c.Key}: {c.Value.P} after, {prior[c.Key].P} before"));
        Assert.All(posterior.Where(c => c.Value.Pod == 0), c => Assert.True(c.Value.P >= prior[c.Key].P));
        Assert.Equal(HttpStatusCode.Conflict, (await Operator().PostAsJsonAsync($"/api/incidents/{incident}/search-plans/1/results", new { assetCode = "KN-SAR-1", searched = "full" })).StatusCode);

        // MV-ATLAS reports its actual track (its planned route, as a GPX track): every asset has reported, the plan closes.
        var gpx = await Operator().GetStringAsync($"/api/incidents/{incident}/search-plans/1/assignments/MV-ATLAS/route.gpx");
        var route = XDocument.Parse(gpx).Descendants(XName.Get("rtept", RouteExport.GpxNamespace)).ToList();
        var track = new StringBuilder("<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg>");
        foreach (var p in route)
            track.Append(CultureInfo.InvariantCulture, $"<trkpt lat=\"{p.Attribute("lat")!.Value}\" lon=\"{p.Attribute("lon")!.Value}\"><time>{p.Element(XName.Get("time", RouteExport.GpxNamespace))!.Value}</time></trkpt>");
        track.Append("</trkseg></trk></gpx>");
        var closed = await OkAsync(await Operator().PostAsJsonAsync($"/api/incidents/{incident}/search-plans/1/results",
            new { assetCode = "MV-ATLAS", searched = "full", trackGpx = track.ToString() }));
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        var achieved = closed.GetProperty("achievedProbabilityOfSuccess").GetDouble();
        Assert.True(achieved > achievedOne);
        Assert.True(closed.GetProperty("assignments")[1].GetProperty("result").GetProperty("track").GetBoolean());
        Assert.Equal(achieved, closed.GetProperty("cumulativeProbabilityOfSuccess").GetDouble(), 12);
        Assert.Equal(HttpStatusCode.Conflict, (await Operator().PostAsJsonAsync($"/api/incidents/{incident}/search-plans/1/results", new { assetCode = "MV-ATLAS", searched = "full" })).StatusCode);

        // The next plan, same run and start: its prior is plan 1's posterior, and the cumulative POS rises.
        var next = await CreatedAsync(await ProposeAsync(Operator(), incident, PlanBody(runId, start)));
        Assert.Equal(2, next.GetProperty("number").GetInt32());
        Assert.Equal([1], next.GetProperty("priorFrom").EnumerateArray().Select(e => e.GetInt32()));
        var posteriorOne = Cells(await GridAsync(Operator(), incident, 1));
        var priorTwo = Cells(await GridAsync(Operator(), incident, 2));
        foreach (var (cell, value) in posteriorOne.Where(c => c.Value.P > 0))
            Assert.Equal(value.P, priorTwo[cell].P, 12);
        Assert.True(next.GetProperty("cumulativeProbabilityOfSuccess").GetDouble() > achieved);
        AssertMatches(await StoredEvaluationAsync(incident, 2), next);
        var list = await Operator().GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}/search-plans");
        Assert.Equal([1, 2], list.EnumerateArray().Select(p => p.GetProperty("number").GetInt32()));

        // Timeline and numbered situation events.
        foreach (var kind in new[] { "search-plan-proposed", "search-plan-adjusted", "search-plan-issued", "search-result-recorded" })
            Assert.True(await app.ScalarAsync($"SELECT count(*) FROM incident_timeline WHERE incident_id = '{incident}' AND kind = '{kind}'") >= 1, kind);
        Assert.Equal(2, await app.ScalarAsync($"SELECT count(*) FROM situation_events WHERE incident_id = '{incident}' AND stream = 'incident:{incident}' AND event_name = 'searchPlanProposed'"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM situation_events WHERE incident_id = '{incident}' AND stream = 'incident:{incident}' AND event_name = 'searchPlanIssued'"));
        Assert.Equal(2, await app.ScalarAsync($"SELECT count(*) FROM situation_events WHERE incident_id = '{incident}' AND stream = 'incident:{incident}' AND event_name = 'searchResultRecorded'"));

        // SITREP: H from the run's on-scene values and the reported conditions, K from the plans.
        var sitrep = await Operator().GetStringAsync($"/api/incidents/{incident}/sitrep?form=full&format=text");
        var h = Item(sitrep, "H");
        Assert.Contains("WIND 10 M/S", h, StringComparison.Ordinal);
        Assert.Contains("FROM 135", h, StringComparison.Ordinal);
        Assert.Contains("SEA MODERATE", h, StringComparison.Ordinal);
        var k = Item(sitrep, "K");
        Assert.Contains("SEARCH PLAN 2 (PROPOSED)", k, StringComparison.Ordinal);
        Assert.Contains("KN-SAR-1", k, StringComparison.Ordinal);
        Assert.Contains("CUMULATIVE POS", k, StringComparison.Ordinal);
    }

    private static string Item(string sitrep, string letter) => sitrep.Split('\n').First(l => l.StartsWith(letter + ". ", StringComparison.Ordinal));

    [Fact]
    public async Task Routes_export_as_RTZ_and_GPX_with_one_waypoint_per_turn_point()
    {
        var incident = await IncidentAsync();
        var (runId, seeded) = await RunAsync(incident);
        var plan = await CreatedAsync(await ProposeAsync(Operator(), incident, PlanBody(runId, seeded.AddHours(2))));
        var a = plan.GetProperty("assignments")[0];
        var code = a.GetProperty("assetCode").GetString();
        var waypoints = a.GetProperty("waypoints").EnumerateArray().ToList();

        var rtz = await Operator().GetAsync($"/api/incidents/{incident}/search-plans/1/assignments/{code}/route.rtz");
        Assert.Equal(HttpStatusCode.OK, rtz.StatusCode);
        Assert.Equal("application/rtz+xml", rtz.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".rtz", rtz.Content.Headers.ContentDisposition!.FileNameStar ?? rtz.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        var rtzDoc = XDocument.Parse(await rtz.Content.ReadAsStringAsync());
        var rtzPoints = rtzDoc.Descendants(XName.Get("waypoint", RouteExport.RtzNamespace)).ToList();
        Assert.Equal(waypoints.Count, rtzPoints.Count);
        var firstPosition = rtzPoints[0].Element(XName.Get("position", RouteExport.RtzNamespace))!;
        Assert.Equal(waypoints[0].GetProperty("lat").GetDouble(), double.Parse(firstPosition.Attribute("lat")!.Value, CultureInfo.InvariantCulture), 6);

        var gpx = await Operator().GetAsync($"/api/incidents/{incident}/search-plans/1/assignments/{code}/route.gpx");
        Assert.Equal("application/gpx+xml", gpx.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".gpx", gpx.Content.Headers.ContentDisposition!.FileNameStar ?? gpx.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        var gpxDoc = XDocument.Parse(await gpx.Content.ReadAsStringAsync());
        Assert.Equal(waypoints.Count, gpxDoc.Descendants(XName.Get("rtept", RouteExport.GpxNamespace)).Count());
        Assert.Equal(HttpStatusCode.NotFound, (await Operator().GetAsync($"/api/incidents/{incident}/search-plans/1/assignments/NOBODY/route.gpx")).StatusCode);
    }

    public static TheoryData<string, string> BadPlans => new()
    {
        { "assets", """{"assets":[]}""" },
        { "assets[0].speedKnots", """{"assets":[{"assetCode":"A","speedKnots":0,"enduranceHours":2,"sweepWidthNm":1}]}""" },
        { "assets[0].enduranceHours", """{"assets":[{"assetCode":"A","speedKnots":10,"enduranceHours":-1,"sweepWidthNm":1}]}""" },
        { "assets[0].sweepWidthNm", """{"assets":[{"assetCode":"A","speedKnots":10,"enduranceHours":2,"sweepWidthNm":0}]}""" },
        { "assets[0].pattern", """{"assets":[{"assetCode":"A","speedKnots":10,"enduranceHours":2,"sweepWidthNm":1,"pattern":"zigzag"}]}""" },
        { "assets[0].objectType", """{"assets":[{"assetCode":"A","speedKnots":10,"enduranceHours":2,"objectType":"whale","visibilityNm":5,"seaState":"calm"}]}""" },
        { "assets[0].seaState", """{"assets":[{"assetCode":"A","speedKnots":10,"enduranceHours":2,"visibilityNm":5}]}""" },
        { "assets[1].assetCode", """{"assets":[{"assetCode":"A","speedKnots":10,"enduranceHours":2,"sweepWidthNm":1},{"assetCode":"A","speedKnots":10,"enduranceHours":2,"sweepWidthNm":1}]}""" },
        { "start", """{"start":"2000-01-01T00:00:00Z"}""" },
        { "start", """{"start":"2099-01-01T00:00:00Z"}""" },
        { "start", """{"start":"yesterday"}""" },
        { "driftRunId", """{"driftRunId":"0190f3a0-0000-7000-8000-000000000000"}""" },
        { "unknownField", """{"unknownField":1}""" },
    };

    [Theory]
    [MemberData(nameof(BadPlans))]
    public async Task A_bad_plan_is_422_naming_the_field(string field, string overrides)
    {
        var incident = await IncidentAsync();
        var (runId, seeded) = await RunAsync(incident);
        var body = PlanBody(runId, seeded.AddHours(1));
        foreach (var (name, value) in JsonNode.Parse(overrides)!.AsObject().ToList())
            body[name] = value?.DeepClone();
        await AssertFieldAsync(await ProposeAsync(Operator(), incident, body), field);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM search_plans WHERE incident_id = '{incident}'"));
    }

    [Fact]
    public async Task A_run_not_completed_or_of_another_incident_is_422()
    {
        var incident = await IncidentAsync();
        var (queued, seeded) = await RunAsync(incident, complete: false);
        var problem = await AssertFieldAsync(await ProposeAsync(Operator(), incident, PlanBody(queued, seeded.AddHours(1))), "driftRunId");
        Assert.Contains("queued", problem.GetProperty("errors").GetProperty("driftRunId")[0].GetString(), StringComparison.Ordinal);
        var other = await IncidentAsync();
        var (otherRun, _) = await RunAsync(other);
        problem = await AssertFieldAsync(await ProposeAsync(Operator(), incident, PlanBody(otherRun, seeded.AddHours(1))), "driftRunId");
        Assert.Contains("another incident", problem.GetProperty("errors").GetProperty("driftRunId")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_coordinating_centre_plans_and_records_and_partners_and_analysts_read()
    {
        var incident = await IncidentAsync();
        var (runId, seeded) = await RunAsync(incident);
        var body = PlanBody(runId, seeded.AddHours(1));
        var url = $"/api/incidents/{incident}/search-plans";

        Assert.Equal(HttpStatusCode.Forbidden, (await ProposeAsync(app.ClientAs(MaritimeRoles.Liaison, Idn), incident, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ProposeAsync(app.ClientAs(MaritimeRoles.Analyst, null), incident, body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ProposeAsync(Operator("JRCC-AUS"), incident, body)).StatusCode);
        await CreatedAsync(await ProposeAsync(Operator(), incident, body));
        await CreatedAsync(await ProposeAsync(app.ClientAs(MaritimeRoles.Admin, null), incident, body));

        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(MaritimeRoles.Liaison, Idn).GetAsync(url + "/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(MaritimeRoles.Liaison, Idn).GetAsync(url + "/1/grid")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientAs(MaritimeRoles.Analyst, null).GetAsync(url + "/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Operator("JRCC-AUS").GetAsync(url + "/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Operator("JRCC-AUS").PostAsync(url + "/1/issue", null)).StatusCode);

        // Offered to JRCC-AUS: it reads the plans but does not change them (the coordinating centre still coordinates).
        var offer = await Operator().PostAsJsonAsync($"/api/incidents/{incident}/handover", new { toCentre = "JRCC-AUS", reason = "drifting south" });
        Assert.True(offer.IsSuccessStatusCode, await offer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await Operator("JRCC-AUS").GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Operator("JRCC-AUS").GetAsync(url + "/1/assignments/KN-SAR-1/route.rtz")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ProposeAsync(Operator("JRCC-AUS"), incident, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Operator("JRCC-AUS").PostAsync(url + "/1/issue", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Operator("JRCC-AUS").PutAsJsonAsync(url + "/1/assignments/KN-SAR-1", new { pattern = "sector" })).StatusCode);
        await OkAsync(await Operator().PostAsync(url + "/1/issue", null));
        Assert.Equal(HttpStatusCode.Conflict, (await Operator("JRCC-AUS").PostAsJsonAsync(url + "/1/results", new { assetCode = "KN-SAR-1", searched = "full" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(MaritimeRoles.Liaison, Idn).PostAsJsonAsync(url + "/1/results", new { assetCode = "KN-SAR-1", searched = "full" })).StatusCode);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM search_plan_results WHERE incident_id = '{incident}'"));
    }

    private static async Task<JsonElement> AssertFieldAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}: {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {text}");
        return problem;
    }
}
