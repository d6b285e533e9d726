using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Responders;
using MaritimeCoord.Persistence.Entities;
using Npgsql;
using NpgsqlTypes;

namespace MaritimeCoord.Persistence.Spatial;

/// <summary>
/// What <see cref="ResponderCandidates.RankForIncidentAsync"/> found: the exact top N, and how many candidates it read
/// (seeds, then the bounded search) to prove it.
/// </summary>
/// <param name="SearchedRows">Rows the bounded search returned.</param>
/// <param name="SearchedKept">Of those, the ones whose own lower bound did not exceed the threshold (ranked exactly).</param>
/// <param name="FromSnapshot">The vessels were searched on the snapshot of dead-reckoned positions (false: on the fixes,
/// the snapshot being missing, too old, or too far behind: <see cref="ResponderCandidates.SnapshotUsable"/>).</param>
/// <param name="FreshFixes">Fixes written since the snapshot (read as they are), up to <see cref="ResponderCandidates.FreshLimit"/> + 1.</param>
/// <param name="PreviousSeeds">Vessels of the incident's previous answer found and used as seeds (at least N: the vessel KNN was skipped).</param>
public sealed record IncidentResponders(ResponderRankingResult Result, int SeedsRead, int SearchedRows, int SearchedKept, double ThresholdHours,
    bool FromSnapshot = false, int FreshFixes = 0, int PreviousSeeds = 0);

/// <summary>
/// The nearest-responder ranking of an incident (docs/domain.md, after AMVER SURPIC), exact: its top N equals the top N by
/// ETA over every available asset and every AIS vessel seen within <see cref="AisMaxAge"/>, dead-reckoned to now
/// (issue 15, item 1). One place, used by the API and by `mcoord load responders` (query alone).
/// </summary>
/// <remarks>
/// <para>
/// Three round trips in one read-only repeatable-read transaction (one snapshot): (1) <see cref="SeedSql"/>: visibility,
/// the incident's position, the fastest speeds, the 50 nearest assets and the <see cref="SeedVessels"/> nearest fresh
/// fixes; these are ranked exactly, and the N-th ETA is the threshold U (<see cref="ResponderSearch.Threshold"/>).
/// (2) <see cref="SearchSql"/>: every fix whose straight-line (ECEF) distance could still give an ETA ≤ U, per band of
/// fix age (<see cref="ResponderSearch.VesselSearchRadiusMetres"/>), and every available asset that could (n-D GiST
/// box searches, <c>&amp;&amp;&amp;</c>); the union is ranked exactly (<see cref="ResponderSearch.RankExact"/>). (3)
/// <see cref="DetailsSql"/>: names and contacts of the N ranked only. Why this is exact: ResponderSearch and
/// docs/responders-performance.md, "Exact top N".
/// </para>
/// <para>
/// The distances searched are ECEF chords, so nothing here depends on longitude wrapping or on a KNN over geography
/// (no antimeridian probe, no "index returned tuples in wrong order"). The hot path of GET …/responders: prepared
/// statements, a plain <see cref="NpgsqlDataReader"/>, a small dedicated pool kept warm (<see cref="CreateDataSource"/>).
/// </para>
/// </remarks>
public sealed class ResponderCandidates(NpgsqlDataSource dataSource, Action? snapshotWanted = null)
{
    /// <summary>
    /// A snapshot older (or newer) than this is not used: its search disc grows by the fastest band's speed × its age.
    /// The server refreshes it every minute (ResponderSnapshot).
    /// </summary>
    public static readonly TimeSpan MaxSnapshotAge = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Fixes written since the snapshot are read as they are, without a spatial bound; past this many (a snapshot left
    /// behind by a burst of writes or a bulk load) the search falls back to the fixes and asks for a new snapshot.
    /// </summary>
    public const int FreshLimit = 2000;

    /// <summary>Nearest assets read first: the seeds of the threshold, and the unavailable ones among them are listed as excluded.</summary>
    public const int CandidatesPerKind = 50;

    /// <summary>Nearest fresh fixes read first to set the threshold (more only make the seed query dearer).</summary>
    public const int SeedVessels = 60;

    /// <summary>AIS states older than this are not offered as responders.</summary>
    public static readonly TimeSpan AisMaxAge = TimeSpan.FromHours(24);

    /// <summary>
    /// Connections of the dedicated pool. Each query takes about a millisecond of PostgreSQL CPU; more connections than
    /// cores only make the backends preempt each other (docs/responders-performance.md: the latency grows without bound),
    /// while a request waiting a moment for a pooled connection costs nothing.
    /// </summary>
    public const int PoolSize = 8;

    /// <summary>
    /// Incidents (and limits) whose last answer's vessels are kept to seed the next request for them; past this many the
    /// memory is cleared (it only makes a request cheaper, never changes its answer).
    /// </summary>
    public const int PreviousAnswersKept = 10_000;

    // The vessels of the previous answer per (incident, N): the cheapest good seeds for the next request (the same incident
    // is asked again and again while it is open, and its top N changes little between requests). Any real candidates are
    // valid seeds, so a stale entry (the incident moved, the vessels sailed on or were deleted) costs a wider search only;
    // fewer than N of them still found, and the KNN seeds as without one.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(Guid Incident, int Limit), int[]> _previousVessels = new();

    // A chord never exceeds the Earth's diameter: a search radius above it is "everything".
    private const double WholeEarthMetres = 1.3e7;

    /// <summary>
    /// $1 incident id, $2 the caller sees every centre's incidents, $3 the caller's centre, $4 oldest AIS fix offered,
    /// $5 now, $6 MMSIs to seed with (the vessels of this incident's previous answer), $7 how many of them must be found
    /// for the vessel KNN to be skipped (N). Rows: kind 0 = the incident position with the fastest fresh SOG (speed) and the fastest available asset
    /// (course column; absent when the caller may not see the incident: the rule of IncidentAccess.VisibleTo),
    /// 1 = asset (with details), 2 = AIS vessel (numbers only), 3 = the snapshot of dead-reckoned positions (mmsi column:
    /// fixes written or deleted since, up to <see cref="FreshLimit"/> + 1; at: its time; speed: its fastest speed;
    /// the transaction reads it and the positions in this first statement and holds both until it ends, see ResponderSnapshot),
    /// and, when the snapshot is usable, 4 = a fix written since it, 5 = an MMSI deleted since it (mmsi only); 6 = a vessel
    /// of the previous answer (as 2). The seeds are found by KNN (<c>&lt;&lt;-&gt;&gt;</c>) on the n-D
    /// indexes: the vessels nearest the target by their dead-reckoned position in a usable snapshot (the fix carried in
    /// the snapshot row; the reader replaces those written or deleted since), else by fix position and time; any real
    /// candidates are valid seeds, so which set is read only matters for how good the threshold is, never for what the
    /// answer is. The fixes written and deleted since the snapshot are read by index conditions on <c>written_xid</c>,
    /// two per table (an OR of the two read the whole index).
    /// </summary>
    public static readonly string SeedSql = $$"""
        WITH head AS MATERIALIZED (
            SELECT s.taken_at, s.snapshot_xmax, s.snapshot_xip, s.fastest_knots FROM responder_snapshot s LIMIT 1),
        since AS MATERIALIZED (
            SELECT f.* FROM head h CROSS JOIN LATERAL (
                SELECT 4 AS kind, vs.mmsi, vs.position, vs.observed_at, vs.speed_knots, vs.course_degrees
                FROM vessel_states vs WHERE vs.written_xid >= h.snapshot_xmax
                UNION ALL
                SELECT 4, vs.mmsi, vs.position, vs.observed_at, vs.speed_knots, vs.course_degrees
                FROM vessel_states vs WHERE vs.written_xid = ANY(h.snapshot_xip)
                UNION ALL
                SELECT 5, d.mmsi, NULL, NULL, NULL, NULL FROM vessel_state_deletions d WHERE d.written_xid >= h.snapshot_xmax
                UNION ALL
                SELECT 5, d.mmsi, NULL, NULL, NULL, NULL FROM vessel_state_deletions d WHERE d.written_xid = ANY(h.snapshot_xip)
                LIMIT {{FreshLimit + 1}}) f),
        snap AS MATERIALIZED (
            SELECT h.*, (SELECT count(*)::integer FROM since) AS fresh FROM head h),
        usable AS MATERIALIZED (
            SELECT s.fresh <= {{FreshLimit}} AND abs(extract(epoch FROM $5 - s.taken_at)) <= {{(int)MaxSnapshotAge.TotalSeconds}} AS ok FROM snap s),
        hinted AS MATERIALIZED (
            SELECT vs.mmsi, vs.position, vs.observed_at, vs.speed_knots, vs.course_degrees FROM vessel_states vs
            WHERE vs.mmsi = ANY($6) AND vs.observed_at > $4),
        incident AS MATERIALIZED (
            SELECT i.last_position AS target FROM incidents i
            WHERE i.id = $1
              AND ($2 OR i.coordinating_centre_code = $3
                   OR EXISTS (SELECT 1 FROM handover_offers h WHERE h.incident_id = i.id AND (h.to_centre_code = $3 OR h.from_centre_code = $3)))),
        probe AS MATERIALIZED (
            SELECT ST_Y(target::geometry) AS latitude, ST_X(target::geometry) AS longitude, responder_ecef(target) AS e,
                   responder_ecef_time(target, $5) AS et, ST_MakePoint(ST_X(responder_ecef(target)), ST_Y(responder_ecef(target)), ST_Z(responder_ecef(target)), 0) AS es
            FROM incident)
        SELECT 0 AS kind, NULL::integer AS mmsi, NULL::text AS code, NULL::text AS name, NULL::text AS type, NULL::text AS availability,
               NULL::text AS home_base, NULL::text AS contact, NULL::text AS note, p.latitude, p.longitude, NULL::timestamptz AS at,
               (SELECT vs.speed_knots::double precision FROM vessel_states vs
                WHERE vs.observed_at > $4 AND vs.speed_knots < 'Infinity'::real ORDER BY vs.speed_knots DESC LIMIT 1) AS speed,
               (SELECT ra.cruise_speed_knots FROM response_assets ra
                WHERE ra.availability = 'available' AND ra.cruise_speed_knots < 'Infinity'::double precision
                ORDER BY ra.cruise_speed_knots DESC LIMIT 1) AS course
        FROM probe p
        UNION ALL
        SELECT 1, NULL, a.code, a.name, a.type, a.availability, a.home_base, a.contact, a.availability_note, ST_Y(a.g), ST_X(a.g),
               a.position_at, a.cruise_speed_knots, NULL
        FROM probe p CROSS JOIN LATERAL (
            SELECT ra.code, ra.name, ra.type, ra.availability, ra.home_base, ra.contact, ra.availability_note, ra.position_at,
                   ra.cruise_speed_knots, ra.position::geometry AS g
            FROM response_assets ra
            ORDER BY responder_ecef(ra.position) <<->> p.e
            LIMIT 50) a
        UNION ALL
        SELECT 2, k.mmsi, NULL, NULL, NULL, NULL, NULL, NULL, NULL, k.latitude, k.longitude, k.observed_at, k.sog, k.cog
        FROM probe p CROSS JOIN LATERAL (
            SELECT s.mmsi, s.latitude, s.longitude, s.observed_at, s.sog, s.cog FROM responder_snapshot_positions s
            ORDER BY ST_MakePoint(s.x, s.y, s.z, s.speed_knots) <<->> p.es
            LIMIT {{SeedVessels}}) k
        WHERE k.observed_at > $4 AND (SELECT u.ok FROM usable u) AND (SELECT count(*) FROM hinted) < $7
        UNION ALL
        SELECT 6, h.mmsi, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ST_Y(h.position::geometry), ST_X(h.position::geometry), h.observed_at,
               h.speed_knots, h.course_degrees::double precision
        FROM hinted h WHERE EXISTS (SELECT 1 FROM probe)
        UNION ALL
        SELECT f.kind, f.mmsi, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ST_Y(f.position::geometry), ST_X(f.position::geometry), f.observed_at,
               f.speed_knots, f.course_degrees::double precision
        FROM since f
        WHERE (SELECT u.ok FROM usable u) AND EXISTS (SELECT 1 FROM probe)
        UNION ALL
        SELECT 2, n.mmsi, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ST_Y(n.g), ST_X(n.g), n.observed_at, n.speed_knots, n.course_degrees::double precision
        FROM probe p CROSS JOIN LATERAL (
            SELECT vs.mmsi, vs.position::geometry AS g, vs.observed_at, vs.speed_knots, vs.course_degrees
            FROM vessel_states vs
            WHERE vs.observed_at > $4
            ORDER BY responder_ecef_time(vs.position, vs.observed_at) <<->> p.et
            LIMIT {{SeedVessels}}) n
        WHERE NOT coalesce((SELECT u.ok FROM usable u), false) AND (SELECT count(*) FROM hinted) < $7
        UNION ALL
        SELECT 3, s.fresh, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, s.taken_at, s.fastest_knots, NULL
        FROM snap s
        """;

    /// <summary>
    /// $1..$3 the target's ECEF X, Y, Z (metres); $4, $5, $6 per age band: box half-width (metres), oldest and newest fix
    /// time (Unix seconds); $7 oldest AIS fix offered; $8 asset box half-width (metres; 0 = none searched). Rows: kind 1
    /// = available asset, 2 = AIS vessel, numbers only (details of the ranked ones come from <see cref="DetailsSql"/>).
    /// A box contains the ball of the same half-width, which contains every candidate the threshold leaves.
    /// </summary>
    public const string SearchSql = """
        SELECT 1 AS kind, NULL::integer AS mmsi, ra.code, ST_Y(ra.position::geometry) AS latitude, ST_X(ra.position::geometry) AS longitude,
               ra.position_at AS at, ra.cruise_speed_knots AS speed, NULL::double precision AS course
        FROM response_assets ra
        WHERE $8 > 0 AND ra.availability = 'available'
          AND responder_ecef(ra.position) &&& ST_MakeLine(ST_MakePoint($1 - $8, $2 - $8, $3 - $8), ST_MakePoint($1 + $8, $2 + $8, $3 + $8))
        UNION ALL
        SELECT 2, n.mmsi, NULL, ST_Y(n.g), ST_X(n.g), n.observed_at, n.speed_knots, n.course_degrees::double precision
        FROM unnest($4::double precision[], $5::double precision[], $6::double precision[]) AS band(r, oldest, newest)
        CROSS JOIN LATERAL (
            SELECT vs.mmsi, vs.position::geometry AS g, vs.observed_at, vs.speed_knots, vs.course_degrees
            FROM vessel_states vs
            WHERE vs.observed_at > $7
              AND responder_ecef_time(vs.position, vs.observed_at) &&&
                  ST_MakeLine(ST_MakePoint($1 - band.r, $2 - band.r, $3 - band.r, band.oldest), ST_MakePoint($1 + band.r, $2 + band.r, $3 + band.r, band.newest))) n
        """;

    /// <summary>
    /// The search on the snapshot of dead-reckoned positions (docs/responders-performance.md, "Snapshot of dead-reckoned
    /// positions"). $1..$3 the target's ECEF X, Y, Z (metres); $4, $5, $6 per band of speed: box half-width (metres),
    /// slowest and fastest speed (knots); $7 oldest AIS fix offered; $8 asset box half-width (0 = none searched); $9 the
    /// threshold U (hours); $10 |now − snapshot time| (hours). Rows as <see cref="SearchSql"/>: the fix carried by every
    /// snapshot row inside its band's box and within its own bound (<see cref="ResponderSearch.SnapshotLowerBoundHours"/>,
    /// with 10 m more for rounding). The fixes written or deleted since the snapshot came with the seeds; the reader drops
    /// the rows they supersede.
    /// </summary>
    public const string SnapshotSearchSql = """
        SELECT 1 AS kind, NULL::integer AS mmsi, ra.code, ST_Y(ra.position::geometry) AS latitude, ST_X(ra.position::geometry) AS longitude,
               ra.position_at AS at, ra.cruise_speed_knots AS speed, NULL::double precision AS course
        FROM response_assets ra
        WHERE $8 > 0 AND ra.availability = 'available'
          AND responder_ecef(ra.position) &&& ST_MakeLine(ST_MakePoint($1 - $8, $2 - $8, $3 - $8), ST_MakePoint($1 + $8, $2 + $8, $3 + $8))
        UNION ALL
        SELECT 2, n.mmsi, NULL, n.latitude, n.longitude, n.observed_at, n.sog, n.cog
        FROM unnest($4::double precision[], $5::double precision[], $6::double precision[]) AS band(r, slowest, fastest)
        CROSS JOIN LATERAL (
            SELECT s.mmsi, s.latitude, s.longitude, s.observed_at, s.sog, s.cog FROM responder_snapshot_positions s
            WHERE ST_MakePoint(s.x, s.y, s.z, s.speed_knots) &&&
                  ST_MakeLine(ST_MakePoint($1 - band.r, $2 - band.r, $3 - band.r, band.slowest), ST_MakePoint($1 + band.r, $2 + band.r, $3 + band.r, band.fastest))
              AND (s.x - $1) * (s.x - $1) + (s.y - $2) * (s.y - $2) + (s.z - $3) * (s.z - $3)
                  <= ((s.speed_knots * $9 + s.moving_knots * $10) * 1852 + 10) ^ 2
              AND s.observed_at > $7) n
        """;

    /// <summary>$1 asset codes, $2 MMSIs: the details of the ranked responders.</summary>
    public const string DetailsSql = """
        SELECT 1 AS kind, NULL::integer AS mmsi, ra.code, ra.name, ra.type, ra.home_base, ra.contact, ra.availability_note
        FROM response_assets ra WHERE ra.code = ANY($1)
        UNION ALL
        SELECT 2, v.mmsi, NULL, v.name, v.ship_type::text, NULL, v.call_sign, NULL
        FROM vessels v WHERE v.mmsi = ANY($2)
        """;

    /// <summary>
    /// The pool for <see cref="ResponderCandidates"/>: <see cref="PoolSize"/> connections, two kept open so a quiet
    /// period does not cost a new connection (SCRAM authentication is ~1 ms of CPU on each side), and a generic plan
    /// (the statements' plans do not depend on their parameters, so re-planning per execution is wasted work), no JIT.
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

    // JIT off: a generic plan's row estimates for array and xid8 parameters are table-sized (the probe of the fixes
    // written since the snapshot is costed as reading all of them), and past jit_above_cost every execution of a
    // prepared statement would compile its expressions again (tens of ms) for a statement that runs in one or two.
    private const string GenericPlan = "-c plan_cache_mode=force_generic_plan -c jit=off";

    /// <summary>
    /// The exact top <paramref name="limit"/> responders of an incident at <paramref name="now"/>, and the unavailable
    /// assets among its 50 nearest; null when there is no such incident or the caller may not see it.
    /// </summary>
    public async Task<IncidentResponders?> RankForIncidentAsync(Guid incidentId, bool seesAllCentres, string? centreCode, DateTimeOffset now, int limit,
        CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var policy = ResponderRankingPolicy.Default;
        var oldest = now - AisMaxAge;
        var hint = _previousVessels.TryGetValue((incidentId, limit), out var previous) ? previous : [];
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);

        // 1. Seeds.
        GeoPosition? target = null;
        double? fastestVessel = null, fastestAsset = null;
        (DateTimeOffset At, double Fastest, int Fresh)? snapshot = null;
        var seedAssets = new List<GovernmentAsset>(CandidatesPerKind);
        var seedVessels = new List<AisVessel>(SeedVessels);
        int previousSeeds = 0;
        // MMSI → its fix written since the snapshot (null: deleted since): these supersede the snapshot's rows of the MMSI.
        var since = new Dictionary<int, AisVessel?>();
        await using (var seed = new NpgsqlCommand(SeedSql, connection, tx)
                     {
                         Parameters =
                         {
                             new NpgsqlParameter<Guid> { TypedValue = incidentId, NpgsqlDbType = NpgsqlDbType.Uuid },
                             new NpgsqlParameter<bool> { TypedValue = seesAllCentres, NpgsqlDbType = NpgsqlDbType.Boolean },
                             new NpgsqlParameter<string?> { TypedValue = centreCode, NpgsqlDbType = NpgsqlDbType.Text },
                             new NpgsqlParameter<DateTime> { TypedValue = oldest.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                             new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                             new NpgsqlParameter<int[]> { TypedValue = hint, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer },
                             new NpgsqlParameter<int> { TypedValue = limit, NpgsqlDbType = NpgsqlDbType.Integer },
                         },
                     })
        {
            // Prepared once per physical connection: Npgsql keeps it across pool returns, so later calls skip parse and plan.
            await seed.PrepareAsync(ct);
            await using var reader = await seed.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var kind = reader.GetInt32(0);
                if (kind == 5)
                {
                    // Deleted since the snapshot (and, if written again since, the fix of kind 4 replaces this).
                    since.TryAdd(reader.GetInt32(1), null);
                    continue;
                }
                var position = new GeoPosition(reader.GetDouble(9), reader.GetDouble(10));
                switch (kind)
                {
                    case 0:
                        target = position;
                        fastestVessel = reader.IsDBNull(12) ? null : reader.GetDouble(12);
                        fastestAsset = reader.IsDBNull(13) ? null : reader.GetDouble(13);
                        break;
                    case 1:
                        seedAssets.Add(new GovernmentAsset(reader.GetString(2), reader.GetString(3), EnumWire.Parse<AssetType>(reader.GetString(4)),
                            reader.GetDouble(12), EnumWire.Parse<AssetAvailability>(reader.GetString(5)), NullableString(reader, 6), position,
                            reader.GetFieldValue<DateTimeOffset>(11), NullableString(reader, 7), NullableString(reader, 8)));
                        break;
                    case 2:
                        seedVessels.Add(ReadVessel(reader, position, 11));
                        break;
                    case 6:
                        seedVessels.Add(ReadVessel(reader, position, 11));
                        previousSeeds++;
                        break;
                    case 4:
                        var current = ReadVessel(reader, position, 11);
                        since[(int)current.Mmsi] = current;
                        break;
                    default:
                        snapshot = (reader.GetFieldValue<DateTimeOffset>(11), reader.GetDouble(12), reader.GetInt32(1));
                        break;
                }
            }
        }
        if (target is not { } t) return null;
        // The previous answer's vessels and the KNN's may overlap: one vessel counted twice would lower the threshold.
        if (hint.Length > 0) seedVessels = [.. seedVessels.DistinctBy(v => v.Mmsi)];
        if (since.Count > 0)
        {
            // Snapshot seeds of a vessel written or deleted since are not its current fix; the current fixes are real
            // candidates, so they seed too.
            seedVessels.RemoveAll(v => since.ContainsKey((int)v.Mmsi));
            seedVessels.AddRange(since.Values.OfType<AisVessel>().Where(v => v.FixTime > oldest));
        }

        var seeds = ResponderRanking.Rank(t, now, seedAssets, seedVessels, policy, limit);
        var threshold = ResponderSearch.Threshold(seeds, limit);

        // 2. Everything that may still beat the N-th seed: on the snapshot when it is usable, else on the fixes.
        var fromSnapshot = SnapshotUsable(snapshot is { } sn ? (sn.At, sn.Fresh) : null, now);
        if (!fromSnapshot) snapshotWanted?.Invoke();
        var (x, y, z) = ResponderSearch.Ecef(t);
        var vesselSpeed = ResponderSearch.VesselSpeedBound(fastestVessel, policy);
        var bands = ResponderSearch.AgeBandHours;
        var radii = new double[bands.Count];
        var newest = new double[bands.Count];
        var oldestInBand = new double[bands.Count];
        double nowSeconds = now.ToUnixTimeMilliseconds() / 1000.0;
        double snapshotAgeHours = 0;
        if (fromSnapshot)
        {
            var (at, fastest, _) = snapshot!.Value;
            snapshotAgeHours = Math.Abs((now - at).TotalHours);
            (radii, oldestInBand, newest) = SnapshotBands(fastest, threshold, snapshotAgeHours);
        }
        else
        {
            for (int b = 0; b < bands.Count; b++)
            {
                radii[b] = Math.Min(WholeEarthMetres, ResponderSearch.VesselSearchRadiusMetres(vesselSpeed, threshold, bands[b]));
                // Bands overlap by a second at their edges (fix times are rounded in the index anyway); the first band also
                // holds fixes stamped after now (clock skew), which the ranking takes as they are.
                oldestInBand[b] = nowSeconds - bands[b] * 3600 - 1;
                newest[b] = b == 0 ? double.MaxValue : nowSeconds - bands[b - 1] * 3600 + 1;
            }
        }
        double assetRadius = fastestAsset is { } fa && fa > 0 ? Math.Min(WholeEarthMetres, ResponderSearch.AssetSearchRadiusMetres(fa, threshold)) : 0;

        var searchedAssets = new List<GovernmentAsset>();
        var searchedVessels = new List<AisVessel>();
        int searchedRows = 0, searchedRead = 0;
        await using (var search = new NpgsqlCommand(fromSnapshot ? SnapshotSearchSql : SearchSql, connection, tx)
                     {
                         Parameters =
                         {
                             new NpgsqlParameter<double> { TypedValue = x, NpgsqlDbType = NpgsqlDbType.Double },
                             new NpgsqlParameter<double> { TypedValue = y, NpgsqlDbType = NpgsqlDbType.Double },
                             new NpgsqlParameter<double> { TypedValue = z, NpgsqlDbType = NpgsqlDbType.Double },
                             new NpgsqlParameter<double[]> { TypedValue = radii, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double },
                             new NpgsqlParameter<double[]> { TypedValue = oldestInBand, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double },
                             new NpgsqlParameter<double[]> { TypedValue = newest, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double },
                             new NpgsqlParameter<DateTime> { TypedValue = oldest.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                             new NpgsqlParameter<double> { TypedValue = assetRadius, NpgsqlDbType = NpgsqlDbType.Double },
                         },
                     })
        {
            if (fromSnapshot)
            {
                search.Parameters.Add(new NpgsqlParameter<double> { TypedValue = threshold, NpgsqlDbType = NpgsqlDbType.Double });
                search.Parameters.Add(new NpgsqlParameter<double> { TypedValue = snapshotAgeHours, NpgsqlDbType = NpgsqlDbType.Double });
            }
            await search.PrepareAsync(ct);
            await using var reader = await search.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                searchedRows++;
                // Rows whose own lower bound exceeds the threshold cannot be ranked (ResponderSearch.RankExact would drop
                // them): dropped here before any record is made for them, most of the rows a search near a lane returns.
                var position = new GeoPosition(reader.GetDouble(3), reader.GetDouble(4));
                if (reader.GetInt32(0) == 1)
                {
                    var speed = reader.GetDouble(6);
                    if (!(speed > 0) || !double.IsFinite(speed) || ResponderSearch.AssetLowerBoundHours(position, speed, t) > threshold) continue;
                    var code = reader.GetString(2);
                    // Numbers only: the details of the ranked ones are read below.
                    searchedAssets.Add(new GovernmentAsset(code, code, AssetType.Other, speed, AssetAvailability.Available, null, position,
                        reader.GetFieldValue<DateTimeOffset>(5), null));
                }
                else
                {
                    double? sog = reader.IsDBNull(6) ? null : reader.GetDouble(6), cog = reader.IsDBNull(7) ? null : reader.GetDouble(7);
                    var at = reader.GetFieldValue<DateTimeOffset>(5);
                    // The window is applied here for the fixes written since the snapshot: in SQL, a condition on
                    // observed_at made the generic plan read them through ix_vessel_states_observed_at (a day of fixes).
                    var mmsi = reader.GetInt32(1);
                    if (at <= oldest || since.ContainsKey(mmsi)) continue;
                    if (ResponderSearch.VesselLowerBoundHours(position, cog, sog, at, t, now, policy) > threshold) continue;
                    searchedVessels.Add(new AisVessel(mmsi, null, position, cog, sog, at, null));
                }
                searchedRead++;
            }
        }
        // The fixes written since the snapshot, whatever their position: the search above read the snapshot only.
        foreach (var v in since.Values)
        {
            if (v is null || v.FixTime <= oldest) continue;
            searchedRows++;
            if (ResponderSearch.VesselLowerBoundHours(v, t, now, policy) > threshold) continue;
            searchedVessels.Add(v);
            searchedRead++;
        }

        // Seeds after the searched rows: on a repeated id the first is kept, and the two read the same snapshot.
        var top = ResponderSearch.RankExact(t, now, searchedAssets.Concat(seedAssets), searchedVessels.Concat(seedVessels), threshold, limit, policy);

        // 3. Names and contacts of the ranked ones, then the same ranking over those records.
        var codes = top.Ranked.Where(r => r.Kind == ResponderKind.GovernmentAsset).Select(r => r.Id).ToArray();
        var mmsis = top.Ranked.Where(r => r.Kind == ResponderKind.AisVessel)
            .Select(r => int.Parse(r.Id, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var assetDetails = new Dictionary<string, (string Name, string Type, string? Home, string? Contact, string? Note)>(StringComparer.Ordinal);
        var vesselDetails = new Dictionary<int, (string? Name, string? Type, string? CallSign)>();
        await using (var details = new NpgsqlCommand(DetailsSql, connection, tx)
                     {
                         Parameters =
                         {
                             new NpgsqlParameter<string[]> { TypedValue = codes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                             new NpgsqlParameter<int[]> { TypedValue = mmsis, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer },
                         },
                     })
        {
            await details.PrepareAsync(ct);
            await using var reader = await details.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (reader.GetInt32(0) == 1)
                    assetDetails[reader.GetString(2)] = (reader.GetString(3), reader.GetString(4), NullableString(reader, 5), NullableString(reader, 6), NullableString(reader, 7));
                else
                    vesselDetails[reader.GetInt32(1)] = (NullableString(reader, 3), NullableString(reader, 4), NullableString(reader, 6));
            }
        }
        await tx.CommitAsync(ct);

        var byCode = searchedAssets.Concat(seedAssets).DistinctBy(a => a.Id).ToDictionary(a => a.Id, StringComparer.Ordinal);
        var byMmsi = searchedVessels.Concat(seedVessels).DistinctBy(v => v.Mmsi).ToDictionary(v => v.Mmsi);
        var finalAssets = new List<GovernmentAsset>(codes.Length);
        foreach (var code in codes.Order(StringComparer.Ordinal))
        {
            var a = byCode[code];
            finalAssets.Add(assetDetails.TryGetValue(code, out var d)
                ? a with { Name = d.Name, Type = EnumWire.Parse<AssetType>(d.Type), HomeBase = d.Home, Contact = d.Contact, AvailabilityNote = d.Note }
                : a);
        }
        var finalVessels = new List<AisVessel>(mmsis.Length);
        foreach (var mmsi in mmsis.Order())
        {
            var v = byMmsi[mmsi];
            finalVessels.Add(vesselDetails.TryGetValue(mmsi, out var d)
                ? v with { Name = d.Name, ShipType = d.Type, Contact = d.CallSign is null ? null : $"call sign {d.CallSign}" }
                : v);
        }
        var ranked = ResponderRanking.Rank(t, now, finalAssets, finalVessels, policy, limit);
        if (_previousVessels.Count >= PreviousAnswersKept) _previousVessels.Clear();
        _previousVessels[(incidentId, limit)] = [.. mmsis];
        return new IncidentResponders(ranked with { Excluded = seeds.Excluded }, seedAssets.Count + seedVessels.Count, searchedRows, searchedRead, threshold,
            fromSnapshot, snapshot?.Fresh ?? 0, previousSeeds);
    }

    /// <summary>
    /// Whether the search may use the snapshot taken at <paramref name="snapshot"/>.At with that many fixes written
    /// since: it exists, is at most <see cref="MaxSnapshotAge"/> from <paramref name="now"/> either way, and has at most
    /// <see cref="FreshLimit"/> fresh fixes. Any snapshot is exact (the bound grows with its age); these only keep it cheap.
    /// </summary>
    public static bool SnapshotUsable((DateTimeOffset At, int Fresh)? snapshot, DateTimeOffset now) =>
        snapshot is { } s && (now - s.At).Duration() <= MaxSnapshotAge && s.Fresh <= FreshLimit;

    /// <summary>
    /// Per band of snapshot speed (<see cref="ResponderSearch.SpeedBandKnots"/>, then up to <paramref name="fastest"/>):
    /// the box half-width (metres) and the band's slowest and fastest speed. Bands overlap at their edges (a row there is
    /// found twice and kept once); the first starts below 0, the last ends above the fastest speed.
    /// </summary>
    public static (double[] Radii, double[] Slowest, double[] Fastest) SnapshotBands(double fastest, double thresholdHours, double snapshotAgeHours)
    {
        var caps = ResponderSearch.SpeedBandKnots;
        var radii = new List<double>();
        var slowest = new List<double>();
        var fastestInBand = new List<double>();
        double previous = -1;
        for (int b = 0; b <= caps.Count && previous < fastest; b++)
        {
            var last = b == caps.Count || caps[b] >= fastest;
            var cap = last ? fastest : caps[b];
            radii.Add(Math.Min(WholeEarthMetres, ResponderSearch.SnapshotSearchRadiusMetres(cap, thresholdHours, snapshotAgeHours)));
            slowest.Add(previous);
            fastestInBand.Add(last ? double.MaxValue : cap);
            previous = cap;
            if (last) break;
        }
        return ([.. radii], [.. slowest], [.. fastestInBand]);
    }

    private static AisVessel ReadVessel(NpgsqlDataReader reader, GeoPosition position, int atOrdinal) =>
        new(reader.GetInt32(1), null, position, reader.IsDBNull(atOrdinal + 2) ? null : reader.GetDouble(atOrdinal + 2),
            reader.IsDBNull(atOrdinal + 1) ? null : reader.GetDouble(atOrdinal + 1), reader.GetFieldValue<DateTimeOffset>(atOrdinal), null);

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
