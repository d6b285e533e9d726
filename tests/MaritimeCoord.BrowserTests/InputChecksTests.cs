using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.Geo;
using Microsoft.Playwright;

namespace MaritimeCoord.BrowserTests;

/// <summary>
/// Issue 15, items 8, 9 and 13 in the browser: the form's copy of the position grammar (wwwroot/js/geo.js) answers
/// exactly as the server's CoordinateParser on a generated corpus; a sighting on land is flagged in the form and in the
/// incident workspace; a page load has no failed request and no console error (the favicon is served).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class InputChecksTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task The_browser_parser_answers_every_position_text_exactly_as_the_server_parser()
    {
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Liaison, "BASARNAS-IDN"));
        var corpus = Corpus(new Random(81518), 20_000);

        var browser = await console.Page.EvaluateAsync<JsonElement>(
            "async (texts) => { const { parseCoordinates } = await import('/js/geo.js'); return texts.map((t) => parseCoordinates(t)); }",
            corpus);

        var answers = browser.EnumerateArray().ToList();
        Assert.Equal(corpus.Count, answers.Count);
        var accepted = 0;
        for (var i = 0; i < corpus.Count; i++)
        {
            var server = CoordinateParser.Parse(corpus[i]);
            var js = answers[i];
            if (server.Success)
            {
                accepted++;
                Assert.True(js.TryGetProperty("position", out var position), $"'{corpus[i]}': server {server.Position}, browser {js}");
                Assert.Equal(server.Position!.Value.Latitude, position.GetProperty("latitude").GetDouble(), 12);
                Assert.Equal(server.Position!.Value.Longitude, position.GetProperty("longitude").GetDouble(), 12);
            }
            else
            {
                Assert.True(js.TryGetProperty("error", out var error), $"'{corpus[i]}': server refused ({server.Error}), browser {js}");
                Assert.Equal(server.Error, error.GetString());
            }
        }
        Assert.InRange(accepted, 2_000, 18_000);
        Assert.Empty(console.UnexpectedErrors());
    }

    [Fact]
    public async Task A_sighting_on_land_is_logged_and_the_form_and_the_workspace_show_the_warning()
    {
        await using var liaison = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Liaison, "BASARNAS-IDN"), ConsolePage.Phone);
        var page = liaison.Page;
        await page.FillAsync("[data-testid=sf-position]", "07°27.0'S 110°27.0'E"); // Central Java, 60 km inland
        await page.FillAsync("[data-testid=sf-uncertainty]", "2");
        await page.FillAsync("[data-testid=sf-pob]", "12");
        await page.SelectOptionAsync("[data-testid=sf-condition]", "overloaded");
        await page.SelectOptionAsync("[data-testid=sf-boat-type]", "Wooden boat");
        await page.FillAsync("[data-testid=sf-description]", "Land check boat");
        await page.FillAsync("[data-testid=sf-reporter]", "Semarang liaison");
        var response = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/sightings", StringComparison.Ordinal));
        await page.ClickAsync("[data-testid=sf-submit]");
        Assert.Equal(201, (await response).Status);

        await page.WaitForSelectorAsync("[data-testid=sf-warnings] li[data-code=positionOnLand]");
        Assert.Contains("Position on land — check.", await page.TextContentAsync("[data-testid=sf-warnings]"));
        Assert.Contains("Logged", await page.TextContentAsync("[data-testid=sf-result]"));
        await Screenshots.TakeAsync(page, "sighting-form-on-land-warning-phone.png");
        Assert.Empty(liaison.UnexpectedErrors());

        // The operator of the coordinating centre sees the flag on the sighting in the workspace.
        var reference = await fixture.ScalarAsync<string>(
            "SELECT i.reference FROM incidents i JOIN sightings s ON s.incident_id = i.id WHERE s.boat_description LIKE '%Land check boat%'");
        await using var op = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "BASARNAS-IDN", "Operator Jakarta"));
        await op.Page.WaitForSelectorAsync($"[data-testid=incidents] li[data-reference='{reference}']", new() { Timeout = 20_000 });
        await op.Page.ClickAsync($"[data-testid=incidents] li[data-reference='{reference}']");
        var badge = op.Page.Locator("[data-testid=panel-sightings] [data-testid=sighting-warning][data-code=positionOnLand]");
        await badge.WaitForAsync();
        Assert.Contains("on land", await badge.TextContentAsync());
        Assert.Empty(op.UnexpectedErrors());
    }

    [Fact]
    public async Task A_page_load_has_no_failed_request_and_no_console_error_and_the_favicon_is_served()
    {
        var failed = new List<string>();
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "JRCC-AUS"), waitReady: false,
            beforeNavigate: page =>
            {
                page.Response += (_, r) => { if (r.Status >= 400) lock (failed) failed.Add($"{r.Status} {r.Url}"); };
                page.RequestFailed += (_, r) => { lock (failed) failed.Add($"failed {r.Url} {r.Failure}"); };
                return Task.CompletedTask;
            });
        await console.Page.WaitForSelectorAsync("body[data-ready=true]", new() { Timeout = 30_000 });
        await console.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var icon = await console.Page.EvaluateAsync<string>("() => document.querySelector('link[rel=icon]')?.href ?? ''");

        Assert.Empty(failed);
        Assert.Empty(console.UnexpectedErrors());
        Assert.EndsWith("/favicon.svg", icon, StringComparison.Ordinal);

        // Served anonymously, like the other static files, for browsers that ask for /favicon.ico on their own.
        using var anonymous = new HttpClient { BaseAddress = fixture.BaseAddress };
        foreach (var (path, type) in new[] { ("/favicon.ico", "image/x-icon"), ("/favicon.svg", "image/svg+xml") })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length is > 100 and < 4096);
        }
    }

    /// <summary>Random strings from the grammar's alphabet, formatted positions and their one- and two-character mutations.</summary>
    private static List<string> Corpus(Random random, int count)
    {
        string[] fragments =
        [
            "8", "08", "114", "12.5", "30", "59.99", "60", "1234", "0", "180", "90.5", "7.", ".5",
            "°", "º", "˚", "*", "'", "′", "’", "‘", "\"", "″", "”", "''", "´", "ʹ", "˝",
            "N", "S", "E", "W", "n", "s", "e", "w", "e3", "x", "NE",
            " ", " ", " ", "\u00a0", "\t", ",", ", ", ";", "/", "-", "+", "−",
        ];
        const string alphabet = "0123456789.°'\"′″NSEWnsewe ,;/-+x";
        var corpus = new List<string>(count);
        while (corpus.Count < count)
        {
            string text;
            if (corpus.Count % 2 == 0)
            {
                var sb = new StringBuilder();
                for (var f = random.Next(1, 12); f > 0; f--) sb.Append(fragments[random.Next(fragments.Length)]);
                text = sb.ToString();
            }
            else
            {
                var p = new GeoPosition(random.NextDouble() * 180 - 90, random.NextDouble() * 360 - 180);
                text = random.Next(4) switch
                {
                    0 => p.ToDegreesDecimalMinutes(),
                    1 => string.Create(CultureInfo.InvariantCulture, $"{p.Latitude:F5}, {p.Longitude:F5}"),
                    2 => string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(p.Latitude):F3}{(p.Latitude < 0 ? 'S' : 'N')} {Math.Abs(p.Longitude):F3}{(p.Longitude < 0 ? 'W' : 'E')}"),
                    _ => DegreesMinutesSeconds(p),
                };
                var chars = new StringBuilder(text);
                for (var e = random.Next(0, 3); e > 0 && chars.Length > 0; e--)
                {
                    var at = random.Next(chars.Length);
                    switch (random.Next(3))
                    {
                        case 0: chars.Remove(at, 1); break;
                        case 1: chars.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                        default: chars[at] = alphabet[random.Next(alphabet.Length)]; break;
                    }
                }
                text = chars.ToString();
            }
            corpus.Add(text);
        }
        return corpus;
    }

    private static string DegreesMinutesSeconds(GeoPosition p)
    {
        static string Axis(double value, char positive, char negative)
        {
            var seconds = Math.Round(Math.Abs(value) * 3600);
            var d = (int)(seconds / 3600);
            var m = (int)(seconds % 3600 / 60);
            var s = (int)(seconds % 60);
            return string.Create(CultureInfo.InvariantCulture, $"{d}°{m:00}′{s:00}″{(value < 0 ? negative : positive)}");
        }
        return $"{Axis(p.Latitude, 'N', 'S')} {Axis(p.Longitude, 'E', 'W')}";
    }
}
