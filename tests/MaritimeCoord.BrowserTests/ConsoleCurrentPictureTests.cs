using MaritimeCoord.Contracts.Auth;

namespace MaritimeCoord.BrowserTests;

/// <summary>
/// The current picture in the console: vessels already stored in <c>vessel_states</c> (ships at anchor, reporting every
/// few minutes) show as soon as the map opens, and again after a reload, with no new AIS traffic at all.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleCurrentPictureTests(ConsoleFixture fixture)
{
    private const int FirstMmsi = 970_000_000;
    private const int Anchored = 40;
    private const int SilentSevenHours = FirstMmsi + 999;

    [Fact]
    public async Task Stored_vessels_show_on_opening_the_map_and_again_after_a_reload_without_new_reports()
    {
        // The state ingest keeps (the newest report per vessel), written as it does: anchored ships a minute or two
        // ago around the Lombok Strait, in the default view, and one silent for 7 hours (past the console's 6 h).
        long stored = await fixture.ScalarAsync<long>("""
            WITH ins AS (
                INSERT INTO vessel_states (mmsi, observed_at, message_type, position, speed_knots, course_degrees, heading, navigational_status, updated_at)
                SELECT @first + i, now() - make_interval(secs => 60 + i), 1,
                       ST_SetSRID(ST_MakePoint(115.75 + (i % 8) * 0.035, -8.95 + (i / 8) * 0.07), 4326)::geography, 0.1, NULL::real, 90, 1, now()
                FROM generate_series(0, @count - 1) AS i
                UNION ALL
                SELECT @silent, now() - interval '7 hours', 1, ST_SetSRID(ST_MakePoint(115.85, -8.8), 4326)::geography, 0.1, NULL::real, 90, 1, now()
                RETURNING 1)
            SELECT count(*) FROM ins
            """, ("first", FirstMmsi), ("count", Anchored), ("silent", SilentSevenHours));
        Assert.Equal(Anchored + 1, stored);
        try
        {
            await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "BASARNAS-IDN"));
            var page = console.Page;
            var allShown = $"() => Array.from({{ length: {Anchored} }}, (_, i) => {FirstMmsi} + i).every(m => window.mcoord.vessels.index.has(m))";
            await console.WaitAsync(allShown);
            Assert.False(await page.EvaluateAsync<bool>($"() => window.mcoord.vessels.index.has({SilentSevenHours})"));

            await page.EvaluateAsync("() => { window.beforeReload = true; }");
            await page.ReloadAsync();
            await page.WaitForSelectorAsync("body[data-ready=true]", new() { Timeout = 30_000 });
            Assert.False(await page.EvaluateAsync<bool>("() => window.beforeReload === true")); // a fresh page and connection
            await console.WaitAsync(allShown);
            Assert.False(await page.EvaluateAsync<bool>($"() => window.mcoord.vessels.index.has({SilentSevenHours})"));
            await page.EvaluateAsync("() => { window.mcoord.map.jumpTo({ center: [115.87, -8.8], zoom: 9.5 }); }");
            await console.WaitAsync("() => window.mcoord.map.loaded() && !window.mcoord.map.isMoving()");
            await Screenshots.TakeAsync(page, "current-picture-after-reload.png");
            Assert.Empty(console.UnexpectedErrors());
        }
        finally
        {
            // The collection's other tests count the vessels they publish: leave no stored picture behind.
            await fixture.ScalarAsync<long>("WITH d AS (DELETE FROM vessel_states WHERE mmsi BETWEEN @a AND @b RETURNING 1) SELECT count(*) FROM d",
                ("a", FirstMmsi), ("b", SilentSevenHours));
        }
    }
}
