using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <summary>
    /// Exact nearest responders (issue 15, item 1; docs/responders-performance.md, "Exact top N"): n-D GiST indexes on
    /// the Earth-centred (ECEF) position of assets and of vessels' last fixes (with the fix time as a 4th dimension), so
    /// the search can bound the straight-line distance, which is never more than the geodesic and has no antimeridian
    /// or pole; and the fastest speeds, which bound how far a candidate can come from. Raw SQL only (not in the EF model).
    /// </summary>
    [DbContext(typeof(MaritimeDbContext))]
    [Migration("20261207100000_ResponderEcefIndexes")]
    public partial class ResponderEcefIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // WGS84: a = 6378137 m, e² = f(2 − f) with f = 1/298.257223563 (as Domain/Geo/Geodesic and ResponderSearch.Ecef).
            migrationBuilder.Sql("""
                CREATE FUNCTION responder_ecef(p geography) RETURNS geometry
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
                SELECT ST_MakePoint(
                    6378137.0 / sqrt(1 - 0.0066943799901413165 * sind(ST_Y(p::geometry)) ^ 2) * cosd(ST_Y(p::geometry)) * cosd(ST_X(p::geometry)),
                    6378137.0 / sqrt(1 - 0.0066943799901413165 * sind(ST_Y(p::geometry)) ^ 2) * cosd(ST_Y(p::geometry)) * sind(ST_X(p::geometry)),
                    6378137.0 * (1 - 0.0066943799901413165) / sqrt(1 - 0.0066943799901413165 * sind(ST_Y(p::geometry)) ^ 2) * sind(ST_Y(p::geometry)))
                $$;
                COMMENT ON FUNCTION responder_ecef(geography) IS 'Earth-centred, Earth-fixed XYZ (metres) of a WGS84 position: the chord between two is a lower bound of the geodesic (nearest responders)';

                -- The epoch of a timestamptz does not depend on the session's time zone, so this is immutable.
                CREATE FUNCTION responder_ecef_time(p geography, t timestamptz) RETURNS geometry
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
                SELECT ST_MakePoint(
                    6378137.0 / sqrt(1 - 0.0066943799901413165 * sind(ST_Y(p::geometry)) ^ 2) * cosd(ST_Y(p::geometry)) * cosd(ST_X(p::geometry)),
                    6378137.0 / sqrt(1 - 0.0066943799901413165 * sind(ST_Y(p::geometry)) ^ 2) * cosd(ST_Y(p::geometry)) * sind(ST_X(p::geometry)),
                    6378137.0 * (1 - 0.0066943799901413165) / sqrt(1 - 0.0066943799901413165 * sind(ST_Y(p::geometry)) ^ 2) * sind(ST_Y(p::geometry)),
                    extract(epoch FROM t)::double precision)
                $$;
                COMMENT ON FUNCTION responder_ecef_time(geography, timestamptz) IS 'ECEF XYZ (metres) of a fix and its time (Unix seconds) as M: searched by age band (nearest responders)';

                CREATE INDEX ix_vessel_states_responder_ecef_time ON vessel_states USING gist (responder_ecef_time(position, observed_at) gist_geometry_ops_nd);
                CREATE INDEX ix_vessel_states_speed_knots ON vessel_states (speed_knots);
                CREATE INDEX ix_response_assets_responder_ecef ON response_assets USING gist (responder_ecef(position) gist_geometry_ops_nd);
                CREATE INDEX ix_response_assets_cruise_speed_knots ON response_assets (cruise_speed_knots);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS ix_vessel_states_responder_ecef_time;
                DROP INDEX IF EXISTS ix_vessel_states_speed_knots;
                DROP INDEX IF EXISTS ix_response_assets_responder_ecef;
                DROP INDEX IF EXISTS ix_response_assets_cruise_speed_knots;
                DROP FUNCTION IF EXISTS responder_ecef_time(geography, timestamptz);
                DROP FUNCTION IF EXISTS responder_ecef(geography);
                """);
        }
    }
}
