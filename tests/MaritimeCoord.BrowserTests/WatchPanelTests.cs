using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Contracts.Detection;

namespace MaritimeCoord.BrowserTests;

/// <summary>
/// The console's Watch panel: detection events stored in PostgreSQL are listed and drawn at sign-in (GET
/// /api/detection-events), new ones arrive over the hub, a withdrawal removes one, and alerts, escalations and handover
/// reminders raise toasts. The events enter the real bus exactly as the detection job's outbox publishes them.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class WatchPanelTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Detections_are_listed_drawn_revised_live_and_alerts_escalations_and_reminders_raise_toasts()
    {
        var now = DateTimeOffset.UtcNow;
        var storedId = $"ais-gap:{SyntheticAis.FirstMmsi + 9001}:{now.AddHours(-3):yyyyMMddHHmmss}";
        await fixture.ScalarAsync<long>("""
            WITH stored AS (
                INSERT INTO detection_events (id, kind, mmsi, started_at, position, region_code, status, first_detected_at, updated_at)
                VALUES (@id, 'ais-gap', @mmsi, @started, ST_SetSRID(ST_MakePoint(110.2, -9.1), 4326)::geography, 'AUS', 'active', now(), now())
                RETURNING 1)
            SELECT count(*) FROM stored
            """, ("id", storedId), ("mmsi", SyntheticAis.FirstMmsi + 9001), ("started", now.AddHours(-3)));

        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "JRCC-AUS"));
        var page = console.Page;
        try
        {
            await console.WaitAsync($"() => !!document.querySelector('#watch-list li[data-id=\"{storedId}\"]')");
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<string>("() => document.querySelector('#watch-panel').outerHTML + document.querySelector('#events').textContent");
            Assert.Fail($"the stored detection was not listed: {state} {string.Join(" | ", console.Errors)}");
        }
        Assert.False(await page.IsHiddenAsync("[data-testid=watch-panel]"));
        Assert.Contains("AIS gap", await page.TextContentAsync($"#watch-list li[data-id=\"{storedId}\"]"));

        // A rendezvous raised live, for this centre.
        var encounterId = $"encounter:{SyntheticAis.FirstMmsi + 9002}:{SyntheticAis.FirstMmsi + 9003}:{now:yyyyMMddHHmmss}";
        await fixture.Bus.Publish(new DetectionEventRaised(encounterId, "encounter", SyntheticAis.FirstMmsi + 9002, SyntheticAis.FirstMmsi + 9003,
            now.AddMinutes(-40), null, -10.6, 112.4, "AUS", null, null, null, "{}", ["JRCC-AUS"]));
        await console.WaitAsync($"() => !!document.querySelector('#watch-list li[data-id=\"{encounterId}\"]')");
        Assert.Equal("2", await page.TextContentAsync("[data-testid=watch-count]"));
        Assert.Contains($"MMSI {SyntheticAis.FirstMmsi + 9002} and {SyntheticAis.FirstMmsi + 9003}",
            await page.TextContentAsync($"#watch-list li[data-id=\"{encounterId}\"]"));

        // Both are drawn on the map, coloured by kind.
        await page.EvaluateAsync("() => { window.mcoord.map.jumpTo({ center: [111.3, -9.8], zoom: 5 }); }");
        await console.WaitAsync("() => window.mcoord.map.loaded() && !window.mcoord.map.isMoving()");
        await console.WaitAsync("() => window.mcoord.map.queryRenderedFeatures({ layers: ['detections'] }).length === 2");
        var kinds = await page.EvaluateAsync<string[]>(
            "() => window.mcoord.map.queryRenderedFeatures({ layers: ['detections'] }).map(f => f.properties.kind).sort()");
        Assert.Equal(["ais-gap", "encounter"], kinds);

        // A rule of this centre matched: a toast with the severity, and the item is marked.
        await fixture.Bus.Publish(new DetectionAlertRaised(encounterId, "encounter", "critical", SyntheticAis.FirstMmsi + 9002, now.AddMinutes(-40),
            -10.6, 112.4, "AUS", null, null, [Guid.NewGuid()], ["JRCC-AUS"], 0));
        await console.WaitAsync("() => [...document.querySelectorAll('[data-testid=toast]')].some(t => t.textContent.startsWith('CRITICAL alert') && t.classList.contains('critical'))");
        await console.WaitAsync($"() => document.querySelector('#watch-list li[data-id=\"{encounterId}\"]').classList.contains('alerted')");
        await Screenshots.TakeAsync(page, "watch.png");

        // Late data disproved the stored gap: it disappears from the list and the map.
        await fixture.Bus.Publish(new DetectionEventWithdrawn(storedId, "ais-gap", SyntheticAis.FirstMmsi + 9001, now, ["JRCC-AUS"]));
        await console.WaitAsync($"() => !document.querySelector('#watch-list li[data-id=\"{storedId}\"]')");
        await console.WaitAsync("() => window.mcoord.map.queryRenderedFeatures({ layers: ['detections'] }).length === 1");
        Assert.Equal("1", await page.TextContentAsync("[data-testid=watch-count]"));

        // Escalation timers: an unacknowledged distress and an unanswered handover offer.
        await fixture.Bus.Publish(new IncidentEscalated(Guid.NewGuid(), "MC-TEST-0001", "JRCC-AUS", now.AddMinutes(-20), now, ["JRCC-AUS", "BASARNAS"]));
        // An escalation is a sticky alert (it stays until acknowledged); a reminder of another centre's offer is a toast.
        await console.WaitAsync("() => [...document.querySelectorAll('[data-testid=alert]')].some(t => t.textContent.includes('MC-TEST-0001') && t.textContent.includes('escalated'))");
        await fixture.Bus.Publish(new HandoverOfferReminded(Guid.NewGuid(), "MC-TEST-0002", Guid.NewGuid(), "JRCC-AUS", "BASARNAS", now.AddMinutes(-15), now));
        await console.WaitAsync("() => [...document.querySelectorAll('[data-testid=toast]')].some(t => t.textContent.includes('MC-TEST-0002') && t.textContent.includes('unanswered'))");
        Assert.Contains("escalated", await page.TextContentAsync("[data-testid=events]"));
        Assert.True(!console.UnexpectedErrors().Any(), string.Join(" | ", console.UnexpectedErrors()));
    }

    [Fact]
    public async Task A_supervisor_gets_a_sticky_escalation_that_an_operator_of_the_centre_does_not()
    {
        await using var supervisor = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Supervisor, "JRCC-AUS"));
        await using var operatorPage = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "JRCC-AUS"));
        await supervisor.WaitAsync("() => window.mcoord.hubConnected");
        await operatorPage.WaitAsync("() => window.mcoord.hubConnected");
        // The supervisor signs in with the operator's controls too (the server adds the operator role).
        Assert.Contains("supervisor", await supervisor.Page.TextContentAsync("[data-testid=user]"));
        Assert.False(await supervisor.Page.IsHiddenAsync("[data-testid=watch-panel]"));

        await fixture.Bus.Publish(new IncidentEscalated(Guid.NewGuid(), "MC-TEST-0003", "JRCC-AUS", DateTimeOffset.UtcNow.AddMinutes(-16), DateTimeOffset.UtcNow, ["JRCC-AUS"]));
        const string sticky = "() => [...document.querySelectorAll('[data-testid=alert].sticky')].some(t => t.textContent.includes('MC-TEST-0003') && t.textContent.startsWith('Supervisor:'))";
        await supervisor.WaitAsync(sticky);
        // Both get the centre's escalation as an alert; only the supervisor gets the supervisors' one.
        await operatorPage.WaitAsync("() => [...document.querySelectorAll('[data-testid=alert]')].some(t => t.textContent.includes('MC-TEST-0003') && t.textContent.includes('escalated'))");
        Assert.False(await operatorPage.Page.EvaluateAsync<bool>(sticky));
        await supervisor.Page.ClickAsync("[data-testid=alert][data-key^='supervisor:'] [data-testid=alert-ack]");
        await supervisor.WaitAsync($"() => !({sticky[6..]})");
        Assert.True(!supervisor.UnexpectedErrors().Any(), string.Join(" | ", supervisor.UnexpectedErrors()));
    }

    [Fact]
    public async Task A_liaison_officer_does_not_get_the_watch_panel()
    {
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Liaison, "JRCC-AUS"));
        Assert.True(await console.Page.IsHiddenAsync("[data-testid=watch-panel]"));
        Assert.False(await console.Page.EvaluateAsync<bool>("() => !!window.mcoord.watch"));
    }
}
