using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MaritimeCoord.Contracts.Auth;
using Microsoft.Playwright;
using Npgsql;

namespace MaritimeCoord.BrowserTests;

/// <summary>
/// Issue 8 item 4: an analyst replays an incident (24 h, vessels within 50 nm) in the console; moving the time slider
/// and playing move the vessels actually drawn on the map (rendered features of the replay layer), offline.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ReplayTests(ConsoleFixture fixture)
{
    private const int Eastbound = 222_000_001; // 0.005° east every 10 min, all day
    private const int Northbound = 222_000_002; // 0.004° north every 10 min, all day

    private async Task<Guid> SeedAsync(DateTimeOffset now)
    {
        using var http = fixture.Http(fixture.Token(MaritimeRoles.Liaison, "BASARNAS-IDN", "Replay liaison"));
        var body = new JsonObject
        {
            ["observedAt"] = now.AddHours(-6).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["latitude"] = -12.3, ["longitude"] = 118.3, ["boatDescription"] = "Wooden boat, replay test", ["personsOnBoard"] = 25,
            ["condition"] = "disabled", ["reporter"] = "Replay test liaison",
        };
        var response = await http.PostAsJsonAsync("/api/sightings", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var incidentId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incidentId").GetGuid();

        await using var conn = new NpgsqlConnection(fixture.ConnectionString);
        await conn.OpenAsync();
        for (var day = -2; day <= 1; day++)
        {
            var d = now.UtcDateTime.Date.AddDays(day);
            await new NpgsqlCommand($"CREATE TABLE IF NOT EXISTS ais_positions_p{d:yyyyMMdd} PARTITION OF ais_positions FOR VALUES FROM ('{d:yyyy-MM-dd} 00:00:00+00') TO ('{d.AddDays(1):yyyy-MM-dd} 00:00:00+00')", conn)
                .ExecuteNonQueryAsync();
        }
        // Two vessels whose positions the test checks, and 12 more on straight courses 30° apart for the picture (all stay
        // within 50 nm of the sighting all day: a vessel outside the circle is not part of the incident's replay).
        await using var cmd = new NpgsqlCommand("""
            DELETE FROM ais_positions WHERE mmsi IN (@east, @north) OR mmsi BETWEEN 222000010 AND 222000029;
            INSERT INTO ais_positions (mmsi, observed_at, message_type, position, speed_knots, course_degrees, heading)
            SELECT @east, @t0 + make_interval(mins => 10 * k), 1, ST_SetSRID(ST_MakePoint(118.0 + 0.005 * k, -12.2), 4326)::geography, 10, 90, 90
            FROM generate_series(0, 144) k
            UNION ALL
            SELECT @north, @t0 + make_interval(mins => 10 * k), 1, ST_SetSRID(ST_MakePoint(118.5, -12.9 + 0.004 * k), 4326)::geography, 8, 0, 0
            FROM generate_series(0, 144) k
            UNION ALL
            SELECT 222000010 + j, @t0 + make_interval(mins => 10 * k + j), 1,
                   ST_SetSRID(ST_MakePoint(118.3 + 0.2 * sin(radians(j * 30 + 15)) + 0.002 * k * sin(radians(j * 30)),
                                           -12.3 + 0.2 * cos(radians(j * 30 + 15)) + 0.002 * k * cos(radians(j * 30))), 4326)::geography,
                   6 + j % 5, j * 30, j * 30
            FROM generate_series(0, 11) j, generate_series(0, 143) k;
            """, conn);
        cmd.Parameters.AddWithValue("east", Eastbound);
        cmd.Parameters.AddWithValue("north", Northbound);
        cmd.Parameters.AddWithValue("t0", now.AddHours(-24));
        await cmd.ExecuteNonQueryAsync();
        Assert.Equal(14L, await fixture.ScalarAsync<long>("SELECT count(DISTINCT mmsi) FROM ais_positions WHERE mmsi BETWEEN 222000001 AND 222000029"));
        return incidentId;
    }

    /// <summary>Where the replay layer draws a vessel now (after the map has rendered), or null.</summary>
    private static Task<double[]?> DrawnAsync(IPage page, int mmsi) => page.EvaluateAsync<double[]?>($$"""
        () => {
          const f = window.mcoord.map.queryRenderedFeatures({ layers: ['replay-vessels'] }).find(f => f.properties.mmsi === {{mmsi}});
          return f ? f.geometry.coordinates : null;
        }
        """);

    private static Task WaitDrawnAwayFromAsync(ConsolePage console, int mmsi, double[] from, double minDegrees) =>
        console.WaitAsync($$"""
            () => {
              const f = window.mcoord.map.queryRenderedFeatures({ layers: ['replay-vessels'] }).find(f => f.properties.mmsi === {{mmsi}});
              return f && Math.hypot(f.geometry.coordinates[0] - {{from[0].ToString(CultureInfo.InvariantCulture)}}, f.geometry.coordinates[1] - {{from[1].ToString(CultureInfo.InvariantCulture)}}) > {{minDegrees.ToString(CultureInfo.InvariantCulture)}};
            }
            """, 60_000);

    [Fact]
    public async Task Replay_moves_the_picture_when_the_slider_moves_and_when_it_plays()
    {
        var now = new DateTimeOffset(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var incidentId = await SeedAsync(now);
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Analyst, null, "Analyst Replay"));
        var page = console.Page;

        await page.ClickAsync("[data-testid=view-replay]");
        await page.WaitForSelectorAsync($"[data-testid=replay-incident] option[value='{incidentId}']", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await page.SelectOptionAsync("[data-testid=replay-incident]", incidentId.ToString());
        await page.ClickAsync("[data-testid=replay-load]");
        await console.WaitAsync("() => window.mcoord.replay.frames >= 1", 30_000);

        // The incident's default window: the 24 h up to now (its last sighting was 6 h ago); the picture at its start.
        var from = DateTimeOffset.Parse(await page.InputValueAsync("[data-testid=replay-from]") + ":00Z", CultureInfo.InvariantCulture);
        Assert.Equal(now.AddHours(-24), from, TimeSpan.FromMinutes(1));
        await console.WaitAsync($"() => window.mcoord.map.queryRenderedFeatures({{ layers: ['replay-vessels'] }}).length >= 2", 30_000);
        var atStart = (await DrawnAsync(page, Eastbound))!;
        Assert.Equal(118.0, atStart[0], 2);
        Assert.Equal(-12.2, atStart[1], 2);
        var northAtStart = (await DrawnAsync(page, Northbound))!;
        Assert.Equal(-12.9, northAtStart[1], 2);
        Assert.Contains("50 nm", await page.TextContentAsync("[data-testid=replay-target]"));
        // No sighting yet at the start of the window (it was made 6 h ago).
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.mcoord.map.queryRenderedFeatures({ layers: ['replay-sightings'] }).length"));

        // Moving the slider three quarters along (18 h later): the vessels are drawn where they were then.
        await page.EvalOnSelectorAsync("[data-testid=replay-slider]", "el => { el.value = 750; el.dispatchEvent(new Event('input')); el.dispatchEvent(new Event('change')); }");
        await WaitDrawnAwayFromAsync(console, Eastbound, atStart, 0.3);
        var later = (await DrawnAsync(page, Eastbound))!;
        Assert.Equal(118.0 + 0.005 * 108, later[0], 2); // 18 h = 108 reports of 10 min
        Assert.True((await DrawnAsync(page, Northbound))![1] > northAtStart[1] + 0.3);
        var shown = DateTimeOffset.Parse((await page.TextContentAsync("[data-testid=replay-time]"))!.Replace(" UTC", ":00Z", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        Assert.Equal(now.AddHours(-6), shown, TimeSpan.FromMinutes(2));
        await console.WaitAsync("() => window.mcoord.map.queryRenderedFeatures({ layers: ['replay-sightings'] }).length === 1", 30_000);

        // Back to the start, then play at 3600× (an hour a second): the picture moves by itself.
        await page.EvalOnSelectorAsync("[data-testid=replay-slider]", "el => { el.value = 0; el.dispatchEvent(new Event('change')); }");
        await WaitDrawnAwayFromAsync(console, Eastbound, later, 0.3);
        await page.SelectOptionAsync("[data-testid=replay-speed]", "3600");
        await page.ClickAsync("[data-testid=replay-play]");
        Assert.Equal("true", await page.GetAttributeAsync("[data-testid=replay-play]", "aria-pressed"));
        await WaitDrawnAwayFromAsync(console, Eastbound, atStart, 0.05); // ≥ 2 h of scenario time
        await page.ClickAsync("[data-testid=replay-play]"); // pause
        var paused = await page.TextContentAsync("[data-testid=replay-time]");
        Assert.True(DateTimeOffset.Parse(paused!.Replace(" UTC", ":00Z", StringComparison.Ordinal), CultureInfo.InvariantCulture) > from.AddHours(1));

        // A window typed by the analyst: the last 3 h up to 10 min from now, played at 3600× to its end. The incident's
        // timeline was written when the sighting was logged (just now), so its "opened" event appears at the end. The
        // trails show where each vessel came from (the picture in docs/screenshots).
        await page.UncheckAsync("[data-testid=replay-window-auto]");
        await page.FillAsync("[data-testid=replay-from]", now.AddHours(-3).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await page.FillAsync("[data-testid=replay-to]", now.AddMinutes(10).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        var framesBefore = await page.EvaluateAsync<int>("() => window.mcoord.replay.frames");
        await page.ClickAsync("[data-testid=replay-load]");
        await console.WaitAsync($"() => window.mcoord.replay.frames > {framesBefore} && window.mcoord.replay.to - window.mcoord.replay.from === 190 * 60000", 30_000);
        await page.SelectOptionAsync("[data-testid=replay-speed]", "3600");
        await page.ClickAsync("[data-testid=replay-play]");
        await console.WaitAsync("() => !window.mcoord.replay.playing && window.mcoord.replay.at >= window.mcoord.replay.to", 60_000);
        Assert.Contains("opened", await page.TextContentAsync("[data-testid=replay-event-list]"));
        await console.WaitAsync("() => window.mcoord.map.queryRenderedFeatures({ layers: ['replay-events'] }).length >= 1", 30_000);
        // Every vessel has been drawn with its trail (the lines of the last positions played).
        await console.WaitAsync("() => window.mcoord.map.queryRenderedFeatures({ layers: ['replay-trails'] }).length >= 10", 30_000);
        await page.WaitForTimeoutAsync(500);
        await Screenshots.TakeAsync(page, "replay.png");

        Assert.Empty(console.ForeignRequests);
        Assert.Empty(console.UnexpectedErrors());
    }

    /// <summary>
    /// Issue 15 item 4: the default path — pick an incident whose last sighting is minutes old, Load (the window the
    /// server picks ends now, to the tick), then Play without touching the slider: frames arrive, no error.
    /// </summary>
    [Fact]
    public async Task Load_then_play_on_the_default_window_streams_frames()
    {
        using var http = fixture.Http(fixture.Token(MaritimeRoles.Liaison, "BASARNAS-IDN", "Replay liaison 3"));
        var body = new JsonObject
        {
            // Fractional seconds as a phone or GPS writes them: the incident's window then ends at the server's `now`.
            ["observedAt"] = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            ["latitude"] = -9.7, ["longitude"] = 112.1, ["boatDescription"] = "Wooden boat, default replay", ["personsOnBoard"] = 12,
            ["condition"] = "underway", ["reporter"] = "Replay test liaison",
        };
        var response = await http.PostAsJsonAsync("/api/sightings", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var incidentId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incidentId").GetGuid();

        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Analyst, null, "Analyst Replay 3"));
        var page = console.Page;
        await page.ClickAsync("[data-testid=view-replay]");
        await page.WaitForSelectorAsync($"[data-testid=replay-incident] option[value='{incidentId}']", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await page.SelectOptionAsync("[data-testid=replay-incident]", incidentId.ToString());
        Assert.True(await page.IsCheckedAsync("[data-testid=replay-window-auto]"));
        await page.ClickAsync("[data-testid=replay-load]");
        await console.WaitAsync("() => window.mcoord.replay.frames >= 1", 30_000);
        var framesAfterLoad = await page.EvaluateAsync<int>("() => window.mcoord.replay.frames");

        await page.ClickAsync("[data-testid=replay-play]");
        await console.WaitAsync($"() => window.mcoord.replay.frames >= {framesAfterLoad + 3} || document.querySelector('[data-testid=replay-error]').textContent !== ''", 30_000);
        Assert.Equal("", await page.TextContentAsync("[data-testid=replay-error]"));
        Assert.Equal("true", await page.GetAttributeAsync("[data-testid=replay-play]", "aria-pressed"));
        await page.ClickAsync("[data-testid=replay-play]"); // pause

        // Back to the very start with the slider (the same edge, by the paused path), then play again.
        await page.EvalOnSelectorAsync("[data-testid=replay-slider]", "el => { el.value = 0; el.dispatchEvent(new Event('change')); }");
        var framesAfterSeek = await page.EvaluateAsync<int>("() => window.mcoord.replay.frames");
        await page.ClickAsync("[data-testid=replay-play]");
        await console.WaitAsync($"() => window.mcoord.replay.frames >= {framesAfterSeek + 3} || document.querySelector('[data-testid=replay-error]').textContent !== ''", 30_000);
        Assert.Equal("", await page.TextContentAsync("[data-testid=replay-error]"));
        await page.ClickAsync("[data-testid=replay-play]");
        Assert.Empty(console.UnexpectedErrors());
    }

    [Fact]
    public async Task A_bad_window_is_refused_with_the_servers_reason_and_operators_cannot_replay_an_area()
    {
        await using (var analyst = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Analyst, null, "Analyst Replay 2")))
        {
            var page = analyst.Page;
            await page.ClickAsync("[data-testid=view-replay]");
            await page.SelectOptionAsync("[data-testid=replay-kind]", "area");
            await page.EvaluateAsync("() => { window.mcoord.map.jumpTo({ center: [118.3, -12.3], zoom: 7 }); }");
            await page.FillAsync("[data-testid=replay-from]", "2026-11-20T06:00");
            await page.FillAsync("[data-testid=replay-to]", "2026-11-19T06:00");
            await page.ClickAsync("[data-testid=replay-load]");
            await analyst.WaitAsync("() => document.querySelector('[data-testid=replay-error]').textContent.includes('to must be after from')");
            Assert.Empty(analyst.ForeignRequests);
        }
        await using var operatorPage = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "JRCC-AUS", "Operator Replay"));
        await operatorPage.Page.ClickAsync("[data-testid=view-replay]");
        Assert.Equal(0, await operatorPage.Page.Locator("[data-testid=replay-kind] option[value=area]").CountAsync());
    }
}
