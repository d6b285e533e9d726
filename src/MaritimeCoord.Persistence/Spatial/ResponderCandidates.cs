using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Responders;
using MaritimeCoord.Persistence.Entities;
using Npgsql;
using NpgsqlTypes;

namespace MaritimeCoord.Persistence.Spatial;

/// <summary>What <see cref="ResponderCandidates.FindForIncidentAsync"/> found: the incident's last position and the candidates around it.</summary>
public sealed record IncidentResponderCandidates(GeoPosition Target, List<GovernmentAsset> Assets, List<AisVessel> Vessels);

/// <summary>
/// Candidates for the nearest-responder ranking (DOMAIN.md, after AMVER SURPIC): the nearest government assets and AIS
/// ships by KNN (<c>&lt;-&gt;</c> on GiST). One place, used by the API and by `mcoord load responders` (query alone).
/// </summary>
/// <remarks>
/// The hot path of GET /api/incidents/{id}/responders (issue 4: p99 ≤ 10 ms at 200 requests/s). Measured in
/// docs/responders-performance.md, the earlier version spent most of its CPU in three EF Core round trips (incident +
/// visibility, assets, vessels) and, once behind, opened up to 100 connections that fought PostgreSQL for 2 cores. So:
/// one prepared statement, one round trip (visibility, position and both KNN searches), read with a plain
/// <see cref="NpgsqlDataReader"/>, on a small dedicated pool kept warm (<see cref="CreateDataSource"/>).
/// </remarks>
public sealed class ResponderCandidates(NpgsqlDataSource dataSource)
{
    /// <summary>Government assets: a few hundred per region at most; the nearest 50 by planar distance are candidates.</summary>
    public const int CandidatesPerKind = 50;

    /// <summary>AIS candidates: the nearest 100 by planar distance; a ship farther than that is very unlikely to arrive first.</summary>
    public const int VesselCandidates = 100;

    /// <summary>AIS states older than this are not offered as responders.</summary>
    public static readonly TimeSpan AisMaxAge = TimeSpan.FromHours(24);

    /// <summary>
    /// Connections of the dedicated pool. Each query takes about a millisecond of PostgreSQL CPU; more connections than
    /// cores only make the backends preempt each other (measured: at 100 connections the latency grew without bound),
    /// while a request waiting a moment for a pooled connection costs nothing.
    /// </summary>
    public const int PoolSize = 8;

    private const string AssetColumns =
        "ra.code, ra.name, ra.type, ra.availability, ra.home_base, ra.contact, ra.availability_note, ra.position_at, ra.cruise_speed_knots, ra.position::geometry AS g";

    private const string VesselColumns = "vs.mmsi, vs.position::geometry AS g, vs.observed_at, vs.speed_knots, vs.course_degrees";

    /// <summary>
    /// The whole lookup in one statement. $1 incident id, $2 the caller sees every centre's incidents, $3 the caller's
    /// centre, $4 oldest AIS state offered. Rows: kind 0 = the incident position (absent when the caller may not see the
    /// incident: the same rule as IncidentAccess.VisibleTo), 1 = asset, 2 = AIS vessel.
    /// KNN runs on geometry (planar degrees; migration ResponderKnnIndexes): ~8x cheaper than on geography and only a
    /// pre-filter, since the ranking measures every candidate on the ellipsoid. Near the antimeridian planar distance is
    /// wrong across ±180, so a target within 30° of it is also searched for shifted by 360° (the second probe), among
    /// the rows in the 30° strip on the other side of the line only (an index condition, <c>&amp;&amp;</c>). Unbounded, the
    /// second probe fetched the target's own side again (planar 360° away, but still the nearest rows to the shifted
    /// probe where the other side is empty): twice the buffers and time for every target beyond 150° (measured: 1.5–2.1
    /// ms against 0.85–1.0 ms per statement; 7 of the 49 load-test incidents).
    /// Vessel names are joined after the LIMIT, for the candidates only.
    /// </summary>
    public static readonly string Sql = $"""
        WITH incident AS MATERIALIZED (
            SELECT i.last_position::geometry AS target FROM incidents i
            WHERE i.id = $1
              AND ($2 OR i.coordinating_centre_code = $3
                   OR EXISTS (SELECT 1 FROM handover_offers h WHERE h.incident_id = i.id AND (h.to_centre_code = $3 OR h.from_centre_code = $3)))),
        across AS MATERIALIZED (
            SELECT ST_Translate(target, CASE WHEN ST_X(target) > 0 THEN -360 ELSE 360 END, 0) AS probe,
                   CASE WHEN ST_X(target) > 0 THEN ST_MakeEnvelope(-180, -90, -150, 90, 4326)
                        ELSE ST_MakeEnvelope(150, -90, 180, 90, 4326) END AS strip
            FROM incident WHERE abs(ST_X(target)) > 150)
        SELECT 0 AS kind, NULL::integer AS mmsi, NULL::text AS code, NULL::text AS name, NULL::text AS type, NULL::text AS availability,
               NULL::text AS home_base, NULL::text AS contact, NULL::text AS note, ST_Y(target) AS latitude, ST_X(target) AS longitude,
               NULL::timestamptz AS at, NULL::double precision AS speed, NULL::real AS course
        FROM incident
        UNION ALL
        SELECT 1, NULL, a.code, a.name, a.type, a.availability, a.home_base, a.contact, a.availability_note, ST_Y(a.g), ST_X(a.g),
               a.position_at, a.cruise_speed_knots, NULL
        FROM (SELECT near.* FROM incident i CROSS JOIN LATERAL (
                  SELECT {AssetColumns} FROM response_assets ra
                  ORDER BY ra.position::geometry <-> i.target
                  LIMIT {CandidatesPerKind}) near
              UNION ALL
              SELECT far.* FROM across x CROSS JOIN LATERAL (
                  SELECT {AssetColumns} FROM response_assets ra
                  WHERE ra.position::geometry && x.strip
                  ORDER BY ra.position::geometry <-> x.probe
                  LIMIT {CandidatesPerKind}) far) a
        UNION ALL
        SELECT 2, n.mmsi, NULL, v.name, v.ship_type::text, NULL, NULL, v.call_sign, NULL, ST_Y(n.g), ST_X(n.g),
               n.observed_at, n.speed_knots, n.course_degrees
        FROM (SELECT near.* FROM incident i CROSS JOIN LATERAL (
                  SELECT {VesselColumns} FROM vessel_states vs
                  WHERE vs.observed_at > $4
                  ORDER BY vs.position::geometry <-> i.target
                  LIMIT {VesselCandidates}) near
              UNION ALL
              SELECT far.* FROM across x CROSS JOIN LATERAL (
                  SELECT {VesselColumns} FROM vessel_states vs
                  WHERE vs.observed_at > $4 AND vs.position::geometry && x.strip
                  ORDER BY vs.position::geometry <-> x.probe
                  LIMIT {VesselCandidates}) far) n
        LEFT JOIN vessels v ON v.mmsi = n.mmsi
        """;

    /// <summary>
    /// The pool for <see cref="ResponderCandidates"/>: <see cref="PoolSize"/> connections, two kept open so a quiet
    /// period does not cost a new connection (SCRAM authentication is ~1 ms of CPU on each side), and a generic plan
    /// (the statement's plan does not depend on its parameters, so re-planning per execution is wasted work).
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = PoolSize,
            MinPoolSize = 2,
            ConnectionIdleLifetime = 900,
            ApplicationName = "maritimecoord-responders",
        };
        // Added to, never replacing, options the deployment sets (search_path, statement_timeout…).
        csb.Options = string.IsNullOrWhiteSpace(csb.Options) ? GenericPlan : $"{csb.Options} {GenericPlan}";
        return NpgsqlDataSource.Create(csb.ConnectionString);
    }

    private const string GenericPlan = "-c plan_cache_mode=force_generic_plan";

    /// <summary>The incident's last position and the candidates near it; null when there is no such incident or the caller may not see it.</summary>
    public async Task<IncidentResponderCandidates?> FindForIncidentAsync(Guid incidentId, bool seesAllCentres, string? centreCode, DateTimeOffset now,
        CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(Sql, connection)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid> { TypedValue = incidentId, NpgsqlDbType = NpgsqlDbType.Uuid },
                new NpgsqlParameter<bool> { TypedValue = seesAllCentres, NpgsqlDbType = NpgsqlDbType.Boolean },
                new NpgsqlParameter<string?> { TypedValue = centreCode, NpgsqlDbType = NpgsqlDbType.Text },
                new NpgsqlParameter<DateTime> { TypedValue = (now - AisMaxAge).UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            },
        };
        // Prepared once per physical connection: Npgsql keeps it across pool returns, so later calls skip parse and plan.
        await command.PrepareAsync(ct);
        await using var reader = await command.ExecuteReaderAsync(ct);

        GeoPosition? target = null;
        var assets = new List<GovernmentAsset>(CandidatesPerKind);
        var vessels = new List<AisVessel>(VesselCandidates);
        // Rows of the second probe (antimeridian) can repeat those of the first.
        var assetCodes = new HashSet<string>(StringComparer.Ordinal);
        var vesselMmsis = new HashSet<int>();
        while (await reader.ReadAsync(ct))
        {
            var position = new GeoPosition(reader.GetDouble(9), reader.GetDouble(10));
            switch (reader.GetInt32(0))
            {
                case 0:
                    target = position;
                    break;
                case 1:
                    var code = reader.GetString(2);
                    if (!assetCodes.Add(code)) break;
                    assets.Add(new GovernmentAsset(code, reader.GetString(3), EnumWire.Parse<AssetType>(reader.GetString(4)),
                        reader.GetDouble(12), EnumWire.Parse<AssetAvailability>(reader.GetString(5)), NullableString(reader, 6), position,
                        reader.GetFieldValue<DateTimeOffset>(11), NullableString(reader, 7), NullableString(reader, 8)));
                    break;
                default:
                    var mmsi = reader.GetInt32(1);
                    if (!vesselMmsis.Add(mmsi)) break;
                    var callSign = NullableString(reader, 7);
                    vessels.Add(new AisVessel(mmsi, NullableString(reader, 3), position,
                        reader.IsDBNull(13) ? null : reader.GetFloat(13), reader.IsDBNull(12) ? null : reader.GetDouble(12),
                        reader.GetFieldValue<DateTimeOffset>(11), callSign is null ? null : $"call sign {callSign}", NullableString(reader, 4)));
                    break;
            }
        }
        return target is { } t ? new IncidentResponderCandidates(t, assets, vessels) : null;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static GovernmentAsset ToAsset(ResponseAsset a) => new(a.Code, a.Name, EnumWire.Parse<AssetType>(a.Type), a.CruiseSpeedKnots,
        EnumWire.Parse<AssetAvailability>(a.Availability), a.HomeBase, new GeoPosition(a.Position.Y, a.Position.X), a.PositionAt, a.Contact,
        a.AvailabilityNote);
}

/// <summary>kebab-case wire names for Domain enums stored as text (PatrolBoat ↔ patrol-boat).</summary>
public static class EnumWire
{
    public static string Name<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>
    /// The value named <paramref name="wire"/>: a dictionary lookup for the canonical names (the nearest-responder query
    /// parses two per asset row on every request; the general path allocated a string and parsed case-insensitively),
    /// then any spelling Enum.TryParse accepts.
    /// </summary>
    public static T Parse<T>(string wire) where T : struct, Enum =>
        Canonical<T>.ByName.TryGetValue(wire, out var known) ? known
        : Enum.TryParse<T>(wire.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var value) ? value
        : throw new FormatException($"'{wire}' is not a {typeof(T).Name}.");

    private static class Canonical<T> where T : struct, Enum
    {
        public static readonly System.Collections.Frozen.FrozenDictionary<string, T> ByName =
            System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(Enum.GetValues<T>().DistinctBy(Name), Name, StringComparer.Ordinal);
    }
}
