using System.Net.Http.Json;
using System.Text.Json;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Server.Detection;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.IntegrationTests.Detection;

/// <summary>
/// The 12 nm territorial seas of samples/geo (loaded into PostGIS at startup) are watched areas: an AIS track crossing
/// into Indonesia's south of Lombok raises one area-entry into <c>ts:IDN</c>, stored in PostgreSQL at a position PostGIS
/// itself places inside the loaded polygon; a track staying outside raises none.
/// </summary>
public sealed class TerritorialSeaEntryTests(TerritorialSeaEntryTests.App app) : IClassFixture<TerritorialSeaEntryTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;
    }

    private const int Inbound = 504000001, Offshore = 504000002;
    private const double Lon = 116.2, OutsideLat = -9.45, InsideLat = -8.95;

    [Fact]
    public async Task A_track_entering_a_loaded_12_nm_polygon_raises_one_stored_area_entry()
    {
        Assert.Equal(28, await app.ScalarAsync("SELECT count(*) FROM territorial_seas"));
        // The test's own premise, checked by PostGIS on the loaded polygon: the track starts outside and ends inside.
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM territorial_seas WHERE ST_Covers(area, ST_MakePoint({Lon}, {OutsideLat})::geography)"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM territorial_seas WHERE country = 'IDN' AND ST_Covers(area, ST_MakePoint({Lon}, {InsideLat})::geography)"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM territorial_seas WHERE ST_Covers(area, ST_MakePoint({Lon}, -10.5)::geography)"));

        var now = DateTimeOffset.UtcNow;
        // Heading north at 13.5 kn for 2 h; the other vessel steams east well south of the limit.
        await DetectionPositions.InsertTrackAsync(app, Inbound, now.AddHours(-3), now.AddHours(-1), 30, OutsideLat, Lon, InsideLat, Lon, 13.5f, 0);
        await DetectionPositions.InsertTrackAsync(app, Offshore, now.AddHours(-3), now.AddHours(-1), 30, -10.5, 115.8, -10.5, 116.3, 15, 90);

        await RunAsync();
        await RunAsync();

        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM detection_events WHERE kind = 'area-entry' AND mmsi = {Inbound} AND area_id = 'ts:IDN' AND status = 'active'"));
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM detection_events e JOIN territorial_seas t ON t.country = 'IDN'
            WHERE e.mmsi = {Inbound} AND e.area_id = 'ts:IDN' AND ST_Covers(t.area, e.position)
              AND e.details->>'areaKind' = 'territorial-sea' AND e.started_at BETWEEN '{now.AddHours(-3):O}' AND '{now.AddHours(-1):O}'
            """));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM detection_events WHERE mmsi = {Offshore} AND area_id LIKE 'ts:%'"));
        // Raised once (a second run changes nothing).
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%DetectionEventRaised' AND payload::text LIKE '%entry:{Inbound}:ts:IDN:%'"));

        var analyst = app.ClientAs(MaritimeRoles.Analyst, null);
        var events = await analyst.GetFromJsonAsync<JsonElement[]>($"/api/detection-events?kind=area-entry&from={now.AddHours(-4):yyyy-MM-ddTHH:mm:ssZ}");
        Assert.Contains(events!, e => e.GetProperty("mmsi").GetInt32() == Inbound && e.GetProperty("areaId").GetString() == "ts:IDN");
    }

    private async Task RunAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RunDetectorsJob>().RunAsync(CancellationToken.None);
    }
}
