using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Server.Features.Drift;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MaritimeCoord.BrowserTests;

/// <summary>
/// The incident workspace's Drift/Search tab (js/search.js): a drift run started from the form, its live progress,
/// the cloud, containment and manual datum drawn and stepped through with the slider; a search plan proposed,
/// adjusted, issued, downloaded, printed on one A4 page, and a result that raises the cumulative POS.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class DriftSearchTests(ConsoleFixture fixture)
{
    private const string Centre = "JRCC-AUS";

    private async Task<(string Id, string Reference)> IncidentAsync(double lat, double lon)
    {
        // South of Java: JRCC Australia's region, open sea for a day's drift.
        var posted = await fixture.PostSightingAsync(lat, lon, "Wooden boat, 15 m, red hull", 60, "disabled");
        return (posted.GetProperty("incidentId").GetString()!, posted.GetProperty("incidentReference").GetString()!);
    }

    private static async Task OpenSearchTabAsync(ConsolePage console, string reference)
    {
        var page = console.Page;
        await page.WaitForSelectorAsync($"[data-testid=incidents] li[data-reference='{reference}']", new() { Timeout = 20_000 });
        await page.ClickAsync($"[data-testid=incidents] li[data-reference='{reference}']");
        await page.WaitForSelectorAsync($"[data-testid=panel-reference]:has-text('{reference}')");
        await page.ClickAsync("[data-testid=tab-search]");
        await page.WaitForSelectorAsync("[data-testid=drift-runs-block]");
    }

    private async Task RunJobAsync(Guid runId)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<DriftRunJob>().RunAsync(runId, default));
    }

    /// <summary>Opens the console and waits for it to be ready, saying which page errors there were if it never is.</summary>
    private async Task<ConsolePage> OpenAsync(string token, Func<IPage, Task>? beforeNavigate = null)
    {
        var console = await ConsolePage.OpenAsync(fixture, token, waitReady: false, beforeNavigate: beforeNavigate);
        try
        {
            await console.Page.WaitForSelectorAsync("body[data-ready=true]", new() { Timeout = 90_000 });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"The console was not ready; page errors: {string.Join(" | ", console.Errors)}", e);
        }
        return console;
    }

    private const string SourceCount = "(id) => window.mcoord.map.querySourceFeatures(id).length";

    [Fact]
    public async Task A_drift_run_started_in_the_tab_shows_its_progress_cloud_containment_and_datum_and_follows_the_slider()
    {
        var (incidentId, reference) = await IncidentAsync(-13.2, 109.6);
        await using var console = await OpenAsync(fixture.Token(MaritimeRoles.Operator, Centre, "Operator Canberra"));
        await console.WaitAsync("() => window.mcoord.hubConnected");
        var page = console.Page;
        await OpenSearchTabAsync(console, reference);

        // The picker puts the region's classes first.
        var first = await page.EvalOnSelectorAllAsync<string[]>("[data-testid=drift-object] optgroup:first-child option", "o => o.map(x => x.value)");
        Assert.Equal(["PIW-1", "REFUGEE-RAFT-1", "REFUGEE-RAFT-2", "SKIFF-2", "SKIFF-1", "FISHING-VESSEL-1"], first[..6]);
        Assert.Equal(85, await page.Locator("[data-testid=drift-object] option").CountAsync());
        // Times are 24-hour UTC text, prefilled from the last sighting; no datetime-local field.
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", await page.InputValueAsync("[data-testid=drift-time]"));
        Assert.Equal(0, await page.Locator("#search-panel input[type=datetime-local]").CountAsync());

        // The server's refusals are shown by the field they name.
        await page.SelectOptionAsync("[data-testid=drift-object]", "REFUGEE-RAFT-1");
        await page.FillAsync("[data-testid=drift-hours]", "500");
        await page.FillAsync("[data-testid=drift-wind-speed]", "75");
        await page.ClickAsync("[data-testid=drift-start]");
        await page.WaitForSelectorAsync("[data-error-for=hours]:not(:empty)");
        Assert.Contains("168", await page.TextContentAsync("[data-error-for=hours]"));
        Assert.NotEmpty((await page.TextContentAsync("[data-error-for='forcing.onScene.windSpeed']"))!);
        Assert.Equal(0, await fixture.ScalarAsync<long>("SELECT count(*) FROM drift_runs WHERE incident_id = @id", ("id", Guid.Parse(incidentId))));

        // A valid run: the job (Hangfire is off in the fixture) runs here, its progress and completion come live.
        await page.FillAsync("[data-testid=drift-hours]", "6");
        await page.FillAsync("[data-testid=drift-particles]", "2000");
        await page.FillAsync("[data-testid=drift-wind-speed]", "9");
        await console.WaitAsync("() => window.mcoord.search.subscribed.size > 0");
        await page.ClickAsync("[data-testid=drift-start]");
        await page.WaitForSelectorAsync("#search-panel[data-run-status=queued]");
        Assert.True(await page.IsVisibleAsync("[data-testid=drift-progress]"));
        var runId = Guid.Parse(await page.EvaluateAsync<string>("() => window.mcoord.search.run.run.id"));
        await RunJobAsync(runId);
        await console.WaitAsync($"() => window.mcoord.search.progressSeen.some(([id, p]) => id === '{runId}' && p === 1)");
        await page.WaitForSelectorAsync("#search-panel[data-run-status=succeeded][data-hour-shown='6']", new() { Timeout = 20_000 });
        await console.WaitAsync($"() => ({SourceCount})('drift-particles') > 0 && ({SourceCount})('drift-containment') > 0 && ({SourceCount})('drift-datum') > 0");
        Assert.Matches(@"T\+6 h · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", await page.TextContentAsync("[data-testid=drift-hour-label]"));
        var facts = await page.TextContentAsync("[data-testid=drift-datum]");
        Assert.Matches(@"E \d+\.\d nm", facts!);
        Assert.Matches(@"R \d+\.\d nm", facts!);
        var percents = await page.EvaluateAsync<int[]>("() => [...new Set(window.mcoord.map.querySourceFeatures('drift-containment').map(f => f.properties.percent))].sort((a, b) => a - b)");
        Assert.Equal([50, 90, 95], percents);
        var lateMean = await MeanLongitudeAsync(page);

        // The slider: hour 1 is drawn, its cloud nearer the start than hour 6's (the wind blows from 120°, towards the west-north-west).
        await page.EvalOnSelectorAsync("[data-testid=drift-slider]", "s => { s.value = '1'; s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); }");
        await page.WaitForSelectorAsync("#search-panel[data-hour-shown='1']");
        await console.WaitAsync($"() => ({SourceCount})('drift-particles') > 0");
        Assert.StartsWith("T+1 h", await page.TextContentAsync("[data-testid=drift-hour-label]"));
        var earlyMean = await MeanLongitudeAsync(page);
        Assert.True(earlyMean > lateMean, $"hour 1 mean longitude {earlyMean} should be east of hour 6's {lateMean}");

        // The heat map instead of the particles.
        await page.CheckAsync("[data-testid=drift-show-grid]");
        await console.WaitAsync($"() => ({SourceCount})('drift-grid') > 0 && ({SourceCount})('drift-particles') === 0");
        await page.EvalOnSelectorAsync("[data-testid=drift-slider]", "s => { s.value = '6'; s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); }");
        await page.WaitForSelectorAsync("#search-panel[data-hour-shown='6']");
        await page.CheckAsync("[data-testid=drift-show-particles]");
        await console.WaitAsync($"() => ({SourceCount})('drift-particles') > 0");
        await page.WaitForFunctionAsync("() => window.mcoord.map.loaded()");
        await Screenshots.TakeAsync(page, "drift-search.png");

        Assert.Empty(console.UnexpectedErrors("status of 422")); // the refused run above
        Assert.Empty(console.ForeignRequests);
    }

    private static Task<double> MeanLongitudeAsync(IPage page) => page.EvaluateAsync<double>(
        "() => { const f = window.mcoord.map.querySourceFeatures('drift-particles'); return f.reduce((s, x) => s + x.geometry.coordinates[0], 0) / f.length; }");

    [Fact]
    public async Task Analysts_read_the_tab_without_its_controls_and_liaison_officers_have_no_tab()
    {
        var (_, reference) = await IncidentAsync(-13.0, 110.4);
        await using (var analyst = await OpenAsync(fixture.Token(MaritimeRoles.Analyst, null, "Analyst")))
        {
            await OpenSearchTabAsync(analyst, reference);
            await analyst.Page.WaitForSelectorAsync("[data-testid=search-read-only]");
            Assert.Equal(0, await analyst.Page.Locator("[data-testid=drift-form], [data-testid=plan-form]").CountAsync());
            Assert.Empty(analyst.UnexpectedErrors());
        }
        await using var liaison = await OpenAsync(fixture.Token(MaritimeRoles.Liaison, "BASARNAS-IDN", "Liaison Bali"));
        Assert.False(await liaison.Page.IsVisibleAsync("[data-testid=tab-search]"));
        Assert.Equal(0, await liaison.Page.Locator("[data-testid=drift-form]").CountAsync());
    }

    [Fact]
    public async Task A_search_plan_is_proposed_adjusted_issued_downloaded_printed_on_one_page_and_a_result_raises_the_POS()
    {
        var (incidentId, reference) = await IncidentAsync(-13.6, 108.5);
        var operatorToken = fixture.Token(MaritimeRoles.Operator, Centre, "Operator Canberra");
        using var http = fixture.Http(operatorToken);
        // A finished drift run and a tasked asset, through the API; the plan is made in the browser.
        var seeded = DateTimeOffset.UtcNow.AddMinutes(-10);
        var run = new JsonObject
        {
            ["objectClass"] = "REFUGEE-RAFT-1",
            ["seeding"] = new JsonObject { ["kind"] = "point", ["latitude"] = -13.6, ["longitude"] = 108.5, ["radiusMetres"] = 1852, ["time"] = seeded.ToString("O") },
            ["forcing"] = new JsonObject { ["onScene"] = new JsonObject { ["windSpeed"] = 7, ["windFrom"] = 110, ["currentSpeed"] = 0.2, ["currentTo"] = 250 } },
            ["hours"] = 6, ["particles"] = 3000, ["stepMinutes"] = 10, ["direction"] = "forward", ["seed"] = 3,
        };
        var started = await http.PostAsJsonAsync($"/api/incidents/{incidentId}/drift-runs", run);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await RunJobAsync(runId);
        var responders = await http.GetFromJsonAsync<JsonElement>($"/api/incidents/{incidentId}/responders?limit=15");
        var asset = responders.GetProperty("ranked").EnumerateArray().First(r => r.GetProperty("kind").GetString() == "asset").GetProperty("id").GetString()!;
        var tasked = await http.PostAsJsonAsync($"/api/incidents/{incidentId}/taskings", new { assetCode = asset, reason = "Search" });
        Assert.True(tasked.IsSuccessStatusCode, await tasked.Content.ReadAsStringAsync());

        await using var console = await OpenAsync(operatorToken, beforeNavigate: p => p.AddInitScriptAsync("window.print = () => { window.__printed = (window.__printed ?? 0) + 1; };"));
        await console.WaitAsync("() => window.mcoord.hubConnected");
        var page = console.Page;
        await OpenSearchTabAsync(console, reference);
        await page.WaitForSelectorAsync("#search-panel[data-run-status=succeeded][data-hour-shown='6']");

        // The tasked asset is prefilled; the plan is proposed on the shown run.
        Assert.True(await page.EvalOnSelectorAsync<bool>("[data-testid=plan-form-block]", "d => d.open")); // open while there is no plan
        Assert.Equal(asset, await page.InputValueAsync("[data-testid=plan-assets] tr:first-child input[name=assetCode]"));
        // A narrow sweep and a short endurance: a plan well short of certain, so a result moves the figures.
        await page.FillAsync("[data-testid=plan-assets] tr:first-child input[name=sweepWidthNm]", "0.05");
        await page.FillAsync("[data-testid=plan-assets] tr:first-child input[name=enduranceHours]", "0.5");
        await page.ClickAsync("[data-testid=plan-propose]");
        await page.WaitForSelectorAsync("#search-panel[data-plan-status=proposed]");
        await console.WaitAsync($"() => ({SourceCount})('search-areas') > 0 && ({SourceCount})('search-tracks') > 0");
        var pos = Percent(await page.TextContentAsync("[data-testid=plan-pos]"));
        Assert.InRange(pos, 0.1, 99);

        // Adjust: a longer area by the numeric field, a creeping line; the server's answer replaces the sketch.
        await page.ClickAsync("[data-testid=assignment-edit]");
        await page.WaitForSelectorAsync("[data-testid=adjust-form]");
        Assert.Equal(["move", "resize", "rotate"], await page.EvaluateAsync<string[]>(
            "() => window.mcoord.map.getSource('search-handles').serialize().data.features.map(f => f.properties.role)"));
        var length = double.Parse(await page.InputValueAsync("[data-testid=adjust-lengthNm]"), System.Globalization.CultureInfo.InvariantCulture);
        await page.FillAsync("[data-testid=adjust-lengthNm]", (length * 1.5).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("[data-testid=adjust-pattern]", "creeping-line");
        await page.ClickAsync("[data-testid=adjust-apply]");
        await console.WaitAsync("() => !document.querySelector('[data-testid=adjust-form]') || document.querySelector('[data-testid=adjust-error]').textContent !== ''");
        Assert.Equal("", await page.EvaluateAsync<string>("() => document.querySelector('[data-testid=adjust-error]')?.textContent ?? ''"));
        var adjusted = await http.GetFromJsonAsync<JsonElement>($"/api/incidents/{incidentId}/search-plans/1");
        var area = adjusted.GetProperty("assignments")[0];
        Assert.Equal("creeping-line", area.GetProperty("pattern").GetString());
        Assert.InRange(area.GetProperty("area").GetProperty("lengthNm").GetDouble(), length * 1.45, length * 1.55);

        // Issue, then download the route as RTZ.
        await page.ClickAsync("[data-testid=plan-issue]");
        await page.WaitForSelectorAsync("#search-panel[data-plan-status=issued]");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=download-rtz]"));
        Assert.EndsWith(".rtz", download.SuggestedFilename, StringComparison.Ordinal);
        var rtz = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("<route", rtz, StringComparison.Ordinal);
        Assert.Contains("waypoint", rtz, StringComparison.Ordinal);

        // The print view: one A4 page with the centre's header, corners, waypoints, pattern, spacing, UTC times.
        await page.ClickAsync("[data-testid=assignment-print]");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__printed"));
        var sheet = await page.TextContentAsync("[data-testid=search-print]");
        Assert.Contains(Centre, sheet);
        Assert.Contains("creeping line", sheet);
        Assert.Contains("Area corners", sheet);
        Assert.Matches(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", sheet!);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await page.SetViewportSizeAsync(794, 1123); // A4 at 96 dpi, for the screenshot
        await Screenshots.TakeAsync(page, "search-plan-print.png");
        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = false, PreferCSSPageSize = true });
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "search-plan-print.pdf"), pdf);
        Assert.True(PdfPages().Count(Encoding.Latin1.GetString(pdf)) == 1, "the print view is not one page");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await page.SetViewportSizeAsync(ConsolePage.Desktop.Width, ConsolePage.Desktop.Height);
        await page.EvaluateAsync("() => { delete document.body.dataset.print; }");

        // A result: the asset searched half its pattern; the achieved POS is shown and the cumulative POS follows it
        // (before any result it counts the plan as planned).
        var before = Percent(await page.TextContentAsync("[data-testid=plan-cumulative-pos]"));
        var planned = Percent(await page.TextContentAsync("[data-testid=plan-pos]")); // the adjusted plan's
        Assert.Equal(planned, before, 1);
        await page.CheckAsync("[data-testid=result-partial]");
        await page.FillAsync("[data-testid=result-fraction]", "0.5");
        await page.ClickAsync("[data-testid=result-submit]");
        await page.WaitForSelectorAsync("[data-testid=plan-achieved-pos]");
        var achieved = Percent(await page.TextContentAsync("[data-testid=plan-achieved-pos]"));
        Assert.True(achieved < planned, $"half the pattern searched: achieved POS {achieved} % should be below the planned {planned} %");
        Assert.Equal(achieved, Percent(await page.TextContentAsync("[data-testid=plan-cumulative-pos]")), 1);

        Assert.Empty(console.UnexpectedErrors());
        Assert.Empty(console.ForeignRequests);
    }

    private static double Percent(string? text) => text is null or "—" ? 0 : double.Parse(text.Replace("%", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"/Type\s*/Page[^s]")]
    private static partial Regex PdfPages();
}
