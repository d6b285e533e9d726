using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:postgis", ",,");

            migrationBuilder.CreateSequence(
                name: "incident_reference_seq");

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    message_type = table.Column<string>(type: "text", nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    dispatched_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rescue_centres",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    country = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    location = table.Column<Point>(type: "geography (point, 4326)", nullable: false),
                    @operator = table.Column<string>(name: "operator", type: "text", nullable: true),
                    city = table.Column<string>(type: "text", nullable: true),
                    contact = table.Column<string>(type: "text", nullable: true),
                    verification = table.Column<string>(type: "text", nullable: true),
                    source = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rescue_centres", x => x.id);
                    table.UniqueConstraint("ak_rescue_centres_code", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "incidents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    reference = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    phase = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_sighting_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_position = table.Column<Point>(type: "geography (point, 4326)", nullable: false),
                    persons_on_board_estimate = table.Column<int>(type: "integer", nullable: true),
                    coordinating_centre_code = table.Column<string>(type: "character varying(40)", nullable: false),
                    sar_region_code = table.Column<string>(type: "text", nullable: true),
                    is_stale = table.Column<bool>(type: "boolean", nullable: false),
                    stale_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_incidents", x => x.id);
                    table.ForeignKey(
                        name: "fk_incidents_rescue_centres_coordinating_centre_code",
                        column: x => x.coordinating_centre_code,
                        principalTable: "rescue_centres",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sar_regions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    rescue_centre_code = table.Column<string>(type: "character varying(40)", nullable: false),
                    boundary = table.Column<MultiPolygon>(type: "geography (multipolygon, 4326)", nullable: false),
                    boundary_version = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    approximate = table.Column<bool>(type: "boolean", nullable: false),
                    source = table.Column<string>(type: "text", nullable: true),
                    note = table.Column<string>(type: "text", nullable: true),
                    loaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sar_regions", x => x.id);
                    table.ForeignKey(
                        name: "fk_sar_regions_rescue_centres_rescue_centre_code",
                        column: x => x.rescue_centre_code,
                        principalTable: "rescue_centres",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "incident_timeline",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    summary = table.Column<string>(type: "text", nullable: false),
                    sighting_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_incident_timeline", x => x.id);
                    table.ForeignKey(
                        name: "fk_incident_timeline_incidents_incident_id",
                        column: x => x.incident_id,
                        principalTable: "incidents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sightings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    observed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    position = table.Column<Point>(type: "geography (point, 4326)", nullable: false),
                    position_text = table.Column<string>(type: "text", nullable: true),
                    position_uncertainty_nm = table.Column<double>(type: "double precision", nullable: true),
                    boat_description = table.Column<string>(type: "text", nullable: false),
                    persons_on_board = table.Column<int>(type: "integer", nullable: true),
                    condition = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reporter = table.Column<string>(type: "text", nullable: false),
                    notes = table.Column<string>(type: "text", nullable: true),
                    reported_by = table.Column<string>(type: "text", nullable: false),
                    reporter_centre_code = table.Column<string>(type: "text", nullable: true),
                    idempotency_key = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    request_fingerprint = table.Column<string>(type: "text", nullable: true),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sar_region_code = table.Column<string>(type: "text", nullable: true),
                    boundary_version = table.Column<string>(type: "text", nullable: true),
                    boundary_approximate = table.Column<bool>(type: "boolean", nullable: true),
                    near_approximate_boundary = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sightings", x => x.id);
                    table.ForeignKey(
                        name: "fk_sightings_incidents_incident_id",
                        column: x => x.incident_id,
                        principalTable: "incidents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_incident_timeline_incident_id_at",
                table: "incident_timeline",
                columns: new[] { "incident_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_incidents_coordinating_centre_code",
                table: "incidents",
                column: "coordinating_centre_code");

            migrationBuilder.CreateIndex(
                name: "ix_incidents_last_position",
                table: "incidents",
                column: "last_position")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_incidents_phase_last_sighting_at",
                table: "incidents",
                columns: new[] { "phase", "last_sighting_at" });

            migrationBuilder.CreateIndex(
                name: "ix_incidents_reference",
                table: "incidents",
                column: "reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_pending",
                table: "outbox_messages",
                column: "id",
                filter: "dispatched_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_rescue_centres_code",
                table: "rescue_centres",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_rescue_centres_location",
                table: "rescue_centres",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_sar_regions_boundary",
                table: "sar_regions",
                column: "boundary")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_sar_regions_code",
                table: "sar_regions",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sar_regions_rescue_centre_code",
                table: "sar_regions",
                column: "rescue_centre_code");

            migrationBuilder.CreateIndex(
                name: "ix_sightings_incident_id",
                table: "sightings",
                column: "incident_id");

            migrationBuilder.CreateIndex(
                name: "ix_sightings_observed_at",
                table: "sightings",
                column: "observed_at");

            migrationBuilder.CreateIndex(
                name: "ix_sightings_position",
                table: "sightings",
                column: "position")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_sightings_reported_by_idempotency_key",
                table: "sightings",
                columns: new[] { "reported_by", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");

            // The timeline is the audit trail of who did what: refuse UPDATE and DELETE at the database, not only in code.
            migrationBuilder.Sql("""
                CREATE FUNCTION incident_timeline_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'incident_timeline is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER incident_timeline_append_only
                    BEFORE UPDATE OR DELETE ON incident_timeline
                    FOR EACH ROW EXECUTE FUNCTION incident_timeline_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS incident_timeline_append_only ON incident_timeline; DROP FUNCTION IF EXISTS incident_timeline_append_only();");
            migrationBuilder.DropTable(
                name: "incident_timeline");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "sar_regions");

            migrationBuilder.DropTable(
                name: "sightings");

            migrationBuilder.DropTable(
                name: "incidents");

            migrationBuilder.DropTable(
                name: "rescue_centres");

            migrationBuilder.DropSequence(
                name: "incident_reference_seq");
        }
    }
}
