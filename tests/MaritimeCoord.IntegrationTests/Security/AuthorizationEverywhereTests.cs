using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Xunit.Abstractions;

namespace MaritimeCoord.IntegrationTests.Security;

/// <summary>
/// Every endpoint of the running app (from its EndpointDataSource: API, SignalR hub, Hangfire dashboard) and every
/// public hub method: no token → 401, a role the endpoint's policy does not name (or a role the product does not know)
/// → 403, another centre's incident or sighting → 404 (existence is not disclosed). Tokens are checked for issuer,
/// audience, lifetime, signature and algorithm.
/// </summary>
[Collection("Hangfire")] // the dashboard needs Hangfire's storage, and JobStorage.Current is static
public sealed class AuthorizationEverywhereTests(AuthorizationEverywhereTests.App app, ITestOutputHelper output)
    : IClassFixture<AuthorizationEverywhereTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;
        protected override bool JobsEnabled => true; // maps /hangfire
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Server:Jobs"] = "false" };
    }

    /// <summary>Only these are anonymous on purpose (probes that reveal Healthy/Unhealthy and nothing else).</summary>
    private static bool DeliberatelyAnonymous(string route) => route.StartsWith("/health/", StringComparison.Ordinal);

    private const string UnknownRole = "visitor";

    /// <summary>
    /// What the README promises, per endpoint. An endpoint missing here is still tested (401, unknown role 403, and 403
    /// for every role its policy leaves out); it is only listed in the output so the table can be extended.
    /// </summary>
    private static readonly Dictionary<string, string[]> Documented = new()
    {
        ["POST /api/sightings/"] = [MaritimeRoles.Liaison, MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["GET /api/sightings/{id:guid}"] = [.. MaritimeRoles.All],
        ["GET /api/incidents/"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/incidents/{id:guid}"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/incidents/{id:guid}/sitrep"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/incidents/{id:guid}/sitreps/{number:int}"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["POST /api/incidents/{id:guid}/phase"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["PUT /api/incidents/{id:guid}/persons-on-board"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["PUT /api/incidents/{id:guid}/distress-indicators"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /api/incidents/{id:guid}/handover"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /api/incidents/{id:guid}/handover/accept"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /api/incidents/{id:guid}/handover/decline"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /api/incidents/{id:guid}/handover/withdraw"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["GET /api/incidents/{id:guid}/responders"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /api/incidents/{id:guid}/taskings"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /api/incidents/{id:guid}/sitreps"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /api/incidents/{id:guid}/merge"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /api/incidents/{id:guid}/sightings/{sightingId:guid}/split"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["GET /api/incidents/{id:guid}/persons/"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/incidents/{id:guid}/persons/{personId:guid}"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/incidents/{id:guid}/persons/{personId:guid}/photo"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["POST /api/incidents/{id:guid}/persons/"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["DELETE /api/incidents/{id:guid}/persons/{personId:guid}"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["PUT /api/incidents/{id:guid}/persons/{personId:guid}/photo"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /api/personal-data/grants"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["GET /api/personal-data/grants"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /api/personal-data/grants/{grantId:guid}/revoke"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["GET /api/personal-data/access-log"] = [MaritimeRoles.Admin],
        ["GET /api/analytics/incidents"] = [MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/jurisdiction"] = [.. MaritimeRoles.All],
        ["GET /api/map/layers/{name}"] = [.. MaritimeRoles.All],
        ["GET /api/map/sar-regions"] = [.. MaritimeRoles.All],
        ["GET /api/map/rescue-centres"] = [.. MaritimeRoles.All],
        ["GET /api/map/responders"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["GET /api/me"] = [.. MaritimeRoles.All],
        ["GET /api/ingest/stats"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["GET /api/history/positions"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/history/vessels/{mmsi:int}/positions"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/history/incidents/{id:guid}"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/history/incidents/{id:guid}/positions"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/alert-rules/"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /api/alert-rules/"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["DELETE /api/alert-rules/{id:guid}"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["GET /api/watch-zones/"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /api/watch-zones/"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["DELETE /api/watch-zones/{id:guid}"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /api/incidents/{id:guid}/drift-runs"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["GET /api/incidents/{id:guid}/drift-runs/"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/incidents/{id:guid}/drift-runs/{runId:guid}"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/incidents/{id:guid}/drift-runs/{runId:guid}/particles"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/incidents/{id:guid}/drift-runs/{runId:guid}/grid"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/incidents/{id:guid}/drift-runs/{runId:guid}/containment"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/drift/object-classes"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/forcing/"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/incidents/{id:guid}/search-plans/"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/incidents/{id:guid}/search-plans/{number:int}"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/incidents/{id:guid}/search-plans/{number:int}/grid"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/incidents/{id:guid}/search-plans/{number:int}/assignments/{assetCode}/route.rtz"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/incidents/{id:guid}/search-plans/{number:int}/assignments/{assetCode}/route.gpx"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["POST /api/incidents/{id:guid}/search-plans/"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["PUT /api/incidents/{id:guid}/search-plans/{number:int}/assignments/{assetCode}"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /api/incidents/{id:guid}/search-plans/{number:int}/issue"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /api/incidents/{id:guid}/search-plans/{number:int}/results"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /api/forcing/"] = [MaritimeRoles.Admin],
        ["GET /hubs/situation/negotiate"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /hubs/situation/negotiate"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["DELETE /hubs/situation/negotiate"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["GET /hubs/situation"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /hubs/situation"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["DELETE /hubs/situation"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["GET /api/incidents/{id:guid}/replay"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /api/replay/area"] = [MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["POST /hubs/replay/negotiate"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        ["GET /hubs/replay"] = [MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Admin],
        // The SMS gateway's webhook: no user role at all; only a body signed with the gateway's secret (SmsIntakeTests).
        ["POST /api/intake/sms"] = [],
        ["GET /api/intake/reviews"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /api/intake/reviews/{id:guid}/resolve"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["POST /api/intake/reviews/{id:guid}/discard"] = [MaritimeRoles.Operator, MaritimeRoles.Admin],
        ["GET /openapi/{documentName}.json"] = [MaritimeRoles.Admin],
        ["GET /scalar/{documentName?}"] = [MaritimeRoles.Admin],
        ["GET /scalar/scalar.js"] = [MaritimeRoles.Admin],
        ["GET /scalar/scalar.aspnetcore.js"] = [MaritimeRoles.Admin],
        ["GET /scalar/favicon.svg"] = [MaritimeRoles.Admin],
        ["GET /hangfire/{**path}"] = [MaritimeRoles.Admin],
        ["POST /hangfire/{**path}"] = [MaritimeRoles.Admin],
        ["DELETE /hangfire/{**path}"] = [MaritimeRoles.Admin],
    };

    private sealed record Probe(string Key, string Method, string Pattern, RouteEndpoint Endpoint, IReadOnlyList<string> AllowedRoles,
        bool NeedsCentre, bool Anonymous);

    private async Task<List<Probe>> EndpointsAsync()
    {
        var policies = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var probes = new List<Probe>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policy = await AuthorizationPolicy.CombineAsync(policies, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(),
                             endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>())
                         ?? await policies.GetFallbackPolicyAsync();
            IReadOnlyList<string> allowed = [.. MaritimeRoles.All, UnknownRole];
            var needsCentre = false;
            foreach (var requirement in policy?.Requirements ?? [])
            {
                if (requirement is RolesAuthorizationRequirement roles) allowed = allowed.Intersect(roles.AllowedRoles).ToList();
                if (requirement is ClaimsAuthorizationRequirement { ClaimType: MaritimeClaims.Centre }) needsCentre = true;
            }
            // A supervisor's token carries the operator role too (SupervisorClaimsTransformation): wherever an operator
            // may go, so may a supervisor, and the policies need not name it.
            if (allowed.Contains(MaritimeRoles.Operator) && !allowed.Contains(MaritimeRoles.Supervisor)) allowed = [.. allowed, MaritimeRoles.Supervisor];
            // No method metadata (SignalR's negotiate and connection endpoints, the Hangfire dashboard): any method reaches it.
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST", "DELETE"];
            foreach (var method in methods)
                probes.Add(new Probe($"{method} {pattern}", method, pattern, endpoint, allowed, needsCentre, anonymous));
        }
        return probes;
    }

    private static string Url(RouteEndpoint endpoint, string id)
    {
        var path = new StringBuilder();
        foreach (var segment in endpoint.RoutePattern.PathSegments)
        {
            var part = new StringBuilder();
            foreach (var p in segment.Parts)
            {
                part.Append(p switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart { IsCatchAll: true } => "",
                    RoutePatternParameterPart { Name: "id" or "personId" or "grantId" or "sightingId" or "runId" } => id,
                    RoutePatternParameterPart { Name: "number" } => "1",
                    RoutePatternParameterPart { Name: "name" } => "coastline",
                    RoutePatternParameterPart { Name: "mmsi" } => "503123456",
                    RoutePatternParameterPart other => other.Name,
                    _ => "",
                });
            }
            if (part.Length > 0) path.Append('/').Append(part);
        }
        var url = path.Length == 0 ? "/" : path.ToString();
        return url == "/api/jurisdiction" ? url + "?lat=-8.2&lon=114.5" : url;
    }

    private static readonly Dictionary<string, string> Bodies = new()
    {
        ["phase"] = """{"phase":"alert","reason":"probe","expectedVersion":1}""",
        ["persons-on-board"] = """{"total":10,"reason":"probe","expectedVersion":1}""",
        ["distress-indicators"] = """{"indicators":[],"reason":"probe","expectedVersion":1}""",
        ["handover"] = """{"toCentre":"JRCC-AUS","reason":"probe"}""",
        ["accept"] = """{"reason":"probe"}""",
        ["decline"] = """{"reason":"probe"}""",
        ["withdraw"] = """{"reason":"probe"}""",
        ["taskings"] = """{"assetCode":"NO-SUCH-ASSET","reason":"probe"}""",
        ["sitreps"] = """{"form":"short"}""",
        ["merge"] = """{"otherIncidentId":"00000000-0000-0000-0000-000000000001","reason":"probe","expectedVersion":1}""",
        ["split"] = """{"reason":"probe"}""",
    };

    private static HttpRequestMessage Request(Probe probe, string url, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(probe.Method), url);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (probe.Method is "POST" or "PUT")
        {
            var body = Bodies.GetValueOrDefault(url.Split('/')[^1], "{}");
            if (url.StartsWith("/api/sightings", StringComparison.Ordinal)) body = Sightings.Valid().ToJsonString();
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        return request;
    }

    private string TokenWithRole(string role, string centre, string subject) =>
        role == UnknownRole ? SecurityTokens.Sign(app.SigningKey, role, centre, subject) : app.Token(role, centre, subject);

    [Fact]
    public async Task Every_endpoint_answers_401_without_a_token_and_403_to_a_role_its_policy_does_not_name()
    {
        var probes = await EndpointsAsync();
        var client = app.CreateClient();
        var failures = new List<string>();
        var tested = 0;
        foreach (var probe in probes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (DeliberatelyAnonymous(probe.Pattern)) { Assert.True(probe.Anonymous, $"{probe.Key} is expected to be anonymous"); continue; }
            tested++;
            if (probe.Anonymous) failures.Add($"{probe.Key}: AllowAnonymous outside /health");
            if (probe.AllowedRoles.Contains(UnknownRole)) failures.Add($"{probe.Key}: no role required");
            if (Documented.TryGetValue(probe.Key, out var documented)
                && !documented.Where(r => r != MaritimeRoles.Supervisor).Order(StringComparer.Ordinal)
                    .SequenceEqual(probe.AllowedRoles.Where(r => r != MaritimeRoles.Supervisor).Order(StringComparer.Ordinal)))
                failures.Add($"{probe.Key}: policy allows [{string.Join(",", probe.AllowedRoles)}], README says [{string.Join(",", documented)}]");
            if (!Documented.ContainsKey(probe.Key)) output.WriteLine($"not in the documented table (still tested): {probe.Key}");

            var url = Url(probe.Endpoint, Guid.NewGuid().ToString());
            using (var anonymous = await client.SendAsync(Request(probe, url, null)))
                if (anonymous.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"{probe.Key} {url}: no token → {(int)anonymous.StatusCode}");

            var wrongRoles = MaritimeRoles.All.Append(UnknownRole).Except(probe.AllowedRoles).ToList();
            foreach (var role in wrongRoles)
            {
                using var response = await client.SendAsync(Request(probe, url, TokenWithRole(role, "JRCC-AUS", $"authz-{role}")));
                if (response.StatusCode != HttpStatusCode.Forbidden) failures.Add($"{probe.Key}: role {role} → {(int)response.StatusCode}");
            }
            if (probe.NeedsCentre)
                foreach (var role in probe.AllowedRoles)
                {
                    // A role that may call it, but no rescue centre in the token.
                    using var response = await client.SendAsync(Request(probe, url, app.Token(role, null, $"authz-nocentre-{role}")));
                    if (response.StatusCode != HttpStatusCode.Forbidden) failures.Add($"{probe.Key}: {role} without centre → {(int)response.StatusCode}");
                }
            output.WriteLine($"{probe.Key,-58} allowed [{string.Join(",", probe.AllowedRoles)}]; 401 anonymous; 403 for [{string.Join(",", wrongRoles)}]");
        }
        Assert.True(tested >= Documented.Count, $"only {tested} endpoints found");
        foreach (var key in Documented.Keys) Assert.Contains(probes, p => p.Key == key);
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Another_centres_incident_and_sighting_answer_404_to_every_endpoint_and_nothing_changes()
    {
        var posted = await (await Sightings.PostAsync(app.ClientAs(MaritimeRoles.Liaison, "BASARNAS-IDN", "authz-liaison-idn"), Sightings.Valid()))
            .Content.ReadFromJsonAsync<JsonElement>();
        var incidentId = posted.GetProperty("incidentId").GetGuid();
        var sightingId = posted.GetProperty("id").GetGuid();
        var owner = posted.GetProperty("coordinatingCentreCode").GetString()!;
        var other = owner == "JRCC-AUS" ? "BASARNAS-IDN" : "JRCC-AUS";
        // A SITREP exists, so GET …/sitreps/1 would find something if it did not check the centre first.
        Assert.Equal(HttpStatusCode.Created,
            (await app.ClientAs(MaritimeRoles.Operator, owner, "authz-owner").PostAsJsonAsync($"/api/incidents/{incidentId}/sitreps", new { form = "short" })).StatusCode);
        var versionBefore = await app.ScalarAsync($"SELECT xmin::text::bigint FROM incidents WHERE id = '{incidentId}'");
        var timelineBefore = await app.ScalarAsync($"SELECT count(*) FROM incident_timeline WHERE incident_id = '{incidentId}'");

        var client = app.CreateClient();
        var failures = new List<string>();
        var probes = (await EndpointsAsync()).Where(p => p.Pattern.StartsWith("/api/incidents/{id", StringComparison.Ordinal)).ToList();
        Assert.True(probes.Count >= 13, $"{probes.Count} incident endpoints");
        foreach (var probe in probes)
        {
            var url = Url(probe.Endpoint, incidentId.ToString());
            foreach (var role in probe.AllowedRoles.Where(r => r == MaritimeRoles.Operator))
            {
                using var response = await client.SendAsync(Request(probe, url, app.Token(role, other, $"authz-other-{role}")));
                if (response.StatusCode != HttpStatusCode.NotFound) failures.Add($"{probe.Key} as {role} of {other}: {(int)response.StatusCode}");
                // The same request for an id that does not exist gets the same answer: nothing tells the two apart.
                using var missing = await client.SendAsync(Request(probe, Url(probe.Endpoint, Guid.NewGuid().ToString()), app.Token(role, other, $"authz-other-{role}")));
                if (missing.StatusCode != response.StatusCode) failures.Add($"{probe.Key}: existing {(int)response.StatusCode} vs missing {(int)missing.StatusCode}");
            }
            output.WriteLine($"{probe.Key}: 404 for an operator of {other}");
        }
        foreach (var (role, centre) in new[] { (MaritimeRoles.Operator, other), (MaritimeRoles.Liaison, other) })
        {
            using var response = await app.ClientAs(role, centre, $"authz-other-s-{role}").GetAsync($"/api/sightings/{sightingId}");
            if (response.StatusCode != HttpStatusCode.NotFound) failures.Add($"GET /api/sightings/{{id}} as {role} of {centre}: {(int)response.StatusCode}");
        }
        var list = await app.ClientAs(MaritimeRoles.Operator, other, "authz-other-list").GetFromJsonAsync<JsonElement>("/api/incidents");
        Assert.DoesNotContain(list.EnumerateArray(), i => i.GetProperty("id").GetGuid() == incidentId);
        Assert.Empty(failures);

        // Nothing was changed by the refused commands, and the owner still sees it.
        Assert.Equal(versionBefore, await app.ScalarAsync($"SELECT xmin::text::bigint FROM incidents WHERE id = '{incidentId}'"));
        Assert.Equal(timelineBefore, await app.ScalarAsync($"SELECT count(*) FROM incident_timeline WHERE incident_id = '{incidentId}'"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM handover_offers WHERE incident_id = '{incidentId}'"));
        Assert.Equal(HttpStatusCode.OK, (await app.ClientAs(MaritimeRoles.Operator, owner, "authz-owner").GetAsync($"/api/incidents/{incidentId}")).StatusCode);
    }

    private HubConnection Hub(string? token) => new HubConnectionBuilder()
        .WithUrl(new Uri(app.BaseAddress, SituationHub.Path.TrimStart('/')), o =>
        {
            if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            o.Transports = HttpTransportType.LongPolling;
            o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
        })
        .Build();

    private static List<MethodInfo> HubMethods() => typeof(SituationHub)
        .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        .Where(m => !m.IsSpecialName && m.Name is not ("OnConnectedAsync" or "OnDisconnectedAsync" or "Dispose"))
        .ToList();

    private static object?[] Arguments(MethodInfo method, string centre) =>
        method.GetParameters().Select(p => p.ParameterType == typeof(string) ? centre : p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null).ToArray();

    [Fact]
    public async Task Every_hub_method_is_refused_without_a_token_or_with_a_wrong_role_and_another_centre_is_refused()
    {
        var methods = HubMethods();
        Assert.Contains(methods, m => m.Name == nameof(SituationHub.JoinCentre));
        var failures = new List<string>();
        foreach (var method in methods)
        {
            foreach (var (label, token, status) in new (string, string?, HttpStatusCode)[]
                     {
                         ("no token", null, HttpStatusCode.Unauthorized),
                         (MaritimeRoles.Liaison, app.Token(MaritimeRoles.Liaison, "JRCC-AUS", "hub-liaison"), HttpStatusCode.Forbidden),
                         (MaritimeRoles.Analyst, app.Token(MaritimeRoles.Analyst, "JRCC-AUS", "hub-analyst"), HttpStatusCode.Forbidden),
                         (UnknownRole, SecurityTokens.Sign(app.SigningKey, UnknownRole, "JRCC-AUS", "hub-visitor"), HttpStatusCode.Forbidden),
                         ("forged key", SecurityTokens.Sign(new string('f', 48), MaritimeRoles.Admin, "JRCC-AUS", "hub-forged"), HttpStatusCode.Unauthorized),
                     })
            {
                await using var hub = Hub(token);
                var error = await Record.ExceptionAsync(async () =>
                {
                    await hub.StartAsync();
                    await hub.InvokeCoreAsync(method.Name, method.ReturnType == typeof(Task) ? typeof(object) : method.ReturnType.GenericTypeArguments[0],
                        Arguments(method, "JRCC-AUS"));
                });
                if (error is not HttpRequestException { StatusCode: var code } || code != status)
                    failures.Add($"{method.Name} with {label}: {error?.GetType().Name} {(error as HttpRequestException)?.StatusCode} {error?.Message}");
            }
            output.WriteLine($"{method.Name}: connection refused without a token (401) and to liaison/analyst/unknown roles (403)");
        }

        // An operator may watch only their own centre; an administrator any.
        await using var operatorHub = Hub(app.Token(MaritimeRoles.Operator, "JRCC-AUS", "hub-operator"));
        await operatorHub.StartAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => operatorHub.InvokeAsync<string>(nameof(SituationHub.JoinCentre), "BASARNAS-IDN"));
        Assert.Contains("Forbidden", refused.Message);
        Assert.Equal("centre:JRCC-AUS", await operatorHub.InvokeAsync<string>(nameof(SituationHub.JoinCentre), "JRCC-AUS"));
        await using var adminHub = Hub(app.Token(MaritimeRoles.Admin, null, "hub-admin"));
        await adminHub.StartAsync();
        Assert.Equal("centre:BASARNAS-IDN", await adminHub.InvokeAsync<string>(nameof(SituationHub.JoinCentre), "BASARNAS-IDN"));
        Assert.Empty(failures);
    }

    public static TheoryData<string, string> BadTokens => new()
    {
        { "wrong issuer", "issuer" },
        { "wrong audience", "audience" },
        { "expired", "expired" },
        { "not yet valid", "future" },
        { "no expiry", "no-exp" },
        { "alg none", "none" },
        { "HS512 instead of HS256", "hs512" },
        { "HS384 instead of HS256", "hs384" },
        { "signed with another key", "key" },
        { "signature stripped", "stripped" },
        { "payload changed after signing", "tampered" },
    };

    [Fact]
    public async Task The_hand_made_signature_is_right_so_only_the_algorithm_differs()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            SecurityTokens.SignedByHand(app.SigningKey, "HS256", MaritimeRoles.Admin, "JRCC-AUS", "good-by-hand"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_token_that_fails_any_check_is_401_on_the_api_and_the_hub(string _, string kind)
    {
        var key = app.SigningKey;
        const string role = MaritimeRoles.Admin;
        var token = kind switch
        {
            "issuer" => SecurityTokens.Sign(key, role, "JRCC-AUS", "bad-iss", issuer: "https://evil.example"),
            "audience" => SecurityTokens.Sign(key, role, "JRCC-AUS", "bad-aud", audience: "another-api"),
            "expired" => SecurityTokens.Sign(key, role, "JRCC-AUS", "bad-exp", notBefore: DateTimeOffset.UtcNow.AddHours(-3), expires: DateTimeOffset.UtcNow.AddMinutes(-5)),
            "future" => SecurityTokens.Sign(key, role, "JRCC-AUS", "bad-nbf", notBefore: DateTimeOffset.UtcNow.AddMinutes(10), expires: DateTimeOffset.UtcNow.AddHours(2)),
            "no-exp" => SecurityTokens.Sign(key, role, "JRCC-AUS", "bad-noexp", withExpiry: false),
            "none" => SecurityTokens.WithoutSignature(role, "JRCC-AUS", "bad-none"),
            "hs512" => SecurityTokens.SignedByHand(key, "HS512", role, "JRCC-AUS", "bad-512"),
            "hs384" => SecurityTokens.SignedByHand(key, "HS384", role, "JRCC-AUS", "bad-384"),
            "key" => SecurityTokens.Sign(new string('k', 48), role, "JRCC-AUS", "bad-key"),
            "stripped" => string.Join('.', app.Token(role, "JRCC-AUS", "bad-strip").Split('.')[..2]) + ".",
            "tampered" => Tamper(app.Token(MaritimeRoles.Liaison, "JRCC-AUS", "bad-tamper")),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/hangfire")).StatusCode);
        // The hub reads browsers' tokens from the query string: the same checks apply there.
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.CreateClient().PostAsync($"/hubs/situation/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(token)}", null)).StatusCode);

        // Control: the same construction with nothing wrong passes.
        var good = SecurityTokens.Sign(key, role, "JRCC-AUS", "good");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", good);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
    }

    /// <summary>Liaison → admin in the payload, signature kept.</summary>
    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"liaison\"", "\"admin\"", StringComparison.Ordinal);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }
}
