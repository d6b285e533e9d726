using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MaritimeCoord.IntegrationTests.Security;

/// <summary>
/// Rate limits per user (429 problem details + Retry-After), CORS allow-list, security headers, body limits and the
/// hub's query-string token kept out of every log line, against real Kestrel (so Kestrel's own limits apply).
/// </summary>
public sealed class HardeningTests(HardeningTests.App app) : IClassFixture<HardeningTests.App>
{
    public const string AllowedOrigin = "https://console.rcc.example";
    public const int Burst = 5;

    public sealed class App : MaritimeAppFactory
    {
        public CapturingLoggerProvider Logs { get; } = new();
        protected override bool UseRabbitMq => false;
        protected override bool RealKestrel => true;

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Security:RateLimiting:TokenLimit"] = Burst.ToString(),
            ["Security:RateLimiting:TokensPerPeriod"] = "1",
            ["Security:RateLimiting:ReplenishmentPeriod"] = "00:10:00",
            ["Security:Cors:AllowedOrigins:0"] = AllowedOrigin,
            // Everything ASP.NET Core logs, down to Trace: the token must not appear at any level.
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            ["Logging:LogLevel:Npgsql"] = "Warning",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(l => l.AddProvider(Logs));
        }

        /// <summary>A client with its own subject (the rate limit is per subject; every test uses its own).</summary>
        public HttpClient Kestrel(string? token = null)
        {
            var client = new HttpClient { BaseAddress = BaseAddress };
            if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }
    }

    [Fact]
    public async Task A_user_over_the_limit_gets_429_problem_details_with_retry_after_and_other_users_are_unaffected()
    {
        var greedy = app.Kestrel(app.Token(MaritimeRoles.Operator, "JRCC-AUS", "rate-greedy"));
        for (var i = 0; i < Burst; i++) Assert.Equal(HttpStatusCode.OK, (await greedy.GetAsync("/api/me")).StatusCode);

        var refused = await greedy.GetAsync("/api/me");
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 600);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("nosniff", refused.Headers.GetValues("X-Content-Type-Options").Single());

        // Another subject with the same role and centre still gets through: the partition is the user, not the centre.
        Assert.Equal(HttpStatusCode.OK, (await app.Kestrel(app.Token(MaritimeRoles.Operator, "JRCC-AUS", "rate-calm")).GetAsync("/api/me")).StatusCode);
        // Probes are never throttled.
        var probe = app.Kestrel();
        for (var i = 0; i < Burst * 3; i++) Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public void Rate_limits_and_cors_default_to_generous_and_closed()
    {
        var defaults = new SecurityOptions();
        Assert.True(defaults.RateLimiting.Enabled);
        Assert.True(defaults.RateLimiting.TokenLimit >= 600 && defaults.RateLimiting.TokensPerPeriod >= 60);
        Assert.Empty(defaults.Cors.AllowedOrigins);
    }

    [Fact]
    public async Task Cors_answers_only_an_allowed_origin()
    {
        var client = app.Kestrel(app.Token(MaritimeRoles.Operator, "JRCC-AUS", "cors-user"));
        using (var allowed = new HttpRequestMessage(HttpMethod.Get, "/api/me"))
        {
            allowed.Headers.Add("Origin", AllowedOrigin);
            var response = await client.SendAsync(allowed);
            Assert.Equal(AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }
        using (var evil = new HttpRequestMessage(HttpMethod.Get, "/api/me"))
        {
            evil.Headers.Add("Origin", "https://evil.example");
            var response = await client.SendAsync(evil);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        }
        foreach (var origin in new[] { AllowedOrigin, "https://evil.example" })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/sightings");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            var response = await client.SendAsync(preflight);
            Assert.Equal(origin == AllowedOrigin, response.Headers.Contains("Access-Control-Allow-Origin"));
        }
    }

    [Fact]
    public async Task Every_kind_of_response_carries_the_security_headers()
    {
        var user = app.Kestrel(app.Token(MaritimeRoles.Analyst, "JRCC-AUS", "headers-user"));
        var responses = new[]
        {
            await user.GetAsync("/api/me"),                          // 200 JSON
            await app.Kestrel().GetAsync("/api/me"),                 // 401
            await user.PostAsync("/api/sightings", null),            // 403
            await user.GetAsync($"/api/incidents/{Guid.NewGuid()}"), // 404
            await app.Kestrel().GetAsync("/"),                       // the console (static file)
        };
        foreach (var response in responses)
        {
            var what = $"{(int)response.StatusCode} {response.RequestMessage!.RequestUri}";
            Assert.True(response.Headers.Contains("X-Content-Type-Options"), what);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("default-src 'self'", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.False(response.Headers.Contains("Server"), what);
        }
        Assert.Equal(HttpStatusCode.OK, responses[^1].StatusCode);
    }

    [Fact]
    public async Task Bodies_over_the_limits_are_refused_with_413()
    {
        var client = app.Kestrel(app.Token(MaritimeRoles.Operator, "JRCC-AUS", "body-user"));
        // Kestrel's server-wide limit (256 KiB) applies to every endpoint, e.g. an incident command.
        var huge = new StringContent("{\"reason\":\"" + new string('x', 300 * 1024) + "\"}", Encoding.UTF8, "application/json");
        var response = await client.PostAsync($"/api/incidents/{Guid.NewGuid()}/handover/accept", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        // The sighting endpoint's own limit (32 KiB), as a problem naming the body.
        var sighting = Sightings.Valid(b => b["notes"] = new string('y', 40 * 1024));
        var tooBig = await Sightings.PostAsync(app.Kestrel(app.Token(MaritimeRoles.Liaison, "JRCC-AUS", "body-liaison")), sighting);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Equal("application/problem+json", tooBig.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_hub_token_in_the_query_string_never_reaches_a_log_line()
    {
        var token = app.Token(MaritimeRoles.Operator, "JRCC-AUS", "log-operator");
        var signature = token.Split('.')[2];
        var escaped = Uri.EscapeDataString(token);
        var http = app.Kestrel();

        // What a browser does: negotiate, then a WebSocket upgrade, both with ?access_token=.
        var negotiate = await http.PostAsync($"/hubs/situation/negotiate?negotiateVersion=1&access_token={escaped}", null);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        var connectionToken = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync()).RootElement.GetProperty("connectionToken").GetString();
        using (var socket = new ClientWebSocket())
        {
            var ws = new UriBuilder(app.BaseAddress) { Scheme = "ws", Path = "/hubs/situation", Query = $"id={connectionToken}&access_token={escaped}" }.Uri;
            await socket.ConnectAsync(ws, CancellationToken.None);
            await socket.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            var buffer = new byte[1024];
            var handshake = await socket.ReceiveAsync(buffer, CancellationToken.None);
            Assert.Equal("{}\u001e", Encoding.UTF8.GetString(buffer, 0, handshake.Count));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }
        // A token in the query of any other path is not accepted (401) and not logged either.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/me?access_token={escaped}")).StatusCode);
        // And a refused (forged) one.
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await http.PostAsync($"/hubs/situation/negotiate?access_token={Uri.EscapeDataString(SecurityTokens.Sign(new string('z', 48), "admin", null, "forged"))}", null)).StatusCode);
        // Request-finished lines are written after the response: wait for the last request's.
        await Quiescence.UntilAsync(() => app.Logs.Lines.ToArray().Any(l => l.Contains("Request finished", StringComparison.Ordinal)
            && l.Contains("/hubs/situation/negotiate", StringComparison.Ordinal) && l.Contains(" 401 ", StringComparison.Ordinal)), "the forged negotiation was logged");

        var lines = app.Logs.Lines.ToArray();
        Assert.Contains(lines, l => l.Contains("/hubs/situation", StringComparison.Ordinal) && l.Contains(SecuritySetup.Redacted, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(signature, StringComparison.Ordinal) || l.Contains(token.Split('.')[1], StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"access_token=(?!\[redacted\])", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
    }

    [Fact]
    public void Redaction_covers_every_spelling_of_the_parameter()
    {
        Assert.Equal("?access_token=[redacted]", SecuritySetup.RedactAccessToken("?access_token=abc.def.ghi"));
        Assert.Equal("?id=1&ACCESS_TOKEN=[redacted]&x=2", SecuritySetup.RedactAccessToken("?id=1&ACCESS_TOKEN=abc&x=2"));
        Assert.Equal("GET /hubs/situation?access_token=[redacted] - 101", SecuritySetup.RedactAccessToken("GET /hubs/situation?access_token=eyJ%2Fx - 101"));
        Assert.Equal("no token here", SecuritySetup.RedactAccessToken("no token here"));
    }
}

/// <summary>Keeps every log line (formatted message, each structured value and the exception) for assertions.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);
    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> kv ? string.Join(" | ", kv.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
