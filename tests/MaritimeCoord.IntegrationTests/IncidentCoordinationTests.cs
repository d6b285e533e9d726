using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Contracts.Incidents;
using MaritimeCoord.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using MaritimeCoord.Server.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MaritimeCoord.IntegrationTests;

/// <summary>Issue 4 through the API: lifecycle with optimistic concurrency, handover, responders, tasking, SITREP.</summary>
public sealed class IncidentCoordinationTests(IncidentCoordinationTests.App app) : IClassFixture<IncidentCoordinationTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;
    }

    private const string Idn = "BASARNAS-IDN";
    private const string Aus = "JRCC-AUS";
    private HttpClient Operator(string centre) => app.ClientAs(MaritimeRoles.Operator, centre, $"op-{centre}");

    private static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Opens an incident in the Indonesian SRR of the samples (south of Java) at a position unique to the caller.</summary>
    private async Task<(Guid Id, uint Version)> OpenIncidentAsync(double lat, double lon)
    {
        var response = await Sightings.PostAsync(app.ClientAs(MaritimeRoles.Liaison, Idn, $"liaison-{Guid.NewGuid():N}"),
            Sightings.Valid(b => { b.Remove("positionText"); b["latitude"] = lat; b["longitude"] = lon; }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await Json(response)).GetProperty("incidentId").GetGuid();
        var detail = await Operator(Idn).GetFromJsonAsync<JsonElement>($"/api/incidents/{id}");
        return (id, detail.GetProperty("version").GetUInt32());
    }

    private static Task<HttpResponseMessage> ChangePhase(HttpClient client, Guid id, object body) =>
        client.PostAsJsonAsync($"/api/incidents/{id}/phase", body);

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        var problem = await Json(response);
        Assert.Equal(code, problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Raising_the_phase_is_recorded_with_who_and_why_and_a_stale_update_gets_409()
    {
        var (id, version) = await OpenIncidentAsync(-9.0, 110.0);
        var client = Operator(Idn);

        var raised = await ChangePhase(client, id, new { phase = "distress", reason = "Boat taking water, 60 POB", expectedVersion = version });
        var stale = await ChangePhase(client, id, new { phase = "alert", reason = "second operator, old screen", expectedVersion = version });

        Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
        var detail = await Json(raised);
        Assert.Equal("distress", detail.GetProperty("incident").GetProperty("phase").GetString());
        Assert.NotEqual(version, detail.GetProperty("version").GetUInt32());
        var entry = detail.GetProperty("timeline").EnumerateArray().Last();
        Assert.Equal("phase-changed", entry.GetProperty("kind").GetString());
        Assert.Contains("Boat taking water", entry.GetProperty("summary").GetString());
        Assert.Equal($"op-{Idn}", entry.GetProperty("actor").GetString());
        await AssertProblem(stale, HttpStatusCode.Conflict, "stale-version");
    }

    [Fact]
    public async Task Two_concurrent_changes_from_the_same_version_never_both_win()
    {
        var (id, version) = await OpenIncidentAsync(-9.2, 111.0);
        var responses = await Task.WhenAll(
            ChangePhase(Operator(Idn), id, new { phase = "alert", reason = "first", expectedVersion = version }),
            ChangePhase(Operator(Idn), id, new { phase = "distress", reason = "second", expectedVersion = version }));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM incident_timeline WHERE incident_id = '{id}' AND kind = 'phase-changed'"));
    }

    [Fact]
    public async Task Illegal_or_unexplained_changes_are_refused_with_the_reason()
    {
        var (id, version) = await OpenIncidentAsync(-9.4, 112.0);
        var client = Operator(Idn);

        await AssertProblem(await ChangePhase(client, id, new { phase = "closed", reason = "done", expectedVersion = version }),
            HttpStatusCode.Conflict, "illegal-transition");
        await AssertProblem(await ChangePhase(client, id, new { phase = "resolved", reason = "found", expectedVersion = version }),
            HttpStatusCode.UnprocessableEntity, "outcome-required");
        await AssertProblem(await ChangePhase(client, id, new { phase = "alert", reason = " ", expectedVersion = version }),
            HttpStatusCode.UnprocessableEntity, "reason-required");
        var noVersion = await ChangePhase(client, id, new { phase = "alert", reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);
        Assert.True((await Json(noVersion)).GetProperty("errors").TryGetProperty("expectedVersion", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await ChangePhase(client, Guid.NewGuid(), new { phase = "alert", reason = "x", expectedVersion = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ChangePhase(Operator("MRCC-LKA"), id, new { phase = "alert", reason = "x", expectedVersion = version })).StatusCode);

        var resolved = await ChangePhase(client, id, new { phase = "resolved", outcome = "rescued", reason = "All 40 aboard the rescue boat", expectedVersion = version });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal("rescued", (await Json(resolved)).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Persons_on_board_and_distress_indicators_feed_the_assessment()
    {
        var (id, version) = await OpenIncidentAsync(-9.6, 113.0);
        var client = Operator(Idn);

        var pob = await client.PutAsJsonAsync($"/api/incidents/{id}/persons-on-board",
            new { total = 60, adults = 45, minors = 15, medicalCases = 3, deceased = 0, reason = "Count from patrol aircraft", expectedVersion = version });
        Assert.Equal(HttpStatusCode.OK, pob.StatusCode);
        var afterPob = await Json(pob);
        var indicators = await client.PutAsJsonAsync($"/api/incidents/{id}/distress-indicators",
            new { indicators = new[] { "request-for-assistance", "unseaworthy" }, reason = "Satellite phone call", expectedVersion = afterPob.GetProperty("version").GetUInt32() });
        var bad = await client.PutAsJsonAsync($"/api/incidents/{id}/persons-on-board",
            new { total = 10, adults = 20, reason = "typo", expectedVersion = afterPob.GetProperty("version").GetUInt32() });

        Assert.Equal(HttpStatusCode.OK, indicators.StatusCode);
        var detail = await Json(indicators);
        Assert.Equal(60, detail.GetProperty("personsOnBoard").GetProperty("total").GetInt32());
        Assert.Equal(2, detail.GetProperty("distressIndicators").GetArrayLength());
        Assert.NotEqual("uncertainty", detail.GetProperty("assessment").GetProperty("suggestedPhase").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_handover_transfers_coordination_only_on_acceptance_and_both_centres_hear_every_step()
    {
        var (id, _) = await OpenIncidentAsync(-10.0, 114.0);
        await using var idnHub = app.HubAs(MaritimeRoles.Operator, Idn);
        await using var ausHub = app.HubAs(MaritimeRoles.Operator, Aus);
        var idnSteps = new List<string>();
        var ausSteps = new List<string>();
        var ausAccepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        idnHub.On<IncidentHandoverChanged>("incidentHandoverChanged", e => { lock (idnSteps) idnSteps.Add(e.Step); });
        ausHub.On<IncidentHandoverChanged>("incidentHandoverChanged", e =>
        {
            lock (ausSteps) ausSteps.Add(e.Step);
            if (e.Step == "accepted") ausAccepted.TrySetResult();
        });
        await idnHub.StartAsync();
        await ausHub.StartAsync();

        // Before any offer, the Australian centre cannot see the incident.
        Assert.Equal(HttpStatusCode.NotFound, (await Operator(Aus).GetAsync($"/api/incidents/{id}")).StatusCode);

        var proposed = await Operator(Idn).PostAsJsonAsync($"/api/incidents/{id}/handover", new { toCentre = Aus, reason = "Drifting south into the Australian SRR" });
        Assert.Equal(HttpStatusCode.OK, proposed.StatusCode);
        Assert.Equal(Idn, (await Json(proposed)).GetProperty("incident").GetProperty("coordinatingCentreCode").GetString());

        await AssertProblem(await Operator(Idn).PostAsJsonAsync($"/api/incidents/{id}/handover", new { toCentre = "MRCC-LKA", reason = "x" }),
            HttpStatusCode.Conflict, "offer-already-pending");
        await AssertProblem(await Operator(Idn).PostAsJsonAsync($"/api/incidents/{id}/handover/accept", new { reason = "x" }),
            HttpStatusCode.Conflict, "not-offered-centre");
        Assert.Equal(HttpStatusCode.NotFound, (await Operator("MRCC-LKA").PostAsJsonAsync($"/api/incidents/{id}/handover/accept", new { reason = "x" })).StatusCode);
        // The offered centre sees the incident it was offered.
        Assert.Equal(HttpStatusCode.OK, (await Operator(Aus).GetAsync($"/api/incidents/{id}")).StatusCode);

        var accepted = await Operator(Aus).PostAsJsonAsync($"/api/incidents/{id}/handover/accept", new { reason = "Accepted, JRCC tasking assets" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var detail = await Json(accepted);
        Assert.Equal(Aus, detail.GetProperty("incident").GetProperty("coordinatingCentreCode").GetString());
        Assert.Equal("accepted", detail.GetProperty("handovers")[0].GetProperty("status").GetString());
        Assert.Equal(2, detail.GetProperty("timeline").EnumerateArray().Count(t => t.GetProperty("kind").GetString() == "handover"));
        // The former coordinator keeps seeing the incident it shared, but may no longer change it.
        Assert.Equal(HttpStatusCode.OK, (await Operator(Idn).GetAsync($"/api/incidents/{id}")).StatusCode);
        await AssertProblem(await ChangePhase(Operator(Idn), id, new { phase = "alert", reason = "x", expectedVersion = detail.GetProperty("version").GetUInt32() }),
            HttpStatusCode.Conflict, "not-coordinating-centre");

        await ausAccepted.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline) { lock (idnSteps) if (idnSteps.Contains("accepted")) break; await Task.Delay(50); }
        lock (idnSteps) Assert.Equal(["proposed", "accepted"], idnSteps);
        lock (ausSteps) Assert.Equal(["proposed", "accepted"], ausSteps);
    }

    [Fact]
    public async Task A_declined_or_withdrawn_offer_leaves_coordination_where_it_was()
    {
        var (id, _) = await OpenIncidentAsync(-10.2, 115.0);
        await Operator(Idn).PostAsJsonAsync($"/api/incidents/{id}/handover", new { toCentre = Aus, reason = "Near the line" });
        var declined = await Operator(Aus).PostAsJsonAsync($"/api/incidents/{id}/handover/decline", new { reason = "Position is in the Indonesian SRR" });
        await AssertProblem(await Operator(Idn).PostAsJsonAsync($"/api/incidents/{id}/handover", new { toCentre = Idn, reason = "x" }),
            HttpStatusCode.UnprocessableEntity, "handover-to-self");
        await Operator(Idn).PostAsJsonAsync($"/api/incidents/{id}/handover", new { toCentre = Aus, reason = "Second try" });
        var withdrawn = await Operator(Idn).PostAsJsonAsync($"/api/incidents/{id}/handover/withdraw", new { reason = "Boat turned north" });

        Assert.Equal(Idn, (await Json(declined)).GetProperty("incident").GetProperty("coordinatingCentreCode").GetString());
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var detail = await Json(withdrawn);
        Assert.Equal(Idn, detail.GetProperty("incident").GetProperty("coordinatingCentreCode").GetString());
        Assert.Equal(["declined", "withdrawn"], detail.GetProperty("handovers").EnumerateArray().Select(h => h.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task An_unanswered_offer_expires_and_the_proposer_keeps_coordinating()
    {
        var (id, _) = await OpenIncidentAsync(-10.4, 116.0);
        await Operator(Idn).PostAsJsonAsync($"/api/incidents/{id}/handover", new { toCentre = Aus, reason = "Near the line" });
        await app.ScalarAsync($"UPDATE handover_offers SET expires_at = now() - interval '1 minute' WHERE incident_id = '{id}'");

        int expired;
        await using (var scope = app.Services.CreateAsyncScope())
            expired = await scope.ServiceProvider.GetRequiredService<ExpireHandoverOffersJob>().RunAsync(default);
        await using (var scope = app.Services.CreateAsyncScope())
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<ExpireHandoverOffersJob>().RunAsync(default)); // idempotent

        Assert.True(expired >= 1);
        var detail = await Operator(Idn).GetFromJsonAsync<JsonElement>($"/api/incidents/{id}");
        Assert.Equal(Idn, detail.GetProperty("incident").GetProperty("coordinatingCentreCode").GetString());
        Assert.Equal("expired", detail.GetProperty("handovers")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_sighting_that_moves_the_incident_into_another_region_suggests_a_handover_but_moves_nothing()
    {
        // Opened in the Indonesian SRR just north of the 12°S line at 110°E; the next sighting is 10 nm south of it.
        var (id, _) = await OpenIncidentAsync(-11.95, 110.0);
        await Sightings.PostAsync(app.ClientAs(MaritimeRoles.Liaison, Idn, "liaison-drift"),
            Sightings.Valid(b => { b.Remove("positionText"); b["latitude"] = -12.2; b["longitude"] = 110.0; }));

        var detail = await Operator(Idn).GetFromJsonAsync<JsonElement>($"/api/incidents/{id}");
        Assert.Equal(Idn, detail.GetProperty("incident").GetProperty("coordinatingCentreCode").GetString());
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "handover-suggested");
        Assert.True(detail.GetProperty("handoverAdvice").GetProperty("suggestHandover").GetBoolean());
        Assert.Equal(Aus, detail.GetProperty("handoverAdvice").GetProperty("toCentreCode").GetString());
    }

    [Fact]
    public async Task Responders_are_ranked_by_time_to_arrive_with_AIS_ships_dead_reckoned_to_now()
    {
        var (id, _) = await OpenIncidentAsync(-10.45, 123.1); // off Kupang
        // A fast ship 40 nm west, steaming east at 18 kn, last seen 30 minutes ago: dead-reckoned 9 nm closer.
        await app.ScalarAsync($"""
            INSERT INTO vessel_states (mmsi, observed_at, message_type, position, speed_knots, course_degrees, updated_at)
            VALUES (503123456, now() - interval '30 minutes', 1, ST_SetSRID(ST_MakePoint(122.42, -10.45), 4326)::geography, 18, 90, now())
            ON CONFLICT (mmsi) DO NOTHING
            """);

        var response = await Operator(Idn).GetFromJsonAsync<JsonElement>($"/api/incidents/{id}/responders");
        var ranked = response.GetProperty("ranked").EnumerateArray().ToList();

        Assert.True(ranked.Count >= 3);
        Assert.Equal(1, ranked[0].GetProperty("rank").GetInt32());
        var etas = ranked.Select(r => r.GetProperty("estimatedArrival").GetDateTimeOffset()).ToList();
        Assert.Equal(etas.Order(), etas);
        var ship = Assert.Single(ranked, r => r.GetProperty("id").GetString() == "503123456");
        Assert.True(ship.GetProperty("deadReckoned").GetBoolean());
        Assert.InRange(ship.GetProperty("distanceNm").GetDouble(), 29, 33);
        Assert.InRange(ship.GetProperty("courseToSteerDegrees").GetDouble(), 85, 95);
        Assert.Contains(response.GetProperty("excluded").EnumerateArray(), e => e.GetProperty("id").GetString() == "AUS-PB-BRM-1");
    }

    [Theory]
    [InlineData(179.9, -179.85, 503200001, 175.0, 503200002)]   // incident east of Fiji's 180°, ship just across at 179.85°W
    [InlineData(-179.9, 179.85, 503200003, -175.0, 503200004)]  // the mirror case
    public async Task A_ship_just_across_the_antimeridian_is_found_and_ranked_by_its_true_distance(
        double incidentLon, double acrossLon, int acrossMmsi, double sameSideLon, int sameSideMmsi)
    {
        const double lat = -17.0;
        var (id, _) = await OpenIncidentAsync(lat, incidentLon);
        // Planar KNN from the incident finds the far ship on its own side first; only the probe shifted by 360° (bounded
        // to the strip across the line) finds the near one.
        foreach (var (mmsi, lon) in new[] { (acrossMmsi, acrossLon), (sameSideMmsi, sameSideLon) })
            await app.ScalarAsync($"""
                INSERT INTO vessel_states (mmsi, observed_at, message_type, position, speed_knots, course_degrees, updated_at)
                VALUES ({mmsi}, now(), 1, ST_SetSRID(ST_MakePoint({lon.ToString(CultureInfo.InvariantCulture)}, {lat.ToString(CultureInfo.InvariantCulture)}), 4326)::geography, 12, 0, now())
                ON CONFLICT (mmsi) DO UPDATE SET observed_at = now(), position = EXCLUDED.position
                """);
        // 120 more ships on the incident's side, beyond the far one: more than the 100 candidates the first probe takes.
        var away = (sameSideLon > 0 ? -0.001 : 0.001).ToString(CultureInfo.InvariantCulture);
        await app.ScalarAsync($"""
            INSERT INTO vessel_states (mmsi, observed_at, message_type, position, speed_knots, course_degrees, updated_at)
            SELECT {(sameSideLon > 0 ? 503310000 : 503320000)} + g, now(), 1,
                   ST_SetSRID(ST_MakePoint({sameSideLon.ToString(CultureInfo.InvariantCulture)} + g * {away}, {lat.ToString(CultureInfo.InvariantCulture)}), 4326)::geography, 5, 0, now()
            FROM generate_series(1, 120) g
            ON CONFLICT (mmsi) DO NOTHING
            """);

        var response = await app.ClientAs(MaritimeRoles.Admin, null).GetFromJsonAsync<JsonElement>($"/api/incidents/{id}/responders?limit=200");
        var ranked = response.GetProperty("ranked").EnumerateArray().ToList();

        var across = Assert.Single(ranked, r => r.GetProperty("id").GetString() == acrossMmsi.ToString(CultureInfo.InvariantCulture));
        Assert.InRange(across.GetProperty("distanceNm").GetDouble(), 13.5, 15.5); // 0.25° of longitude at 17°S ≈ 14.3 nm
        var sameSide = Assert.Single(ranked, r => r.GetProperty("id").GetString() == sameSideMmsi.ToString(CultureInfo.InvariantCulture));
        Assert.True(across.GetProperty("rank").GetInt32() < sameSide.GetProperty("rank").GetInt32());
    }

    [Fact]
    public async Task The_nearest_responder_statements_use_the_n_d_GiST_indexes()
    {
        var (id, _) = await OpenIncidentAsync(-7.0, 125.5);
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        // The endpoint's own statements (ResponderCandidates), planned with their parameters; seq scans off so a few
        // test rows cannot hide a missing index.
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", conn)) await off.ExecuteNonQueryAsync();
        var now = DateTimeOffset.UtcNow;
        var seed = await ExplainAsync(conn, MaritimeCoord.Persistence.Spatial.ResponderCandidates.SeedSql, id, false, Idn, now.AddHours(-24), now, Array.Empty<int>(), 20);
        Assert.Contains("Index Scan using ix_response_assets_responder_ecef", seed);
        Assert.Contains("Index Scan using ix_vessel_states_responder_ecef_time", seed);
        Assert.Contains("<<->>", seed);
        // Seeds on the snapshot when it is usable; the fixes written since it counted by two index conditions (an OR of
        // the two was a filter over the whole written_xid index: every fix, every request).
        Assert.Contains("Index Scan using ix_responder_snapshot_positions_ecef", seed);
        Assert.Contains("Index Cond: (written_xid >= ", seed);
        Assert.Contains("Index Cond: (written_xid = ANY ", seed);
        Assert.Contains("ix_vessel_state_deletions_written_xid", seed);
        Assert.DoesNotContain("OR (written_xid", seed);
        var search = await ExplainAsync(conn, MaritimeCoord.Persistence.Spatial.ResponderCandidates.SearchSql, -1.0e6, 6.0e6, -7.0e5,
            new[] { 1.0e5, 2.0e5 }, new[] { 1.0e9, 1.1e9 }, new[] { 2.0e9, 1.2e9 }, now.AddHours(-24), 3.0e5);
        Assert.Contains("ix_response_assets_responder_ecef", search);
        Assert.Contains("ix_vessel_states_responder_ecef_time", search);
        Assert.Contains("&&&", search);
        var onSnapshot = await ExplainAsync(conn, MaritimeCoord.Persistence.Spatial.ResponderCandidates.SnapshotSearchSql, -1.0e6, 6.0e6, -7.0e5,
            new[] { 1.0e5, 2.0e5 }, new[] { -1.0, 10.0 }, new[] { 10.0, 1.0e300 }, now.AddHours(-24), 3.0e5, 1.5, 0.02);
        Assert.Contains("ix_responder_snapshot_positions_ecef", onSnapshot);
        // The snapshot rows carry their fix: no join back to the fixes per row found.
        Assert.DoesNotContain("vessel_states", onSnapshot);
        // Not asserted: which index reads the fixes written since the snapshot (on this test's few rows the planner
        // takes ix_vessel_states_observed_at); docs/responders-performance.md, "Snapshot of dead-reckoned positions".

        static async Task<string> ExplainAsync(NpgsqlConnection conn, string sql, params object[] values)
        {
            await using var cmd = new NpgsqlCommand("EXPLAIN " + sql, conn);
            foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
            var plan = new System.Text.StringBuilder();
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) plan.AppendLine(reader.GetString(0));
            return plan.ToString();
        }
    }

    [Fact]
    public async Task Responders_of_an_incident_the_caller_may_not_see_are_404_and_a_bad_limit_is_400()
    {
        var (id, _) = await OpenIncidentAsync(-6.5, 127.0);
        var hidden = await Operator(Aus).GetAsync($"/api/incidents/{id}/responders");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        var unknown = await Operator(Idn).GetAsync($"/api/incidents/{Guid.NewGuid()}/responders");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var bad = await Operator(Idn).GetAsync($"/api/incidents/{id}/responders?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("limit", await bad.Content.ReadAsStringAsync());
        var limited = await Operator(Idn).GetFromJsonAsync<JsonElement>($"/api/incidents/{id}/responders?limit=2");
        Assert.InRange(limited.GetProperty("ranked").GetArrayLength(), 1, 2);
    }

    [Fact]
    public async Task The_incident_list_carries_the_pending_handover_so_the_offered_centre_can_badge_it()
    {
        var (id, _) = await OpenIncidentAsync(-11.4, 121.0);
        var propose = await Operator(Idn).PostAsJsonAsync($"/api/incidents/{id}/handover",
            new { toCentre = Aus, reason = "Drifting south into the Australian region" });
        Assert.Equal(HttpStatusCode.OK, propose.StatusCode);

        // The offered centre sees it in its list with the offer, without loading the workspace.
        var list = await Operator(Aus).GetFromJsonAsync<JsonElement>("/api/incidents");
        var row = Assert.Single(list.EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);
        var pending = row.GetProperty("pendingHandover");
        Assert.Equal(Idn, pending.GetProperty("fromCentreCode").GetString());
        Assert.Equal(Aus, pending.GetProperty("toCentreCode").GetString());
        Assert.True(pending.TryGetProperty("expiresAt", out _));
        var workspace = await Operator(Idn).GetFromJsonAsync<JsonElement>($"/api/incidents/{id}");
        Assert.Equal(Aus, workspace.GetProperty("incident").GetProperty("pendingHandover").GetProperty("toCentreCode").GetString());

        var declined = await Operator(Aus).PostAsJsonAsync($"/api/incidents/{id}/handover/decline", new { reason = "Still closer to Kupang" });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        var after = await Operator(Idn).GetFromJsonAsync<JsonElement>("/api/incidents");
        Assert.Equal(JsonValueKind.Null,
            Assert.Single(after.EnumerateArray(), i => i.GetProperty("id").GetGuid() == id).GetProperty("pendingHandover").ValueKind);
    }

    [Fact]
    public async Task The_map_responders_layer_lists_every_asset_with_its_tasking_for_operators_only()
    {
        var (id, _) = await OpenIncidentAsync(-9.1, 114.6);
        var tasked = await Operator(Idn).PostAsJsonAsync($"/api/incidents/{id}/taskings", new { assetCode = "IDN-KN-BWI-1", reason = "Map layer test" });
        Assert.Equal(HttpStatusCode.OK, tasked.StatusCode);

        var layer = await Operator(Idn).GetFromJsonAsync<JsonElement>("/api/map/responders");
        Assert.Equal("FeatureCollection", layer.GetProperty("type").GetString());
        var features = layer.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(await app.ScalarAsync("SELECT count(*) FROM response_assets"), features.Count);
        var asset = Assert.Single(features, f => f.GetProperty("properties").GetProperty("code").GetString() == "IDN-KN-BWI-1");
        Assert.Equal("Point", asset.GetProperty("geometry").GetProperty("type").GetString());
        var props = asset.GetProperty("properties");
        Assert.Equal("tasked", props.GetProperty("availability").GetString());
        Assert.False(string.IsNullOrEmpty(props.GetProperty("type").GetString()));
        Assert.Equal(id, props.GetProperty("tasking").GetProperty("incidentId").GetGuid());
        Assert.Equal(JsonValueKind.String, props.GetProperty("tasking").GetProperty("taskedAt").ValueKind);

        // Another centre sees the asset as tasked, but not which incident (it may not see that incident).
        var other = await Operator(Aus).GetFromJsonAsync<JsonElement>("/api/map/responders");
        var seenByAus = Assert.Single(other.GetProperty("features").EnumerateArray(),
            f => f.GetProperty("properties").GetProperty("code").GetString() == "IDN-KN-BWI-1").GetProperty("properties");
        Assert.Equal("tasked", seenByAus.GetProperty("availability").GetString());
        Assert.Equal(JsonValueKind.Null, seenByAus.GetProperty("tasking").GetProperty("incidentId").ValueKind);

        var analyst = await app.ClientAs(MaritimeRoles.Analyst, null).GetAsync("/api/map/responders");
        Assert.Equal(HttpStatusCode.Forbidden, analyst.StatusCode);
    }

    [Fact]
    public async Task An_asset_is_never_tasked_twice_even_when_two_operators_race()
    {
        var first = await OpenIncidentAsync(-8.5, 116.0);
        var second = await OpenIncidentAsync(-8.9, 117.5);
        var responses = await Task.WhenAll(
            Operator(Idn).PostAsJsonAsync($"/api/incidents/{first.Id}/taskings", new { assetCode = "IDN-KN-SBY-1", reason = "Closest cutter" }),
            Operator(Idn).PostAsJsonAsync($"/api/incidents/{second.Id}/taskings", new { assetCode = "IDN-KN-SBY-1", reason = "Closest cutter" }));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        await AssertProblem(responses.Single(r => r.StatusCode != HttpStatusCode.OK), HttpStatusCode.Conflict, "already-tasked");
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM incident_taskings WHERE asset_code = 'IDN-KN-SBY-1' AND released_at IS NULL"));
        await AssertProblem(await Operator(Idn).PostAsJsonAsync($"/api/incidents/{first.Id}/taskings", new { assetCode = "IDN-HE-JKT-1", reason = "Helicopter" }),
            HttpStatusCode.Conflict, "asset-unavailable");
    }

    [Fact]
    public async Task SITREPs_are_drafted_from_the_incident_and_numbered_per_incident_when_issued()
    {
        var (id, _) = await OpenIncidentAsync(-9.8, 118.0);
        var client = Operator(Idn);

        var draft = await client.GetStringAsync($"/api/incidents/{id}/sitrep?format=text");
        var one = await client.PostAsJsonAsync($"/api/incidents/{id}/sitreps", new { form = "short" });
        var two = await client.PostAsJsonAsync($"/api/incidents/{id}/sitreps", new { form = "full", weather = "SE wind 15 kn, sea 2 m", final = false });
        var text = await client.GetStringAsync($"/api/incidents/{id}/sitreps/2?format=text");

        foreach (var letter in new[] { "A.", "B.", "C.", "D.", "E.", "F." }) Assert.Contains("\n" + letter, "\n" + draft);
        Assert.Contains("09°48.000'S 118°00.000'E", draft);
        Assert.Equal(HttpStatusCode.Created, one.StatusCode);
        Assert.Equal(1, (await Json(one)).GetProperty("number").GetInt32());
        Assert.Equal(2, (await Json(two)).GetProperty("number").GetInt32());
        Assert.Contains("SE WIND 15 KN", text);
        Assert.Contains("\nN.", text);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/incidents/{id}/sitreps/3")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Operator("MRCC-LKA").GetAsync($"/api/incidents/{id}/sitrep")).StatusCode);
    }
}
