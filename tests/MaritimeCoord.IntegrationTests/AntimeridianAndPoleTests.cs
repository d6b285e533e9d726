using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.IntegrationTests.Detection;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Detection;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.IntegrationTests;

/// <summary>
/// Every nearest-something query against real PostGIS at the edges of the coordinate space: exactly on ±180° (the same
/// meridian written both ways) and at the poles (every longitude is the same point). PostGIS's geography KNN
/// (<c>&lt;-&gt;</c>) fails there with "index returned tuples in wrong order" (issue 15 item 3: a sighting at
/// 35°S 180°W after one at 35°S 180°E answered 500 on every retry), so sighting correlation and the detection →
/// incident link order by the exact distance within their radius instead; the responders' KNN runs on geometry.
/// </summary>
public sealed class AntimeridianAndPoleTests(AntimeridianAndPoleTests.App app) : IClassFixture<AntimeridianAndPoleTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;
    }

    private HttpClient Liaison(string subject) => app.ClientAs(MaritimeRoles.Liaison, "BASARNAS-IDN", subject);

    private static async Task<JsonElement> CreatedJson(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static string Ddm(double degrees, char positive, char negative, int width)
    {
        double abs = Math.Abs(degrees);
        int whole = (int)Math.Floor(abs);
        double minutes = Math.Round((abs - whole) * 60, 1);
        if (minutes >= 60) { whole++; minutes = 0; }
        string d = whole.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
        return string.Create(CultureInfo.InvariantCulture, $"{d}°{minutes:00.0}'{(degrees < 0 ? negative : positive)}");
    }

    private static string PositionText(double lat, double lon, char? forceLonHemisphere = null)
    {
        string longitude = Ddm(lon, 'E', 'W', 3);
        if (forceLonHemisphere is { } h) longitude = longitude[..^1] + h;
        return $"{Ddm(lat, 'N', 'S', 2)} {longitude}";
    }

    [Theory]
    [InlineData(-35.0)]
    [InlineData(-17.0)]
    [InlineData(-30.0)]
    [InlineData(-40.0)]
    [InlineData(-50.0)]
    [InlineData(0.5)]
    [InlineData(62.0)]
    public async Task A_sighting_at_180_west_after_one_at_180_east_joins_its_incident_and_its_retry_answers_the_same(double lat)
    {
        var client = Liaison($"liaison-180-{lat.ToString(CultureInfo.InvariantCulture)}");
        var east = await CreatedJson(await Sightings.PostAsync(client, Sightings.Valid(b =>
        {
            b["positionText"] = PositionText(lat, 180, 'E');
            b["observedAt"] = Sightings.Now(20);
        })));
        var key = Guid.NewGuid().ToString();
        var westBody = Sightings.Valid(b => b["positionText"] = PositionText(lat, 180, 'W'));
        var west = await CreatedJson(await Sightings.PostAsync(client, westBody, key));
        var retried = await CreatedJson(await Sightings.PostAsync(client, westBody, key));

        Assert.True(east.GetProperty("incidentOpened").GetBoolean());
        Assert.False(west.GetProperty("incidentOpened").GetBoolean());
        Assert.Equal(east.GetProperty("incidentId").GetGuid(), west.GetProperty("incidentId").GetGuid());
        Assert.Equal(west.GetProperty("incidentId").GetGuid(), retried.GetProperty("incidentId").GetGuid());
    }

    [Theory]
    [InlineData(90.0, 0.0, -120.0, 180.0)]
    [InlineData(-90.0, 45.0, -180.0, 180.0)]
    public async Task Sightings_at_a_pole_written_with_different_longitudes_join_one_incident(double pole, double lon1, double lon2, double lon3)
    {
        var client = Liaison($"liaison-pole-{pole.ToString(CultureInfo.InvariantCulture)}");
        var ids = new List<Guid>();
        int minutesAgo = 30;
        foreach (var lon in new[] { lon1, lon2, lon3 })
        {
            var body = await CreatedJson(await Sightings.PostAsync(client, Sightings.Valid(b =>
            {
                b.Remove("positionText");
                b["latitude"] = pole;
                b["longitude"] = lon;
                b["observedAt"] = Sightings.Now(minutesAgo);
            })));
            minutesAgo -= 10;
            ids.Add(body.GetProperty("incidentId").GetGuid());
        }
        Assert.Single(ids.Distinct());
    }

    /// <summary>
    /// Random sightings in the strips either side of ±180° (half of them exactly on the line, written E or W) and at or
    /// near the poles. Every one is stored, and a sighting attached to an incident is within the correlation radius of
    /// that incident's position before the sighting, measured independently (ST_Distance, no index).
    /// </summary>
    [Fact]
    public async Task Random_sightings_on_and_around_the_antimeridian_and_the_poles_are_all_stored_and_attached_only_within_the_radius()
    {
        var random = new Random(20261207);
        var client = Liaison("liaison-random-edges");
        double radiusMetres = 20 * 1852.0;
        for (int i = 0; i < 80; i++)
        {
            double lat, lon;
            if (i % 4 == 3)
            {
                lat = (random.Next(2) == 0 ? 1 : -1) * (random.Next(2) == 0 ? 90 : 89.7 + random.NextDouble() * 0.3);
                lon = random.Next(3) == 0 ? 180 : random.NextDouble() * 360 - 180;
            }
            else
            {
                // Few latitudes, often exactly repeated, so sightings fall on or near each other and correlate (PostGIS's
                // KNN failed only where both points are the same place written as 180°E and 180°W).
                lat = -60 + 10 * random.Next(12) + (random.Next(2) == 0 ? 0 : random.NextDouble() * 0.2);
                lon = random.Next(2) == 0 ? 180 : 180 - random.NextDouble() * 0.3;
                if (random.Next(2) == 0) lon = -lon;
            }
            char? hemisphere = Math.Abs(lon) == 180 ? (random.Next(2) == 0 ? 'E' : 'W') : null;
            string text = PositionText(lat, lon, hemisphere);
            // The incidents' positions before this sighting: the brute-force answer to "which open incidents are near".
            var before = await NearestIncidentMetresAsync(text);

            var response = await Sightings.PostAsync(client, Sightings.Valid(b =>
            {
                b["positionText"] = text;
                b["observedAt"] = Sightings.Now(200 - i);
            }));
            var body = await CreatedJson(response);
            if (!body.GetProperty("incidentOpened").GetBoolean())
            {
                var joined = body.GetProperty("incidentId").GetGuid();
                Assert.True(before.TryGetValue(joined, out var metres), $"{text} joined {joined}, which was not an open incident");
                Assert.True(metres <= radiusMetres, $"{text} joined {joined} at {metres:F0} m");
            }
        }
    }

    private async Task<Dictionary<Guid, double>> NearestIncidentMetresAsync(string positionText)
    {
        var position = MaritimeCoord.Domain.Geo.CoordinateParser.Parse(positionText).Position!.Value;
        await using var conn = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("""
            SELECT id, ST_Distance(last_position, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography)
            FROM incidents WHERE phase IN ('uncertainty', 'alert', 'distress')
            """, conn);
        cmd.Parameters.AddWithValue(position.Longitude);
        cmd.Parameters.AddWithValue(position.Latitude);
        var result = new Dictionary<Guid, double>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result[reader.GetGuid(0)] = reader.GetDouble(1);
        return result;
    }

    [Fact]
    public async Task A_detection_on_180_west_is_linked_to_the_incident_opened_at_180_east()
    {
        var opened = await CreatedJson(await Sightings.PostAsync(Liaison("liaison-detection-180"), Sightings.Valid(b =>
        {
            b["positionText"] = PositionText(-44.0, 180, 'E');
        })));
        var now = DateTimeOffset.UtcNow;
        const int loiterer = 512000777;
        await DetectionPositions.InsertTrackAsync(app, loiterer, now.AddHours(-10), now.AddMinutes(-1), 60, -44.0, -180, -44.01, -180, 0.5f, 45);

        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RunDetectorsJob>().RunAsync(CancellationToken.None);

        var incidentId = opened.GetProperty("incidentId").GetGuid();
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM detection_events WHERE mmsi = {loiterer} AND kind = 'loitering' AND incident_id = '{incidentId}'"));
    }

    [Theory]
    [InlineData(-35.5, 180.0, 'W', 179.9)]
    [InlineData(-35.7, 180.0, 'E', -179.9)]
    [InlineData(89.99, 10.0, 'E', -170.0)]
    public async Task Responders_of_an_incident_on_180_or_at_a_pole_include_the_ship_just_across(double lat, double lon, char hemisphere, double shipLon)
    {
        var opened = await CreatedJson(await Sightings.PostAsync(Liaison($"liaison-responders-{lat.ToString(CultureInfo.InvariantCulture)}"),
            Sightings.Valid(b => b["positionText"] = PositionText(lat, lon, hemisphere))));
        int mmsi = 512100000 + (int)Math.Abs(lat * 100);
        await app.ScalarAsync(string.Create(CultureInfo.InvariantCulture, $"""
            INSERT INTO vessel_states (mmsi, observed_at, message_type, position, speed_knots, course_degrees, updated_at)
            VALUES ({mmsi}, now(), 1, ST_SetSRID(ST_MakePoint({shipLon}, {lat}), 4326)::geography, 12, 0, now())
            ON CONFLICT (mmsi) DO UPDATE SET observed_at = now(), position = EXCLUDED.position
            """));

        var response = await app.ClientAs(MaritimeRoles.Admin, null).GetAsync($"/api/incidents/{opened.GetProperty("incidentId").GetGuid()}/responders?limit=200");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ranked = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ranked").EnumerateArray().ToList();
        var ship = Assert.Single(ranked, r => r.GetProperty("id").GetString() == mmsi.ToString(CultureInfo.InvariantCulture));
        Assert.InRange(ship.GetProperty("distanceNm").GetDouble(), 0, 6);
    }
}
