using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Responders;
using Npgsql;
using NpgsqlTypes;

namespace MaritimeCoord.Persistence.Spatial;

/// <summary>The fix a snapshot row was computed from, carried in the row so the search needs no join back to it.</summary>
internal readonly record struct SnapshotFix(int Mmsi, double Latitude, double Longitude, DateTimeOffset At, double? Sog, double? Cog);

/// <summary>What one <see cref="ResponderSnapshot.RefreshAsync"/> did (Refreshed = false: another node held the lock).</summary>
public sealed record ResponderSnapshotRefresh(bool Refreshed, int Fixes, DateTimeOffset TakenAt);

/// <summary>
/// Rebuilds the snapshot of dead-reckoned positions the nearest-responder search reads (docs/responders-performance.md,
/// "Snapshot of dead-reckoned positions"; tables of migration 20261207200000_ResponderSnapshot): every AIS fix of the
/// window, dead-reckoned to the snapshot time by the Domain (<see cref="ResponderSearch.Snapshot"/>, the ranking's own
/// dead reckoning), with what it takes to tell the fixes written after the database snapshot it was read in.
/// </summary>
/// <remarks>
/// <para>
/// Never blocks a reader for longer than a rename: the positions are written with binary COPY into new tables, indexed
/// and analysed, committed, and only then swapped in (drop and rename, in one short transaction). A reader's transaction
/// reads <c>responder_snapshot</c> and <c>responder_snapshot_positions</c> in its first statement (the seeds), so it
/// holds both until it ends and the swap waits for it: the two tables a reader sees are always of the same snapshot.
/// Within one statement PostgreSQL may lock the two in either order; if a reader holds the positions and waits for
/// <c>responder_snapshot</c> while the swap holds that and waits for the positions, the swap's lock timeout (shorter
/// than the default deadlock_timeout of 1 s) ends the swap, the reader goes on, and the next refresh swaps. A reader
/// whose database snapshot predates the new tables' commit sees them empty, hence no snapshot row, and seeds and
/// searches on the fixes instead.
/// </para>
/// <para>
/// One node refreshes at a time (a session advisory lock; the others skip). The rows are read in one repeatable-read
/// transaction whose xmax and in-progress list are stored: every row version it did not see has a <c>written_xid</c>
/// ≥ that xmax or in that list.
/// </para>
/// </remarks>
public sealed class ResponderSnapshot(NpgsqlDataSource dataSource)
{
    /// <summary>Key of the advisory lock held while refreshing ("MCRSNAP1").</summary>
    public const long AdvisoryLockKey = 0x4D43_5253_4E41_5031;

    /// <summary>How long the swap waits for readers before giving up until the next refresh (readers queue behind it meanwhile).</summary>
    public const string SwapLockTimeout = "500ms";

    private const string ReadSql = """
        SELECT mmsi, ST_Y(position::geometry), ST_X(position::geometry), speed_knots::double precision, course_degrees::double precision, observed_at
        FROM vessel_states WHERE observed_at > $1
        """;

    private const string CreateSql = """
        DROP TABLE IF EXISTS responder_snapshot_positions_next;
        DROP TABLE IF EXISTS responder_snapshot_next;
        CREATE UNLOGGED TABLE responder_snapshot_positions_next (LIKE responder_snapshot_positions INCLUDING COMMENTS);
        CREATE UNLOGGED TABLE responder_snapshot_next (LIKE responder_snapshot INCLUDING COMMENTS);
        """;

    private const string IndexSql = """
        CREATE INDEX ix_responder_snapshot_positions_ecef_next ON responder_snapshot_positions_next
            USING gist (ST_MakePoint(x, y, z, speed_knots) gist_geometry_ops_nd);
        ANALYZE responder_snapshot_positions_next;
        """;

    /// <summary>
    /// $1, $2 the new snapshot's xmax and in-progress list: a deletion by a transaction below its xmax and not in progress
    /// then either committed before it was read (the snapshot lacks the row) or aborted (the log row is invisible anyway).
    /// A reader whose transaction began before this statement committed keeps seeing the rows it deletes.
    /// </summary>
    private const string PruneDeletionsSql = """
        DELETE FROM vessel_state_deletions WHERE written_xid < $1::text::xid8 AND NOT (written_xid = ANY($2::text::xid8[]))
        """;

    private static readonly string SwapSql = $"""
        SET LOCAL lock_timeout = '{SwapLockTimeout}';
        LOCK TABLE responder_snapshot, responder_snapshot_positions IN ACCESS EXCLUSIVE MODE;
        DROP TABLE responder_snapshot;
        DROP TABLE responder_snapshot_positions;
        ALTER TABLE responder_snapshot_next RENAME TO responder_snapshot;
        ALTER TABLE responder_snapshot_positions_next RENAME TO responder_snapshot_positions;
        ALTER INDEX ix_responder_snapshot_positions_ecef_next RENAME TO ix_responder_snapshot_positions_ecef;
        """;

    /// <summary>$1 the most to count. The snapshot's time and the fixes written or deleted since it (no row: no snapshot).</summary>
    private const string StatusSql = """
        SELECT s.taken_at, (SELECT count(*)::integer FROM (
                   SELECT 1 FROM vessel_states vs WHERE vs.written_xid >= s.snapshot_xmax
                   UNION ALL
                   SELECT 1 FROM vessel_states vs WHERE vs.written_xid = ANY(s.snapshot_xip)
                   UNION ALL
                   SELECT 1 FROM vessel_state_deletions d WHERE d.written_xid >= s.snapshot_xmax
                   UNION ALL
                   SELECT 1 FROM vessel_state_deletions d WHERE d.written_xid = ANY(s.snapshot_xip)
                   LIMIT $1) f)
        FROM responder_snapshot s LIMIT 1
        """;

    /// <summary>
    /// The current snapshot's time (null: none) and how many fixes were written or deleted since it, counted up to
    /// <paramref name="countUpTo"/>: what <see cref="SnapshotRefreshRule"/> decides on. Index reads only.
    /// </summary>
    public async Task<(DateTimeOffset? TakenAt, int WritesSince)> StatusAsync(int countUpTo, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(StatusSql, connection)
        { Parameters = { new NpgsqlParameter<int> { TypedValue = countUpTo, NpgsqlDbType = NpgsqlDbType.Integer } } };
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt32(1)) : (null, 0);
    }

    /// <summary>
    /// Reads every fix within the window of <paramref name="at"/>, dead-reckons it to <paramref name="at"/> and swaps the
    /// result in; returns Refreshed = false when another node is refreshing.
    /// </summary>
    public async Task<ResponderSnapshotRefresh> RefreshAsync(DateTimeOffset at, CancellationToken ct)
    {
        var policy = ResponderRankingPolicy.Default;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection)
                     { Parameters = { new NpgsqlParameter<long> { TypedValue = AdvisoryLockKey } } })
        {
            if (!(bool)(await tryLock.ExecuteScalarAsync(ct))!) return new ResponderSnapshotRefresh(false, 0, at);
        }
        try
        {
            // 1. The fixes, and the xmax and in-progress list of the snapshot they were read in. Fixes older than the window of the earliest
            // request that may use this snapshot (at − its largest age) are never offered.
            var fixes = new List<SnapshotFix>();
            var entries = new List<SnapshotEntry>();
            string xmax, xip;
            double fastest = policy.AssumedSpeedKnots;
            await using (var read = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct))
            {
                await using (var cmd = new NpgsqlCommand(
                                 "SELECT pg_snapshot_xmax(s)::text, ARRAY(SELECT pg_snapshot_xip(s))::text FROM pg_current_snapshot() s", connection, read))
                await using (var r = await cmd.ExecuteReaderAsync(ct))
                {
                    await r.ReadAsync(ct);
                    (xmax, xip) = (r.GetString(0), r.GetString(1));
                }
                await using (var cmd = new NpgsqlCommand(ReadSql, connection, read)
                             {
                                 Parameters =
                                 {
                                     new NpgsqlParameter<DateTime>
                                     {
                                         TypedValue = (at - ResponderCandidates.AisMaxAge - ResponderCandidates.MaxSnapshotAge - TimeSpan.FromMinutes(1)).UtcDateTime,
                                         NpgsqlDbType = NpgsqlDbType.TimestampTz,
                                     },
                                 },
                             })
                await using (var reader = await cmd.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        var fix = new SnapshotFix(reader.GetInt32(0), reader.GetDouble(1), reader.GetDouble(2),
                            reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.IsDBNull(4) ? null : reader.GetDouble(4));
                        var entry = ResponderSearch.Snapshot(new GeoPosition(fix.Latitude, fix.Longitude), fix.Cog, fix.Sog, fix.At, at, policy);
                        fixes.Add(fix);
                        entries.Add(entry);
                        fastest = Math.Max(fastest, entry.SpeedKnots);
                    }
                }
                await read.CommitAsync(ct);
            }

            // 2. New tables, filled, indexed, committed: no reader sees them yet.
            await using (var write = await connection.BeginTransactionAsync(ct))
            {
                await using (var create = new NpgsqlCommand(CreateSql, connection, write)) await create.ExecuteNonQueryAsync(ct);
                await using (var importer = await connection.BeginBinaryImportAsync(
                                 "COPY responder_snapshot_positions_next (mmsi, x, y, z, speed_knots, moving_knots, latitude, longitude, observed_at, sog, cog) FROM STDIN (FORMAT BINARY)", ct))
                {
                    foreach (var i in SpatialOrder(entries))
                    {
                        var (e, f) = (entries[i], fixes[i]);
                        await importer.StartRowAsync(ct);
                        await importer.WriteAsync(f.Mmsi, NpgsqlDbType.Integer, ct);
                        await importer.WriteAsync(e.X, NpgsqlDbType.Double, ct);
                        await importer.WriteAsync(e.Y, NpgsqlDbType.Double, ct);
                        await importer.WriteAsync(e.Z, NpgsqlDbType.Double, ct);
                        await importer.WriteAsync(e.SpeedKnots, NpgsqlDbType.Double, ct);
                        await importer.WriteAsync(e.MovingKnots, NpgsqlDbType.Double, ct);
                        await importer.WriteAsync(f.Latitude, NpgsqlDbType.Double, ct);
                        await importer.WriteAsync(f.Longitude, NpgsqlDbType.Double, ct);
                        await importer.WriteAsync(f.At.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                        if (f.Sog is { } sog) await importer.WriteAsync(sog, NpgsqlDbType.Double, ct); else await importer.WriteNullAsync(ct);
                        if (f.Cog is { } cog) await importer.WriteAsync(cog, NpgsqlDbType.Double, ct); else await importer.WriteNullAsync(ct);
                    }
                    await importer.CompleteAsync(ct);
                }
                await using (var index = new NpgsqlCommand(IndexSql, connection, write)) await index.ExecuteNonQueryAsync(ct);
                await using (var meta = new NpgsqlCommand(
                                 "INSERT INTO responder_snapshot_next (taken_at, snapshot_xmax, snapshot_xip, fastest_knots, fixes) VALUES ($1, $2::text::xid8, $5::text::xid8[], $3, $4)", connection, write)
                             {
                                 Parameters =
                                 {
                                     new NpgsqlParameter<DateTime> { TypedValue = at.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                                     new NpgsqlParameter<string> { TypedValue = xmax, NpgsqlDbType = NpgsqlDbType.Text },
                                     new NpgsqlParameter<double> { TypedValue = fastest, NpgsqlDbType = NpgsqlDbType.Double },
                                     new NpgsqlParameter<int> { TypedValue = entries.Count, NpgsqlDbType = NpgsqlDbType.Integer },
                                     new NpgsqlParameter<string> { TypedValue = xip, NpgsqlDbType = NpgsqlDbType.Text },
                                 },
                             }) await meta.ExecuteNonQueryAsync(ct);
                await write.CommitAsync(ct);
            }

            // 3. The swap.
            await using (var swap = await connection.BeginTransactionAsync(ct))
            {
                await using (var cmd = new NpgsqlCommand(SwapSql, connection, swap)) await cmd.ExecuteNonQueryAsync(ct);
                await swap.CommitAsync(ct);
            }

            // 4. Deletions this snapshot has seen (committed before it was read) no longer qualify any snapshot in use.
            await using (var prune = new NpgsqlCommand(PruneDeletionsSql, connection)
                         {
                             Parameters =
                             {
                                 new NpgsqlParameter<string> { TypedValue = xmax, NpgsqlDbType = NpgsqlDbType.Text },
                                 new NpgsqlParameter<string> { TypedValue = xip, NpgsqlDbType = NpgsqlDbType.Text },
                             },
                         }) await prune.ExecuteNonQueryAsync(ct);
            return new ResponderSnapshotRefresh(true, entries.Count, at);
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection)
                { Parameters = { new NpgsqlParameter<long> { TypedValue = AdvisoryLockKey } } };
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// The entries' indexes along a Z-order (Morton) curve of their ECEF position, the order they are written in. The
    /// search reads the rows of a few boxes and the seeds the nearest rows of a point; written in the order the fixes were
    /// read, neighbours in space lay on unrelated heap pages and the GiST built over them had overlapping pages, so a box
    /// read a heap page per row and most of the index (docs/responders-performance.md, "Where the snapshot search's
    /// time went").
    /// </summary>
    public static int[] SpatialOrder(IReadOnlyList<SnapshotEntry> entries)
    {
        var keys = new ulong[entries.Count];
        var order = new int[entries.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = MortonKey(entries[i].X, entries[i].Y, entries[i].Z);
            order[i] = i;
        }
        Array.Sort(keys, order);
        return order;
    }

    /// <summary>x, y, z (metres, within ±6.4e6) quantised to 21 bits each and interleaved.</summary>
    public static ulong MortonKey(double x, double y, double z) => Spread(Quantise(x)) | Spread(Quantise(y)) << 1 | Spread(Quantise(z)) << 2;

    private const double EcefHalfRange = 6.4e6;
    private const ulong MortonMax = (1UL << 21) - 1;

    private static ulong Quantise(double v) =>
        double.IsFinite(v) ? (ulong)Math.Clamp((v + EcefHalfRange) / (2 * EcefHalfRange) * MortonMax, 0, MortonMax) : 0;

    // Spreads the low 21 bits of v to every third bit.
    private static ulong Spread(ulong v)
    {
        v &= MortonMax;
        v = (v | v << 32) & 0x001F00000000FFFFUL;
        v = (v | v << 16) & 0x001F0000FF0000FFUL;
        v = (v | v << 8) & 0x100F00F00F00F00FUL;
        v = (v | v << 4) & 0x10C30C30C30C30C3UL;
        v = (v | v << 2) & 0x1249249249249249UL;
        return v;
    }

    /// <summary>The pool of the refresh: one connection (it runs once a minute), separate from the request pools.</summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = 2,
            ApplicationName = "maritimecoord-responder-snapshot",
            CommandTimeout = 300,
        }.ConnectionString);
}
