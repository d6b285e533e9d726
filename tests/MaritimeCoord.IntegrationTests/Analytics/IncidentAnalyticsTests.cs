using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.IntegrationTests.Infrastructure;
using Npgsql;

namespace MaritimeCoord.IntegrationTests.Analytics;

/// <summary>Issue 6 item 4: the per-region, per-month SQL on seeded incidents, with every figure worked out by hand.</summary>
public sealed class IncidentAnalyticsTests(IncidentAnalyticsTests.App app) : IClassFixture<IncidentAnalyticsTests.App>, IAsyncLifetime
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;
    }

    private static readonly DateTimeOffset Mar1 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private async Task ExecAsync(string sql, params (string, object?)[] parameters)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<Guid> IncidentAsync(string? region, DateTimeOffset opened, string phase, string? outcome, int? pob, int? minors = null,
        int? medical = null, int? deceased = null)
    {
        var id = Guid.NewGuid();
        await ExecAsync("""
            INSERT INTO incidents (id, reference, phase, opened_at, last_sighting_at, last_position, persons_on_board_estimate,
                persons_on_board_minors, persons_on_board_medical, persons_on_board_deceased, coordinating_centre_code, sar_region_code,
                is_stale, outcome, distress_indicators)
            VALUES (@id, @ref, @phase, @opened, @opened, ST_GeogFromText('POINT(114.5 -8.2)'), @pob, @minors, @medical, @deceased,
                'JRCC-AUS', @region, false, @outcome, '{}')
            """, ("id", id), ("ref", "AN-" + id.ToString("N")[..8]), ("phase", phase), ("opened", opened), ("pob", pob), ("minors", minors),
            ("medical", medical), ("deceased", deceased), ("region", region), ("outcome", outcome));
        return id;
    }

    private Task SightingAsync(Guid incident, DateTimeOffset observed) => ExecAsync("""
        INSERT INTO sightings (id, observed_at, received_at, position, boat_description, condition, reporter, reported_by, incident_id, near_approximate_boundary)
        VALUES (@id, @at, @at, ST_GeogFromText('POINT(114.5 -8.2)'), 'seeded', 'unknown', 'seed', 'seed', @incident, false)
        """, ("id", Guid.NewGuid()), ("at", observed), ("incident", incident));

    private Task TaskingAsync(Guid incident, DateTimeOffset at) => ExecAsync("""
        INSERT INTO incident_taskings (incident_id, asset_code, tasked_at, tasked_by, reason, released_at)
        VALUES (@incident, @asset, @at, 'seed', 'seed', @at)
        """, ("incident", incident), ("asset", "SEED-" + Guid.NewGuid().ToString("N")[..6]), ("at", at));

    private Task TimelineAsync(Guid incident, DateTimeOffset at, string summary) => ExecAsync("""
        INSERT INTO incident_timeline (incident_id, at, actor, kind, summary) VALUES (@incident, @at, 'seed', 'phase-changed', @summary)
        """, ("incident", incident), ("at", at), ("summary", summary));

    public async Task InitializeAsync()
    {
        if (await app.ScalarAsync("SELECT count(*) FROM incidents WHERE reference LIKE 'AN-%'") > 0) return;
        // SRR-A, March 2025: three incidents.
        var i1 = await IncidentAsync("SRR-A", Mar1, "resolved", "rescued", 40, minors: 10, medical: 2, deceased: 0);
        await SightingAsync(i1, Mar1);
        await SightingAsync(i1, Mar1.AddMinutes(50));
        await TaskingAsync(i1, Mar1.AddMinutes(30));
        await TaskingAsync(i1, Mar1.AddMinutes(90));
        await TimelineAsync(i1, Mar1.AddMinutes(20), "Phase raised from uncertainty (INCERFA) to distress (DETRESFA) by seed: taking water");
        await TimelineAsync(i1, Mar1.AddMinutes(240), "Resolved (rescued) from distress (DETRESFA) by seed: all aboard the patrol boat");

        var t2 = Mar1.AddDays(9);
        var i2 = await IncidentAsync("SRR-A", t2, "closed", "disembarked", 20, minors: 0, deceased: 1);
        await SightingAsync(i2, t2.AddMinutes(10));
        await SightingAsync(i2, t2); // logged late: the first sighting is the earliest observed, not the first received
        await TaskingAsync(i2, t2.AddMinutes(60));
        await TimelineAsync(i2, t2.AddMinutes(600), "Resolved (disembarked) from alert (ALERFA) by seed: landed at Benoa");
        await TimelineAsync(i2, t2.AddMinutes(700), "Closed (outcome: disembarked) by seed: done");

        var t3 = new DateTimeOffset(2025, 3, 31, 23, 30, 0, TimeSpan.Zero); // still March in UTC (April in Jakarta)
        var i3 = await IncidentAsync("SRR-A", t3, "distress", null, null);
        await SightingAsync(i3, t3);
        await TaskingAsync(i3, t3.AddMinutes(120));

        // SRR-A, April 2025: a false alarm is resolved but not a rescue.
        var t4 = new DateTimeOffset(2025, 4, 1, 0, 30, 0, TimeSpan.Zero);
        var i4 = await IncidentAsync("SRR-A", t4, "resolved", "false-alarm", 5);
        await SightingAsync(i4, t4);
        await TaskingAsync(i4, t4.AddMinutes(15));
        await TimelineAsync(i4, t4.AddMinutes(45), "Resolved (false-alarm) from uncertainty (INCERFA) by seed: fishing boat");

        // No region covers it, March 2025.
        var i5 = await IncidentAsync(null, Mar1.AddDays(14), "uncertainty", null, 3);
        await SightingAsync(i5, Mar1.AddDays(14));

        // Outside the window asked for (May 2025).
        var i6 = await IncidentAsync("SRR-A", new DateTimeOffset(2025, 5, 2, 0, 0, 0, TimeSpan.Zero), "alert", null, 99);
        await SightingAsync(i6, new DateTimeOffset(2025, 5, 2, 0, 0, 0, TimeSpan.Zero));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient Analyst => app.ClientAs(MaritimeRoles.Analyst, null, "an-analyst");

    [Fact]
    public async Task Figures_per_region_and_month_are_exact()
    {
        var rows = await Analyst.GetFromJsonAsync<JsonElement>("/api/analytics/incidents?from=2025-03&to=2025-04");
        var byKey = rows.EnumerateArray().ToDictionary(r => $"{r.GetProperty("sarRegion").GetString()} {r.GetProperty("month").GetString()}");
        Assert.Equal(["SRR-A 2025-03", "SRR-A 2025-04", "none 2025-03"], byKey.Keys.Order(StringComparer.Ordinal));

        var march = byKey["SRR-A 2025-03"];
        void Is(JsonElement row, string field, double? expected)
        {
            var value = row.GetProperty(field);
            if (expected is null) Assert.True(value.ValueKind == JsonValueKind.Null, $"{field} = {value}");
            else Assert.True(value.GetDouble() == expected, $"{field}: expected {expected}, got {value}");
        }
        Is(march, "incidents", 3);
        Is(march, "uncertainty", 0); Is(march, "alert", 0); Is(march, "distress", 1); Is(march, "resolved", 1); Is(march, "closed", 1);
        Is(march, "rescued", 1); Is(march, "disembarked", 1); Is(march, "falseAlarm", 0); Is(march, "lost", 0); Is(march, "noOutcome", 1);
        Is(march, "personsOnBoard", 60); Is(march, "incidentsWithPersonsOnBoard", 2); Is(march, "minors", 10); Is(march, "medicalCases", 2); Is(march, "deceased", 1);
        // First tasking after first sighting: 30, 60, 120 min.
        Is(march, "incidentsTasked", 3); Is(march, "meanMinutesToFirstTasking", 70); Is(march, "medianMinutesToFirstTasking", 60);
        // To rescue: 240 and 600 min (the false alarm and the open one are not rescues).
        Is(march, "incidentsRescued", 2); Is(march, "meanMinutesToRescue", 420); Is(march, "medianMinutesToRescue", 420);

        var april = byKey["SRR-A 2025-04"];
        Is(april, "incidents", 1); Is(april, "resolved", 1); Is(april, "falseAlarm", 1); Is(april, "personsOnBoard", 5);
        Is(april, "incidentsTasked", 1); Is(april, "meanMinutesToFirstTasking", 15); Is(april, "medianMinutesToFirstTasking", 15);
        Is(april, "incidentsRescued", 0); Is(april, "meanMinutesToRescue", null); Is(april, "medianMinutesToRescue", null);

        var none = byKey["none 2025-03"];
        Is(none, "incidents", 1); Is(none, "uncertainty", 1); Is(none, "noOutcome", 1); Is(none, "personsOnBoard", 3);
        Is(none, "incidentsTasked", 0); Is(none, "meanMinutesToFirstTasking", null);
    }

    [Fact]
    public async Task The_same_figures_come_as_csv_and_a_region_filter_narrows_them()
    {
        var response = await Analyst.GetAsync("/api/analytics/incidents?from=2025-03&to=2025-05&region=SRR-A&format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sar_region,month,incidents,uncertainty,alert,distress,resolved,closed,rescued,disembarked,false_alarm,lost,no_outcome," +
                     "persons_on_board,incidents_with_persons_on_board,minors,medical_cases,deceased,incidents_tasked,mean_minutes_to_first_tasking," +
                     "median_minutes_to_first_tasking,incidents_rescued,mean_minutes_to_rescue,median_minutes_to_rescue", lines[0]);
        Assert.Equal([
            "SRR-A,2025-03,3,0,0,1,1,1,1,1,0,0,1,60,2,10,2,1,3,70,60,2,420,420",
            "SRR-A,2025-04,1,0,0,0,1,0,0,0,1,0,0,5,1,0,0,0,1,15,15,0,,",
            "SRR-A,2025-05,1,0,1,0,0,0,0,0,0,0,1,99,1,0,0,0,0,,,0,,",
        ], lines[1..]);
    }

    [Theory]
    [InlineData("from=2025-3&to=2025-04", "from")]
    [InlineData("from=2025-03", "to")]
    [InlineData("from=2025-05&to=2025-04", "to")]
    [InlineData("from=2000-01&to=2025-04", "to")]
    [InlineData("from=2025-03&to=2025-04&format=xlsx", "format")]
    public async Task Bad_parameters_get_a_problem_naming_the_field(string query, string field)
    {
        var response = await Analyst.GetAsync($"/api/analytics/incidents?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Operators_and_liaison_officers_are_refused()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(MaritimeRoles.Operator, "JRCC-AUS").GetAsync("/api/analytics/incidents?from=2025-03&to=2025-04")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(MaritimeRoles.Liaison, "JRCC-AUS").GetAsync("/api/analytics/incidents?from=2025-03&to=2025-04")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/analytics/incidents?from=2025-03&to=2025-04")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientAs(MaritimeRoles.Admin, null).GetAsync("/api/analytics/incidents?from=2025-03&to=2025-04")).StatusCode);
    }
}
