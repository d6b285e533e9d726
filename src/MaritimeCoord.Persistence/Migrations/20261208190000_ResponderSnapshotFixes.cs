using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <summary>
    /// Each row of the snapshot of dead-reckoned positions carries the fix it was computed from (position, time, SOG,
    /// COG), so the nearest-responder search no longer joins every row it finds back to <c>vessel_states</c> by MMSI
    /// (docs/responders-performance.md, "The fix in the snapshot row"). A fix changed or deleted since the snapshot must
    /// then be told apart: changed ones by <c>written_xid</c> as before, deleted ones by <c>vessel_state_deletions</c>,
    /// filled by a statement trigger with the deleting transaction's id and emptied by the refresh once a snapshot has
    /// seen them.
    /// </summary>
    /// <remarks>
    /// Both snapshot tables are caches (unlogged, rebuilt every minute): they are emptied here, so until the first refresh
    /// after the upgrade the search runs on the fixes. The deletion log is unlogged too: after a crash it is empty, and so
    /// is the snapshot it qualifies.
    /// </remarks>
    [DbContext(typeof(MaritimeDbContext))]
    [Migration("20261208190000_ResponderSnapshotFixes")]
    public partial class ResponderSnapshotFixes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                TRUNCATE responder_snapshot, responder_snapshot_positions;
                ALTER TABLE responder_snapshot_positions
                    ADD COLUMN latitude double precision NOT NULL,
                    ADD COLUMN longitude double precision NOT NULL,
                    ADD COLUMN observed_at timestamptz NOT NULL,
                    ADD COLUMN sog double precision,
                    ADD COLUMN cog double precision;
                COMMENT ON TABLE responder_snapshot_positions IS 'Each AIS fix of the window (position, time, SOG, COG) with the ECEF of its position dead-reckoned to responder_snapshot.taken_at, its ETA speed and moving speed (nearest responders)';

                CREATE UNLOGGED TABLE vessel_state_deletions (
                    mmsi integer NOT NULL,
                    written_xid xid8 NOT NULL DEFAULT pg_current_xact_id());
                COMMENT ON TABLE vessel_state_deletions IS 'MMSIs deleted from vessel_states and the deleting transaction, until a snapshot of dead-reckoned positions has seen the deletion';
                CREATE INDEX ix_vessel_state_deletions_written_xid ON vessel_state_deletions (written_xid);

                CREATE FUNCTION vessel_states_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO vessel_state_deletions (mmsi) SELECT mmsi FROM gone;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER vessel_states_deleted AFTER DELETE ON vessel_states
                    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION vessel_states_deleted();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS vessel_states_deleted ON vessel_states;
                DROP FUNCTION IF EXISTS vessel_states_deleted();
                DROP TABLE IF EXISTS vessel_state_deletions;
                TRUNCATE responder_snapshot, responder_snapshot_positions;
                ALTER TABLE responder_snapshot_positions
                    DROP COLUMN IF EXISTS latitude, DROP COLUMN IF EXISTS longitude, DROP COLUMN IF EXISTS observed_at,
                    DROP COLUMN IF EXISTS sog, DROP COLUMN IF EXISTS cog;
                """);
        }
    }
}
