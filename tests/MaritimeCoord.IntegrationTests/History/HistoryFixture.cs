using System.Globalization;
using System.Text;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Persistence.Ais;
using Npgsql;

namespace MaritimeCoord.IntegrationTests.History;

[CollectionDefinition(Name)]
public sealed class HistoryCollection : ICollectionFixture<HistoryFixture>
{
    public const string Name = "History";
}

/// <summary>
/// A real Kestrel server on its own database with a small, hand-made history whose counts are known exactly:
/// A (111000001): 60 positions, 2026-11-01 00:00–00:59 every minute, lon 105.00 + 0.01·i, lat −8.0;
/// B (111000002): 30 positions, 00:00–00:58 every 2 min, at 110.0, −8.0;
/// C (111000003): 10 positions at 179.5, −17.0 (00:00–00:09) and 10 at −179.5, −17.0 (00:10–00:19), across the antimeridian;
/// D (111000004): 5 positions on 2026-11-02 00:00–00:04 at 105.5, −8.0 (the next day's partition).
/// Incident HIST-T-1: sightings at 00:10 (105.3, −8.05) and 00:40 (105.0, −8.05).
/// </summary>
public sealed class HistoryFixture : MaritimeAppFactory
{
    public const int A = 111_000_001, B = 111_000_002, C = 111_000_003, D = 111_000_004;
    public static readonly Guid IncidentId = Guid.Parse("5f1d0c9e-6a43-4a55-9f0e-1d2b3c4d5e6f");
    public static readonly DateTimeOffset Day1 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    protected override bool UseRabbitMq => false;
    protected override bool RealKestrel => true;
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["History:MaxWindow"] = "3.00:00:00",
        ["History:MaxPolygonVertices"] = "50",
        ["History:MaxPageSize"] = "500",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await new AisPartitions(dataSource).EnsureRangeAsync(DateOnly.FromDateTime(Day1.UtcDateTime), 2, default);
        var sql = new StringBuilder("INSERT INTO ais_positions (mmsi, observed_at, message_type, position, speed_knots, course_degrees, heading, navigational_status) VALUES ");
        var rows = new List<string>();
        void Row(int mmsi, DateTimeOffset at, double lon, double lat) => rows.Add(string.Create(CultureInfo.InvariantCulture,
            $"({mmsi}, '{at:O}', 1, 'SRID=4326;POINT({lon} {lat})', 12.5, 90, 90, 0)"));
        for (int i = 0; i < 60; i++) Row(A, Day1.AddMinutes(i), 105.00 + 0.01 * i, -8.0);
        for (int i = 0; i < 30; i++) Row(B, Day1.AddMinutes(2 * i), 110.0, -8.0);
        for (int i = 0; i < 20; i++) Row(C, Day1.AddMinutes(i), i < 10 ? 179.5 : -179.5, -17.0);
        for (int i = 0; i < 5; i++) Row(D, Day1.AddDays(1).AddMinutes(i), 105.5, -8.0);
        sql.AppendJoin(",", rows);
        sql.Append(CultureInfo.InvariantCulture, $"""
            ;
            INSERT INTO vessels (mmsi, name, reported_at, updated_at) VALUES ({A}, 'ALPHA', now(), now());
            INSERT INTO incidents (id, reference, phase, opened_at, last_sighting_at, last_position, persons_on_board_estimate,
                                   coordinating_centre_code, is_stale, distress_indicators, last_sitrep_number)
            VALUES ('{IncidentId}', 'HIST-T-1', 'alert', '2026-11-01T00:10:00Z', '2026-11-01T00:40:00Z', 'SRID=4326;POINT(105.0 -8.05)', 40,
                    'JRCC-AUS', false, ARRAY[]::text[], 0);
            INSERT INTO sightings (id, observed_at, received_at, position, boat_description, persons_on_board, condition, reporter, reported_by,
                                   notes, incident_id, near_approximate_boundary)
            VALUES (gen_random_uuid(), '2026-11-01T00:10:00Z', '2026-11-01T00:10:00Z', 'SRID=4326;POINT(105.3 -8.05)', 'Wooden boat', 40, 'overloaded',
                    'Private Person Reporter', 'liaison-1', 'Secret note about a person', '{IncidentId}', false),
                   (gen_random_uuid(), '2026-11-01T00:40:00Z', '2026-11-01T00:40:00Z', 'SRID=4326;POINT(105.0 -8.05)', 'Wooden boat', 38, 'overloaded',
                    'Private Person Reporter', 'liaison-1', NULL, '{IncidentId}', false);
            INSERT INTO incident_timeline (incident_id, at, actor, kind, summary) VALUES
                ('{IncidentId}', '2026-11-01T00:10:00Z', 'liaison-1', 'opened', 'Incident opened.'),
                ('{IncidentId}', '2026-11-01T00:40:00Z', 'liaison-1', 'sighting-attached', 'Second sighting.');
            ANALYZE ais_positions;
            """);
        await using var cmd = dataSource.CreateCommand(sql.ToString());
        await cmd.ExecuteNonQueryAsync();
    }
}
