using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <summary>
    /// The snapshot of dead-reckoned positions for the nearest responders (docs/responders-performance.md, "Snapshot of
    /// dead-reckoned positions"; raw SQL only, not in the EF model).
    /// </summary>
    /// <remarks>
    /// <para>
    /// <c>vessel_states.written_xid</c>: the top-level transaction that wrote the row version, set by a trigger on every
    /// insert and update whoever writes. A row version the snapshot did not see was written by a transaction that had
    /// not committed when the snapshot was taken: one at or above the snapshot's xmax (not started yet) or one of its
    /// in-progress list (xip), so <c>written_xid &gt;= xmax OR written_xid = ANY(xip)</c> finds every fix newer than the
    /// snapshot. (Not "≥ xmin": xmin is cluster-wide, and one long transaction in any database would hold it back.)
    /// </para>
    /// <para>
    /// <c>responder_snapshot</c> (one row: time, xmax and in-progress list, fastest speed) and <c>responder_snapshot_positions</c> (per fix:
    /// ECEF of its dead-reckoned position at that time, the speed its ETA is divided by, the speed it moves at) are
    /// rebuilt by the server (ResponderSnapshot) as new tables and swapped in by renaming; unlogged: a cache, empty
    /// after a crash (then the search falls back to the fixes themselves).
    /// </para>
    /// </remarks>
    [DbContext(typeof(MaritimeDbContext))]
    [Migration("20261207200000_ResponderSnapshot")]
    public partial class ResponderSnapshot : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE vessel_states ADD COLUMN written_xid xid8 NOT NULL DEFAULT pg_current_xact_id();

                CREATE FUNCTION vessel_states_written_xid() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.written_xid := pg_current_xact_id();
                    RETURN NEW;
                END $$;
                CREATE TRIGGER vessel_states_written_xid BEFORE INSERT OR UPDATE ON vessel_states
                    FOR EACH ROW EXECUTE FUNCTION vessel_states_written_xid();
                CREATE INDEX ix_vessel_states_written_xid ON vessel_states (written_xid);

                CREATE UNLOGGED TABLE responder_snapshot (
                    taken_at timestamptz NOT NULL,
                    snapshot_xmax xid8 NOT NULL,
                    snapshot_xip xid8[] NOT NULL,
                    fastest_knots double precision NOT NULL,
                    fixes integer NOT NULL);
                COMMENT ON TABLE responder_snapshot IS 'When the snapshot of dead-reckoned positions was taken (one row; swapped with responder_snapshot_positions)';

                CREATE UNLOGGED TABLE responder_snapshot_positions (
                    mmsi integer NOT NULL,
                    x double precision NOT NULL,
                    y double precision NOT NULL,
                    z double precision NOT NULL,
                    speed_knots double precision NOT NULL,
                    moving_knots double precision NOT NULL);
                COMMENT ON TABLE responder_snapshot_positions IS 'ECEF of each AIS fix dead-reckoned to responder_snapshot.taken_at, its ETA speed and moving speed (nearest responders)';
                CREATE INDEX ix_responder_snapshot_positions_ecef ON responder_snapshot_positions
                    USING gist (ST_MakePoint(x, y, z, speed_knots) gist_geometry_ops_nd);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE IF EXISTS responder_snapshot_positions;
                DROP TABLE IF EXISTS responder_snapshot;
                DROP TRIGGER IF EXISTS vessel_states_written_xid ON vessel_states;
                DROP FUNCTION IF EXISTS vessel_states_written_xid();
                DROP INDEX IF EXISTS ix_vessel_states_written_xid;
                ALTER TABLE vessel_states DROP COLUMN IF EXISTS written_xid;
                """);
        }
    }
}
