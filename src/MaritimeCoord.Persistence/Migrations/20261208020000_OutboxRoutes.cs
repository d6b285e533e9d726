using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <summary>
    /// Situation events are routed in C# (Server/Realtime/EventRoutes): the outbox row carries its hub event name, the
    /// streams it goes to and the incident it is about, and the commit trigger only numbers them. It knows no
    /// contract type names or JSON property names, so renaming a contract cannot silently leave its events
    /// unnumbered. The one rule left here needs the database at commit: every centre that is or was a handover partner
    /// of the incident (offered to or by) also gets its events, which is how the centre a pending offer is made to
    /// hears of phase changes (IncidentAccess). Numbering itself is unchanged (SituationEventStreams).
    /// </summary>
    [DbContext(typeof(MaritimeDbContext))]
    [Migration("20261208020000_OutboxRoutes")]
    public partial class OutboxRoutes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE outbox_messages
                    ADD COLUMN event_name text NULL,
                    ADD COLUMN streams text[] NULL,
                    ADD COLUMN stream_incident_id uuid NULL;
                COMMENT ON COLUMN outbox_messages.streams IS 'Streams the commit trigger numbers the event in (EventRoutes), before the incident''s handover partners are added; NULL: not a situation event';

                CREATE OR REPLACE FUNCTION situation_events_number() RETURNS trigger LANGUAGE plpgsql AS $fn$
                DECLARE
                    partners text[];
                    streams text[];
                    s text;
                    n bigint;
                BEGIN
                    IF NEW.event_name IS NULL OR NEW.streams IS NULL OR cardinality(NEW.streams) = 0 THEN
                        RETURN NULL;
                    END IF;

                    SELECT array_agg(DISTINCT 'centre:' || c) INTO partners FROM (
                        SELECT h.from_centre_code AS c FROM handover_offers h WHERE h.incident_id = NEW.stream_incident_id
                        UNION SELECT h.to_centre_code FROM handover_offers h WHERE h.incident_id = NEW.stream_incident_id
                    ) AS p WHERE c IS NOT NULL AND c <> '' AND NOT ('centre:' || c = ANY (NEW.streams));
                    streams := NEW.streams || COALESCE(partners, ARRAY[]::text[]);

                    -- One lock for every stream: commit order = number order, and no two committers can wait on each other.
                    PERFORM pg_advisory_xact_lock(7305, 5);
                    FOREACH s IN ARRAY streams LOOP
                        INSERT INTO situation_streams AS t (stream, last_seq) VALUES (s, 1)
                            ON CONFLICT (stream) DO UPDATE SET last_seq = t.last_seq + 1
                            RETURNING t.last_seq INTO n;
                        INSERT INTO situation_events (stream, seq, event_name, incident_id, outbox_id, payload, committed_at)
                            VALUES (s, n, NEW.event_name, NEW.stream_incident_id, NEW.id, NEW.payload::jsonb, clock_timestamp());
                    END LOOP;
                    RETURN NULL;
                END
                $fn$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to the routing by type and property names of 20261207150000_DriftRuns.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION situation_events_number() RETURNS trigger LANGUAGE plpgsql AS $fn$
                DECLARE
                    p jsonb := NEW.payload::jsonb;
                    name text;
                    incident uuid;
                    other uuid;
                    centres text[];
                    streams text[];
                    s text;
                    n bigint;
                BEGIN
                    name := CASE NEW.message_type
                        WHEN 'MaritimeCoord.Contracts.Sightings.SightingLogged' THEN 'sightingLogged'
                        WHEN 'MaritimeCoord.Contracts.Incidents.IncidentOpened' THEN 'incidentOpened'
                        WHEN 'MaritimeCoord.Contracts.Incidents.IncidentMarkedStale' THEN 'incidentMarkedStale'
                        WHEN 'MaritimeCoord.Contracts.Incidents.IncidentPhaseChanged' THEN 'incidentPhaseChanged'
                        WHEN 'MaritimeCoord.Contracts.Incidents.IncidentHandoverChanged' THEN 'incidentHandoverChanged'
                        WHEN 'MaritimeCoord.Contracts.Incidents.HandoverSuggested' THEN 'handoverSuggested'
                        WHEN 'MaritimeCoord.Contracts.Responders.ResponderTasked' THEN 'responderTasked'
                        WHEN 'MaritimeCoord.Contracts.Detection.DetectionEventRaised' THEN 'detectionEventRaised'
                        WHEN 'MaritimeCoord.Contracts.Detection.DetectionEventWithdrawn' THEN 'detectionEventWithdrawn'
                        WHEN 'MaritimeCoord.Contracts.Detection.IncidentEscalated' THEN 'incidentEscalated'
                        WHEN 'MaritimeCoord.Contracts.Incidents.IncidentPersonsOnBoardChanged' THEN 'incidentPersonsOnBoardChanged'
                        WHEN 'MaritimeCoord.Contracts.Incidents.IncidentDistressIndicatorsChanged' THEN 'incidentDistressIndicatorsChanged'
                        WHEN 'MaritimeCoord.Contracts.Incidents.SitrepIssued' THEN 'sitrepIssued'
                        WHEN 'MaritimeCoord.Contracts.Incidents.IncidentsMerged' THEN 'incidentsMerged'
                        WHEN 'MaritimeCoord.Contracts.Incidents.SightingSplit' THEN 'sightingSplit'
                        WHEN 'MaritimeCoord.Contracts.Drift.DriftRunCompleted' THEN 'driftRunCompleted'
                        ELSE NULL END;
                    IF name IS NULL THEN
                        RETURN NULL;
                    END IF;
                    incident := NULLIF(p->>'incidentId', '')::uuid;
                    -- A merge or split concerns two incidents: followers of either hear it.
                    other := COALESCE(NULLIF(p->>'mergedIncidentId', ''), NULLIF(p->>'newIncidentId', ''))::uuid;

                    SELECT array_agg(DISTINCT c ORDER BY c) INTO centres FROM (
                        SELECT jsonb_array_elements_text(COALESCE(p->'notifiedCentreCodes', '[]'::jsonb)) AS c
                        UNION SELECT p->>'coordinatingCentreCode'
                        UNION SELECT p->>'fromCentreCode'
                        UNION SELECT p->>'toCentreCode'
                        UNION SELECT h.from_centre_code FROM handover_offers h WHERE h.incident_id = incident
                        UNION SELECT h.to_centre_code FROM handover_offers h WHERE h.incident_id = incident
                    ) AS visible WHERE c IS NOT NULL AND c <> '';

                    streams := ARRAY['all-centres']
                        || COALESCE((SELECT array_agg('centre:' || c ORDER BY c) FROM unnest(centres) AS c), ARRAY[]::text[])
                        || CASE WHEN incident IS NULL THEN ARRAY[]::text[] ELSE ARRAY['incident:' || incident::text] END
                        || CASE WHEN other IS NULL OR other = incident THEN ARRAY[]::text[] ELSE ARRAY['incident:' || other::text] END;

                    -- One lock for every stream: commit order = number order, and no two committers can wait on each other.
                    PERFORM pg_advisory_xact_lock(7305, 5);
                    FOREACH s IN ARRAY streams LOOP
                        INSERT INTO situation_streams AS t (stream, last_seq) VALUES (s, 1)
                            ON CONFLICT (stream) DO UPDATE SET last_seq = t.last_seq + 1
                            RETURNING t.last_seq INTO n;
                        INSERT INTO situation_events (stream, seq, event_name, incident_id, outbox_id, payload, committed_at)
                            VALUES (s, n, name, incident, NEW.id, p, clock_timestamp());
                    END LOOP;
                    RETURN NULL;
                END
                $fn$;

                ALTER TABLE outbox_messages DROP COLUMN event_name, DROP COLUMN streams, DROP COLUMN stream_incident_id;
                """);
        }
    }
}
