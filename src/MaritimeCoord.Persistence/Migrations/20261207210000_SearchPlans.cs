using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <summary>
    /// Search plans of an incident, their assignments and search results (raw SQL only: not in the EF model;
    /// docs/search-planning.md). Their events are routed in C# (EventRoutes) like every other.
    /// </summary>
    [DbContext(typeof(MaritimeDbContext))]
    [Migration("20261207210000_SearchPlans")]
    public partial class SearchPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE search_plans (
                    incident_id uuid NOT NULL REFERENCES incidents (id),
                    number integer NOT NULL CHECK (number >= 1),
                    drift_run_id uuid NOT NULL REFERENCES drift_runs (id),
                    run_hour integer NOT NULL,
                    grid_at timestamp with time zone NOT NULL,
                    start_at timestamp with time zone NOT NULL,
                    status text NOT NULL CHECK (status IN ('proposed', 'issued', 'closed')),
                    grid_centre_latitude double precision NOT NULL,
                    grid_centre_longitude double precision NOT NULL,
                    grid_origin_x double precision NOT NULL,
                    grid_origin_y double precision NOT NULL,
                    grid_cell_metres double precision NOT NULL,
                    grid_columns integer NOT NULL,
                    grid_rows integer NOT NULL,
                    grid_cells integer[] NOT NULL,
                    grid_probabilities double precision[] NOT NULL,
                    grid_probability_in_grid double precision NOT NULL,
                    grid_stranded_probability double precision NOT NULL,
                    prior_from integer[] NOT NULL DEFAULT '{}',
                    achieved_probability_of_success double precision NULL CHECK (achieved_probability_of_success BETWEEN 0 AND 1),
                    request jsonb NOT NULL,
                    created_by text NOT NULL,
                    created_at timestamp with time zone NOT NULL,
                    issued_by text NULL,
                    issued_at timestamp with time zone NULL,
                    closed_at timestamp with time zone NULL,
                    idempotency_key text NULL,
                    request_fingerprint text NULL,
                    PRIMARY KEY (incident_id, number)
                );
                CREATE UNIQUE INDEX ux_search_plans_idempotency ON search_plans (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL;
                COMMENT ON TABLE search_plans IS 'Search plans of an incident (docs/search-planning.md); the grid columns hold the plan''s prior map (non-empty cells of the Domain/Search grid)';
                COMMENT ON COLUMN search_plans.prior_from IS 'Earlier plans whose recorded results weighted the particles of the prior map';

                CREATE TABLE search_plan_assignments (
                    incident_id uuid NOT NULL,
                    number integer NOT NULL,
                    asset_code text NOT NULL CHECK (length(asset_code) BETWEEN 1 AND 64),
                    ordinal integer NOT NULL,
                    speed_knots double precision NOT NULL CHECK (speed_knots > 0),
                    endurance_hours double precision NOT NULL CHECK (endurance_hours > 0),
                    sweep_width_nm double precision NOT NULL CHECK (sweep_width_nm > 0),
                    object_type text NULL,
                    visibility_nm double precision NULL,
                    sea_state text NULL,
                    pattern text NOT NULL,
                    track_spacing_metres double precision NULL CHECK (track_spacing_metres > 0),
                    centre_x double precision NULL,
                    centre_y double precision NULL,
                    length_metres double precision NULL CHECK (length_metres > 0),
                    width_metres double precision NULL CHECK (width_metres > 0),
                    orientation_degrees double precision NULL,
                    PRIMARY KEY (incident_id, number, asset_code),
                    FOREIGN KEY (incident_id, number) REFERENCES search_plans (incident_id, number) ON DELETE CASCADE
                );
                COMMENT ON COLUMN search_plan_assignments.centre_x IS 'Sub-area in the plan grid''s plane (metres); NULL: the planner found no room for the asset';

                CREATE TABLE search_plan_results (
                    incident_id uuid NOT NULL,
                    number integer NOT NULL,
                    asset_code text NOT NULL,
                    searched text NOT NULL CHECK (searched IN ('full', 'partial')),
                    fraction_searched double precision NOT NULL CHECK (fraction_searched BETWEEN 0 AND 1),
                    track geography (linestring, 4326) NULL,
                    track_times timestamp with time zone[] NULL,
                    visibility_nm double precision NULL,
                    sea_state text NULL,
                    sweep_width_nm double precision NOT NULL CHECK (sweep_width_nm > 0),
                    coverage double precision[] NOT NULL,
                    probability_of_success double precision NOT NULL,
                    recorded_by text NOT NULL,
                    recorded_at timestamp with time zone NOT NULL,
                    PRIMARY KEY (incident_id, number, asset_code),
                    FOREIGN KEY (incident_id, number, asset_code) REFERENCES search_plan_assignments (incident_id, number, asset_code) ON DELETE CASCADE
                );
                COMMENT ON COLUMN search_plan_results.coverage IS 'Coverage per cell of the plan grid (dense, row × columns + column) from this asset''s track: POD = 1 − exp(−C)';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE IF EXISTS search_plan_results;
                DROP TABLE IF EXISTS search_plan_assignments;
                DROP TABLE IF EXISTS search_plans;
                """);
        }
    }
}
