using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.IntegrationTests.Security;

/// <summary>
/// Issue 15, item 10: every incident command refuses a body it cannot use with RFC 9457 problem details naming the
/// field (never a bare "Bad Request"), every text field of every body is bounded, and tokens that name nobody or an
/// unknown centre are refused with a reason.
/// </summary>
[Collection(SharedHostCollection.Name)]
public sealed class RequestBodyTests(SharedHost app)
{

    private const string Idn = "BASARNAS-IDN";

    /// <summary>Each incident command with a body it accepts; the text fields are those RequestText bounds.</summary>
    public static TheoryData<string, string, string> Commands => new()
    {
        { "POST", "phase", """{"phase":"alert","reason":"checking","expectedVersion":1}""" },
        { "PUT", "persons-on-board", """{"total":40,"reason":"counted","expectedVersion":1}""" },
        { "PUT", "distress-indicators", """{"indicators":["overloaded"],"reason":"seen","expectedVersion":1}""" },
        { "POST", "handover", """{"toCentre":"JRCC-AUS","reason":"drifting south"}""" },
        { "POST", "handover/accept", """{"reason":"accepted"}""" },
        { "POST", "handover/decline", """{"reason":"declined"}""" },
        { "POST", "handover/withdraw", """{"reason":"withdrawn"}""" },
        { "POST", "taskings", """{"assetCode":"KN-SAR-01","reason":"nearest"}""" },
        { "POST", "sitreps", """{"form":"short","weather":"SE 15 kn","searchArea":"box A","coordinatingInstructions":"none","futurePlans":"search at first light","additionalInformation":"none","assistanceRequired":"none"}""" },
    };

    /// <summary>The bodies of the issue, made from a valid one: (what, field the answer must name, status, the body).</summary>
    private static IEnumerable<(string What, string Field, HttpStatusCode Status, string Body)> BadBodies(string valid)
    {
        var template = JsonNode.Parse(valid)!.AsObject();
        JsonObject With(string field, JsonNode? value)
        {
            var copy = template.DeepClone().AsObject();
            copy[field] = value;
            return copy;
        }

        yield return ("unknown field", "bogus", HttpStatusCode.BadRequest, With("bogus", 1).ToJsonString());
        if (template.ContainsKey("expectedVersion"))
        {
            yield return ("expectedVersion -1", "expectedVersion", HttpStatusCode.BadRequest, With("expectedVersion", -1).ToJsonString());
            yield return ("expectedVersion 2^32", "expectedVersion", HttpStatusCode.BadRequest, With("expectedVersion", 4294967296L).ToJsonString());
        }
        if (template.ContainsKey("total"))
            yield return ("total 2^31", "total", HttpStatusCode.BadRequest, With("total", 2147483648L).ToJsonString());
        foreach (var (field, value) in template)
        {
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                yield return ($"{field} as an array", field, HttpStatusCode.BadRequest, With(field, new JsonArray("x")).ToJsonString());
                yield return ($"{field} with NUL", field, HttpStatusCode.BadRequest, With(field, "a\0b").ToJsonString());
                yield return ($"{field} of 100,000 characters", field, HttpStatusCode.UnprocessableEntity, With(field, new string('x', 100_000)).ToJsonString());
            }
            if (value is JsonArray)
            {
                yield return ($"{field} element with NUL", field, HttpStatusCode.BadRequest, With(field, new JsonArray("a\0b")).ToJsonString());
                yield return ($"{field} element of 100,000 characters", field, HttpStatusCode.UnprocessableEntity, With(field, new JsonArray(new string('x', 100_000))).ToJsonString());
            }
        }
        yield return ("no body", "body", HttpStatusCode.BadRequest, "");
        yield return ("a JSON array", "body", HttpStatusCode.BadRequest, "[]");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_incident_command_answers_an_unusable_body_with_problem_details_naming_the_field(string method, string path, string valid)
    {
        var incident = await OpenIncidentAsync();
        var client = app.ClientAs(MaritimeRoles.Operator, Idn, "op-bodies");
        var failures = new List<string>();
        var cases = 0;
        foreach (var (what, field, status, body) in BadBodies(valid))
        {
            cases++;
            using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/incidents/{incident}/{path}")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != status) { failures.Add($"{what}: {(int)response.StatusCode} {text}"); continue; }
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") { failures.Add($"{what}: not problem details: {text}"); continue; }
            var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
            if (!errors.TryGetProperty(field, out var messages) || messages.GetArrayLength() == 0)
                failures.Add($"{what}: errors do not name '{field}': {text}");
        }

        Assert.True(cases >= 5, $"only {cases} cases for {path}");
        Assert.True(failures.Count == 0, $"{method} {path}:\n" + string.Join("\n", failures));
        // Nothing was changed by any of them.
        var detail = await app.ClientAs(MaritimeRoles.Operator, Idn).GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}");
        Assert.Single(detail.GetProperty("timeline").EnumerateArray());
    }

    [Fact]
    public async Task Text_at_its_limit_is_accepted_and_one_character_more_is_422_naming_the_field()
    {
        var incident = await OpenIncidentAsync();
        var client = app.ClientAs(MaritimeRoles.Operator, Idn, "op-limits");
        var version = (await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}")).GetProperty("version").GetUInt32();
        var limit = MaritimeCoord.Domain.Incidents.ReasonText.MaxLength;

        var over = await client.PostAsJsonAsync($"/api/incidents/{incident}/phase", new { phase = "alert", reason = new string('r', limit + 1), expectedVersion = version });
        var at = await client.PostAsJsonAsync($"/api/incidents/{incident}/phase", new { phase = "alert", reason = new string('r', limit), expectedVersion = version });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
        Assert.Contains($"reason is longer than {limit} characters", await over.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, at.StatusCode);
    }

    [Fact]
    public void Every_endpoint_that_binds_a_request_body_has_its_text_bounded()
    {
        var unbounded = new List<string>();
        var bounded = 0;
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var method = endpoint.Metadata.GetMetadata<MethodInfo>();
            if (method is null) continue;
            var bindsText = method.GetParameters().Any(p => RequestText.TextFieldsOf(p.ParameterType).Count > 0);
            if (!bindsText) continue;
            if (endpoint.Metadata.GetMetadata<BoundedTextMetadata>() is null) unbounded.Add(endpoint.DisplayName ?? endpoint.RoutePattern.RawText ?? "?");
            else bounded++;
        }

        Assert.Empty(unbounded);
        Assert.True(bounded >= 10, $"only {bounded} endpoints bind a body with text: is the enumeration still finding them?");
    }

    [Fact]
    public async Task A_signed_token_that_names_nobody_is_401_with_the_reason()
    {
        var token = SecurityTokens.Sign(app.SigningKey, MaritimeRoles.Operator, Idn, subject: null);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        foreach (var (method, path) in new[] { ("GET", "/api/me"), ("GET", "/api/incidents"), ("POST", "/api/sightings") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST") request.Content = JsonContent.Create(Sightings.Valid());
            var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var challenge = response.Headers.WwwAuthenticate.ToString();
            Assert.Contains("error=\"invalid_token\"", challenge);
            Assert.Contains("error_description=\"The token names no subject", challenge);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Contains("sub", problem.GetProperty("detail").GetString());
        }
        // The control: the same token with a subject passes.
        var good = app.CreateClient();
        good.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SecurityTokens.Sign(app.SigningKey, MaritimeRoles.Operator, Idn, "op-1"));
        Assert.Equal(HttpStatusCode.OK, (await good.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_centre_claim_naming_no_known_centre_is_403()
    {
        foreach (var role in new[] { MaritimeRoles.Operator, MaritimeRoles.Liaison, MaritimeRoles.Analyst, MaritimeRoles.Admin })
        {
            var client = app.ClientAs(role, "NO-SUCH-RCC", $"who-{role}");
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/me")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await Sightings.PostAsync(client, Sightings.Valid())).StatusCode);
        }
        var operatorOfNowhere = app.ClientAs(MaritimeRoles.Operator, "no-such-rcc");
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorOfNowhere.GetAsync("/api/incidents")).StatusCode);
        // The control: a known centre, and no centre where none is needed.
        Assert.Equal(HttpStatusCode.OK, (await app.ClientAs(MaritimeRoles.Operator, Idn).GetAsync("/api/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientAs(MaritimeRoles.Analyst, null).GetAsync("/api/me")).StatusCode);
    }

    private static int incidents;

    private async Task<Guid> OpenIncidentAsync()
    {
        // A grid cell of its own in the Java Sea (Indonesian SRR), 24 nm from the next, so every call opens a new
        // incident coordinated by BASARNAS (never attached to another).
        var n = Interlocked.Increment(ref incidents);
        var lat = -4.6 - n % 4 * 0.4;
        var lon = 107.0 + n / 4 * 0.4;
        var response = await Sightings.PostAsync(app.ClientAs(MaritimeRoles.Liaison, Idn, $"liaison-{Guid.NewGuid():N}"),
            Sightings.Valid(b => { b.Remove("positionText"); b["latitude"] = lat; b["longitude"] = lon; }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetGuid();
    }
}
