using System.Net.Http.Json;
using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using Microsoft.Playwright;

namespace MaritimeCoord.BrowserTests;

/// <summary>The incident workspace in two centres' browsers: phases, responders, tasking, SITREP, and a handover between them.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class IncidentWorkspaceTests(ConsoleFixture fixture)
{
    private static async Task OpenIncidentAsync(ConsolePage console, string reference)
    {
        await console.Page.WaitForSelectorAsync($"[data-testid=incidents] li[data-reference='{reference}']", new() { Timeout = 20_000 });
        await console.Page.ClickAsync($"[data-testid=incidents] li[data-reference='{reference}']");
        await console.Page.WaitForSelectorAsync($"[data-testid=panel-reference]:has-text('{reference}')");
    }

    private static async Task ChangePhaseAsync(IPage page, string phase, string reason)
    {
        await page.SelectOptionAsync("[data-testid=phase-select]", phase);
        await page.FillAsync("[data-testid=phase-reason]", reason);
        await page.ClickAsync("[data-testid=phase-submit]");
        await page.WaitForSelectorAsync($"[data-testid=panel-phase]:has-text('{phase}')");
    }

    [Fact]
    public async Task An_incident_goes_through_its_phases_and_is_handed_over_between_two_centres_browsers()
    {
        // South of Java, in JRCC Australia's region, next to BASARNAS's.
        var posted = await fixture.PostSightingAsync(-13.5, 109.0, "Wooden boat, 20 m, blue hull", 85, "overloaded");
        var reference = posted.GetProperty("incidentReference").GetString()!;
        await using var aus = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "JRCC-AUS", "Operator Canberra"));
        await using var idn = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "BASARNAS-IDN", "Operator Jakarta"));
        await aus.WaitAsync("() => window.mcoord.hubConnected");
        await idn.WaitAsync("() => window.mcoord.hubConnected");
        var a = aus.Page;
        var b = idn.Page;

        await OpenIncidentAsync(aus, reference);
        Assert.Equal("JRCC-AUS", await a.TextContentAsync("[data-testid=panel-centre]"));
        await ChangePhaseAsync(a, "alert", "No contact for 2 h; overloaded");
        await ChangePhaseAsync(a, "distress", "Taking water, reported by a merchant ship");
        Assert.Contains("alert", await a.TextContentAsync("[data-testid=panel-timeline]"));
        Assert.Equal("distress", await a.EvaluateAsync<string>(
            $"() => window.mcoord.map.queryRenderedFeatures({{ layers: ['incidents'] }}).find(f => f.properties.reference === '{reference}')?.properties.phase"));

        // Responders ranked by ETA; the nearest government asset is tasked.
        await a.ClickAsync("[data-testid=responders-load]");
        await a.WaitForSelectorAsync("[data-testid=responders-table]");
        var task = a.Locator("[data-testid=responders-table] button[data-action=task]").First;
        var asset = await task.GetAttributeAsync("data-asset");
        await task.ClickAsync();
        await aus.AnswerReasonAsync("Nearest patrol boat by ETA");
        await a.WaitForSelectorAsync($"[data-testid=taskings]:has-text('{asset}')");

        // SITREP drafted from the incident, copied to the clipboard.
        await a.ClickAsync("[data-testid=sitrep-block] summary");
        await a.ClickAsync("[data-testid=sitrep-draft]");
        await a.WaitForSelectorAsync("[data-testid=sitrep-text]:not([hidden])");
        var sitrep = await a.TextContentAsync("[data-testid=sitrep-text]") ?? "";
        Assert.Contains(reference, sitrep);
        await a.ClickAsync("[data-testid=sitrep-copy]");
        await a.WaitForSelectorAsync("[data-testid=sitrep-copy]:has-text('Copied')");
        Assert.Equal(sitrep, await a.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await Screenshots.TakeAsync(a, "incident-sitrep.png");

        // Handover: proposed by Australia; Indonesia sees the offer live, accepts; Australia sees it live.
        await a.SelectOptionAsync("[data-testid=handover-to]", "BASARNAS-IDN");
        await a.FillAsync("[data-testid=handover-reason]", "Drifting north-west into the Indonesian SRR");
        await a.ClickAsync("[data-testid=handover-propose]");
        await a.WaitForSelectorAsync("[data-testid=handover-pending]:has-text('JRCC-AUS → BASARNAS-IDN')");
        await b.WaitForSelectorAsync($"[data-testid=incidents] li[data-reference='{reference}'] [data-testid=offered-badge]", new() { Timeout = 20_000 });
        // After a reload the badge comes from the list itself (IncidentSummary.pendingHandover), not from the live event.
        await b.ReloadAsync();
        await b.WaitForSelectorAsync($"[data-testid=incidents] li[data-reference='{reference}'] [data-testid=offered-badge]", new() { Timeout = 20_000 });
        await OpenIncidentAsync(idn, reference);
        Assert.Contains("(read only for you)", await b.TextContentAsync("[data-testid=panel-centre]"));
        Assert.Equal(0, await b.Locator("[data-testid=phase-form]").CountAsync()); // not theirs to change yet
        await b.Locator("[data-testid=handover-accept]").ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeAsync(b, "handover-offered.png");
        await b.FillAsync("[data-testid=handover-answer-reason]", "Accepted; KN SAR unit on scene in 3 h");
        await b.ClickAsync("[data-testid=handover-accept]");
        await b.WaitForSelectorAsync("[data-testid=panel-centre]:text-is('BASARNAS-IDN')");
        await a.WaitForSelectorAsync("[data-testid=panel-centre]:has-text('BASARNAS-IDN')", new() { Timeout = 20_000 });
        Assert.Equal(0, await a.Locator("[data-testid=phase-form]").CountAsync()); // Australia no longer coordinates

        // The new coordinating centre runs the incident on: resolved with an outcome.
        await b.SelectOptionAsync("[data-testid=phase-select]", "resolved");
        await b.SelectOptionAsync("[data-testid=phase-outcome]", "rescued");
        await b.FillAsync("[data-testid=phase-reason]", "All 85 taken aboard KN SAR unit");
        await b.ClickAsync("[data-testid=phase-submit]");
        await b.WaitForSelectorAsync("[data-testid=panel-phase]:has-text('resolved')");
        Assert.Contains("accepted", await b.TextContentAsync("[data-testid=handover-block]"));
        await Screenshots.TakeAsync(b, "handover-accepted.png");

        Assert.Empty(aus.UnexpectedErrors());
        Assert.Empty(idn.UnexpectedErrors());
        Assert.Empty(aus.ForeignRequests);
    }

    [Fact]
    public async Task A_change_based_on_a_stale_version_is_refused_with_a_clear_message_and_the_panel_reloads()
    {
        var posted = await fixture.PostSightingAsync(-14.5, 112.0, "Fibreglass boat", 12, "underway");
        var reference = posted.GetProperty("incidentReference").GetString()!;
        var id = posted.GetProperty("incidentId").GetString()!;
        // This operator's live feed is cut, so their panel cannot refresh itself before they act.
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "JRCC-AUS"),
            beforeNavigate: page => page.RouteAsync("**/hubs/**", route => route.AbortAsync()));
        var page = console.Page;
        await OpenIncidentAsync(console, reference);
        var readVersion = await page.GetAttributeAsync("[data-testid=incident-panel]", "data-version");

        // Meanwhile a colleague raises it to alert.
        using (var http = fixture.Http(fixture.Token(MaritimeRoles.Operator, "JRCC-AUS", "Colleague")))
        {
            var response = await http.PostAsJsonAsync($"/api/incidents/{id}/phase",
                new { phase = "alert", reason = "colleague", expectedVersion = uint.Parse(readVersion!, System.Globalization.CultureInfo.InvariantCulture) });
            response.EnsureSuccessStatusCode();
        }

        await page.SelectOptionAsync("[data-testid=phase-select]", "distress");
        await page.FillAsync("[data-testid=phase-reason]", "stale attempt");
        await page.ClickAsync("[data-testid=phase-submit]");
        await page.WaitForSelectorAsync("[data-testid=panel-message].stale");
        Assert.Contains("Someone else changed this incident", await page.TextContentAsync("[data-testid=panel-message]"));
        Assert.Equal("alert", await page.TextContentAsync("[data-testid=panel-phase]"));
        Assert.NotEqual(readVersion, await page.GetAttributeAsync("[data-testid=incident-panel]", "data-version"));
        Assert.Contains("offline", await page.TextContentAsync("[data-testid=hub-status]"));
        await Screenshots.TakeAsync(page, "incident-stale-version.png");
        Assert.Empty(console.UnexpectedErrors("409", "hubs", "WebSocket", "negotiat", "ERR_FAILED"));
    }

    [Fact]
    public async Task Each_role_sees_only_the_controls_it_may_use()
    {
        var posted = await fixture.PostSightingAsync(-9.9, 111.2, "Wooden boat", 40, "disabled");
        var reference = posted.GetProperty("incidentReference").GetString()!;

        // Sign in by pasting a token into the form.
        await using (var signIn = await ConsolePage.OpenAsync(fixture, null, waitReady: false))
        {
            await signIn.Page.WaitForSelectorAsync("#sign-in:not([hidden])");
            await Screenshots.TakeAsync(signIn.Page, "sign-in.png");
            await signIn.Page.FillAsync("#token-input", fixture.Token(MaritimeRoles.Operator, "JRCC-AUS", "Operator Canberra"));
            await signIn.Page.ClickAsync("#sign-in button[type=submit]");
            await signIn.Page.WaitForSelectorAsync("body[data-ready=true]", new() { Timeout = 30_000 });
            Assert.Equal("Operator Canberra · operator · JRCC-AUS", await signIn.Page.TextContentAsync("[data-testid=user]"));
            Assert.True(await signIn.Page.IsVisibleAsync("[data-testid=view-incidents]"));
            Assert.True(await signIn.Page.IsVisibleAsync("[data-testid=view-sighting]"));
            Assert.False(await signIn.Page.IsVisibleAsync("#jobs-link"));
        }

        // Analysts read incidents but change nothing and log no sightings; they have no live feed.
        await using (var analyst = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Analyst, null, "Analyst")))
        {
            var page = analyst.Page;
            Assert.Contains("analyst", await page.TextContentAsync("[data-testid=user]"));
            Assert.False(await page.IsVisibleAsync("[data-testid=view-sighting]"));
            Assert.False(await page.IsVisibleAsync("[data-testid=sighting-form]"));
            await OpenIncidentAsync(analyst, reference);
            Assert.Equal(0, await page.Locator("[data-testid=phase-form]").CountAsync());
            Assert.Equal(0, await page.Locator("[data-testid=handover-form]").CountAsync());
            Assert.Equal(0, await page.Locator("[data-testid=responders-block]").CountAsync());
            Assert.Equal(0, await page.Locator("[data-testid=sitrep-issue]").CountAsync());
            Assert.Equal(1, await page.Locator("[data-testid=sitrep-draft]").CountAsync());
            Assert.Equal("no live feed for this role", await page.TextContentAsync("[data-testid=hub-status]"));
            Assert.Empty(analyst.UnexpectedErrors());
        }

        // Administrators get the jobs dashboard link.
        await using (var admin = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Admin, "JRCC-AUS", "Admin")))
        {
            Assert.True(await admin.Page.IsVisibleAsync("#jobs-link"));
        }

        // Liaison officers: the form only.
        await using var liaison = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Liaison, "BASARNAS-IDN", "Liaison Bali"));
        Assert.False(await liaison.Page.IsVisibleAsync("#views"));
        Assert.False(await liaison.Page.IsVisibleAsync("#incidents-panel"));
        Assert.True(await liaison.Page.IsVisibleAsync("[data-testid=sighting-form]"));
        Assert.Equal("no live feed for this role", await liaison.Page.TextContentAsync("[data-testid=hub-status]"));
        await Screenshots.TakeAsync(liaison.Page, "sighting-form-desktop.png");
        Assert.Empty(liaison.UnexpectedErrors());
    }
}
