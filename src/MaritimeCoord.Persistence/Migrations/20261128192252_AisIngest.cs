using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AisIngest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "vessel_states",
                columns: table => new
                {
                    mmsi = table.Column<int>(type: "integer", nullable: false),
                    observed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    message_type = table.Column<short>(type: "smallint", nullable: false),
                    position = table.Column<Point>(type: "geography (point, 4326)", nullable: false),
                    speed_knots = table.Column<float>(type: "real", nullable: true),
                    course_degrees = table.Column<float>(type: "real", nullable: true),
                    heading = table.Column<short>(type: "smallint", nullable: true),
                    navigational_status = table.Column<short>(type: "smallint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_vessel_states", x => x.mmsi);
                });

            migrationBuilder.CreateTable(
                name: "vessels",
                columns: table => new
                {
                    mmsi = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    call_sign = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    imo = table.Column<int>(type: "integer", nullable: true),
                    ship_type = table.Column<short>(type: "smallint", nullable: true),
                    to_bow = table.Column<short>(type: "smallint", nullable: true),
                    to_stern = table.Column<short>(type: "smallint", nullable: true),
                    to_port = table.Column<short>(type: "smallint", nullable: true),
                    to_starboard = table.Column<short>(type: "smallint", nullable: true),
                    destination = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    mothership_mmsi = table.Column<int>(type: "integer", nullable: true),
                    reported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_vessels", x => x.mmsi);
                });

            migrationBuilder.CreateIndex(
                name: "ix_vessel_states_observed_at",
                table: "vessel_states",
                column: "observed_at");

            migrationBuilder.CreateIndex(
                name: "ix_vessel_states_position",
                table: "vessel_states",
                column: "position")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_vessels_imo",
                table: "vessels",
                column: "imo");

            migrationBuilder.CreateIndex(
                name: "ix_vessels_mothership_mmsi",
                table: "vessels",
                column: "mothership_mmsi",
                filter: "mothership_mmsi IS NOT NULL");

            // Position history: declaratively partitioned by UTC day, outside the EF model (EF cannot express
            // partitioning; rows are written by binary COPY in AisBatchWriter). Partitions are created by the
            // ais-partitions recurring job and on demand (AisPartitions). No primary key: an append-only log, and a
            // partitioned table's key would have to include observed_at. Indexes on the parent apply to every partition.
            migrationBuilder.Sql("""
                CREATE TABLE ais_positions (
                    mmsi integer NOT NULL,
                    observed_at timestamp with time zone NOT NULL,
                    message_type smallint NOT NULL,
                    position geography (point, 4326) NOT NULL,
                    speed_knots real NULL,
                    course_degrees real NULL,
                    heading smallint NULL,
                    navigational_status smallint NULL
                ) PARTITION BY RANGE (observed_at);
                CREATE INDEX ix_ais_positions_observed_at ON ais_positions USING brin (observed_at);
                CREATE INDEX ix_ais_positions_position ON ais_positions USING gist (position);
                COMMENT ON TABLE ais_positions IS 'Every stored AIS position; partitioned by UTC day (ais_positions_pYYYYMMDD); written by binary COPY; see docs/ais-ingest.md';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS ais_positions;"); // drops every partition with it
            migrationBuilder.DropTable(
                name: "vessel_states");

            migrationBuilder.DropTable(
                name: "vessels");
        }
    }
}
