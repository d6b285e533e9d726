using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Persistence.Geo;
using Npgsql;

namespace MaritimeCoord.IntegrationTests;

public sealed class JurisdictionAndSchemaTests(JurisdictionAndSchemaTests.App app) : IClassFixture<JurisdictionAndSchemaTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;
    }

    private Task<JsonElement> Jurisdiction(double lat, double lon) =>
        app.ClientAs(MaritimeRoles.Operator, "JRCC-AUS").GetFromJsonAsync<JsonElement>($"/api/jurisdiction?lat={lat}&lon={lon}");

    [Theory]
    [InlineData(-25.0, 130.0, "AUS", "JRCC-AUS")]     // central Australia
    [InlineData(-15.0, 110.0, "AUS", "JRCC-AUS")]     // Indian Ocean south of the 12°S line
    [InlineData(-6.0, 108.0, "IDN", "BASARNAS-IDN")]  // Java Sea
    [InlineData(21.0, 91.5, "BGD", "MRCC-BGD")]       // off Cox's Bazar
    public async Task Answers_which_SAR_region_and_rescue_centre_cover_a_position(double lat, double lon, string region, string centre)
    {
        var j = await Jurisdiction(lat, lon);
        Assert.True(j.GetProperty("covered").GetBoolean());
        Assert.Equal(region, j.GetProperty("sarRegion").GetProperty("code").GetString());
        Assert.Equal(centre, j.GetProperty("rescueCentre").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(-25.0, 130.0)]
    [InlineData(-12.0 - 10.0 / 60, 110.0)]
    [InlineData(6.45, 97.35)]
    [InlineData(10.0, 170.0)]
    public async Task The_in_memory_index_answers_like_PostGIS_through_the_API(double lat, double lon)
    {
        var client = app.ClientAs(MaritimeRoles.Operator, "JRCC-AUS");
        var postgis = await client.GetFromJsonAsync<JsonElement>($"/api/jurisdiction?lat={lat}&lon={lon}&source=postgis");
        var memory = await client.GetFromJsonAsync<JsonElement>($"/api/jurisdiction?lat={lat}&lon={lon}&source=memory");

        Assert.Equal("memory", memory.GetProperty("source").GetString());
        Assert.Equal(postgis.GetProperty("covered").GetBoolean(), memory.GetProperty("covered").GetBoolean());
        Assert.Equal(postgis.GetProperty("sarRegion").ToString(), memory.GetProperty("sarRegion").ToString());
        Assert.Equal(postgis.GetProperty("nearApproximateBoundary").GetBoolean(), memory.GetProperty("nearApproximateBoundary").GetBoolean());
        Assert.Equal(postgis.GetProperty("neighbours").GetArrayLength(), memory.GetProperty("neighbours").GetArrayLength());
    }

    [Fact]
    public async Task Flags_a_position_within_30_nm_of_an_approximate_boundary_and_names_the_neighbour()
    {
        // 12°S 110°E lies on the published Australia/Indonesia line; 10 nm south of it is in the Australian SRR.
        var j = await Jurisdiction(-12.0 - 10.0 / 60, 110.0);
        Assert.Equal("AUS", j.GetProperty("sarRegion").GetProperty("code").GetString());
        Assert.True(j.GetProperty("nearApproximateBoundary").GetBoolean());
        var neighbour = Assert.Single(j.GetProperty("neighbours").EnumerateArray());
        Assert.Equal("IDN", neighbour.GetProperty("sarRegionCode").GetString());
        Assert.InRange(neighbour.GetProperty("distanceNm").GetDouble(), 9.5, 10.5);
    }

    [Theory]
    [InlineData("lat=95&lon=100", "lat")]
    [InlineData("lat=-8&lon=200", "lon")]
    [InlineData("lat=abc&lon=100", "lat")]
    [InlineData("lat=NaN&lon=100", "lat")]
    [InlineData("lon=100", "lat")]
    [InlineData("lat=1&lon=100&source=guess", "source")]
    public async Task Rejects_a_jurisdiction_query_with_a_problem_naming_the_parameter(string query, string field)
    {
        var response = await app.ClientAs(MaritimeRoles.Operator, "JRCC-AUS").GetAsync($"/api/jurisdiction?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Spatial_columns_are_geography_4326_with_GiST_indexes()
    {
        var geographyColumns = await app.ScalarAsync("""
            SELECT count(*) FROM geography_columns
            WHERE srid = 4326 AND f_table_name IN ('rescue_centres','sar_regions','sightings','incidents')
            """);
        var gistIndexes = await app.ScalarAsync("""
            SELECT count(*) FROM pg_indexes
            WHERE indexdef LIKE '%USING gist%' AND tablename IN ('rescue_centres','sar_regions','sightings','incidents')
            """);
        Assert.Equal(4, geographyColumns);
        Assert.Equal(4, gistIndexes);
    }

    [Fact]
    public async Task The_jurisdiction_query_uses_ST_DWithin_and_ST_Covers_on_geography()
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SET enable_seqscan = off; EXPLAIN SELECT code FROM sar_regions r WHERE ST_DWithin(r.boundary, ST_SetSRID(ST_MakePoint(115, -8), 4326)::geography, 55560) AND ST_Covers(r.boundary, ST_SetSRID(ST_MakePoint(115, -8), 4326)::geography)", conn);
        var plan = new StringBuilder();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.AppendLine(reader.GetString(0));
        Assert.Contains("ix_sar_regions_boundary", plan.ToString());
    }

    [Fact]
    public async Task The_incident_timeline_is_append_only_in_the_database()
    {
        await Sightings.PostAsync(app.ClientAs(MaritimeRoles.Liaison, "JRCC-AUS", "liaison-audit"), Sightings.Valid());
        var error = await Assert.ThrowsAsync<PostgresException>(() => app.ScalarAsync("UPDATE incident_timeline SET summary = 'rewritten'"));
        Assert.Contains("append-only", error.MessageText);
        await Assert.ThrowsAsync<PostgresException>(() => app.ScalarAsync("DELETE FROM incident_timeline"));
    }

    [Fact]
    public async Task Loading_authoritative_boundaries_replaces_the_sample_and_lookups_report_the_new_version()
    {
        // A deliberately small "authoritative" Sri Lankan region: a box around Colombo.
        const string file = """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"LKA","name":"Sri Lanka SRR (test)",
              "centreCode":"MRCC-LKA","approximate":false,"boundaryVersion":"test-authoritative-1"},
              "geometry":{"type":"Polygon","coordinates":[[[78,5],[83,5],[83,10],[78,10],[78,5]]]}}]}
            """;
        var loaded = await app.WithDbAsync(db => new GeoJsonBoundaryLoader(db, TimeProvider.System)
            .LoadSarRegionsAsync(new MemoryStream(Encoding.UTF8.GetBytes(file)), default));

        var j = await Jurisdiction(7.0, 80.0);
        Assert.Equal(1, loaded);
        Assert.Equal("test-authoritative-1", j.GetProperty("sarRegion").GetProperty("boundaryVersion").GetString());
        Assert.False(j.GetProperty("sarRegion").GetProperty("approximate").GetBoolean());
    }

    [Fact]
    public async Task A_boundary_file_without_the_approximate_flag_is_refused_and_nothing_is_written()
    {
        const string file = """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"XXX","name":"No flag",
              "centreCode":"JRCC-AUS","boundaryVersion":"v1"},
              "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}]}
            """;
        var error = await Assert.ThrowsAsync<BoundaryFileException>(() => app.WithDbAsync(db =>
            new GeoJsonBoundaryLoader(db, TimeProvider.System).LoadSarRegionsAsync(new MemoryStream(Encoding.UTF8.GetBytes(file)), default)));
        Assert.Contains("approximate", error.Message);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM sar_regions WHERE code = 'XXX'"));
    }

    [Fact]
    public async Task The_map_endpoints_serve_the_loaded_regions_and_the_base_layers()
    {
        var client = app.ClientAs(MaritimeRoles.Analyst, null);
        var regions = await client.GetFromJsonAsync<JsonElement>("/api/map/sar-regions");
        Assert.True(regions.GetProperty("features").GetArrayLength() >= 10);
        Assert.All(regions.GetProperty("features").EnumerateArray(), f => Assert.True(f.GetProperty("properties").TryGetProperty("approximate", out _)));
        var coastline = await client.GetAsync("/api/map/layers/coastline");
        Assert.Equal(HttpStatusCode.OK, coastline.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/map/layers/..%2Fappsettings.json")).StatusCode);
    }

    [Fact]
    public async Task Health_endpoints_answer_without_a_token()
    {
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
