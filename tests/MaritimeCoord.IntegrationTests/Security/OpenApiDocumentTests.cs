using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Realtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace MaritimeCoord.IntegrationTests.Security;

/// <summary>
/// The OpenAPI document describes every HTTP API endpoint of the running app (enumerated from its EndpointDataSource,
/// as AuthorizationEverywhereTests does): each one is in the document with a schema for its success answer and the
/// problem-details answers it gives; and only administrators may read the document or the reference page.
/// </summary>
[Collection(SharedHostCollection.Name)]
public sealed partial class OpenApiDocumentTests(SharedHost app, ITestOutputHelper output)
{
    private const string DocumentUrl = "/openapi/v1.json";
    private const string ReferenceUrl = "/scalar/v1";

    [GeneratedRegex(@"\{([^}:=?*]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    /// <summary>/api/incidents/{id:guid}/ → /api/incidents/{id}: the document's spelling of a route template.</summary>
    private static string DocumentPath(string pattern)
    {
        var path = RouteParameter().Replace("/" + pattern.Trim('/'), m => "{" + m.Groups[1].Value.TrimStart('*') + "}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await app.ClientAs(MaritimeRoles.Admin, null, "openapi-admin").GetAsync(DocumentUrl);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static bool Has(JsonElement element, string name, out JsonElement value)
    {
        value = default;
        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value);
    }

    private static bool HasSchema(JsonElement response) =>
        Has(response, "content", out var content) && content.EnumerateObject().Any(c => Has(c.Value, "schema", out _));

    /// <summary>Commands that take no body (the route says it all). Any other POST/PUT/PATCH reads one, and the document
    /// must say what it is: a new endpoint whose handler reads the body itself needs <c>.DocumentsBody&lt;T&gt;()</c> (or
    /// <c>.DocumentsFileBody()</c>) on its mapping, or to be listed here if it truly reads none.</summary>
    private static readonly HashSet<string> Bodyless = new(StringComparer.Ordinal)
    {
        "POST /api/incidents/{id}/search-plans/{number}/issue",
    };

    private static bool IsProblem(JsonElement response) =>
        Has(response, "content", out var content) && Has(content, "application/problem+json", out var media) && Has(media, "schema", out _);

    [Fact]
    public async Task Every_api_endpoint_is_in_the_document_with_its_success_schema_and_its_problem_answers()
    {
        var document = await DocumentAsync();
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.Equal("JWT", schemes.GetProperty("Bearer").GetProperty("bearerFormat").GetString());
        var paths = document.GetProperty("paths");

        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            // The HTTP API; hubs (/hubs: docs/api.md), the jobs dashboard, probes and the metrics scrape are not REST endpoints.
            if (!pattern.StartsWith("/api/", StringComparison.Ordinal)) continue;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            var path = DocumentPath(pattern);
            foreach (var method in methods)
            {
                checkedCount++;
                var key = $"{method} {path}";
                if (!Has(paths, path, out var item) || !Has(item, method.ToLowerInvariant(), out var operation))
                {
                    failures.Add($"{key}: not in the document");
                    continue;
                }
                if (!Has(operation, "responses", out var responses))
                {
                    failures.Add($"{key}: no responses");
                    continue;
                }
                var codes = responses.EnumerateObject().ToDictionary(r => r.Name, r => r.Value);
                var success = codes.Keys.Where(c => c.StartsWith('2')).Order().ToList();
                if (success.Count == 0) failures.Add($"{key}: no success response");
                foreach (var code in success.Where(c => c != "204" && !HasSchema(codes[c])))
                    failures.Add($"{key}: {code} without a response schema");

                var hasBody = Has(operation, "requestBody", out var requestBody);
                if (method is "POST" or "PUT" or "PATCH" && !hasBody && !Bodyless.Contains(key))
                    failures.Add($"{key}: reads a body but has no requestBody (DocumentsBody on its mapping, or Bodyless in this test)");
                if (hasBody && (!Has(requestBody, "content", out var bodyContent) || !bodyContent.EnumerateObject().Any()
                                || bodyContent.EnumerateObject().Any(c => !Has(c.Value, "schema", out _))))
                    failures.Add($"{key}: requestBody without a schema for each media type");
                if (hasBody && Bodyless.Contains(key)) failures.Add($"{key}: has a requestBody but is listed as Bodyless");

                var expected = new List<string> { "401", "403" };
                if (hasBody) expected.AddRange(["400", "413"]);
                if (endpoint.RoutePattern.Parameters.Count > 0) expected.Add("404");
                foreach (var code in expected.Where(c => !codes.ContainsKey(c)))
                    failures.Add($"{key}: no {code} problem response");
                foreach (var (code, response) in codes.Where(c => c.Key[0] is '4' or '5'))
                    if (!IsProblem(response)) failures.Add($"{key}: {code} is not described as application/problem+json");
                if (!Has(operation, "security", out var security) || security.GetArrayLength() == 0)
                    failures.Add($"{key}: no security requirement");
                else if (security.EnumerateArray().SelectMany(r => r.EnumerateObject()).Any(r => !Has(schemes, r.Name, out _)))
                    failures.Add($"{key}: security requirement names a scheme the document does not declare");
                output.WriteLine($"{key}: {string.Join(' ', codes.Keys.Order())}{(hasBody ? " body:" + string.Join(',', requestBody.GetProperty("content").EnumerateObject().Select(c => c.Name)) : "")}");
            }
        }
        Assert.True(checkedCount >= 70, $"only {checkedCount} API endpoints found");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>The answers of a typed handler come from its signature (Results&lt;Ok&lt;IncidentWorkspace&gt;, ValidationProblem,
    /// NotFound, RefusedProblem, ConflictProblem&gt;), not from metadata on the mapping; and a body the handler reads itself
    /// is described by its schema.</summary>
    [Fact]
    public async Task Typed_results_and_self_read_bodies_are_described()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var phase = paths.GetProperty("/api/incidents/{id}/phase").GetProperty("post");
        var responses = phase.GetProperty("responses");
        Assert.EndsWith("/IncidentWorkspace", responses.GetProperty("200").GetProperty("content").GetProperty("application/json")
            .GetProperty("schema").GetProperty("$ref").GetString());
        Assert.EndsWith("/HttpValidationProblemDetails", responses.GetProperty("400").GetProperty("content").GetProperty("application/problem+json")
            .GetProperty("schema").GetProperty("$ref").GetString());
        foreach (var code in new[] { "404", "409", "422" })
            Assert.True(IsProblem(responses.GetProperty(code)), $"phase: {code}");
        Assert.EndsWith("/ChangePhaseRequest", phase.GetProperty("requestBody").GetProperty("content").GetProperty("application/json")
            .GetProperty("schema").GetProperty("$ref").GetString());

        var sighting = paths.GetProperty("/api/sightings").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.EndsWith("/LogSightingRequest", sighting.GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        var photo = paths.GetProperty("/api/incidents/{id}/persons/{personId}/photo").GetProperty("put").GetProperty("requestBody").GetProperty("content");
        Assert.Equal("binary", photo.GetProperty("image/jpeg").GetProperty("schema").GetProperty("format").GetString());
    }

    [Fact]
    public async Task The_document_and_the_reference_page_are_for_administrators_only()
    {
        foreach (var url in new[] { DocumentUrl, ReferenceUrl })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(url)).StatusCode);
            foreach (var role in new[] { MaritimeRoles.Operator, MaritimeRoles.Supervisor, MaritimeRoles.Liaison, MaritimeRoles.Analyst })
            {
                using var response = await app.ClientAs(role, "JRCC-AUS", $"openapi-{role}").GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{url} as {role}: {(int)response.StatusCode}");
            }
            using var admin = await app.ClientAs(MaritimeRoles.Admin, null, "openapi-admin").GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        }

        // The page loads in a browser with the console's cookie (no Authorization header on a page load); its script is
        // served by this server, not a CDN.
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", $"mcoord_access_token={app.Token(MaritimeRoles.Admin, null, "openapi-cookie")}");
        var html = await client.GetStringAsync(ReferenceUrl);
        Assert.DoesNotContain("cdn.", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(DocumentUrl)).StatusCode);
        var analyst = app.CreateClient();
        analyst.DefaultRequestHeaders.Add("Cookie", $"mcoord_access_token={app.Token(MaritimeRoles.Analyst, null, "openapi-cookie-analyst")}");
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync(ReferenceUrl)).StatusCode);
        output.WriteLine(html);
    }

    /// <summary>The hubs are not in the OpenAPI document: docs/api.md names every method and event with its payload.</summary>
    [Fact]
    public void Every_situation_hub_method_and_event_is_in_docs_api_md()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "MaritimeCoord.sln"))) dir = Path.GetDirectoryName(dir);
        var doc = File.ReadAllText(Path.Combine(dir ?? throw new InvalidOperationException("repository root not found"), "docs", "api.md"));
        var methods = typeof(SituationHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name is not ("OnConnectedAsync" or "OnDisconnectedAsync" or "Dispose")).Select(m => m.Name);
        var missing = methods.Concat(EventRoutes.HubEventNames).Where(name => !doc.Contains($"| `{name}` |", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "not in docs/api.md: " + string.Join(", ", missing));
    }
}
