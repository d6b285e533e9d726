using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <summary>
    /// Reports received by SMS and e-mail (raw SQL only: not in the EF model; docs/intake.md). One row per accepted
    /// message: the unique (channel, centre, external id) makes a re-delivered message create nothing new. The sender is
    /// stored as its allow-list label, never as the phone number or address. Refused messages (unknown sender, failed
    /// authentication) are counted and logged, never stored.
    /// </summary>
    [DbContext(typeof(MaritimeDbContext))]
    [Migration("20261208000000_Intake")]
    public partial class Intake : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE intake_messages (
                    id uuid PRIMARY KEY,
                    channel text NOT NULL CHECK (channel IN ('sms', 'email')),
                    external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 1000),
                    centre_code text NOT NULL,
                    sender text NOT NULL,
                    received_at timestamp with time zone NOT NULL,
                    body text NOT NULL,
                    authentication_results text NULL,
                    status text NOT NULL CHECK (status IN ('logged', 'review', 'resolved', 'discarded')),
                    reasons text[] NOT NULL DEFAULT '{}',
                    notes text[] NOT NULL DEFAULT '{}',
                    sighting_id uuid NULL REFERENCES sightings(id) ON DELETE SET NULL,
                    incident_reference text NULL,
                    resolved_by text NULL,
                    resolved_at timestamp with time zone NULL,
                    resolution text NULL,
                    UNIQUE (channel, centre_code, external_id)
                );
                CREATE INDEX intake_messages_review ON intake_messages (centre_code, received_at DESC) WHERE status = 'review';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS intake_messages;");
        }
    }
}
