using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MaritimeCoord.DevTools.Load;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.Search;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Features.Drift;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MaritimeCoord.IntegrationTests.Drift;

/// <summary>
/// Drift runs of an incident through the API against real PostgreSQL/PostGIS and RabbitMQ: forcing upload (files made
/// by ncgen), validation, idempotency, authorization, the job (run directly, as Hangfire would), results checked with
/// PostGIS, crash recovery by the sweep, and progress and completion received by a hub client.
/// </summary>
public sealed class DriftRunsApiTests(DriftRunsApiTests.App app) : IClassFixture<DriftRunsApiTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Drift:ProgressInterval"] = "00:00:00.050",
            ["Drift:StaleAfter"] = "00:00:30",
        };

        private readonly SemaphoreSlim _gate = new(1, 1);
        private Guid? _forcingId;

        /// <summary>One forcing file for the class: wind and current south of Java, the last 3 days to 2 days ahead.</summary>
        public async Task<Guid> ForcingAsync()
        {
            await _gate.WaitAsync();
            try
            {
                if (_forcingId is { } id) return id;
                var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-3), TimeSpan.Zero);
                var bytes = SyntheticForcing.Compile(SyntheticForcing.Cdl(-12, 108, -5, 118, 0.25, start, 5 * 24));
                var response = await Upload(bytes, "synthetic-java.nc");
                Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                _forcingId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                return _forcingId.Value;
            }
            finally
            {
                _gate.Release();
            }
        }

        public Task<HttpResponseMessage> Upload(byte[] bytes, string name, string role = MaritimeRoles.Admin)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-netcdf");
            return ClientAs(role, role == MaritimeRoles.Admin ? null : Idn).PostAsync($"/api/forcing?name={Uri.EscapeDataString(name)}", content);
        }
    }

    private const string Idn = "BASARNAS-IDN";
    private HttpClient Operator(string centre = Idn) => app.ClientAs(MaritimeRoles.Operator, centre, $"op-{centre}");

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static int _incidents;

    /// <summary>A new incident per call: sightings 0.5° apart never correlate (20 nm) into one incident.</summary>
    private async Task<Guid> IncidentAsync()
    {
        var k = Interlocked.Increment(ref _incidents);
        double lat = -9.0 - (k / 16) * 0.5, lon = 108.5 + (k % 16) * 0.5;
        var response = await Sightings.PostAsync(app.ClientAs(MaritimeRoles.Liaison, Idn, $"liaison-{Guid.NewGuid():N}"),
            Sightings.Valid(b => { b.Remove("positionText"); b["latitude"] = lat; b["longitude"] = lon; }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incidentId").GetGuid();
    }

    private static JsonObject Body(Guid? fileId = null, int particles = 2000, int hours = 12, Action<JsonObject>? change = null)
    {
        var body = new JsonObject
        {
            ["objectClass"] = "FISHING-VESSEL-1",
            ["seeding"] = new JsonObject
            {
                ["kind"] = "point", ["latitude"] = -9.5, ["longitude"] = 113.0, ["radiusMetres"] = 1852,
                ["time"] = Iso(DateTimeOffset.UtcNow.AddHours(-2)),
            },
            ["forcing"] = fileId is null
                ? new JsonObject { ["onScene"] = new JsonObject { ["windSpeed"] = 10, ["windFrom"] = 135, ["currentSpeed"] = 0.3, ["currentTo"] = 250 } }
                : new JsonObject { ["fileId"] = fileId.Value.ToString(), ["onScene"] = new JsonObject { ["windSpeed"] = 8, ["windFrom"] = 90 } },
            ["hours"] = hours,
            ["particles"] = particles,
            ["stepMinutes"] = 10,
            ["direction"] = "forward",
            ["seed"] = 7,
        };
        change?.Invoke(body);
        return body;
    }

    private static async Task<HttpResponseMessage> StartAsync(HttpClient client, Guid incident, JsonObject body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{incident}/drift-runs") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private async Task<bool> RunJobAsync(Guid runId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DriftRunJob>().RunAsync(runId, default);
    }

    private static Guid RunIdOf(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {response.Content.ReadAsStringAsync().Result}");
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    [Fact]
    public async Task A_run_on_a_forcing_file_is_stored_and_served_and_its_containment_holds_its_share_of_particles()
    {
        var fileId = await app.ForcingAsync();
        var listing = await Operator().GetFromJsonAsync<JsonElement>("/api/forcing");
        var file = listing.EnumerateArray().Single(f => f.GetProperty("id").GetGuid() == fileId);
        Assert.True(file.GetProperty("hasWind").GetBoolean());
        Assert.True(file.GetProperty("hasCurrent").GetBoolean());
        Assert.Equal(["wind", "current"], file.GetProperty("variables").EnumerateArray().Select(v => v.GetProperty("kind").GetString()));
        Assert.Equal(108, file.GetProperty("west").GetDouble(), 3);

        var incident = await IncidentAsync();
        var started = await StartAsync(Operator(), incident, Body(fileId));
        var runId = RunIdOf(started);
        Assert.Equal("queued", (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        Assert.True(await RunJobAsync(runId));
        Assert.False(await RunJobAsync(runId)); // a duplicate delivery finds nothing to do

        var run = await Operator().GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}/drift-runs/{runId}");
        Assert.Equal("succeeded", run.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal(1.0, run.GetProperty("run").GetProperty("progress").GetDouble(), 6);
        Assert.Equal(fileId, run.GetProperty("forcing").GetProperty("fileId").GetGuid());
        Assert.Equal("synthetic-java.nc", run.GetProperty("forcing").GetProperty("fileName").GetString());
        var hours = run.GetProperty("hours").EnumerateArray().ToList();
        Assert.Equal(13, hours.Count);
        var last = hours[^1];
        var manual = last.GetProperty("manual");
        double x = manual.GetProperty("initialErrorMetres").GetDouble(), y = manual.GetProperty("searchCraftErrorMetres").GetDouble();
        double drift = manual.GetProperty("driftMetres").GetDouble();
        Assert.Equal(1852, x, 6);
        Assert.True(drift > 1000, $"the datum drifted {drift} m in 12 h of 6–10 m/s wind");
        var e = Math.Sqrt(x * x + y * y + 0.09 * drift * drift);
        Assert.Equal(e, manual.GetProperty("probableErrorMetres").GetDouble(), 3);
        Assert.Equal(e * 1.1, manual.GetProperty("searchRadiusMetres").GetDouble(), 3);
        Assert.Equal(2000, last.GetProperty("active").GetInt32() + last.GetProperty("stranded").GetInt32());

        var particles = await Operator().GetAsync($"/api/incidents/{incident}/drift-runs/{runId}/particles?hour=12");
        Assert.Equal("application/geo+json", particles.Content.Headers.ContentType!.MediaType);
        var points = (await particles.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(2000, points.Count);
        Assert.All(points, p => Assert.Equal("Point", p.GetProperty("geometry").GetProperty("type").GetString()));
        Assert.Contains(points, p => p.GetProperty("properties").GetProperty("side").GetString() == "right");
        Assert.Contains(points, p => p.GetProperty("properties").GetProperty("side").GetString() == "left");

        var grid = await Operator().GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}/drift-runs/{runId}/grid?hour=12");
        var cells = grid.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(1.0, cells.Sum(c => c.GetProperty("properties").GetProperty("probability").GetDouble()), 3);
        await AssertStoredGridIsTheSearchGridOfTheStoredParticlesAsync(runId, 12, cells);

        var containment = await Operator().GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}/drift-runs/{runId}/containment?hour=12");
        var features = containment.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(["containment", "containment", "containment", "manual-datum"], features.Select(f => f.GetProperty("properties").GetProperty("kind").GetString()));
        Assert.All(features.Take(3), f => Assert.Equal("MultiPolygon", f.GetProperty("geometry").GetProperty("type").GetString()));

        // Independent check in PostGIS: the share of stored particles each containment area covers, and validity. The
        // highest-probability cells are taken until they reach p, so the area overshoots p by less than one cell's share
        // (plus a few permille for particles on a cell edge the reprojected outline leaves out or takes in).
        var largestCellPermille = 1000 * cells.Max(c => c.GetProperty("properties").GetProperty("probability").GetDouble());
        foreach (var percent in new[] { 50, 90, 95 })
        {
            var coveredPermille = await app.ScalarAsync($"""
                SELECT (1000.0 * count(*) FILTER (WHERE ST_Covers(c.area, d.geom::geography)) / count(*))::bigint
                FROM drift_run_containment c JOIN drift_run_hours h ON h.run_id = c.run_id AND h.hour = c.hour,
                     LATERAL ST_Dump(h.particles::geometry) d
                WHERE c.run_id = '{runId}' AND c.hour = 12 AND c.percent = {percent}
                """);
            Assert.InRange(coveredPermille, percent * 10 - 5, percent * 10 + (long)Math.Ceiling(largestCellPermille) + 5);
            Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM drift_run_containment WHERE run_id = '{runId}' AND hour = 12 AND percent = {percent} AND ST_IsValid(area::geometry)"));
        }
        Assert.True(await app.ScalarAsync($"SELECT count(*) FROM incident_timeline WHERE incident_id = '{incident}' AND kind = 'drift-run-completed'") == 1);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox_messages WHERE message_type = 'MaritimeCoord.Contracts.Drift.DriftRunCompleted' AND payload::jsonb->>'runId' = '{runId}'"));

        var list = await Operator().GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}/drift-runs");
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("id").GetGuid() == runId);
        var badHour = await Operator().GetAsync($"/api/incidents/{incident}/drift-runs/{runId}/particles?hour=13");
        await AssertFieldAsync(badHour, "hour");
    }

    [Fact]
    public async Task A_backward_line_run_on_scene_values_succeeds_and_a_retry_with_the_same_key_starts_nothing_new()
    {
        var incident = await IncidentAsync();
        var body = Body(particles: 500, hours: 6, change: b =>
        {
            b["direction"] = "backward";
            b["seeding"] = new JsonObject
            {
                ["kind"] = "line",
                ["start"] = new JsonObject { ["latitude"] = -9.6, ["longitude"] = 112.9, ["time"] = Iso(DateTimeOffset.UtcNow.AddHours(-5)), ["radiusMetres"] = 500 },
                ["end"] = new JsonObject { ["latitude"] = -9.4, ["longitude"] = 113.1, ["time"] = Iso(DateTimeOffset.UtcNow.AddHours(-1)), ["radiusMetres"] = 2000 },
            };
        });
        var key = Guid.NewGuid().ToString();
        var first = await StartAsync(Operator(), incident, body, key);
        RunIdOf(first);
        var again = await StartAsync(Operator(), incident, body, key);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM drift_runs WHERE incident_id = '{incident}'"));

        var other = await StartAsync(Operator(), incident, Body(particles: 600), key);
        await AssertFieldAsync(other, "Idempotency-Key");

        Assert.True(await RunJobAsync(RunIdOf(first)));
        var run = await Operator().GetFromJsonAsync<JsonElement>(first.Headers.Location!.OriginalString);
        Assert.Equal("succeeded", run.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal("backward", run.GetProperty("run").GetProperty("direction").GetString());
        Assert.Equal(2000, run.GetProperty("hours")[0].GetProperty("manual").GetProperty("initialErrorMetres").GetDouble(), 6);
    }

    /// <summary>
    /// The search planner reads the grid a run stores: rebuilt here by the Search module from the stored particles, it is
    /// the stored grid value for value, and the grid GeoJSON serves exactly its non-empty cells.
    /// </summary>
    private async Task AssertStoredGridIsTheSearchGridOfTheStoredParticlesAsync(Guid runId, int hour, List<JsonElement> features)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT ST_AsBinary(particles), flags, grid_centre_latitude, grid_centre_longitude, grid_origin_x, grid_origin_y, grid_cell_metres,
                   grid_columns, grid_rows, grid_cells, grid_probabilities, grid_probability_in_grid, grid_stranded_probability
            FROM drift_run_hours WHERE run_id = @id AND hour = @hour
            """, conn);
        cmd.Parameters.AddWithValue("id", runId);
        cmd.Parameters.AddWithValue("hour", hour);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var wkb = reader.GetFieldValue<byte[]>(0);
        var flags = reader.GetFieldValue<byte[]>(1);
        var cells = reader.GetFieldValue<int[]>(9);
        var probabilities = reader.GetFieldValue<double[]>(10);
        var stored = ProbabilityGrid.FromNonEmptyCells(new LocalProjection(reader.GetDouble(2), reader.GetDouble(3)), reader.GetDouble(4), reader.GetDouble(5),
            reader.GetDouble(6), reader.GetInt32(7), reader.GetInt32(8), cells, probabilities, reader.GetDouble(11), reader.GetDouble(12));

        int n = BinaryPrimitives.ReadInt32LittleEndian(wkb.AsSpan(5));
        var lat = new double[n];
        var lon = new double[n];
        var stranded = new bool[n];
        for (int i = 0; i < n; i++)
        {
            lon[i] = BinaryPrimitives.ReadDoubleLittleEndian(wkb.AsSpan(9 + (21 * i) + 5));
            lat[i] = BinaryPrimitives.ReadDoubleLittleEndian(wkb.AsSpan(9 + (21 * i) + 13));
            stranded[i] = (flags[i] & 1) != 0;
        }
        var rebuilt = ProbabilityGrid.FromParticles(lat, lon, stranded, default, DriftRunJob.GridOptionsFor(lat.Length));
        Assert.Equal((rebuilt.Projection.CentreLatitude, rebuilt.Projection.CentreLongitude), (stored.Projection.CentreLatitude, stored.Projection.CentreLongitude));
        Assert.Equal((rebuilt.OriginX, rebuilt.OriginY, rebuilt.CellSizeMetres, rebuilt.Columns, rebuilt.Rows),
            (stored.OriginX, stored.OriginY, stored.CellSizeMetres, stored.Columns, stored.Rows));
        Assert.Equal(rebuilt.Probabilities.ToArray(), stored.Probabilities.ToArray());
        Assert.Equal((rebuilt.ProbabilityInGrid, rebuilt.StrandedProbability), (stored.ProbabilityInGrid, stored.StrandedProbability));

        Assert.Equal(cells, features.Select(f => f.GetProperty("properties").GetProperty("cell").GetInt32()));
        Assert.Equal(probabilities, features.Select(f => f.GetProperty("properties").GetProperty("probability").GetDouble()));
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "objectClass", """{"objectClass":"RUBBER-DUCK"}""" },
        { "hours", """{"hours":0}""" },
        { "hours", """{"hours":169}""" },
        { "particles", """{"particles":99}""" },
        { "particles", """{"particles":200001}""" },
        { "forcing.onScene.windSpeed", """{"forcing":{"onScene":{"windSpeed":61,"windFrom":90}}}""" },
        { "forcing.onScene.currentSpeed", """{"forcing":{"onScene":{"currentSpeed":5.5,"currentTo":90}}}""" },
        { "forcing.onScene.series[1].windSpeed", """{"forcing":{"onScene":{"series":[{"time":"2026-01-01T00:00:00Z","windSpeed":5,"windFrom":0},{"time":"2026-01-01T06:00:00Z","windSpeed":-1,"windFrom":0}]}}}""" },
        { "seeding.time", """{"seeding":{"kind":"point","latitude":-9.5,"longitude":113,"time":"2099-01-01T00:00:00Z"}}""" },
        { "seeding.end.time", """{"seeding":{"kind":"line","start":{"latitude":-9.5,"longitude":113,"time":"2026-01-02T00:00:00Z"},"end":{"latitude":-9.4,"longitude":113.1,"time":"2026-01-01T00:00:00Z"}}}""" },
        { "seeding.kind", """{"seeding":{"kind":"blob"}}""" },
        { "stepMinutes", """{"stepMinutes":7}""" },
        { "direction", """{"direction":"sideways"}""" },
        { "forcing", """{"forcing":{}}""" },
        { "forcing.fileId", """{"forcing":{"fileId":"0190f3a0-0000-7000-8000-000000000000"}}""" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_is_422_naming_the_field(string field, string overrides)
    {
        var incident = await IncidentAsync();
        var body = Body();
        foreach (var (name, value) in JsonNode.Parse(overrides)!.AsObject().ToList())
            body[name] = value?.DeepClone();
        var response = await StartAsync(Operator(), incident, body);
        var problem = await AssertFieldAsync(response, field);
        if (field == "objectClass")
        {
            var message = problem.GetProperty("errors").GetProperty("objectClass")[0].GetString()!;
            Assert.Contains("RUBBER-DUCK", message, StringComparison.Ordinal);
            Assert.Contains("PIW-1", message, StringComparison.Ordinal);
            Assert.Contains("FISHING-VESSEL-1", message, StringComparison.Ordinal);
        }
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM drift_runs WHERE incident_id = '{incident}'"));
    }

    [Fact]
    public async Task Forcing_files_without_variables_or_overlap_or_corrupt_are_refused_and_the_server_carries_on()
    {
        var noVariables = SyntheticForcing.Compile("""
            netcdf sst { dimensions: time = 1 ; lat = 2 ; lon = 2 ;
            variables: double time(time) ; time:units = "hours since 2026-01-01 00:00:00" ; float lat(lat) ; float lon(lon) ; float sst(time, lat, lon) ;
            data: time = 0 ; lat = 0, 1 ; lon = 0, 1 ; sst = 1, 2, 3, 4 ; }
            """);
        var refused = await app.Upload(noVariables, "sst.nc");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var refusal = await refused.Content.ReadAsStringAsync();
        Assert.Contains("no 10 m wind", refusal, StringComparison.Ordinal);

        var good = await File.ReadAllBytesAsync(await WriteTempAsync(SyntheticForcing.Compile(
            SyntheticForcing.Cdl(-12, 108, -10, 110, 0.5, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), 6))));
        foreach (var broken in new[] { good[..(good.Length / 2)], good.Select((b, i) => i > 600 && i % 7 == 0 ? (byte)~b : b).ToArray(), "CDF\x01garbage"u8.ToArray() })
        {
            var response = await app.Upload(broken, "broken.nc");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Upload(good, "op.nc", MaritimeRoles.Operator)).StatusCode);

        // Loaded, but the run is elsewhere in time: 422 saying which field misses which part of the run.
        var old = await app.Upload(good, "january.nc");
        Assert.Equal(HttpStatusCode.Created, old.StatusCode);
        var oldId = (await old.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await app.Upload(good, "january-again.nc")).StatusCode); // the same bytes are the same file
        var incident = await IncidentAsync();
        var problem = await AssertFieldAsync(await StartAsync(Operator(), incident, Body(oldId)), "forcing.fileId");
        Assert.Contains("does not overlap the run", problem.GetProperty("errors").GetProperty("forcing.fileId")[0].GetString(), StringComparison.Ordinal);

        // Still serving.
        Assert.Equal(HttpStatusCode.OK, (await Operator().GetAsync("/api/forcing")).StatusCode);
    }

    [Fact]
    public async Task Only_the_coordinating_centres_operators_and_admins_start_runs_and_partners_and_analysts_read_them()
    {
        var incident = await IncidentAsync();
        var started = await StartAsync(Operator(), incident, Body(particles: 100, hours: 1));
        RunIdOf(started);
        var url = started.Headers.Location!.OriginalString;

        Assert.Equal(HttpStatusCode.Forbidden, (await StartAsync(app.ClientAs(MaritimeRoles.Liaison, Idn), incident, Body())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(MaritimeRoles.Liaison, Idn).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await StartAsync(app.ClientAs(MaritimeRoles.Analyst, null), incident, Body())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientAs(MaritimeRoles.Analyst, null).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Operator("JRCC-AUS").GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await StartAsync(Operator("JRCC-AUS"), incident, Body())).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await StartAsync(app.ClientAs(MaritimeRoles.Admin, null), incident, Body(particles: 100, hours: 1))).StatusCode);

        // Offered to JRCC-AUS: it reads the runs but does not start one (the coordinating centre still coordinates).
        var offer = await Operator().PostAsJsonAsync($"/api/incidents/{incident}/handover", new { toCentre = "JRCC-AUS", reason = "drifting south" });
        Assert.True(offer.IsSuccessStatusCode, await offer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await Operator("JRCC-AUS").GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Operator("JRCC-AUS").GetAsync($"/api/incidents/{incident}/drift-runs")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await StartAsync(Operator("JRCC-AUS"), incident, Body())).StatusCode);
        // Results of a run not yet computed: 409, not an empty answer.
        Assert.Equal(HttpStatusCode.Conflict, (await Operator().GetAsync(url + "/particles?hour=0")).StatusCode);
    }

    [Fact]
    public async Task An_interrupted_run_is_run_again_by_the_sweep_and_one_interrupted_too_often_is_failed()
    {
        var incident = await IncidentAsync();
        var again = RunIdOf(await StartAsync(Operator(), incident, Body(particles: 200, hours: 2)));
        var givenUp = RunIdOf(await StartAsync(Operator(), incident, Body(particles: 200, hours: 2, change: b => b["seed"] = 8)));
        // What a crash leaves behind: "running", no heartbeat for longer than Drift:StaleAfter.
        await app.ScalarAsync($"UPDATE drift_runs SET status = 'running', attempts = 1, heartbeat_at = now() - interval '10 minutes' WHERE id = '{again}' RETURNING 1");
        await app.ScalarAsync($"UPDATE drift_runs SET status = 'running', attempts = 2, heartbeat_at = now() - interval '10 minutes' WHERE id = '{givenUp}' RETURNING 1");
        // A live run (fresh heartbeat) is left alone.
        var live = RunIdOf(await StartAsync(Operator(), incident, Body(particles: 200, hours: 2, change: b => b["seed"] = 9)));
        await app.ScalarAsync($"UPDATE drift_runs SET status = 'running', attempts = 1, heartbeat_at = now() WHERE id = '{live}' RETURNING 1");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (requeued, failed) = await scope.ServiceProvider.GetRequiredService<DriftRunSweepJob>().RunAsync(default);
            Assert.Equal((1, 1), (requeued, failed));
        }
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM drift_runs WHERE id = '{again}' AND status = 'queued'"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM drift_runs WHERE id = '{givenUp}' AND status = 'failed' AND error LIKE 'Interrupted 2 times%'"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM drift_runs WHERE id = '{live}' AND status = 'running'"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox_messages WHERE payload::jsonb->>'runId' = '{givenUp}' AND payload::jsonb->>'status' = 'failed'"));
        Assert.False(await RunJobAsync(live)); // someone else is running it

        Assert.True(await RunJobAsync(again));
        var run = await Operator().GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}/drift-runs/{again}");
        Assert.Equal("succeeded", run.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal(3, run.GetProperty("hours").GetArrayLength());
    }

    [Fact]
    public async Task The_incidents_viewers_receive_progress_and_completion_live()
    {
        var incident = await IncidentAsync();
        await using var hub = app.HubAs(MaritimeRoles.Operator, Idn);
        var progress = new List<double>();
        var completed = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var finalProgress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("driftRunProgress", e =>
        {
            var p = e.GetProperty("progress").GetDouble();
            lock (progress) progress.Add(p);
            if (p >= 1) finalProgress.TrySetResult();
        });
        hub.On<JsonElement>("driftRunCompleted", e => completed.TrySetResult(e));
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("SubscribeIncident", incident);

        var runId = RunIdOf(await StartAsync(Operator(), incident, Body(particles: 20_000, hours: 24)));
        Assert.True(await RunJobAsync(runId));

        await finalProgress.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var done = await completed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(runId, done.GetProperty("runId").GetGuid());
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        // Numbered in the streams that may see it (the operator is in its centre's and subscribed to the incident's).
        Assert.Contains(done.GetProperty("stream").GetString(), new[] { $"incident:{incident:D}", $"centre:{Idn}" });
        Assert.True(done.GetProperty("seq").GetInt64() > 0);
        lock (progress)
        {
            Assert.True(progress.Count >= 2, $"progress events: {string.Join(", ", progress)}");
            Assert.Equal(progress.Order(), progress); // never backwards
        }
    }

    private static async Task<string> WriteTempAsync(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"drift-{Guid.NewGuid():N}.nc");
        await File.WriteAllBytesAsync(path, bytes);
        return path;
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
