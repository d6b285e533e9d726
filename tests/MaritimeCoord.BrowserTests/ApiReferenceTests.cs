using MaritimeCoord.Contracts.Auth;
using Microsoft.Playwright;

namespace MaritimeCoord.BrowserTests;

/// <summary>
/// The API reference (Scalar over /openapi/v1.json) renders for an administrator with every request leaving the server
/// blocked: its script comes from the server, not a CDN (docs/api.md). An operator's console shows no link to it.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ApiReferenceTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task The_reference_renders_offline_for_an_admin_from_the_console_link()
    {
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Admin, null));
        var link = console.Page.Locator("[data-testid=api-link]");
        await Assertions.Expect(link).ToBeVisibleAsync();
        await link.ClickAsync();
        await console.Page.WaitForURLAsync("**/scalar/v1");

        // Rendered from the document: the API's title, a tag and an operation's path.
        try
        {
            // The page parses a 5 MB script and renders the whole document: generous on a shared machine.
            await console.WaitAsync("""
                () => (document.querySelector('#app')?.innerText ?? '').includes('MaritimeCoord API')
                      && document.body.innerText.includes('Incidents')
                """, 120_000);
        }
        catch (TimeoutException)
        {
            var text = await console.Page.EvaluateAsync<string>("() => document.body.innerText.slice(0, 1500)");
            await console.Page.ScreenshotAsync(new() { Path = Screenshots.PathFor("api-reference-failed.png") });
            throw new Xunit.Sdk.XunitException($"The reference did not render. Page text: {text}\nErrors: {string.Join(" | ", console.Errors)}\n" +
                                               $"Blocked: {string.Join(" ", console.ForeignRequests)}");
        }
        await console.Page.ScreenshotAsync(new() { Path = Screenshots.PathFor("api-reference.png") });
        Assert.Empty(console.ForeignRequests);
        Assert.Empty(console.UnexpectedErrors());
    }

    [Fact]
    public async Task An_operator_sees_no_link_and_is_refused_the_page()
    {
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "JRCC-AUS"));
        Assert.False(await console.Page.Locator("[data-testid=api-link]").IsVisibleAsync());
        var response = await console.Page.GotoAsync($"{fixture.BaseAddress}scalar/v1");
        Assert.Equal(401, response!.Status); // no admin cookie: the page is not reached at all
    }
}
