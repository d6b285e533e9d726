using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <summary>Alert rules and watch zones per centre, and handover-offer reminders (raw SQL only: not in the EF model; docs/detection.md).</summary>
    [DbContext(typeof(MaritimeDbContext))]
    [Migration("20261128220415_AlertRulesWatchZones")]
    public partial class AlertRulesWatchZones : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE watch_zones (
                    id uuid PRIMARY KEY,
                    centre_code text NOT NULL,
                    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                    area geography (multipolygon, 4326) NOT NULL,
                    created_by text NOT NULL,
                    created_at timestamp with time zone NOT NULL
                );
                CREATE INDEX ix_watch_zones_centre ON watch_zones (centre_code);
                COMMENT ON TABLE watch_zones IS 'User-drawn zones watched by the area-entry detector; cut at the antimeridian (docs/detection.md)';

                CREATE TABLE alert_rules (
                    id uuid PRIMARY KEY,
                    centre_code text NOT NULL,
                    kinds text[] NOT NULL DEFAULT '{}',
                    area_kind text NOT NULL CHECK (area_kind IN ('anywhere', 'sar-region', 'zone', 'bbox')),
                    region_code text NULL,
                    zone_id uuid NULL REFERENCES watch_zones (id) ON DELETE CASCADE,
                    bbox double precision[] NULL CHECK (bbox IS NULL OR cardinality(bbox) = 4),
                    min_severity text NOT NULL CHECK (min_severity IN ('low', 'medium', 'high')),
                    created_by text NOT NULL,
                    created_at timestamp with time zone NOT NULL
                );
                CREATE INDEX ix_alert_rules_centre ON alert_rules (centre_code);
                COMMENT ON TABLE alert_rules IS 'Which detection events a centre is alerted about; bounded per centre (AlertMatcher)';

                CREATE TABLE handover_reminders (
                    offer_id uuid PRIMARY KEY REFERENCES handover_offers (id) ON DELETE CASCADE,
                    reminded_at timestamp with time zone NOT NULL
                );
                COMMENT ON TABLE handover_reminders IS 'One reminder per unanswered handover offer (HandoverReminderJob)';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE IF EXISTS handover_reminders;
                DROP TABLE IF EXISTS alert_rules;
                DROP TABLE IF EXISTS watch_zones;
                """);
        }
    }
}
