using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace MaritimeCoord.IntegrationTests;

public sealed class SightingsApiTests(SightingsApiTests.App app) : IClassFixture<SightingsApiTests.App>
{
    public sealed class App : MaritimeAppFactory;

    private HttpClient Liaison(string centre = "BASARNAS-IDN", string? subject = null) => app.ClientAs(MaritimeRoles.Liaison, centre, subject);

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private Task<long> SightingCount() => app.ScalarAsync("SELECT count(*) FROM sightings");

    [Fact]
    public async Task Logs_a_sighting_in_degrees_decimal_minutes_and_computes_its_SAR_region_in_PostGIS()
    {
        var response = await Sightings.PostAsync(Liaison(subject: "liaison-ddm"), Sightings.Valid(b => b["positionText"] = "08°40.0'S 115°00.0'E"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json(response);
        Assert.Equal(-8.6666667, body.GetProperty("position").GetProperty("latitude").GetDouble(), 6);
        Assert.Equal(115.0, body.GetProperty("position").GetProperty("longitude").GetDouble(), 6);
        var jurisdiction = body.GetProperty("jurisdiction");
        Assert.True(jurisdiction.GetProperty("covered").GetBoolean());
        Assert.Equal("IDN", jurisdiction.GetProperty("sarRegion").GetProperty("code").GetString());
        Assert.True(jurisdiction.GetProperty("sarRegion").GetProperty("approximate").GetBoolean());
        Assert.Equal("samples-approx-2026.11", jurisdiction.GetProperty("sarRegion").GetProperty("boundaryVersion").GetString());
        Assert.Equal("BASARNAS-IDN", jurisdiction.GetProperty("rescueCentre").GetProperty("code").GetString());
        Assert.Equal("BASARNAS-IDN", body.GetProperty("coordinatingCentreCode").GetString());
        Assert.StartsWith("/api/sightings/", response.Headers.Location!.OriginalString);

        var id = body.GetProperty("id").GetGuid();
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM sightings WHERE id = '{id}' AND sar_region_code = 'IDN' AND boundary_approximate"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM incidents i JOIN sightings s ON s.incident_id = i.id WHERE s.id = '{id}' AND i.phase = 'uncertainty'"));
    }

    [Fact]
    public async Task The_position_uncertainty_is_in_the_response_the_workspace_and_the_live_event()
    {
        await using var hub = app.HubAs(MaritimeRoles.Operator, "BASARNAS-IDN");
        var logged = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("sightingLogged", e =>
        {
            if (e.GetProperty("boatDescription").GetString() == "Uncertain-position boat") logged.TrySetResult(e);
        });
        await hub.StartAsync();

        var response = await Sightings.PostAsync(Liaison(subject: "liaison-uncertainty"), Sightings.Valid(b =>
        {
            b.Remove("positionText");
            b["latitude"] = -4.2;
            b["longitude"] = 108.3;
            b["positionUncertaintyNm"] = 2.5;
            b["boatDescription"] = "Uncertain-position boat";
        }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json(response);
        Assert.Equal(2.5, body.GetProperty("positionUncertaintyNm").GetDouble());

        var id = body.GetProperty("id").GetGuid();
        var read = await Json(await Liaison(subject: "liaison-uncertainty").GetAsync($"/api/sightings/{id}"));
        Assert.Equal(2.5, read.GetProperty("positionUncertaintyNm").GetDouble());

        var operatorClient = app.ClientAs(MaritimeRoles.Operator, "BASARNAS-IDN");
        var workspace = await Json(await operatorClient.GetAsync($"/api/incidents/{body.GetProperty("incidentId").GetGuid()}"));
        var summary = Assert.Single(workspace.GetProperty("sightings").EnumerateArray(), x => x.GetProperty("id").GetGuid() == id);
        Assert.Equal(2.5, summary.GetProperty("positionUncertaintyNm").GetDouble());

        var live = await logged.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2.5, live.GetProperty("positionUncertaintyNm").GetDouble());

        // Without one it is null (the field is optional), never 0.
        var plain = await Json(await Sightings.PostAsync(Liaison(subject: "liaison-uncertainty"), Sightings.Valid(b =>
        {
            b.Remove("positionText");
            b["latitude"] = -4.6;
            b["longitude"] = 107.2;
        })));
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("positionUncertaintyNm").ValueKind);
    }

    [Fact]
    public async Task A_second_sighting_near_an_open_incident_is_attached_to_it_and_a_distant_one_opens_another()
    {
        var client = Liaison(subject: "liaison-attach");
        var first = await Json(await Sightings.PostAsync(client, Sightings.Valid(b => { b["positionText"] = "10°28.0'S 123°05.0'E"; b["observedAt"] = Sightings.Now(30); })));
        var near = await Json(await Sightings.PostAsync(client, Sightings.Valid(b => { b["positionText"] = "10°25.5'S 123°01.0'E"; b["personsOnBoard"] = 44; })));
        var far = await Json(await Sightings.PostAsync(client, Sightings.Valid(b => { b.Remove("positionText"); b["latitude"] = 6.45; b["longitude"] = 97.35; })));

        Assert.True(first.GetProperty("incidentOpened").GetBoolean());
        Assert.False(near.GetProperty("incidentOpened").GetBoolean());
        Assert.Equal(first.GetProperty("incidentId").GetGuid(), near.GetProperty("incidentId").GetGuid());
        Assert.True(far.GetProperty("incidentOpened").GetBoolean());
        Assert.NotEqual(first.GetProperty("incidentId").GetGuid(), far.GetProperty("incidentId").GetGuid());

        var incidentId = first.GetProperty("incidentId").GetGuid();
        // The incident's count is the first sighting's until an operator changes it; the second keeps its own (issue 15 item 2).
        Assert.Equal(40, await app.ScalarAsync($"SELECT persons_on_board_estimate FROM incidents WHERE id = '{incidentId}'"));
        Assert.Equal(44, await app.ScalarAsync($"SELECT persons_on_board FROM sightings WHERE id = '{near.GetProperty("id").GetGuid()}'"));
        Assert.Equal(2, await app.ScalarAsync($"SELECT count(*) FROM incident_timeline WHERE incident_id = '{incidentId}'"));
    }

    [Fact]
    public async Task A_position_no_SAR_region_covers_is_said_so_and_stays_with_the_reporting_centre()
    {
        // The central Pacific: no sample region covers it.
        var response = await Sightings.PostAsync(Liaison("MRCC-PHL", "liaison-pacific"), Sightings.Valid(b =>
        {
            b.Remove("positionText"); b["latitude"] = 10.0; b["longitude"] = 170.0;
        }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json(response);
        Assert.False(body.GetProperty("jurisdiction").GetProperty("covered").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("jurisdiction").GetProperty("sarRegion").ValueKind);
        Assert.Contains("No loaded SAR region covers", body.GetProperty("jurisdiction").GetProperty("note").GetString());
        Assert.Equal("MRCC-PHL", body.GetProperty("coordinatingCentreCode").GetString());
    }

    [Fact]
    public async Task A_retried_post_with_the_same_idempotency_key_creates_nothing_new()
    {
        var client = Liaison(subject: "liaison-retry");
        var body = Sightings.Valid(b => { b.Remove("positionText"); b["latitude"] = -20.5; b["longitude"] = 112.5; });
        var key = Guid.NewGuid().ToString();
        var before = await SightingCount();

        var first = await Sightings.PostAsync(client, body, key);
        var retry = await Sightings.PostAsync(client, body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await Json(first)).GetProperty("id").GetGuid(), (await Json(retry)).GetProperty("id").GetGuid());
        Assert.Equal(before + 1, await SightingCount());
    }

    [Fact]
    public async Task Concurrent_retries_of_one_post_store_exactly_one_sighting()
    {
        var client = Liaison(subject: "liaison-race");
        var body = Sightings.Valid(b => { b.Remove("positionText"); b["latitude"] = -25.5; b["longitude"] = 110.5; });
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Sightings.PostAsync(client, body, key)));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM sightings WHERE idempotency_key = '{key}'"));
    }

    [Fact]
    public async Task An_idempotency_key_reused_for_a_different_sighting_is_refused()
    {
        var client = Liaison(subject: "liaison-reuse");
        var key = Guid.NewGuid().ToString();
        await Sightings.PostAsync(client, Sightings.Valid(), key);

        var response = await Sightings.PostAsync(client, Sightings.Valid(b => b["personsOnBoard"] = 99), key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    public static TheoryData<string, string> BadSightings => new()
    {
        { """{"observedAt":"NOW","latitude":91,"longitude":114.5,"boatDescription":"b","reporter":"r"}""", "latitude" },
        { """{"observedAt":"NOW","latitude":-8,"longitude":-181,"boatDescription":"b","reporter":"r"}""", "longitude" },
        { """{"observedAt":"NOW","positionText":"somewhere off Bali","boatDescription":"b","reporter":"r"}""", "positionText" },
        { """{"observedAt":"NOW","positionText":"08°72.5'S 114°30.2'E","boatDescription":"b","reporter":"r"}""", "positionText" },
        { """{"observedAt":"2099-01-01T00:00:00Z","latitude":-8,"longitude":114.5,"boatDescription":"b","reporter":"r"}""", "observedAt" },
        { """{"observedAt":"2026-11-28T10:00:00","latitude":-8,"longitude":114.5,"boatDescription":"b","reporter":"r"}""", "observedAt" },
        { """{"observedAt":"NOW","latitude":-8,"longitude":114.5,"boatDescription":"b","reporter":"r","personsOnBoard":-3}""", "personsOnBoard" },
        { """{"observedAt":"NOW","latitude":-8,"longitude":114.5,"reporter":"r"}""", "boatDescription" },
        { """{"observedAt":"NOW","boatDescription":"b","reporter":"r"}""", "position" },
        { """{"latitude":-8,"longitude":114.5,"boatDescription":"b","reporter":"r"}""", "observedAt" },
        { """{"observedAt":"NOW","latitude":-8,"longitude":114.5,"boatDescription":"b","reporter":"r","captain":"x"}""", "captain" },
        { """{"observedAt":"NOW","latitude":"NaN","longitude":114.5,"boatDescription":"b","reporter":"r"}""", "latitude" },
        { """{"observedAt":"NOW","latitude":-8,"longitude":114.5,"boatDescription":"b","reporter":"r","condition":"fine"}""", "condition" },
        { """{"observedAt":"NOW","latitude":-8,"longitude":114.5,"boatDescription":"b","reporter":"r","personsOnBoard":1.5}""", "personsOnBoard" },
        { """{"observedAt":"NOW","latitude":-8,"longitude":114.5,""", "body" },
        { """[1,2,3]""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadSightings))]
    public async Task Rejects_an_invalid_sighting_with_a_problem_naming_the_field_and_stores_nothing(string json, string field)
    {
        var before = await SightingCount();
        using var content = new StringContent(json.Replace("NOW", Sightings.Now(), StringComparison.Ordinal), Encoding.UTF8, "application/json");

        var response = await Liaison(subject: "liaison-bad").PostAsync("/api/sightings", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await Json(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
        Assert.Equal(before, await SightingCount());
    }

    [Fact]
    public async Task Rejects_an_oversized_body_with_413()
    {
        var body = Sightings.Valid(b => b["notes"] = new string('x', 40_000));
        var response = await Sightings.PostAsync(Liaison(subject: "liaison-big"), body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Without_a_token_the_api_answers_401()
    {
        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Sightings.PostAsync(anonymous, Sightings.Valid())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/jurisdiction?lat=-8&lon=115")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/map/sar-regions")).StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_or_expired_is_refused()
    {
        var client = app.CreateClient();
        var forged = MaritimeCoord.Cli.Auth.DevelopmentTokenIssuer.Issue(new string('k', 40), MaritimeRoles.Admin, "JRCC-AUS");
        client.DefaultRequestHeaders.Authorization = new("Bearer", forged);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);

        var expired = MaritimeCoord.Cli.Auth.DevelopmentTokenIssuer.Issue(app.SigningKey, MaritimeRoles.Admin, "JRCC-AUS",
            lifetime: TimeSpan.FromMinutes(5), now: DateTimeOffset.UtcNow.AddHours(-2));
        client.DefaultRequestHeaders.Authorization = new("Bearer", expired);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task An_analyst_may_not_log_a_sighting_and_a_liaison_officer_may_not_read_incidents()
    {
        var analyst = app.ClientAs(MaritimeRoles.Analyst, "JRCC-AUS");
        Assert.Equal(HttpStatusCode.Forbidden, (await Sightings.PostAsync(analyst, Sightings.Valid())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Liaison().GetAsync("/api/incidents")).StatusCode);
    }

    [Fact]
    public async Task An_operator_sees_only_incidents_their_centre_coordinates()
    {
        var posted = await Json(await Sightings.PostAsync(Liaison(subject: "liaison-scope"), Sightings.Valid(b =>
        {
            b.Remove("positionText"); b["latitude"] = 7.6; b["longitude"] = 98.05; // Andaman Sea, Thai SRR of the samples
        })));
        var incidentId = posted.GetProperty("incidentId").GetGuid();
        var centre = posted.GetProperty("coordinatingCentreCode").GetString()!;

        var own = await app.ClientAs(MaritimeRoles.Operator, centre).GetFromJsonAsync<JsonElement>("/api/incidents");
        var other = await app.ClientAs(MaritimeRoles.Operator, "MRCC-LKA").GetFromJsonAsync<JsonElement>("/api/incidents");

        Assert.Contains(own.EnumerateArray(), i => i.GetProperty("id").GetGuid() == incidentId);
        Assert.DoesNotContain(other.EnumerateArray(), i => i.GetProperty("id").GetGuid() == incidentId);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientAs(MaritimeRoles.Operator, "MRCC-LKA").GetAsync($"/api/incidents/{incidentId}")).StatusCode);
        var detail = await app.ClientAs(MaritimeRoles.Operator, centre).GetFromJsonAsync<JsonElement>($"/api/incidents/{incidentId}");
        Assert.Equal("opened", detail.GetProperty("timeline")[0].GetProperty("kind").GetString());
    }
}
