using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DetectionEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Raw SQL only: these tables are not in the EF model (docs/detection.md), so concurrent model changes never collide.
            // ingested_at: the detection job reads positions by arrival, not by observed_at, so late positions (old
            // observed_at) are still seen. now() is stable, so adding it to the existing partitions is metadata-only.
            migrationBuilder.Sql("""
                ALTER TABLE ais_positions ADD COLUMN IF NOT EXISTS ingested_at timestamp with time zone NOT NULL DEFAULT now();
                CREATE INDEX IF NOT EXISTS ix_ais_positions_ingested_at ON ais_positions USING brin (ingested_at);

                CREATE TABLE detection_events (
                    id text PRIMARY KEY,
                    kind text NOT NULL,
                    mmsi integer NOT NULL,
                    other_mmsi integer NULL,
                    started_at timestamp with time zone NOT NULL,
                    ended_at timestamp with time zone NULL,
                    position geography (point, 4326) NOT NULL,
                    region_code text NULL,
                    area_id text NULL,
                    sighting_id text NULL,
                    related_event_id text NULL,
                    status text NOT NULL CHECK (status IN ('active', 'withdrawn')),
                    details jsonb NOT NULL DEFAULT '{}'::jsonb,
                    incident_id uuid NULL REFERENCES incidents (id) ON DELETE SET NULL,
                    first_detected_at timestamp with time zone NOT NULL,
                    updated_at timestamp with time zone NOT NULL,
                    withdrawn_at timestamp with time zone NULL
                );
                CREATE INDEX ix_detection_events_position ON detection_events USING gist (position);
                CREATE INDEX ix_detection_events_started_at ON detection_events (started_at);
                CREATE INDEX ix_detection_events_kind_started_at ON detection_events (kind, started_at);
                CREATE INDEX ix_detection_events_mmsi ON detection_events (mmsi);
                COMMENT ON TABLE detection_events IS 'Behaviour detected in AIS and sightings; id derived from kind, vessel(s) and start (docs/detection.md)';

                CREATE TABLE detection_cursor (
                    name text PRIMARY KEY,
                    ingested_through timestamp with time zone NOT NULL,
                    watermark timestamp with time zone NULL,
                    state jsonb NOT NULL DEFAULT '{}'::jsonb,
                    updated_at timestamp with time zone NOT NULL
                );
                COMMENT ON TABLE detection_cursor IS 'How far the detection job has read ais_positions (by ingested_at), and a summary of its state';

                CREATE TABLE detection_escalations (
                    incident_id uuid PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
                    distress_since timestamp with time zone NOT NULL,
                    escalated_at timestamp with time zone NOT NULL
                );
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE IF EXISTS detection_escalations;
                DROP TABLE IF EXISTS detection_cursor;
                DROP TABLE IF EXISTS detection_events;
                DROP INDEX IF EXISTS ix_ais_positions_ingested_at;
                ALTER TABLE ais_positions DROP COLUMN IF EXISTS ingested_at;
                """);
        }
    }
}
