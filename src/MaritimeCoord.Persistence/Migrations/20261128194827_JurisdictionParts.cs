using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class JurisdictionParts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Derived, subdivided copies of every SAR region for fast ST_Covers / edge-distance lookups (PostGIS's
            // recommended ST_Subdivide pattern). Kept out of the EF model: a trigger maintains them, so every way of
            // changing a boundary (the loader, psql) keeps them consistent.
            //
            // Subdividing a geography is subtle: the cut lines are straight in lon/lat, but geography reads every edge
            // as a great circle. So the boundary is first densified along great circles (ST_Segmentize on geography,
            // 1 km: chord and arc then differ by < 0.1 m), and each piece is densified again in lon/lat (0.01°) so the
            // seams, shared vertex for vertex by neighbouring pieces, stay where the cut put them. The union of the
            // pieces is the region to within 0.1 m (JurisdictionIndexAgreementTests checks parts against the raw boundary).
            migrationBuilder.Sql("""
                CREATE TABLE sar_region_parts (
                    id bigserial PRIMARY KEY,
                    region_id integer NOT NULL REFERENCES sar_regions (id) ON DELETE CASCADE,
                    part geography(polygon, 4326) NOT NULL);
                CREATE INDEX ix_sar_region_parts_part ON sar_region_parts USING gist (part);
                CREATE INDEX ix_sar_region_parts_region_id ON sar_region_parts (region_id);

                CREATE TABLE sar_region_edges (
                    id bigserial PRIMARY KEY,
                    region_id integer NOT NULL REFERENCES sar_regions (id) ON DELETE CASCADE,
                    edge geography(linestring, 4326) NOT NULL);
                CREATE INDEX ix_sar_region_edges_edge ON sar_region_edges USING gist (edge);
                CREATE INDEX ix_sar_region_edges_region_id ON sar_region_edges (region_id);

                CREATE FUNCTION sar_regions_refresh_parts() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM sar_region_parts WHERE region_id = NEW.id;
                    DELETE FROM sar_region_edges WHERE region_id = NEW.id;
                    INSERT INTO sar_region_parts (region_id, part)
                        SELECT NEW.id, ST_Segmentize(g, 0.01)::geography
                        FROM ST_Subdivide(ST_Segmentize(NEW.boundary, 1000)::geometry, 256) AS g
                        WHERE GeometryType(g) = 'POLYGON';
                    INSERT INTO sar_region_edges (region_id, edge)
                        SELECT NEW.id, g::geography
                        FROM ST_Subdivide(ST_Boundary(ST_Segmentize(NEW.boundary, 1000)::geometry), 128) AS g
                        WHERE GeometryType(g) = 'LINESTRING';
                    RETURN NEW;
                END $$;
                CREATE TRIGGER sar_regions_refresh_parts
                    AFTER INSERT OR UPDATE OF boundary ON sar_regions
                    FOR EACH ROW EXECUTE FUNCTION sar_regions_refresh_parts();

                -- Regions loaded before this migration.
                UPDATE sar_regions SET boundary = boundary;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS sar_regions_refresh_parts ON sar_regions;
                DROP FUNCTION IF EXISTS sar_regions_refresh_parts();
                DROP TABLE IF EXISTS sar_region_edges;
                DROP TABLE IF EXISTS sar_region_parts;
                """);
        }
    }
}
