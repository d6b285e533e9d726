using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <summary>12 nm territorial seas, watched by the area-entry detector (raw SQL only: not in the EF model; docs/detection.md).</summary>
    [DbContext(typeof(MaritimeDbContext))]
    [Migration("20261129012304_TerritorialSeas")]
    public partial class TerritorialSeas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE territorial_seas (
                    country text PRIMARY KEY CHECK (length(country) BETWEEN 1 AND 64),
                    area geography (multipolygon, 4326) NOT NULL,
                    boundary_version text NOT NULL,
                    loaded_at timestamp with time zone NOT NULL
                );
                CREATE INDEX ix_territorial_seas_area ON territorial_seas USING gist (area);
                COMMENT ON TABLE territorial_seas IS 'Land + internal waters + 12 nm territorial sea per country (samples/geo/territorial-sea-12nm.geojson, ODbL); watched by the area-entry detector';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS territorial_seas;");
        }
    }
}
