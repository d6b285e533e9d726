using MaritimeCoord.Contracts.Auth;
using Microsoft.Playwright;

namespace MaritimeCoord.BrowserTests;

/// <summary>The liaison officer's form on a phone-sized screen: validation before sending, server errors by field, the offline outbox.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SightingFormTests(ConsoleFixture fixture)
{
    private static async Task FillValidAsync(IPage page, string position, int pob, string description)
    {
        await page.FillAsync("[data-testid=sf-position]", position);
        await page.FillAsync("[data-testid=sf-uncertainty]", "3");
        await page.FillAsync("[data-testid=sf-pob]", pob.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("[data-testid=sf-condition]", "overloaded");
        await page.SelectOptionAsync("[data-testid=sf-boat-type]", "Wooden boat");
        await page.FillAsync("[data-testid=sf-description]", description);
        await page.FillAsync("[data-testid=sf-reporter]", "Banyuwangi port liaison");
    }

    [Fact]
    public async Task Bad_fields_are_marked_with_the_reason_before_anything_is_sent()
    {
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Liaison, "BASARNAS-IDN"), ConsolePage.Phone);
        var page = console.Page;
        var posts = 0;
        page.Request += (_, r) => { if (r.Url.Contains("/api/sightings", StringComparison.Ordinal) && r.Method == "POST") posts++; };

        // Liaison officers see the form, and no incident workspace (the server would refuse them anyway).
        Assert.True(await page.IsVisibleAsync("[data-testid=sighting-form]"));
        Assert.False(await page.IsVisibleAsync("#incidents-panel"));
        Assert.Contains("liaison", await page.TextContentAsync("[data-testid=user]"));

        // Marked as soon as the field is left, with the parser's reason (the same words as the server's).
        await page.FillAsync("[data-testid=sf-position]", "95°00.0'N 114°30.2'E");
        await page.PressAsync("[data-testid=sf-position]", "Tab");
        Assert.Equal("Latitude must be within 90° of the equator.", await page.TextContentAsync("[data-testid=error-position]"));
        await page.FillAsync("[data-testid=sf-position]", "08°72.5'S 114°30.2'E");
        await page.PressAsync("[data-testid=sf-position]", "Tab");
        Assert.Equal("Minutes must be less than 60.", await page.TextContentAsync("[data-testid=error-position]"));

        await page.FillAsync("[data-testid=sf-pob]", "-3");
        await page.FillAsync("[data-testid=sf-time]", DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd'T'HH:mm"));
        await page.SelectOptionAsync("[data-testid=sf-zone]", "+00:00");
        await page.ClickAsync("[data-testid=sf-submit]");
        // In the officer's words, not the API's field names.
        Assert.Equal("The number of people on board cannot be below 0.", await page.TextContentAsync("[data-testid=error-pob]"));
        Assert.Equal("This time is in the future. Check the date, the hour (24-hour clock) and the time zone.", await page.TextContentAsync("[data-testid=error-time]"));
        Assert.Equal("Describe the boat: choose a type or write what it looks like.", await page.TextContentAsync("[data-testid=error-description]"));
        Assert.Equal("true", await page.GetAttributeAsync("[data-testid=sf-position]", "aria-invalid"));
        await Screenshots.TakeAsync(page, "sighting-form-errors-phone.png");

        // Corrected, the DDM preview shows how the text was read.
        await page.FillAsync("[data-testid=sf-position]", "S 08 12.5 E 114 30.2");
        Assert.Equal("= 08°12.500'S 114°30.200'E", await page.TextContentAsync("[data-testid=sf-position-preview]"));
        Assert.Equal(0, posts);
        Assert.Empty(console.UnexpectedErrors());
    }

    [Fact]
    public async Task A_server_rejection_is_shown_next_to_the_field_it_names()
    {
        // A field device whose clock runs 20 minutes fast: its "now" passes the form, the server says it is in the future.
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Liaison, "BASARNAS-IDN"), ConsolePage.Phone,
            beforeNavigate: page => page.Clock.SetSystemTimeAsync(DateTime.UtcNow.AddMinutes(20)));
        var page = console.Page;
        await FillValidAsync(page, "08°12.5'S 114°30.2'E", 12, "fast clock test");
        var response = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/sightings", StringComparison.Ordinal));
        await page.ClickAsync("[data-testid=sf-submit]");
        Assert.Equal(400, (await response).Status);
        await page.WaitForSelectorAsync("[data-testid=error-time]:not(:empty)");
        // The server's "observedAt is in the future." (problem details naming the field), told in the form's words.
        Assert.Equal("This time is in the future. Check the date, the hour (24-hour clock) and the time zone.", await page.TextContentAsync("[data-testid=error-time]"));
        Assert.Equal("08°12.5'S 114°30.2'E", await page.InputValueAsync("[data-testid=sf-position]")); // kept for correction
        Assert.Equal("0", await page.TextContentAsync("[data-testid=outbox-count]"));
        Assert.Empty(console.UnexpectedErrors("400"));
    }

    [Fact]
    public async Task A_sighting_sent_while_the_link_is_down_is_kept_and_sent_once_with_its_key_when_the_link_returns()
    {
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Liaison, "BASARNAS-IDN", "Offline liaison"), ConsolePage.Phone);
        var page = console.Page;
        var description = $"offline test {Guid.NewGuid():N}";
        await FillValidAsync(page, "10°22.0'S 105°35.0'E", 23, description);

        await console.Context.SetOfflineAsync(true);
        await page.ClickAsync("[data-testid=sf-submit]");
        await page.WaitForSelectorAsync("[data-testid=outbox]:not([hidden])");
        Assert.Equal("1", await page.TextContentAsync("[data-testid=outbox-count]"));
        Assert.Contains("No link", await page.TextContentAsync("[data-testid=sf-result]"));
        var key = await page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('mcoord.outbox.v1'))[0].key");
        Assert.Equal(0L, await fixture.ScalarAsync<long>("SELECT count(*) FROM sightings WHERE boat_description LIKE @d", ("d", $"%{description}")));
        await page.Locator("[data-testid=outbox]").ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeAsync(page, "sighting-form-offline-phone.png");

        await console.Context.SetOfflineAsync(false);
        await page.WaitForSelectorAsync("[data-testid=outbox]", new() { State = WaitForSelectorState.Hidden, Timeout = 30_000 });
        await page.WaitForSelectorAsync("[data-testid=sf-result]:has-text('Logged')");
        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM sightings WHERE boat_description LIKE @d", ("d", $"%{description}")));
        Assert.Equal(key, await fixture.ScalarAsync<string>("SELECT idempotency_key FROM sightings WHERE boat_description LIKE @d", ("d", $"%{description}")));
        Assert.Equal("[]", await page.EvaluateAsync<string>("() => localStorage.getItem('mcoord.outbox.v1')"));
        // Its uncertainty is drawn around it on the officer's own map.
        await console.WaitAsync("() => window.mcoord.liveMap.sightings.size === 1 && [...window.mcoord.liveMap.sightings.values()][0].uncertaintyNm === 3");
        await page.Locator("[data-testid=sf-result]").ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeAsync(page, "sighting-form-sent-phone.png");
        Assert.Empty(console.UnexpectedErrors("ERR_INTERNET_DISCONNECTED", "Failed to fetch"));
    }

    [Fact]
    public async Task A_sighting_logged_in_the_form_appears_live_on_another_centres_operator_map()
    {
        await using var operatorConsole = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "JRCC-AUS"));
        await operatorConsole.WaitAsync("() => window.mcoord.hubConnected === true");
        await using var liaison = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Liaison, "BASARNAS-IDN"), ConsolePage.Phone);
        var description = $"live test {Guid.NewGuid():N}";
        await FillValidAsync(liaison.Page, "", 31, description);

        // Position picked on the map (phone): tap the pick button, then the map.
        await liaison.Page.ClickAsync("[data-testid=sf-pick]");
        await liaison.Page.EvaluateAsync("() => { window.mcoord.map.jumpTo({ center: [104.0, -15.5], zoom: 7 }); }");
        var box = (await liaison.Page.Locator("#map").BoundingBoxAsync())!;
        await liaison.Page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        var picked = await liaison.Page.InputValueAsync("[data-testid=sf-position]");
        Assert.Matches(@"^15°\d{2}\.\d{3}'S 10[34]°\d{2}\.\d{3}'E$", picked);
        await liaison.Page.ClickAsync("[data-testid=sf-submit]");
        await liaison.Page.WaitForSelectorAsync("[data-testid=sf-result]:has-text('Logged')");
        Assert.Contains("JRCC-AUS", await liaison.Page.TextContentAsync("[data-testid=sf-result]"));

        // The other client's map draws it (WebGL-rendered feature), and its incident is listed.
        var page = operatorConsole.Page;
        await operatorConsole.WaitAsync($"() => [...window.mcoord.liveMap.sightings.values()].some(s => s.boatDescription.endsWith('{description}'))");
        await page.EvaluateAsync("() => { window.mcoord.map.jumpTo({ center: [104.0, -15.5], zoom: 6 }); }");
        await operatorConsole.WaitAsync(
            $"() => window.mcoord.map.queryRenderedFeatures({{ layers: ['sightings'] }}).some(f => f.properties.description.endsWith('{description}'))");
        Assert.Contains(description, await page.TextContentAsync("[data-testid=events]"));
        Assert.Empty(operatorConsole.UnexpectedErrors());
        Assert.Empty(liaison.UnexpectedErrors());
        Assert.Empty(operatorConsole.ForeignRequests);
    }
}
