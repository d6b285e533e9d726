using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class IncidentCoordination : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "distress_indicators",
                table: "incidents",
                type: "text[]",
                nullable: false);

            migrationBuilder.AddColumn<int>(
                name: "last_sitrep_number",
                table: "incidents",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "outcome",
                table: "incidents",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "persons_on_board_adults",
                table: "incidents",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "persons_on_board_deceased",
                table: "incidents",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "persons_on_board_medical",
                table: "incidents",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "persons_on_board_minors",
                table: "incidents",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "handover_offers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_centre_code = table.Column<string>(type: "text", nullable: false),
                    to_centre_code = table.Column<string>(type: "text", nullable: false),
                    proposed_by = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    proposed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    decided_by = table.Column<string>(type: "text", nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decision_reason = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_handover_offers", x => x.id);
                    table.ForeignKey(
                        name: "fk_handover_offers_incidents_incident_id",
                        column: x => x.incident_id,
                        principalTable: "incidents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "incident_taskings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    asset_code = table.Column<string>(type: "text", nullable: false),
                    tasked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    tasked_by = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    estimated_arrival = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    released_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_incident_taskings", x => x.id);
                    table.ForeignKey(
                        name: "fk_incident_taskings_incidents_incident_id",
                        column: x => x.incident_id,
                        principalTable: "incidents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "response_assets",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    owner_centre_code = table.Column<string>(type: "text", nullable: false),
                    home_base = table.Column<string>(type: "text", nullable: true),
                    position = table.Column<Point>(type: "geography (point, 4326)", nullable: false),
                    position_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    cruise_speed_knots = table.Column<double>(type: "double precision", nullable: false),
                    availability = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    availability_note = table.Column<string>(type: "text", nullable: true),
                    contact = table.Column<string>(type: "text", nullable: true),
                    current_incident_id = table.Column<Guid>(type: "uuid", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_response_assets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sitreps",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    issued_by = table.Column<string>(type: "text", nullable: false),
                    form = table.Column<string>(type: "text", nullable: false),
                    final = table.Column<bool>(type: "boolean", nullable: false),
                    text = table.Column<string>(type: "text", nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sitreps", x => x.id);
                    table.ForeignKey(
                        name: "fk_sitreps_incidents_incident_id",
                        column: x => x.incident_id,
                        principalTable: "incidents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_handover_offers_to_centre_code_status",
                table: "handover_offers",
                columns: new[] { "to_centre_code", "status" });

            migrationBuilder.CreateIndex(
                name: "ux_handover_offers_one_pending",
                table: "handover_offers",
                column: "incident_id",
                unique: true,
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_incident_taskings_incident_id",
                table: "incident_taskings",
                column: "incident_id");

            migrationBuilder.CreateIndex(
                name: "ux_incident_taskings_one_active_per_asset",
                table: "incident_taskings",
                column: "asset_code",
                unique: true,
                filter: "released_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_response_assets_code",
                table: "response_assets",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_response_assets_position",
                table: "response_assets",
                column: "position")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_sitreps_incident_id_number",
                table: "sitreps",
                columns: new[] { "incident_id", "number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "handover_offers");

            migrationBuilder.DropTable(
                name: "incident_taskings");

            migrationBuilder.DropTable(
                name: "response_assets");

            migrationBuilder.DropTable(
                name: "sitreps");

            migrationBuilder.DropColumn(
                name: "distress_indicators",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "last_sitrep_number",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "outcome",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "persons_on_board_adults",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "persons_on_board_deceased",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "persons_on_board_medical",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "persons_on_board_minors",
                table: "incidents");
        }
    }
}
