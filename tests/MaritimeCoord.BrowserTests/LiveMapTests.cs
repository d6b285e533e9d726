using MaritimeCoord.Contracts.Auth;
using Microsoft.Playwright;

namespace MaritimeCoord.BrowserTests;

/// <summary>The real server on real Kestrel (RabbitMQ transport, PostGIS), driven from Debian's Chromium, headless.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class LiveMapTests(ConsoleFixture fixture)
{
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
        var references = new List<string>();
        foreach (var (lat, lon, description, pob, condition) in new[]
                 {
                     (-10.4667, 123.0833, "Wooden fishing boat, blue hull", 38, "overloaded"),
                     (-10.3667, 105.5833, "Wooden boat, engine failure", 64, "disabled"),
                     (6.45, 97.35, "Crowded wooden boat", 120, "disabled"),
                     (-12.0833, 122.85, "Timber boat, listing", 55, "taking-water"),
                 })
            references.Add((await fixture.PostSightingAsync(lat, lon, description, pob, condition)).GetProperty("incidentReference").GetString()!);
        var reference = references[0];

        await page.WaitForSelectorAsync($"[data-testid=incidents] li[data-reference='{reference}']", new() { Timeout = 20_000 });
        await page.WaitForFunctionAsync("() => window.mcoord.incidents.size >= 4", null, new() { Timeout = 20_000 });
        // Rendered by WebGL, not only listed: MapLibre reports the features it drew in the incidents layer.
        await page.WaitForFunctionAsync(
            "() => window.mcoord.map.queryRenderedFeatures({ layers: ['incidents'] }).length >= 4", null, new() { Timeout = 20_000 });
        var drawnRegions = await page.EvaluateAsync<int>("() => window.mcoord.map.queryRenderedFeatures({ layers: ['sar-approximate'] }).length");
        Assert.True(drawnRegions > 0, "approximate SAR regions should be drawn dashed");
        // The fixture's server is shared with the other console tests: check this test's incidents, not a total.
        foreach (var r in references)
            Assert.Equal(1, await page.Locator($"[data-testid=incidents] li[data-reference='{r}']").CountAsync());

        await Screenshots.TakeAsync(page, "live-map.png");
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
}
