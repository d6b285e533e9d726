using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Geo;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace MaritimeCoord.IntegrationTests;

/// <summary>
/// Issue 15, item 9: a sighting on land or at 0°N 0°E is logged (the officer may be right) and flagged in the answer and
/// in the incident workspace; the land test in PostGIS agrees with an independent point-in-polygon on the sample file.
/// </summary>
[Collection(SharedHostCollection.Name)]
public sealed class PositionWarningTests(SharedHost app)
{

    private const string Idn = "BASARNAS-IDN";

    [Theory]
    [InlineData("Central Java", -7.45, 110.45, "positionOnLand")]
    [InlineData("Borneo (Kalimantan)", 0.5, 114.0, "positionOnLand")]
    [InlineData("Central Australia", -25.0, 134.0, "positionOnLand")]
    [InlineData("(0, 0)", 0.0, 0.0, "nullIsland")]
    [InlineData("Indian Ocean south of Java", -10.2, 110.3, null)]
    [InlineData("Lombok Strait", -8.75, 115.75, null)]
    public async Task A_sighting_on_land_or_at_null_island_is_logged_and_flagged_in_the_answer_and_the_workspace(
        string where, double latitude, double longitude, string? expected)
    {
        var liaison = app.ClientAs(MaritimeRoles.Liaison, Idn, $"liaison-{Guid.NewGuid():N}");

        var response = await Sightings.PostAsync(liaison,
            Sightings.Valid(b => { b.Remove("positionText"); b["latitude"] = latitude; b["longitude"] = longitude; }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var logged = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var codes = logged.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).ToList();
        Assert.Equal(expected is null ? [] : [expected], codes);
        if (expected is not null)
            Assert.Contains("check", logged.GetProperty("warnings")[0].GetProperty("message").GetString(), StringComparison.Ordinal);

        // The same flag where the operators look: the sighting in the incident workspace, and the sighting itself.
        var incidentId = logged.GetProperty("incidentId").GetGuid();
        var admin = app.ClientAs(MaritimeRoles.Admin, null, "admin");
        var workspace = await admin.GetFromJsonAsync<JsonElement>($"/api/incidents/{incidentId}");
        var sighting = workspace.GetProperty("sightings").EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == logged.GetProperty("id").GetGuid());
        Assert.Equal(codes, sighting.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).ToList());
        var again = await admin.GetFromJsonAsync<JsonElement>($"/api/sightings/{logged.GetProperty("id").GetGuid()}");
        Assert.Equal(codes, again.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).ToList());
        Assert.False(string.IsNullOrEmpty(where));
    }

    [Fact]
    public async Task On_random_positions_PostGIS_land_agrees_with_an_independent_point_in_polygon_on_the_sample_file()
    {
        var land = ReadSampleLand();
        var random = new Random(150909);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaritimeDbContext>();
        int onLand = 0, atSea = 0, nearCoast = 0;
        for (var i = 0; i < 1500; i++)
        {
            // The sample covers 55°E..180°, 55°S..40°N; half the points near Indonesia, where coasts are everywhere.
            var position = i % 2 == 0
                ? new GeoPosition(random.NextDouble() * 95 - 55, 55 + random.NextDouble() * 125)
                : new GeoPosition(random.NextDouble() * 20 - 12, 95 + random.NextDouble() * 45);
            var point = new Point(position.Longitude, position.Latitude);
            var covered = land.Any(p => p.Covers(point));
            // Within 0.02° (≤ 2.3 km) of a coast the tolerance band decides: the reference makes no claim there.
            if (land.Any(p => p.Boundary.IsWithinDistance(point, 0.02))) { nearCoast++; continue; }

            var answer = await db.IsOnLandAsync(position, default);

            Assert.True(answer == covered, $"{position.Latitude:F5}, {position.Longitude:F5}: PostGIS {answer}, reference {covered}");
            if (covered) onLand++; else atSea++;
        }
        Assert.True(onLand > 100 && atSea > 500, $"on land {onLand}, at sea {atSea}, near a coast {nearCoast}");
    }

    private static List<Polygon> ReadSampleLand()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "MaritimeCoord.sln"))) dir = Path.GetDirectoryName(dir)!;
        var options = new JsonSerializerOptions { Converters = { new NetTopologySuite.IO.Converters.GeoJsonConverterFactory() } };
        var collection = JsonSerializer.Deserialize<FeatureCollection>(File.ReadAllText(Path.Combine(dir, "samples", "geo", "coastline.geojson")), options)!;
        var polygons = new List<Polygon>();
        foreach (var feature in collection)
        {
            var geometry = feature.Geometry.IsValid ? feature.Geometry : NetTopologySuite.Geometries.Utilities.GeometryFixer.Fix(feature.Geometry);
            for (var g = 0; g < geometry.NumGeometries; g++)
                if (geometry.GetGeometryN(g) is Polygon polygon) polygons.Add(polygon);
        }
        return polygons;
    }
}
