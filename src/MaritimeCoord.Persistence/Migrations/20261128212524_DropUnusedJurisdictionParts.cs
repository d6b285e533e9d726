using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DropUnusedJurisdictionParts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The subdivided polygon parts are slower for membership than the whole regions (docs/jurisdiction.md
            // has the figure), so the API never queries them; stop maintaining them. The edge pieces stay.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION sar_regions_refresh_parts() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM sar_region_edges WHERE region_id = NEW.id;
                    INSERT INTO sar_region_edges (region_id, edge)
                        SELECT NEW.id, g::geography
                        FROM ST_Subdivide(ST_Boundary(ST_Segmentize(NEW.boundary, 1000)::geometry), 128) AS g
                        WHERE GeometryType(g) = 'LINESTRING';
                    RETURN NEW;
                END $$;
                DROP TABLE IF EXISTS sar_region_parts;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Not restored: re-run the body of migration JurisdictionParts to rebuild the parts if they are wanted again.
        }
    }
}
