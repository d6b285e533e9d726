using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <summary>Land polygons, to flag sightings on land (raw SQL only: not in the EF model; docs/geodesy.md § Positions on land).</summary>
    [DbContext(typeof(MaritimeDbContext))]
    [Migration("20261207130000_LandAreas")]
    public partial class LandAreas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE land_areas (
                    id serial PRIMARY KEY,
                    area geometry (polygon, 4326) NOT NULL,
                    source text NOT NULL,
                    loaded_at timestamp with time zone NOT NULL
                );
                CREATE INDEX ix_land_areas_area ON land_areas USING gist (area);
                COMMENT ON TABLE land_areas IS 'Land polygons (samples/geo/coastline.geojson, Natural Earth 1:50m, public domain), one row per polygon; sightings covered by one are flagged positionOnLand';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS land_areas;");
        }
    }
}
