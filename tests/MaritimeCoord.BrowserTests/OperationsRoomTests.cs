using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MaritimeCoord.Contracts.Auth;
using Microsoft.Playwright;

namespace MaritimeCoord.BrowserTests;

/// <summary>
/// Issue 16 items 3, 4, 5 and 7: time without ambiguity, the incident workspace an operator needs, exports and print where
/// the user is, and the phone-first sighting form.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class OperationsRoomTests(ConsoleFixture fixture)
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})? UTC$")]
    private static partial Regex UtcText();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})? UTC\+1[01]:00$")]
    private static partial Regex SydneyText();

    private async Task<JsonElement> WorkspaceAsync(string id, string centre = "JRCC-AUS")
    {
        using var http = fixture.Http(fixture.Token(MaritimeRoles.Operator, centre, "Colleague"));
        return JsonDocument.Parse(await http.GetStringAsync($"/api/incidents/{id}")).RootElement;
    }

    private async Task PhaseAsync(string id, string phase, string centre = "JRCC-AUS")
    {
        var version = (await WorkspaceAsync(id, centre)).GetProperty("version").GetUInt32();
        using var http = fixture.Http(fixture.Token(MaritimeRoles.Operator, centre, "Colleague"));
        (await http.PostAsJsonAsync($"/api/incidents/{id}/phase", new { phase, reason = $"colleague: {phase}", expectedVersion = version })).EnsureSuccessStatusCode();
    }

    private async Task HandoverAsync(string id, string step, string centre, string? toCentre = null, string reason = "test")
    {
        using var http = fixture.Http(fixture.Token(MaritimeRoles.Operator, centre, $"Operator {centre}"));
        var path = step == "propose" ? $"/api/incidents/{id}/handover" : $"/api/incidents/{id}/handover/{step}";
        object body = step == "propose" ? new { toCentre, reason } : new { reason };
        (await http.PostAsJsonAsync(path, body)).EnsureSuccessStatusCode();
    }

    private static async Task OpenIncidentAsync(ConsolePage console, string reference)
    {
        var row = $"[data-testid=incidents] li[data-reference='{reference}']";
        await console.Page.WaitForSelectorAsync(row, new() { Timeout = 20_000, State = WaitForSelectorState.Attached });
        await console.Page.Locator(row).ScrollIntoViewIfNeededAsync();
        await console.Page.ClickAsync(row);
        await console.Page.WaitForSelectorAsync($"[data-testid=panel-reference]:has-text('{reference}')");
    }

    private static Task<string[]> TimeTextsAsync(IPage page, string scope = "body") =>
        page.EvaluateAsync<string[]>($"() => [...document.querySelectorAll('{scope} time[datetime]')].map(t => t.textContent)");

    [Fact]
    public async Task Times_are_24_hour_with_their_zone_the_toggle_shows_the_centres_time_and_entry_is_iso_in_an_en_US_browser()
    {
        var posted = await fixture.PostSightingAsync(-16.2, 104.1, "Time test boat, green hull", 31, "overloaded");
        var reference = posted.GetProperty("incidentReference").GetString()!;
        // en-US is the locale whose datetime-local field turns 12-hour with the month first.
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "JRCC-AUS", "Operator Canberra"), locale: "en-US");
        var page = console.Page;
        Assert.Equal("en-US", await page.EvaluateAsync<string>("() => navigator.language"));
        await OpenIncidentAsync(console, reference);

        var utc = await TimeTextsAsync(page, "#incident-panel");
        Assert.NotEmpty(utc);
        Assert.All(utc, t => Assert.Matches(UtcText(), t));
        var panelText = await page.TextContentAsync("#incident-panel") ?? "";
        Assert.DoesNotMatch(@"\b(AM|PM)\b", panelText);

        // The centre's local time on demand: Canberra/Sydney (UTC+11 in summer), every shown time converted in place.
        await page.ClickAsync("[data-testid=time-mode]");
        Assert.Equal("true", await page.GetAttributeAsync("[data-testid=time-mode]", "aria-pressed"));
        var sydney = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");
        var pairs = await page.EvaluateAsync<string[][]>("() => [...document.querySelectorAll('#incident-panel time[datetime]')].map(t => [t.getAttribute('datetime'), t.textContent])");
        foreach (var pair in pairs)
        {
            Assert.Matches(SydneyText(), pair[1]);
            var at = TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(pair[0], CultureInfo.InvariantCulture), sydney);
            Assert.StartsWith(at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), pair[1], StringComparison.Ordinal);
        }
        // Remembered on this device.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-ready=true]", new() { Timeout = 30_000 });
        Assert.Equal("true", await page.GetAttributeAsync("[data-testid=time-mode]", "aria-pressed"));
        await OpenIncidentAsync(console, reference);
        Assert.All(await TimeTextsAsync(page, "#incident-panel"), t => Assert.Matches(SydneyText(), t));
        await page.ClickAsync("[data-testid=time-mode]");
        Assert.All(await TimeTextsAsync(page, "#incident-panel"), t => Assert.Matches(UtcText(), t));

        // Entry: ISO text, 24-hour, whatever the locale; the UTC equivalent is echoed.
        await page.ClickAsync("[data-testid=view-sighting]");
        Assert.Equal("text", await page.GetAttributeAsync("[data-testid=sf-time]", "type"));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", await page.InputValueAsync("[data-testid=sf-time]"));
        var typed = DateTimeOffset.UtcNow.AddHours(-1).ToOffset(TimeSpan.FromHours(8));
        await page.FillAsync("[data-testid=sf-time]", typed.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("[data-testid=sf-zone]", "+08:00");
        Assert.Equal($"= {typed.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC", await page.TextContentAsync("[data-testid=sf-time-preview]"));
        await page.FillAsync("[data-testid=sf-time]", "12/07/2026 2:30 PM");
        await page.PressAsync("[data-testid=sf-time]", "Tab");
        Assert.Contains("24-hour clock", await page.TextContentAsync("[data-testid=error-time]"));
        Assert.Equal("text", await page.GetAttributeAsync("[data-testid=replay-from]", "type"));
        Assert.Equal(0, await page.Locator("input[type=datetime-local]").CountAsync());
        Assert.Empty(console.UnexpectedErrors());
    }

    [Fact]
    public async Task The_workspace_sorts_by_urgency_alerts_stick_until_acknowledged_and_the_panel_agrees_with_its_indicators()
    {
        // Enough incidents in JRCC Australia's region that the list scrolls; one in distress, one offered by BASARNAS.
        var ids = new List<(string Id, string Reference)>();
        for (var k = 0; k < 9; k++)
        {
            var p = await fixture.PostSightingAsync(-17.0 - (k % 3) * 1.5, 100.5 + k * 1.6, $"Urgency test boat {k}, hull colour {k}", 20 + k, "underway");
            ids.Add((p.GetProperty("incidentId").GetString()!, p.GetProperty("incidentReference").GetString()!));
        }
        var distress = ids[5];
        await PhaseAsync(distress.Id, "alert");
        await PhaseAsync(distress.Id, "distress");
        var offered = await fixture.PostSightingAsync(-5.6, 111.5, "Offered boat, red hull", 44, "overloaded");
        var offeredId = offered.GetProperty("incidentId").GetString()!;
        var offeredRef = offered.GetProperty("incidentReference").GetString()!;
        Assert.Equal("BASARNAS-IDN", offered.GetProperty("coordinatingCentreCode").GetString());
        await HandoverAsync(offeredId, "propose", "BASARNAS-IDN", "JRCC-AUS", "Boat heading south, AU assets closer");

        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "JRCC-AUS", "Operator Canberra"));
        var page = console.Page;
        await console.WaitAsync("() => window.mcoord.hubConnected");
        await page.WaitForSelectorAsync($"[data-testid=incidents] li[data-reference='{offeredRef}'] [data-testid=offered-badge]", new() { State = WaitForSelectorState.Attached });

        // Urgency: every distress before every offer to me, every offer before the rest; the rest oldest first.
        var order = await page.EvaluateAsync<string[][]>("() => [...document.querySelectorAll('[data-testid=incidents] li')].map(li => [li.classList.contains('distress') ? '0' : li.classList.contains('offered') ? '1' : '2', li.dataset.reference])");
        var ranks = order.Select(o => o[0]).ToList();
        Assert.Equal(ranks.OrderBy(r => r, StringComparer.Ordinal), ranks);
        Assert.Equal(distress.Reference, order.First(o => o[0] == "0" && o[1] == distress.Reference)[1]);
        Assert.Equal("1", order.Single(o => o[1] == offeredRef)[0]);
        var rest = order.Where(o => o[0] == "2").Select(o => o[1]).ToList();
        var mine = ids.Where(i => i != distress).Select(i => i.Reference).ToList();
        Assert.Equal(mine, rest.Where(mine.Contains)); // posted in this order: oldest first

        // What is out of view is counted, and the count follows the scroll.
        await page.WaitForSelectorAsync("[data-testid=incidents-offscreen]:has-text('more below')");
        Assert.True(int.Parse((await page.GetAttributeAsync("[data-testid=incidents-offscreen]", "data-below"))!, CultureInfo.InvariantCulture) > 0);
        await page.EvalOnSelectorAsync("[data-testid=incidents]", "el => el.scrollTop = el.scrollHeight");
        await console.WaitAsync("() => document.querySelector('[data-testid=incidents-offscreen]').dataset.below === '0' && document.querySelector('[data-testid=incidents-offscreen]').dataset.above !== '0'");

        // Sound: off by default, turned on (a user gesture lets the page play it), remembered.
        Assert.Equal("false", await page.GetAttributeAsync("[data-testid=alert-sound]", "aria-pressed"));
        await page.ClickAsync("[data-testid=alert-sound]");
        Assert.Equal("true", await page.GetAttributeAsync("[data-testid=alert-sound]", "aria-pressed"));
        var beeps = await page.EvaluateAsync<int>("() => window.mcoord.alerts.beeps");

        // A colleague raises another incident to distress: a sticky alert, with a beep, until acknowledged.
        var second = ids[7];
        await PhaseAsync(second.Id, "alert");
        await PhaseAsync(second.Id, "distress");
        var alertSelector = $"[data-testid=alert][data-key='distress:{second.Id}']";
        await page.WaitForSelectorAsync(alertSelector);
        Assert.Contains(second.Reference, await page.TextContentAsync(alertSelector));
        Assert.True(await page.EvaluateAsync<int>("() => window.mcoord.alerts.beeps") > beeps);
        // An offer to my centre is one too (raised live).
        var offered2 = await fixture.PostSightingAsync(-6.4, 113.8, "Second offered boat, white hull", 12, "underway");
        await HandoverAsync(offered2.GetProperty("incidentId").GetString()!, "propose", "BASARNAS-IDN", "JRCC-AUS", "Closer to AU");
        await page.WaitForSelectorAsync($"[data-testid=alert][data-kind=handover-offer]:has-text('{offered2.GetProperty("incidentReference").GetString()}')");
        await Screenshots.TakeAsync(page, "alerts.png");
        await page.ClickAsync($"{alertSelector} [data-testid=alert-ack]");
        await page.WaitForSelectorAsync(alertSelector, new() { State = WaitForSelectorState.Detached });
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.mcoord.alerts.acknowledged.length"));

        // Distress indicators: the form sets them; the assessment then says distress, and the phase picker offers it first.
        var plain = ids[0];
        await OpenIncidentAsync(console, plain.Reference);
        Assert.Equal("", await page.InputValueAsync("[data-testid=phase-select]")); // no suggestion: nothing preselected, never a downgrade
        Assert.DoesNotContain("Version", await page.TextContentAsync("#incident-panel") ?? "", StringComparison.Ordinal);
        await page.ClickAsync("[data-testid=indicators-block] summary");
        await page.CheckAsync("[data-testid=indicator-imminent-danger]");
        await page.CheckAsync("[data-testid=indicator-overloaded]");
        await page.FillAsync("[data-testid=indicators-reason]", "Merchant ship reports persons in the water");
        await page.ClickAsync("[data-testid=indicators-save]");
        await page.WaitForSelectorAsync("[data-testid=assessment-phase]:text-is('distress')");
        await page.WaitForSelectorAsync("[data-testid=assessment-mismatch]");
        Assert.Equal("distress", await page.InputValueAsync("[data-testid=phase-select]"));
        Assert.True(await page.IsCheckedAsync("[data-testid=indicator-imminent-danger]"));
        await page.FillAsync("[data-testid=phase-reason]", "Persons in the water");
        await page.ClickAsync("[data-testid=phase-submit]");
        await page.WaitForSelectorAsync("[data-testid=panel-phase]:has-text('distress')");
        Assert.Equal(0, await page.Locator("[data-testid=assessment-mismatch]").CountAsync());
        Assert.Equal("", await page.InputValueAsync("[data-testid=phase-select]")); // in distress: only lower phases or resolve remain, none preselected

        // Responders: the table fits the panel, types are words, the course change is a turn, the ETA filter hides the far ones.
        await page.ClickAsync("[data-testid=responders-load]");
        await page.WaitForSelectorAsync("[data-testid=responders-table]");
        Assert.True(await page.EvaluateAsync<bool>("""
            () => { const panel = document.querySelector('#incident-panel').getBoundingClientRect();
                    const t = document.querySelector('[data-testid=responders-table]');
                    return t.scrollWidth <= t.clientWidth + 1
                        && [...t.querySelectorAll('button[data-action=task]')].every(b => { const r = b.getBoundingClientRect(); return r.right <= panel.right && r.width >= b.scrollWidth; }); }
            """));
        var types = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('[data-testid=responder-type]')].map(e => e.textContent)");
        Assert.NotEmpty(types);
        Assert.All(types, t => Assert.DoesNotMatch("[a-z][A-Z]", t)); // no PatrolBoat / FixedWingAircraft
        Assert.All(await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('[data-testid=responder-course]')].map(e => e.firstChild.textContent)"),
            c => Assert.Matches(@"^(—|on course|turn \d+° (stbd|port))$", c));
        var all = await page.Locator("[data-testid=responders-table] tbody tr").CountAsync();
        await page.SelectOptionAsync("[data-testid=responders-max-eta]", "180");
        await console.WaitAsync("() => document.querySelector('[data-testid=responders-max-eta]').value === '180'");
        var etas = await page.EvaluateAsync<int[]>("() => [...document.querySelectorAll('[data-testid=responders-table] tbody tr')].map(r => Number(r.dataset.etaMinutes))");
        Assert.All(etas, m => Assert.True(m <= 180, $"{m} min shown under a 3 h filter"));
        var hidden = etas.Length == all ? 0 : int.Parse((await page.GetAttributeAsync("[data-testid=responders-hidden]", "data-hidden"))!, CultureInfo.InvariantCulture);
        Assert.Equal(all, etas.Length + hidden);
        await page.SelectOptionAsync("[data-testid=responders-max-eta]", "");

        // Tasking asks its reason in the page's dialog; the reason appears once (the timeline), not twice.
        var task = page.Locator("[data-testid=responders-table] button[data-action=task]").First;
        var asset = await task.GetAttributeAsync("data-asset");
        await task.ClickAsync();
        Assert.True(await page.IsVisibleAsync("[data-testid=reason-dialog]"));
        await console.AnswerReasonAsync("Fastest to the persons in the water");
        await page.WaitForSelectorAsync($"[data-testid=taskings]:has-text('{asset}')");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => document.querySelector('#incident-panel').textContent.split('Fastest to the persons in the water').length - 1"));
        await Screenshots.TakeAsync(page, "incident-workspace.png");

        // Accepting the offer: no "hand it back" advice right after, and no downgrade preselected.
        await OpenIncidentAsync(console, offeredRef);
        await page.FillAsync("[data-testid=handover-answer-reason]", "Accepted; AU patrol boat nearer");
        await page.ClickAsync("[data-testid=handover-accept]");
        await page.WaitForSelectorAsync("[data-testid=panel-centre]:text-is('JRCC-AUS')");
        Assert.Contains("accepted coordination from BASARNAS-IDN", await page.TextContentAsync("[data-testid=handover-advice]")); // HandoverAdvice: AcceptedFromRegionCentre
        Assert.Equal(0, await page.Locator("[data-testid=handover-advice].advice").CountAsync());
        Assert.Equal("", await page.InputValueAsync("[data-testid=handover-to]")); // nothing preselected, least of all the centre it came from
        Assert.Equal(0, await page.Locator($"[data-testid=alert][data-key='offer:{offeredId}']").CountAsync()); // answering acknowledged it
        Assert.Empty(console.UnexpectedErrors());
        Assert.Empty(console.ForeignRequests);
    }

    [Fact]
    public async Task An_incident_and_a_replay_window_export_in_four_formats_the_sitrep_prints_on_one_page_and_a_decline_is_told()
    {
        var posted = await fixture.PostSightingAsync(-18.4, 108.3, "Export test boat, yellow hull", 27, "disabled");
        var id = posted.GetProperty("incidentId").GetString()!;
        var reference = posted.GetProperty("incidentReference").GetString()!;
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "JRCC-AUS", "Operator Canberra"));
        var page = console.Page;
        await console.WaitAsync("() => window.mcoord.hubConnected");
        await OpenIncidentAsync(console, reference);

        await page.ClickAsync("[data-testid=exports-block] summary");
        foreach (var (format, check) in new (string, Func<string, bool>)[]
        {
            ("geojson", t => JsonDocument.Parse(t).RootElement.GetProperty("type").GetString() == "FeatureCollection" && t.Contains(reference, StringComparison.Ordinal)),
            ("kml", t => t.Contains("<kml", StringComparison.Ordinal) && t.Contains(reference, StringComparison.Ordinal)),
            ("gpx", t => t.Contains("<gpx", StringComparison.Ordinal) && t.Contains("<wpt", StringComparison.Ordinal)),
            ("csv", t => t.Split('\n')[0].Contains("mmsi", StringComparison.OrdinalIgnoreCase) && t.Contains("sighting", StringComparison.Ordinal)),
        })
        {
            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync($"[data-testid=export-{format}]"));
            Assert.EndsWith($".{format}", download.SuggestedFilename, StringComparison.Ordinal);
            var text = await File.ReadAllTextAsync((await download.PathAsync())!);
            Assert.True(check(text), $"{format}: {text[..Math.Min(300, text.Length)]}");
        }
        await page.WaitForSelectorAsync("[data-testid=export-result]:has-text('Saved')");

        // SITREP: drafted, then printed as one page with the centre's header (print stubbed: headless has no printer).
        await page.EvaluateAsync("() => { window.__printed = 0; window.print = () => { window.__printed++; }; }");
        await page.ClickAsync("[data-testid=sitrep-block] summary");
        await page.ClickAsync("[data-testid=sitrep-draft]");
        await page.WaitForSelectorAsync("[data-testid=sitrep-text]:not([hidden])");
        await page.ClickAsync("[data-testid=sitrep-print-button]");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__printed"));
        Assert.Contains("JRCC Australia", await page.TextContentAsync("[data-testid=sitrep-print] h1"));
        Assert.Contains(reference, await page.TextContentAsync("[data-testid=sitrep-print] pre"));
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.IsVisibleAsync("header"));
        Assert.True(await page.IsVisibleAsync("[data-testid=sitrep-print]"));
        await Screenshots.TakeAsync(page, "sitrep-print.png");
        var pdf = await page.PdfAsync(new() { Format = "A4", PreferCSSPageSize = true });
        Assert.Equal(1, Regex.Count(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]"));
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await page.EvaluateAsync("() => window.dispatchEvent(new Event('afterprint'))");

        // A replay window exports the same way.
        await page.ClickAsync("[data-testid=view-replay]");
        await page.SelectOptionAsync("[data-testid=replay-incident]", id);
        await page.ClickAsync("[data-testid=replay-load]");
        await page.WaitForSelectorAsync("[data-testid=replay-export-csv]");
        var replayCsv = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=replay-export-csv]"));
        Assert.EndsWith(".csv", replayCsv.SuggestedFilename, StringComparison.Ordinal);
        Assert.Contains(reference, await File.ReadAllTextAsync((await replayCsv.PathAsync())!));
        await page.ClickAsync("[data-testid=view-incidents]");

        // A decline of my offer is told, as an offer is.
        await OpenIncidentAsync(console, reference);
        await page.SelectOptionAsync("[data-testid=handover-to]", "BASARNAS-IDN");
        await page.FillAsync("[data-testid=handover-reason]", "Drifting north");
        await page.ClickAsync("[data-testid=handover-propose]");
        await page.WaitForSelectorAsync("[data-testid=handover-pending], [data-testid=panel-message].error");
        Assert.True(await page.IsVisibleAsync("[data-testid=handover-pending]"), await page.TextContentAsync("[data-testid=incident-panel]"));
        await HandoverAsync(id, "decline", "BASARNAS-IDN", reason: "No unit free tonight");
        await console.WaitAsync("() => [...document.querySelectorAll('[data-testid=toast]')].some(t => t.textContent.includes('declined your handover offer') && t.textContent.includes('No unit free tonight'))");
        Assert.Empty(console.UnexpectedErrors());
        Assert.Empty(console.ForeignRequests);
    }

    [Fact]
    public async Task On_a_phone_the_name_fits_send_is_in_reach_and_server_errors_are_in_the_officers_words()
    {
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Liaison, "BASARNAS-IDN", "Siti Rahayu"), ConsolePage.Phone);
        var page = console.Page;
        Assert.Equal("Siti Rahayu", await page.TextContentAsync("#user .user-name"));
        Assert.True(await page.EvaluateAsync<bool>("() => { const n = document.querySelector('#user .user-name'); return n.scrollWidth <= n.clientWidth && n.getBoundingClientRect().width > 40; }"));

        // Send is on screen without scrolling, and nothing covers it.
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelector('aside').scrollTop + window.scrollY"));
        Assert.True(await page.EvaluateAsync<bool>("""
            () => { const b = document.querySelector('[data-testid=sf-submit]').getBoundingClientRect();
                    const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
                    return b.top >= 0 && b.bottom <= window.innerHeight && hit?.closest('[data-testid=sf-submit]') !== null; }
            """));
        await Screenshots.TakeAsync(page, "sighting-form-phone.png");

        // The API's problem details name its fields (boatDescription, positionText…): the form says it in its own words.
        await page.RouteAsync("**/api/sightings", route => route.FulfillAsync(new()
        {
            Status = 400, ContentType = "application/problem+json",
            Body = """{"title":"One or more validation errors occurred.","status":400,"errors":{"boatDescription":["boatDescription is longer than 1000 characters."],"personsOnBoard":["personsOnBoard is above 5000."],"observedAt":["observedAt is more than 30 days ago."],"positionText":["positionText could not be read."]}}""",
        }));
        await page.FillAsync("[data-testid=sf-position]", "08°12.5'S 114°30.2'E");
        await page.FillAsync("[data-testid=sf-pob]", "12");
        await page.SelectOptionAsync("[data-testid=sf-boat-type]", "Wooden boat");
        await page.FillAsync("[data-testid=sf-reporter]", "Banyuwangi port liaison");
        await page.ClickAsync("[data-testid=sf-submit]");
        await page.WaitForSelectorAsync("[data-testid=error-description]:not(:empty)");
        Assert.Equal("The boat description is too long: at most 1000 characters.", await page.TextContentAsync("[data-testid=error-description]"));
        Assert.Equal("The number of people on board must be 5000 or fewer.", await page.TextContentAsync("[data-testid=error-pob]"));
        Assert.Equal("This time is more than 30 days ago: only recent sightings can be logged.", await page.TextContentAsync("[data-testid=error-time]"));
        Assert.Equal("The position could not be read.", await page.TextContentAsync("[data-testid=error-position]"));
        var shown = await page.TextContentAsync("[data-testid=sighting-form]") ?? "";
        foreach (var apiName in new[] { "boatDescription", "personsOnBoard", "observedAt", "positionText" }) Assert.DoesNotContain(apiName, shown, StringComparison.Ordinal);
        Assert.Empty(console.UnexpectedErrors("400"));
    }
}
