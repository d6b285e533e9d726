using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.Detection.Scenarios;
using Xunit.Abstractions;

namespace MaritimeCoord.BrowserTests;

/// <summary>
/// A map people can orient on (issue 16): place names by zoom, a labelled graticule, a pointer readout that reads as an
/// instrument, a night palette that is remembered; and the main job's demo picture (vessels stored as the demo feed
/// leaves them) shown within seconds of sign-in. Everything offline.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class MapOrientationTests(ConsoleFixture fixture, ITestOutputHelper output)
{
    private const string Visible = "(name) => { const el = [...document.querySelectorAll('.place')].find(e => e.dataset.name === name); " +
                                   "return !!el && el.offsetParent !== null && getComputedStyle(el).display !== 'none'; }";

    [Fact]
    public async Task Place_names_show_by_zoom_and_the_graticule_is_drawn_and_labelled()
    {
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "BASARNAS-IDN"));
        var page = console.Page;
        await console.WaitAsync("() => window.mcoord.liveMap.orientation?.ready === true && window.mcoord.map.loaded()");

        // The region view: countries, seas and the main straits; not the smaller ports.
        foreach (var name in new[] { "INDONESIA", "AUSTRALIA", "Java Sea", "Makassar Strait", "Singapore", "Darwin" })
            Assert.True(await page.EvaluateAsync<bool>(Visible, name), $"{name} should show at the region view");
        Assert.False(await page.EvaluateAsync<bool>(Visible, "Kupang"));
        Assert.True(await page.EvaluateAsync<int>("() => window.mcoord.map.queryRenderedFeatures({ layers: ['graticule'] }).length") > 4);
        var labels = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#graticule-labels span')].map(s => s.textContent)");
        Assert.Contains("10°S", labels);
        Assert.Contains("110°E", labels);

        // Closer in: the ports of the area and a finer graticule, in degrees.
        await page.EvaluateAsync("() => { window.mcoord.map.jumpTo({ center: [123.4, -10.2], zoom: 7 }); }");
        await console.WaitAsync("() => window.mcoord.map.loaded() && !window.mcoord.map.isMoving()");
        await console.WaitAsync($"() => ({Visible})('Kupang')");
        Assert.True(await page.EvaluateAsync<bool>(Visible, "Savu Sea"));
        labels = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#graticule-labels span')].map(s => s.textContent)");
        Assert.Contains("123°E", labels);
        Assert.Contains("10°S", labels);

        // The pointer readout sits at the foot of the map, labelled, and is not a button.
        await page.Mouse.MoveAsync(700, 400);
        var readout = await page.EvaluateAsync<JsonElement>("""
            () => { const r = document.querySelector('[data-testid=cursor-readout]'); const m = document.getElementById('map').getBoundingClientRect();
                    const b = r.getBoundingClientRect(); const s = getComputedStyle(r);
                    return { tag: r.tagName, gapToBottom: m.bottom - b.bottom, label: r.querySelector('.readout-label').textContent,
                             border: s.borderTopStyle, pointerEvents: s.pointerEvents }; }
            """);
        Assert.Equal("OUTPUT", readout.GetProperty("tag").GetString());
        Assert.InRange(readout.GetProperty("gapToBottom").GetDouble(), 0, 40);
        Assert.Equal("Pointer", readout.GetProperty("label").GetString());
        Assert.Equal("none", readout.GetProperty("border").GetString());
        Assert.Equal("none", readout.GetProperty("pointerEvents").GetString());
        await Screenshots.TakeAsync(page, "map-orientation-kupang.png");
        Assert.Empty(console.UnexpectedErrors());
        Assert.Empty(console.ForeignRequests);
    }

    [Fact]
    public async Task Night_mode_darkens_the_page_and_the_map_and_is_remembered_after_a_reload()
    {
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "BASARNAS-IDN"));
        var page = console.Page;
        await console.WaitAsync("() => window.mcoord.liveMap.orientation?.ready === true");
        await PublishDemoPictureAsync();
        Assert.Equal("#cfe3f0", await page.EvaluateAsync<string>("() => window.mcoord.map.getPaintProperty('sea', 'background-color')"));
        await Screenshots.TakeAsync(page, "console-desktop.png");

        await page.ClickAsync("[data-testid=theme-toggle]");
        await AssertNightAsync(page);
        Assert.Equal("night", await page.EvaluateAsync<string>("() => localStorage.getItem('mcoord.theme')"));

        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-ready=true]", new() { Timeout = 30_000 });
        await console.WaitAsync("() => window.mcoord.liveMap.orientation?.ready === true && window.mcoord.map.loaded()");
        await AssertNightAsync(page);
        await PublishDemoPictureAsync();
        await console.WaitAsync("() => window.mcoord.vessels.drawn > 1000");
        await Screenshots.TakeAsync(page, "console-night.png");

        await page.ClickAsync("[data-testid=theme-toggle]");
        Assert.False(await page.EvaluateAsync<bool>("() => document.body.classList.contains('night')"));
        Assert.Equal("#cfe3f0", await page.EvaluateAsync<string>("() => window.mcoord.map.getPaintProperty('sea', 'background-color')"));
        Assert.Equal("day", await page.EvaluateAsync<string>("() => localStorage.getItem('mcoord.theme')"));
        Assert.Empty(console.UnexpectedErrors());
        Assert.Empty(console.ForeignRequests);
    }

    private static async Task AssertNightAsync(Microsoft.Playwright.IPage page)
    {
        Assert.True(await page.EvaluateAsync<bool>("() => document.body.classList.contains('night')"));
        Assert.Equal("#0a1822", await page.EvaluateAsync<string>("() => window.mcoord.map.getPaintProperty('sea', 'background-color')"));
        Assert.Equal("#1d2a31", await page.EvaluateAsync<string>("() => window.mcoord.map.getPaintProperty('land', 'fill-color')"));
        Assert.Equal("true", await page.GetAttributeAsync("[data-testid=theme-toggle]", "aria-pressed"));
        // The page's own surfaces are dark too (the side panel behind the lists), not only the map.
        var panel = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('aside')).backgroundColor");
        Assert.Equal("rgb(15, 26, 33)", panel);
    }

    [Fact]
    public async Task The_demo_picture_shows_its_stored_vessels_after_sign_in_and_records_how_long_the_first_took()
    {
        // What the main job's demo feed leaves in vessel_states: every demo vessel's newest position, a minute old.
        var traffic = DemoTraffic.Create();
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var newest = traffic.Reports(now - (long)DemoTraffic.StartPhase.TotalMilliseconds, now - 240_000, now - 60_000)
            .GroupBy(p => p.Mmsi).Select(g => g.Last()).ToList();
        await fixture.ScalarAsync<long>("""
            WITH ins AS (
                INSERT INTO vessel_states (mmsi, observed_at, message_type, position, speed_knots, course_degrees, heading, navigational_status, updated_at)
                SELECT m, to_timestamp(t / 1000.0), 1, ST_SetSRID(ST_MakePoint(x, y), 4326)::geography, s, c, h, 0, now()
                FROM unnest(@mmsi, @t, @x, @y, @s, @c, @h) AS u(m, t, x, y, s, c, h)
                ON CONFLICT (mmsi) DO UPDATE SET observed_at = excluded.observed_at, position = excluded.position
                RETURNING 1)
            SELECT count(*) FROM ins
            """, ("mmsi", newest.Select(p => p.Mmsi).ToArray()), ("t", newest.Select(p => p.ObservedAtMs).ToArray()),
            ("x", newest.Select(p => p.Longitude).ToArray()), ("y", newest.Select(p => p.Latitude).ToArray()),
            ("s", newest.Select(p => p.SpeedKnots).ToArray()), ("c", newest.Select(p => p.CourseDegrees).ToArray()),
            ("h", newest.Select(p => (int)p.Heading).ToArray()));
        try
        {
            // A warm-up load (static files, layer endpoints), then three measured sign-ins.
            await using (await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "BASARNAS-IDN"))) { }
            var afterSignIn = new List<double>();
            for (int i = 0; i < 3; i++)
            {
                await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "BASARNAS-IDN"));
                await console.WaitAsync("() => window.mcoord.vessels.firstDrawnAt > 0", 30_000);
                afterSignIn.Add(await console.Page.EvaluateAsync<double>("() => window.mcoord.vessels.firstDrawnAt - window.mcoord.timings.signedIn"));
                // A hub connection the overloaded server drops is reconnected by the client (js/hub.js): not a defect here.
                Assert.Empty(console.UnexpectedErrors("WebSocket connection to"));
            }
            var load = File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => $"{a} {b}");
            var line = $"first vessel visible after sign-in: {string.Join(", ", afterSignIn.Select(x => $"{x:F0} ms"))} (median {afterSignIn.Order().ElementAt(1):F0} ms; " +
                       $"{newest.Count} vessels stored; load average {load})";
            output.WriteLine(line);
            File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "console-figures.jsonl"), $"{DateTimeOffset.UtcNow:O} first-vessel {line}{Environment.NewLine}");
            // The figure (goal ≤ 3 s) is read from console-figures.jsonl on a quiet machine (docs/console.md), not asserted:
            // a timing in a test fails on a busy machine, not on a slow console.
            Assert.All(afterSignIn, ms => Assert.True(ms > 0, line));
        }
        finally
        {
            await fixture.ScalarAsync<long>("WITH d AS (DELETE FROM vessel_states WHERE mmsi = ANY(@m) RETURNING 1) SELECT count(*) FROM d",
                ("m", newest.Select(p => p.Mmsi).ToArray()));
        }
    }

    /// <summary>The demo traffic as it is now, on the real bus (as the ingest publishes it), for the screenshots.</summary>
    private Task PublishDemoPictureAsync()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var positions = DemoTraffic.Create().Reports(now - (long)DemoTraffic.StartPhase.TotalMilliseconds, now - 180_000, now)
            .GroupBy(p => p.Mmsi).Select(g => g.Last())
            .Select(p => new MaritimeCoord.Contracts.Vessels.VesselPosition(p.Mmsi, DateTimeOffset.FromUnixTimeMilliseconds(p.ObservedAtMs), p.Latitude, p.Longitude,
                p.SpeedKnots, p.CourseDegrees, p.Heading, p.NavigationalStatus, 1))
            .ToList();
        return SyntheticAis.PublishAsync(fixture.Bus, positions);
    }
}
