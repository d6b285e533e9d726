using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using Microsoft.Playwright;

namespace MaritimeCoord.BrowserTests;

/// <summary>
/// An accessibility pass with axe-core (npm, a devDependency of src/MaritimeCoord.Server installed by ops/web-deps.sh;
/// injected by the test, never served): no critical violations on the operator's workspace, the reason dialog, and the
/// liaison officer's phone form.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class AccessibilityTests(ConsoleFixture fixture)
{
    private static string AxeScript()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "MaritimeCoord.sln"))) dir = Path.GetDirectoryName(dir);
        var path = Path.Combine(dir ?? throw new InvalidOperationException("repository root not found"), "src", "MaritimeCoord.Server", "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(path)) throw new InvalidOperationException($"{path} is missing: run ops/web-deps.sh (npm ci installs axe-core).");
        return File.ReadAllText(path);
    }

    /// <summary>axe's violations as "impact id: help (n nodes: targets)".</summary>
    private static async Task<List<string>> ViolationsAsync(IPage page, string impact)
    {
        // Evaluated through the devtools protocol: the console's CSP (default-src 'self') rightly refuses an inline <script>.
        if (!await page.EvaluateAsync<bool>("() => !!window.axe")) await page.EvaluateAsync(AxeScript());
        var json = await page.EvaluateAsync<string>("""
            async () => { const r = await window.axe.run(document, { resultTypes: ['violations'] });
                          return JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }))); }
            """);
        var all = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        foreach (var v in all) Console.WriteLine($"axe {v.GetProperty("impact")} {v.GetProperty("id")}: {v.GetProperty("help")} ({string.Join(", ", v.GetProperty("targets").EnumerateArray())})");
        return all.Where(v => v.GetProperty("impact").GetString() == impact)
            .Select(v => $"{v.GetProperty("id")}: {v.GetProperty("help")} ({string.Join(", ", v.GetProperty("targets").EnumerateArray())})").ToList();
    }

    [Fact]
    public async Task The_workspace_the_reason_dialog_and_the_phone_form_have_no_critical_violations()
    {
        var posted = await fixture.PostSightingAsync(-19.6, 103.2, "Accessibility test boat", 18, "disabled");
        var reference = posted.GetProperty("incidentReference").GetString()!;
        await using (var op = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "JRCC-AUS", "Operator Canberra")))
        {
            var page = op.Page;
            await page.WaitForSelectorAsync($"[data-testid=incidents] li[data-reference='{reference}']", new() { State = WaitForSelectorState.Attached });
            await page.Locator($"[data-testid=incidents] li[data-reference='{reference}']").ScrollIntoViewIfNeededAsync();
            await page.ClickAsync($"[data-testid=incidents] li[data-reference='{reference}']");
            await page.WaitForSelectorAsync($"[data-testid=panel-reference]:has-text('{reference}')");
            await page.ClickAsync("[data-testid=responders-load]");
            await page.WaitForSelectorAsync("[data-testid=responders-table]");
            Assert.Empty(await ViolationsAsync(page, "critical"));

            await page.Locator("[data-testid=responders-table] button[data-action=task]").First.ClickAsync();
            await page.WaitForSelectorAsync("[data-testid=reason-dialog][open]");
            Assert.Empty(await ViolationsAsync(page, "critical"));
            await page.ClickAsync("[data-testid=reason-dialog-cancel]");
        }

        await using var liaison = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Liaison, "BASARNAS-IDN", "Siti Rahayu"), ConsolePage.Phone);
        Assert.Empty(await ViolationsAsync(liaison.Page, "critical"));
    }

    /// <summary>axe's nodes for some rules only, as "rule: the node's HTML".</summary>
    private static async Task<List<string>> RuleNodesAsync(IPage page, params string[] rules)
    {
        if (!await page.EvaluateAsync<bool>("() => !!window.axe")) await page.EvaluateAsync(AxeScript());
        var found = await page.EvaluateAsync<string[]>("""
            async (rules) => { const r = await window.axe.run(document, { runOnly: { type: 'rule', values: rules }, resultTypes: ['violations'] });
                               return r.violations.flatMap(v => v.nodes.map(n => `${v.id}: ${n.html}`)); }
            """, rules);
        return [.. found];
    }

    [Fact]
    public async Task Phase_badges_are_readable_and_the_page_has_a_heading_by_day_and_by_night()
    {
        var posted = await fixture.PostSightingAsync(-18.9, 104.1, "Contrast test boat", 6, "underway");
        var reference = posted.GetProperty("incidentReference").GetString()!;
        await using var op = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "JRCC-AUS", "Operator Canberra"));
        var page = op.Page;
        await page.WaitForSelectorAsync($"[data-testid=incidents] li[data-reference='{reference}'] .phase-uncertainty", new() { State = WaitForSelectorState.Attached });
        await page.Locator($"[data-testid=incidents] li[data-reference='{reference}']").ScrollIntoViewIfNeededAsync();
        foreach (var theme in new[] { "day", "night" })
        {
            if (theme == "night") await page.ClickAsync("[data-testid=theme-toggle]");
            await page.WaitForFunctionAsync($"() => document.body.classList.contains('night') === {(theme == "night" ? "true" : "false")}");
            var nodes = await RuleNodesAsync(page, "color-contrast", "page-has-heading-one");
            Assert.DoesNotContain(nodes, n => n.StartsWith("page-has-heading-one", StringComparison.Ordinal));
            foreach (var n in nodes) Console.WriteLine($"axe {theme} {n}");
            Assert.DoesNotContain(nodes, n => n.Contains("class=\"phase", StringComparison.Ordinal) || n.Contains("class=\"badge", StringComparison.Ordinal));
        }
    }
}
