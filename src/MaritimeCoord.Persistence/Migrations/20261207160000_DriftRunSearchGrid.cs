using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <summary>
    /// Drift-run hours store the search planner's probability grid (Domain/Search: square cells of an equal-area plane
    /// centred on the cloud, double probabilities) instead of a longitude × latitude grid (raw SQL only: not in the EF
    /// model; docs/drift-runs.md). A stored lon/lat grid cannot be turned into the planner's, so results computed before
    /// are deleted and their runs queued again: the sweep re-runs them with their stored request and seed.
    /// </summary>
    [DbContext(typeof(MaritimeDbContext))]
    [Migration("20261207160000_DriftRunSearchGrid")]
    public partial class DriftRunSearchGrid : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DELETE FROM drift_run_containment;
                DELETE FROM drift_run_hours;
                UPDATE drift_runs SET status = 'queued', progress = 0, attempts = 0, started_at = NULL, heartbeat_at = NULL, finished_at = NULL
                WHERE status IN ('succeeded', 'running');
                ALTER TABLE drift_run_hours
                    DROP COLUMN grid_west,
                    DROP COLUMN grid_south,
                    DROP COLUMN grid_cell_lon,
                    DROP COLUMN grid_cell_lat,
                    ADD COLUMN grid_centre_latitude double precision NOT NULL,
                    ADD COLUMN grid_centre_longitude double precision NOT NULL,
                    ADD COLUMN grid_origin_x double precision NOT NULL,
                    ADD COLUMN grid_origin_y double precision NOT NULL,
                    ADD COLUMN grid_cell_metres double precision NOT NULL,
                    ALTER COLUMN grid_probabilities TYPE double precision[],
                    ADD COLUMN grid_probability_in_grid double precision NOT NULL,
                    ADD COLUMN grid_stranded_probability double precision NOT NULL;
                COMMENT ON COLUMN drift_run_hours.grid_cells IS 'Non-empty cells (row × grid_columns + column, ascending) of the Domain/Search probability grid; grid_probabilities holds theirs';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DELETE FROM drift_run_containment;
                DELETE FROM drift_run_hours;
                UPDATE drift_runs SET status = 'queued', progress = 0, attempts = 0, started_at = NULL, heartbeat_at = NULL, finished_at = NULL
                WHERE status IN ('succeeded', 'running');
                COMMENT ON COLUMN drift_run_hours.grid_cells IS NULL;
                ALTER TABLE drift_run_hours
                    DROP COLUMN grid_centre_latitude,
                    DROP COLUMN grid_centre_longitude,
                    DROP COLUMN grid_origin_x,
                    DROP COLUMN grid_origin_y,
                    DROP COLUMN grid_cell_metres,
                    DROP COLUMN grid_probability_in_grid,
                    DROP COLUMN grid_stranded_probability,
                    ALTER COLUMN grid_probabilities TYPE real[],
                    ADD COLUMN grid_west double precision NOT NULL,
                    ADD COLUMN grid_south double precision NOT NULL,
                    ADD COLUMN grid_cell_lon double precision NOT NULL,
                    ADD COLUMN grid_cell_lat double precision NOT NULL;
                """);
        }
    }
}
