using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Contracts.Vessels;
using MassTransit;

namespace MaritimeCoord.BrowserTests;

/// <summary>Synthetic AIS traffic published on the real bus, exactly as the ingest pipeline publishes it (1,000 vessels a message).</summary>
public static class SyntheticAis
{
    public const int FirstMmsi = 990_000_000;

    public static VesselPosition[] Fleet(int count, int seed, DateTimeOffset at, double west = 92, double east = 138, double south = -18, double north = 12)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var moving = random.NextDouble() > 0.15;
            var course = Math.Round(random.NextDouble() * 359.9, 1);
            return new VesselPosition(FirstMmsi + i, at.AddSeconds(-random.Next(0, 60)), south + random.NextDouble() * (north - south),
                west + random.NextDouble() * (east - west), moving ? Math.Round(5 + random.NextDouble() * 15, 1) : 0.1, moving ? course : null,
                moving ? (int)course : null, moving ? 0 : 1, 1);
        }).ToArray();
    }

    /// <summary>Moves every vessel one second along its course (so each update really changes the picture).</summary>
    public static VesselPosition[] Step(VesselPosition[] fleet, DateTimeOffset at) => fleet.Select(v =>
    {
        if (v.CourseDegrees is not { } course || v.SpeedKnots is not { } speed) return v with { ObservedAt = at };
        var nm = speed / 3600.0;
        var lat = v.Latitude + nm / 60.0 * Math.Cos(course * Math.PI / 180);
        var lon = v.Longitude + nm / 60.0 * Math.Sin(course * Math.PI / 180) / Math.Cos(v.Latitude * Math.PI / 180);
        return v with { ObservedAt = at, Latitude = lat, Longitude = lon };
    }).ToArray();

    public static Task PublishAsync(IBus bus, IReadOnlyList<VesselPosition> positions, int perMessage = 1_000) =>
        Task.WhenAll(positions.Chunk(perMessage).Select(chunk => bus.Publish(new VesselPositionsUpdated(chunk, "browser-test", DateTimeOffset.UtcNow))));
}

[Collection(ConsoleCollection.Name)]
public sealed class ConsoleMapTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task The_live_map_renders_offline_with_every_layer_AIS_vessels_incidents_by_phase_scale_readout_and_measure_tool()
    {
        var sighting = await fixture.PostSightingAsync(-12.4, 105.9, "Wooden boat, engine failure", 64, "disabled");
        await fixture.PostSightingAsync(-12.0833, 122.85, "Timber boat, listing", 55, "taking-water");
        await fixture.PostSightingAsync(6.45, 97.35, "Crowded wooden boat", 120, "disabled");
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "JRCC-AUS"));
        var page = console.Page;
        Assert.Equal("live", await page.TextContentAsync("[data-testid=hub-status]"));

        // AIS through the real bus → hub → custom WebGL layer; one of them stale (silent for 20 minutes), one without heading.
        var now = DateTimeOffset.UtcNow;
        var fleet = SyntheticAis.Fleet(300, seed: 7, now);
        fleet[0] = fleet[0] with { ObservedAt = now.AddMinutes(-20) };
        fleet[1] = fleet[1] with { Latitude = -10.9, Longitude = 106.6, Heading = null, CourseDegrees = null, SpeedKnots = 0 };
        await SyntheticAis.PublishAsync(fixture.Bus, fleet, perMessage: 100);
        await console.WaitAsync("() => window.mcoord.vessels.count === 300 && window.mcoord.vessels.drawn === 300");

        // Zoom to where the ports show (minzoom 4) with incidents, SAR boundaries, 12 nm limits and land in view.
        await page.EvaluateAsync("() => { window.mcoord.map.jumpTo({ center: [108, -9], zoom: 4.6 }); }");
        await console.WaitAsync("() => window.mcoord.liveMap.deferredLoaded === true && window.mcoord.map.loaded() && !window.mcoord.map.isMoving()");
        await console.WaitAsync("() => window.mcoord.map.queryRenderedFeatures({ layers: ['incidents'] }).length >= 1");
        // Every response asset, from GET /api/map/responders, without opening an incident.
        await console.WaitAsync("() => window.mcoord.map.queryRenderedFeatures({ layers: ['assets'] }).length >= 1");
        foreach (var layer in new[] { "land", "sea12-fill", "sar-approximate", "eez-line", "centres", "ports", "incidents", "assets" })
        {
            var drawn = await page.EvaluateAsync<int>($"() => window.mcoord.map.queryRenderedFeatures({{ layers: ['{layer}'] }}).length");
            Assert.True(drawn > 0, $"layer {layer} should have rendered features");
        }
        // Incidents carry their phase into the paint colour.
        var reference = sighting.GetProperty("incidentReference").GetString()!;
        var phase = await page.EvaluateAsync<string>(
            $"() => window.mcoord.map.queryRenderedFeatures({{ layers: ['incidents'] }}).find(f => f.properties.reference === '{reference}')?.properties.phase");
        Assert.Equal("uncertainty", phase);

        // The vessel layer is a custom WebGL layer: check pixels where a vessel is, read back inside the render event.
        var pixel = await page.EvaluateAsync<int[]>("""
            () => new Promise((resolve) => {
              const map = window.mcoord.map;
              const p = map.project([106.6, -10.9]);
              map.once('render', () => {
                const gl = map.getCanvas().getContext('webgl2');
                const ratio = window.devicePixelRatio || 1;
                const out = new Uint8Array(4);
                gl.readPixels(Math.round(p.x * ratio), Math.round(gl.drawingBufferHeight - p.y * ratio), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, out);
                resolve([...out]);
              });
              map.triggerRepaint();
            })
            """);
        // The sea background is #cfe3f0 (207,227,240); a vessel's core is green.
        Assert.True(pixel[1] > pixel[0] + 40 && pixel[2] < 200, $"a vessel should be drawn at its position, pixel was {string.Join(",", pixel)}");

        // Scale bar in nautical miles, and the DDM readout follows the pointer.
        Assert.Matches(@"^\d+\s?nm$", await page.TextContentAsync(".maplibregl-ctrl-scale") ?? "");
        await page.Mouse.MoveAsync(500, 400);
        await page.Mouse.MoveAsync(520, 410);
        Assert.Matches(@"^\d{2}°\d{2}\.\d{3}'[NS] \d{3}°\d{2}\.\d{3}'[EW]$", await page.TextContentAsync("[data-testid=cursor]") ?? "");

        // Measure: two clicks give a great-circle distance that matches the points' own geometry.
        await page.ClickAsync("[data-testid=measure-toggle]");
        await page.Mouse.ClickAsync(400, 420);
        await page.Mouse.ClickAsync(800, 420);
        var readout = await page.TextContentAsync("[data-testid=measure-readout]") ?? "";
        Assert.Matches(@"^\d+\.\d nm \(\d+\.\d km\) · last leg \d+\.\d nm, \d{3}°T$", readout);
        var expected = await page.EvaluateAsync<double>("""
            () => { const m = window.mcoord.map; const a = m.unproject([400 - m.getCanvas().getBoundingClientRect().left, 420 - m.getCanvas().getBoundingClientRect().top]);
                    const b = m.unproject([800 - m.getCanvas().getBoundingClientRect().left, 420 - m.getCanvas().getBoundingClientRect().top]);
                    const r = (d) => d * Math.PI / 180;
                    const h = Math.sin(r(b.lat - a.lat) / 2) ** 2 + Math.cos(r(a.lat)) * Math.cos(r(b.lat)) * Math.sin(r(b.lng - a.lng) / 2) ** 2;
                    return 2 * 6371008.8 * Math.asin(Math.sqrt(h)) / 1852; }
            """);
        var measured = await page.EvaluateAsync<double>("() => window.mcoord.liveMap.measure.totalNm");
        Assert.InRange(measured, expected * 0.999, expected * 1.001);
        // The points are drawn once MapLibre's worker has taken the new source data and a frame has rendered: wait for it.
        await console.WaitAsync("() => window.mcoord.map.queryRenderedFeatures({ layers: ['measure-points'] }).length === 2");

        // Clicking the incident opens its workspace.
        await page.ClickAsync("[data-testid=measure-toggle]");
        await page.ClickAsync($"[data-testid=incidents] li[data-reference='{reference}']");
        await page.WaitForSelectorAsync("[data-testid=incident-panel]:not([hidden])");
        await page.ClickAsync("[data-testid=responders-load]");
        await page.WaitForSelectorAsync("[data-testid=responders-table]");
        // The nearest responders depend on what earlier tests of the shared fixture left (tasked assets, stored AIS
        // ships): they may lie outside this view, so centre on the first before asking what is drawn.
        await console.WaitAsync("() => (window.mcoord.map.getSource('responders').serialize().data.features ?? []).length >= 1");
        await page.EvaluateAsync("() => { const first = window.mcoord.map.getSource('responders').serialize().data.features[0]; " +
                                 "window.mcoord.map.jumpTo({ center: first.geometry.coordinates }); }");
        await console.WaitAsync("() => window.mcoord.map.queryRenderedFeatures({ layers: ['responders'] }).length >= 1");
        await page.EvaluateAsync("() => { window.mcoord.map.jumpTo({ center: [106.3, -11.6], zoom: 7 }); }");
        await console.WaitAsync("() => window.mcoord.map.loaded() && !window.mcoord.map.isMoving()");
        await Screenshots.TakeAsync(page, "console-map.png");

        Assert.Empty(console.ForeignRequests);
        Assert.Empty(console.UnexpectedErrors());
    }
}
