using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using MaritimeCoord.Cli.Auth;
using MaritimeCoord.Contracts.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

// The browser tests share one machine with a real server, a broker and a browser; run them one at a time so their
// timings (and the frame-time figures) are not disturbed by each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace MaritimeCoord.BrowserTests;

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}

/// <summary>
/// One real server on real Kestrel (RabbitMQ transport, PostGIS, sample boundaries and response assets) and one headless
/// Debian Chromium for the console tests. Each test opens its own browser contexts (separate storage, tokens).
/// </summary>
public sealed class ConsoleFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    private const string AdminDb = "Host=127.0.0.1;Port=5432;Username=maritime;Password=maritime;Database=postgres";
    private readonly string database = $"mcc_{Guid.NewGuid():N}";
    public string SigningKey { get; } = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress => ClientOptions.BaseAddress;
    public string ConnectionString => $"Host=127.0.0.1;Port=5432;Username=maritime;Password=maritime;Database={database}";

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
        builder.UseSetting("ConnectionStrings:Maritime", ConnectionString);
        builder.UseSetting("ConnectionStrings:Redis", "");
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("Samples:LoadOnStartup", "true");
        builder.UseSetting("Jobs:Enabled", "false");
        builder.UseSetting("Messaging:Transport", "RabbitMq");
        builder.UseSetting("Messaging:EndpointPrefix", $"c{Guid.NewGuid():N}"[..12] + "-");
        builder.UseSetting("Messaging:TemporaryEndpoints", "true");
    }

    public string Token(string role, string? centre, string? name = null) =>
        DevelopmentTokenIssuer.Issue(SigningKey, role, centre, name: name ?? $"Test {role}{(centre is null ? "" : $" {centre}")}");

    /// <summary>The real bus: what the AIS ingest publishes goes the same way (RabbitMQ → broadcaster → hub → browser).</summary>
    public IBus Bus => Services.GetRequiredService<IBus>();

    public HttpClient Http(string token)
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async Task<JsonElement> PostSightingAsync(double lat, double lon, string description, int pob, string condition,
        string centre = "BASARNAS-IDN")
    {
        using var http = Http(Token(MaritimeRoles.Liaison, centre));
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

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}

/// <summary>A console page in its own browser context, with the checks every test makes: no page errors, nothing fetched from outside.</summary>
public sealed class ConsolePage(IBrowserContext context, IPage page, List<string> errors, List<string> foreign) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;
    public IPage Page { get; } = page;
    public List<string> Errors { get; } = errors;
    public List<string> ForeignRequests { get; } = foreign;

    public static readonly ViewportSize Desktop = new() { Width = 1400, Height = 860 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    public static async Task<ConsolePage> OpenAsync(ConsoleFixture fixture, string? token, ViewportSize? viewport = null,
        bool waitReady = true, Func<IPage, Task>? beforeNavigate = null, string? locale = null)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport ?? Desktop,
            IsMobile = viewport == Phone,
            HasTouch = viewport == Phone,
            TimezoneId = "Asia/Makassar", // a liaison officer in Bali (UTC+08:00)
            Locale = locale,
            AcceptDownloads = true,
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        var foreign = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) => { if (m.Type == "error") errors.Add($"{m.Text} ({m.Location})"); };
        // Offline by design: any request leaving this server is a defect; abort it and record it.
        await page.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "http" or "https" or "ws" or "wss" && url.Authority != fixture.BaseAddress.Authority)
            {
                foreign.Add(route.Request.Url);
                await route.AbortAsync();
            }
            else await route.FallbackAsync();
        });
        if (beforeNavigate is not null) await beforeNavigate(page);
        await page.GotoAsync(token is null ? fixture.BaseAddress.ToString() : $"{fixture.BaseAddress}#token={token}");
        if (waitReady) await page.WaitForSelectorAsync("body[data-ready=true]", new() { Timeout = 30_000 });
        return new ConsolePage(context, page, errors, foreign);
    }

    /// <summary>Page errors other than Chromium's harmless software-GL warnings and the failed fetches a test provoked.</summary>
    public IEnumerable<string> UnexpectedErrors(params string[] allowed) =>
        Errors.Where(e => !e.Contains("GPU stall", StringComparison.Ordinal) && !allowed.Any(a => e.Contains(a, StringComparison.Ordinal)));

    /// <summary>Answers the console's reason dialog (a &lt;dialog&gt;, not window.prompt) with <paramref name="reason"/>.</summary>
    public async Task AnswerReasonAsync(string reason)
    {
        await Page.WaitForSelectorAsync("[data-testid=reason-dialog][open]");
        await Page.FillAsync("[data-testid=reason-dialog-input]", reason);
        await Page.ClickAsync("[data-testid=reason-dialog-ok]");
        await Page.WaitForSelectorAsync("[data-testid=reason-dialog]:not([open])", new() { State = WaitForSelectorState.Attached });
    }

    public Task WaitAsync(string expression, int timeoutMs = 20_000) =>
        Page.WaitForFunctionAsync(expression, null, new() { Timeout = timeoutMs, PollingInterval = 100 });

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}

public static class Screenshots
{
    /// <summary>docs/screenshots when MCOORD_UPDATE_SCREENSHOTS=1 (to refresh the committed ones), else the test output folder.</summary>
    public static string PathFor(string name)
    {
        if (Environment.GetEnvironmentVariable("MCOORD_UPDATE_SCREENSHOTS") == "1")
        {
            var dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "MaritimeCoord.sln")) && !Directory.Exists(Path.Combine(dir, ".git")))
                dir = Path.GetDirectoryName(dir);
            if (dir is not null) return Path.Combine(dir, "docs", "screenshots", name);
        }
        return Path.Combine(AppContext.BaseDirectory, "screenshots", name);
    }

    public static Task TakeAsync(IPage page, string name) => page.ScreenshotAsync(new PageScreenshotOptions { Path = PathFor(name) });
}
