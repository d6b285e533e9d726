using MaritimeCoord.Contracts.Auth;

namespace MaritimeCoord.BrowserTests;

/// <summary>
/// Issue 15 item 2 in the console: a second boat near an open incident is flagged "possibly the same as MC-…", not merged;
/// the operator merges from the workspace and a second operator's console follows live; a Split undoes it.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class MergeSplitTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task An_operator_merges_a_flagged_incident_and_splits_the_sighting_out_again_while_another_console_follows_live()
    {
        // Two boats 6.6 nm apart south of Java (BASARNAS region of the samples).
        var first = await fixture.PostSightingAsync(-10.8, 106.6, "Wooden fishing boat, green hull, about 15 m", 60, "overloaded");
        var second = await fixture.PostSightingAsync(-10.8 + 6.6 / 60, 106.6, "Grey fibreglass boat, outboard engine", 33, "underway");
        var firstRef = first.GetProperty("incidentReference").GetString()!;
        var secondRef = second.GetProperty("incidentReference").GetString()!;
        Assert.NotEqual(firstRef, secondRef);

        await using var op = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "BASARNAS-IDN", "Operator Jakarta"));
        await using var watcher = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "BASARNAS-IDN", "Operator Surabaya"));
        await op.WaitAsync("() => window.mcoord.hubConnected");
        await watcher.WaitAsync("() => window.mcoord.hubConnected");
        var page = op.Page;

        // The flag is on both incidents in the list.
        await page.WaitForSelectorAsync($"[data-testid=incidents] li[data-reference='{secondRef}'] [data-testid=possibly-same-badge]:has-text('{firstRef}')");
        await page.WaitForSelectorAsync($"[data-testid=incidents] li[data-reference='{firstRef}'] [data-testid=possibly-same-badge]:has-text('{secondRef}')");

        // The watcher has the first incident open; the operator merges the second into it from the first's workspace.
        await watcher.Page.ClickAsync($"[data-testid=incidents] li[data-reference='{firstRef}']");
        await watcher.Page.WaitForSelectorAsync($"[data-testid=panel-reference]:has-text('{firstRef}')");
        await page.ClickAsync($"[data-testid=incidents] li[data-reference='{firstRef}']");
        await page.WaitForSelectorAsync($"[data-testid=panel-reference]:has-text('{firstRef}')");
        await page.WaitForSelectorAsync($"[data-testid=possibly-same]:has-text('{secondRef}')");
        // The reasons are asked in the page's own dialog; a window.prompt would fail the test (no handler: dismissed).
        await page.ClickAsync($"[data-testid='merge-{secondRef}']");
        Assert.StartsWith("Merge", await page.TextContentAsync("#reason-dialog-title"), StringComparison.Ordinal);
        await op.AnswerReasonAsync("Aircraft confirms one boat");

        // (The panel message may be the operator's own confirmation or the live event that follows it: wait on the content.)
        await op.WaitAsync("() => document.querySelectorAll('[data-testid=panel-sightings] li').length === 2");
        Assert.StartsWith("60", (await page.TextContentAsync("[data-testid=panel-pob]"))!.Trim(), StringComparison.Ordinal);
        await page.WaitForSelectorAsync($"[data-testid=panel-timeline]:has-text('{secondRef} merged into this incident')");
        await page.WaitForSelectorAsync($"[data-testid=incidents] li[data-reference='{secondRef}']", new() { State = Microsoft.Playwright.WaitForSelectorState.Detached });
        // Live in the other console: its open workspace now lists both sightings; the merged incident left its list.
        await watcher.Page.WaitForSelectorAsync("[data-testid=panel-sightings] li:nth-child(2)");
        await watcher.Page.WaitForSelectorAsync($"[data-testid=incidents] li[data-reference='{secondRef}']", new() { State = Microsoft.Playwright.WaitForSelectorState.Detached });

        // Split the grey boat's sighting out again: a new incident with its own count.
        var greySighting = second.GetProperty("id").GetGuid();
        await page.ClickAsync($"[data-testid='split-{greySighting}']");
        await op.AnswerReasonAsync("Second pass: two boats");
        await op.WaitAsync("() => document.querySelectorAll('[data-testid=panel-sightings] li').length === 1");
        var newRef = await fixture.ScalarAsync<string>("SELECT i.reference FROM incidents i JOIN sightings s ON s.incident_id = i.id WHERE s.id = @id", ("id", greySighting));
        Assert.NotEqual(firstRef, newRef);
        await watcher.Page.WaitForSelectorAsync($"[data-testid=incidents] li[data-reference='{newRef}']:has-text('POB 33')");
        Assert.Empty(op.Errors);
        Assert.Empty(watcher.Errors);
        Assert.Empty(op.ForeignRequests);
    }
}
