using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <summary>
    /// Correlation that never merges two boats silently (issue 15 item 2; docs/correlation.md): <c>incident_links</c>
    /// holds "possibly the same as" flags between a new incident and the near incidents whose boat its first sighting did
    /// not match, and "merged into" links left by an operator's merge (raw SQL only: not in the EF model). The stream
    /// numbering trigger learns the events every incident command now queues (persons on board, distress indicators,
    /// SITREP issued, merge, split); a merge or split is also numbered in the second incident's stream.
    /// </summary>
    [DbContext(typeof(MaritimeDbContext))]
    [Migration("20261207110000_IncidentCorrelationLinks")]
    public partial class IncidentCorrelationLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE incident_links (
                    incident_id uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
                    other_incident_id uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
                    kind text NOT NULL CHECK (kind IN ('possibly-same', 'merged-into')),
                    distance_metres double precision NULL,
                    reason text NOT NULL CHECK (length(reason) <= 2000),
                    created_at timestamp with time zone NOT NULL,
                    PRIMARY KEY (incident_id, other_incident_id, kind),
                    CHECK (incident_id <> other_incident_id)
                );
                CREATE INDEX ix_incident_links_other ON incident_links (other_incident_id);
                COMMENT ON TABLE incident_links IS 'possibly-same: flagged by correlation for an operator; merged-into: incident_id was merged into other_incident_id (docs/correlation.md)';

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
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE IF EXISTS incident_links;

                CREATE OR REPLACE FUNCTION situation_events_number() RETURNS trigger LANGUAGE plpgsql AS $fn$
                DECLARE
                    p jsonb := NEW.payload::jsonb;
                    name text;
                    incident uuid;
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
                        ELSE NULL END;
                    IF name IS NULL THEN
                        RETURN NULL;
                    END IF;
                    incident := NULLIF(p->>'incidentId', '')::uuid;

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
                        || CASE WHEN incident IS NULL THEN ARRAY[]::text[] ELSE ARRAY['incident:' || incident::text] END;

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
                """);
        }
    }
}
