using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <summary>
    /// The ECEF functions behind the responder indexes name PostGIS's types and functions with their schema. pg_restore
    /// runs with an empty search_path and builds expression indexes after loading the data, so an unqualified
    /// <c>geometry</c> in the function body made every restore of a dump fail at
    /// <c>ix_response_assets_responder_ecef</c> ("type geometry does not exist"; docs/operations.md, "Restore"). Same
    /// results, still plain SQL functions without a SET clause, so the planner still inlines them.
    /// </summary>
    [DbContext(typeof(MaritimeDbContext))]
    [Migration("20261208120000_SchemaQualifiedEcefFunctions")]
    public partial class SchemaQualifiedEcefFunctions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION responder_ecef(p public.geography) RETURNS public.geometry
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
                SELECT public.ST_MakePoint(
                    6378137.0 / sqrt(1 - 0.0066943799901413165 * sind(public.ST_Y(p::public.geometry)) ^ 2) * cosd(public.ST_Y(p::public.geometry)) * cosd(public.ST_X(p::public.geometry)),
                    6378137.0 / sqrt(1 - 0.0066943799901413165 * sind(public.ST_Y(p::public.geometry)) ^ 2) * cosd(public.ST_Y(p::public.geometry)) * sind(public.ST_X(p::public.geometry)),
                    6378137.0 * (1 - 0.0066943799901413165) / sqrt(1 - 0.0066943799901413165 * sind(public.ST_Y(p::public.geometry)) ^ 2) * sind(public.ST_Y(p::public.geometry)))
                $$;

                CREATE OR REPLACE FUNCTION responder_ecef_time(p public.geography, t timestamptz) RETURNS public.geometry
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
                SELECT public.ST_MakePoint(
                    6378137.0 / sqrt(1 - 0.0066943799901413165 * sind(public.ST_Y(p::public.geometry)) ^ 2) * cosd(public.ST_Y(p::public.geometry)) * cosd(public.ST_X(p::public.geometry)),
                    6378137.0 / sqrt(1 - 0.0066943799901413165 * sind(public.ST_Y(p::public.geometry)) ^ 2) * cosd(public.ST_Y(p::public.geometry)) * sind(public.ST_X(p::public.geometry)),
                    6378137.0 * (1 - 0.0066943799901413165) / sqrt(1 - 0.0066943799901413165 * sind(public.ST_Y(p::public.geometry)) ^ 2) * sind(public.ST_Y(p::public.geometry)),
                    extract(epoch FROM t)::double precision)
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
