using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MaritimeCoord.Cli.Auth;
using MaritimeCoord.Contracts.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using Npgsql;

namespace MaritimeCoord.BrowserTests;

/// <summary>The real server on real Kestrel (RabbitMQ transport, PostGIS), driven from Debian's Chromium, headless.</summary>
public sealed class LiveMapTests(LiveMapTests.Fixture fixture) : IClassFixture<LiveMapTests.Fixture>
{
    public sealed class Fixture : WebApplicationFactory<Program>, IAsyncLifetime
    {
        private const string AdminDb = "Host=127.0.0.1;Port=5432;Username=maritime;Password=maritime;Database=postgres";
        private readonly string database = $"mcb_{Guid.NewGuid():N}";
        public string SigningKey { get; } = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        public IPlaywright Playwright { get; private set; } = null!;
        public IBrowser Browser { get; private set; } = null!;
        public Uri BaseAddress => ClientOptions.BaseAddress;

        public async Task InitializeAsync()
        {
            await using (var conn = new NpgsqlConnection(AdminDb))
            {
                await conn.OpenAsync();
                await new NpgsqlCommand($"CREATE DATABASE {database}", conn).ExecuteNonQueryAsync();
            }
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            StartServer();
            Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
            Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Environment.GetEnvironmentVariable("MCOORD_CHROMIUM") ?? "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync"],
            });
        }

        async Task IAsyncLifetime.DisposeAsync()
        {
            await Browser.DisposeAsync();
            Playwright.Dispose();
            await DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(AdminDb);
            await conn.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", conn).ExecuteNonQueryAsync();
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Maritime", $"Host=127.0.0.1;Port=5432;Username=maritime;Password=maritime;Database={database}");
            builder.UseSetting("ConnectionStrings:Redis", "");
            builder.UseSetting("Auth:SigningKey", SigningKey);
            builder.UseSetting("Jobs:Enabled", "false");
            builder.UseSetting("Messaging:Transport", "RabbitMq");
            builder.UseSetting("Messaging:EndpointPrefix", $"b{Guid.NewGuid():N}"[..12] + "-");
            builder.UseSetting("Messaging:TemporaryEndpoints", "true");
        }

        public string Token(string role, string? centre) => DevelopmentTokenIssuer.Issue(SigningKey, role, centre, name: $"Test {role}");

        public async Task<JsonElement> PostSightingAsync(double lat, double lon, string description, int pob, string condition)
        {
            using var http = new HttpClient { BaseAddress = BaseAddress };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(MaritimeRoles.Liaison, "BASARNAS-IDN"));
            var body = new JsonObject
            {
                ["observedAt"] = DateTimeOffset.UtcNow.AddMinutes(-2).ToString("O"),
                ["latitude"] = lat, ["longitude"] = lon, ["boatDescription"] = description,
                ["personsOnBoard"] = pob, ["condition"] = condition, ["reporter"] = "Browser test liaison",
            };
            var response = await http.PostAsJsonAsync("/api/sightings", body);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        }
    }

    private async Task<(IPage Page, List<string> Errors, List<string> ForeignRequests)> OpenAsync(string? token, ViewportSize? viewport = null)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport ?? new ViewportSize { Width = 1400, Height = 860 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        var foreign = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        // Offline by design: any request leaving this server is a defect; abort it and record it.
        await page.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "http" or "https" or "ws" or "wss" && url.Authority != fixture.BaseAddress.Authority)
            {
                foreign.Add(route.Request.Url);
                await route.AbortAsync();
            }
            else await route.ContinueAsync();
        });
        await page.GotoAsync(token is null ? fixture.BaseAddress.ToString() : $"{fixture.BaseAddress}#token={token}");
        return (page, errors, foreign);
    }

    [Fact]
    public async Task A_sighting_logged_through_the_API_appears_live_on_the_operators_map()
    {
        var (page, errors, foreign) = await OpenAsync(fixture.Token(MaritimeRoles.Admin, "JRCC-AUS"));
        await page.WaitForSelectorAsync("body[data-ready=true]", new() { Timeout = 30_000 });
        Assert.Equal("live", await page.TextContentAsync("[data-testid=hub-status]"));
        Assert.Contains("admin", await page.TextContentAsync("[data-testid=user]"));

        // Several boats in several SAR regions, so the screenshot shows the picture an operator would see.
        var posted = await fixture.PostSightingAsync(-10.4667, 123.0833, "Wooden fishing boat, blue hull", 38, "overloaded");
        await fixture.PostSightingAsync(-10.3667, 105.5833, "Wooden boat, engine failure", 64, "disabled");
        await fixture.PostSightingAsync(6.45, 97.35, "Crowded wooden boat", 120, "disabled");
        await fixture.PostSightingAsync(-12.0833, 122.85, "Timber boat, listing", 55, "taking-water");
        var reference = posted.GetProperty("incidentReference").GetString()!;

        await page.WaitForSelectorAsync($"[data-testid=incidents] li[data-reference='{reference}']", new() { Timeout = 20_000 });
        await page.WaitForFunctionAsync("() => window.mcoord.incidents.size >= 4", null, new() { Timeout = 20_000 });
        // Rendered by WebGL, not only listed: MapLibre reports the features it drew in the incidents layer.
        await page.WaitForFunctionAsync(
            "() => window.mcoord.map.queryRenderedFeatures({ layers: ['incidents'] }).length >= 4", null, new() { Timeout = 20_000 });
        var drawnRegions = await page.EvaluateAsync<int>("() => window.mcoord.map.queryRenderedFeatures({ layers: ['sar-approximate'] }).length");
        Assert.True(drawnRegions > 0, "approximate SAR regions should be drawn dashed");
        Assert.Equal("4", await page.TextContentAsync("[data-testid=incident-count]"));

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath("live-map.png") });
        Assert.Empty(foreign);
        Assert.DoesNotContain(errors, e => !e.Contains("GPU stall", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_token_the_console_asks_to_sign_in_and_loads_no_data()
    {
        var (page, _, foreign) = await OpenAsync(null);
        await page.WaitForSelectorAsync("#sign-in:not([hidden])");
        Assert.Equal("not signed in", await page.TextContentAsync("[data-testid=user]"));
        Assert.Empty(foreign);
    }

    [Fact]
    public async Task An_operator_sees_their_role_and_centre_and_no_admin_controls_on_a_phone_sized_screen()
    {
        var (page, errors, _) = await OpenAsync(fixture.Token(MaritimeRoles.Operator, "BASARNAS-IDN"), new ViewportSize { Width = 390, Height = 844 });
        await page.WaitForSelectorAsync("body[data-ready=true]", new() { Timeout = 30_000 });
        var user = await page.TextContentAsync("[data-testid=user]");
        Assert.Contains("operator", user);
        Assert.Contains("BASARNAS-IDN", user);
        Assert.False(await page.IsVisibleAsync("#jobs-link"));
        Assert.DoesNotContain(errors, e => !e.Contains("GPU stall", StringComparison.Ordinal));
    }

    /// <summary>docs/screenshots when MCOORD_UPDATE_SCREENSHOTS=1 (to refresh the committed one), else the test output folder.</summary>
    private static string ScreenshotPath(string name)
    {
        if (Environment.GetEnvironmentVariable("MCOORD_UPDATE_SCREENSHOTS") == "1")
        {
            var dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "MaritimeCoord.sln"))) dir = Path.GetDirectoryName(dir);
            if (dir is not null) return Path.Combine(dir, "docs", "screenshots", name);
        }
        return Path.Combine(AppContext.BaseDirectory, "screenshots", name);
    }
}
