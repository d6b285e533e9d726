using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <summary>
    /// Search plans of an incident, their assignments and search results (raw SQL only: not in the EF model;
    /// docs/search-planning.md). The situation-event numbering function learns searchPlanProposed, searchPlanIssued
    /// and searchResultRecorded.
    /// </summary>
    [DbContext(typeof(MaritimeDbContext))]
    [Migration("20261207210000_SearchPlans")]
    public partial class SearchPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE search_plans (
                    incident_id uuid NOT NULL REFERENCES incidents (id),
                    number integer NOT NULL CHECK (number >= 1),
                    drift_run_id uuid NOT NULL REFERENCES drift_runs (id),
                    run_hour integer NOT NULL,
                    grid_at timestamp with time zone NOT NULL,
                    start_at timestamp with time zone NOT NULL,
                    status text NOT NULL CHECK (status IN ('proposed', 'issued', 'closed')),
                    grid_centre_latitude double precision NOT NULL,
                    grid_centre_longitude double precision NOT NULL,
                    grid_origin_x double precision NOT NULL,
                    grid_origin_y double precision NOT NULL,
                    grid_cell_metres double precision NOT NULL,
                    grid_columns integer NOT NULL,
                    grid_rows integer NOT NULL,
                    grid_cells integer[] NOT NULL,
                    grid_probabilities double precision[] NOT NULL,
                    grid_probability_in_grid double precision NOT NULL,
                    grid_stranded_probability double precision NOT NULL,
                    prior_from integer[] NOT NULL DEFAULT '{}',
                    achieved_probability_of_success double precision NULL CHECK (achieved_probability_of_success BETWEEN 0 AND 1),
                    request jsonb NOT NULL,
                    created_by text NOT NULL,
                    created_at timestamp with time zone NOT NULL,
                    issued_by text NULL,
                    issued_at timestamp with time zone NULL,
                    closed_at timestamp with time zone NULL,
                    idempotency_key text NULL,
                    request_fingerprint text NULL,
                    PRIMARY KEY (incident_id, number)
                );
                CREATE UNIQUE INDEX ux_search_plans_idempotency ON search_plans (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL;
                COMMENT ON TABLE search_plans IS 'Search plans of an incident (docs/search-planning.md); the grid columns hold the plan''s prior map (non-empty cells of the Domain/Search grid)';
                COMMENT ON COLUMN search_plans.prior_from IS 'Earlier plans whose recorded results weighted the particles of the prior map';

                CREATE TABLE search_plan_assignments (
                    incident_id uuid NOT NULL,
                    number integer NOT NULL,
                    asset_code text NOT NULL CHECK (length(asset_code) BETWEEN 1 AND 64),
                    ordinal integer NOT NULL,
                    speed_knots double precision NOT NULL CHECK (speed_knots > 0),
                    endurance_hours double precision NOT NULL CHECK (endurance_hours > 0),
                    sweep_width_nm double precision NOT NULL CHECK (sweep_width_nm > 0),
                    object_type text NULL,
                    visibility_nm double precision NULL,
                    sea_state text NULL,
                    pattern text NOT NULL,
                    track_spacing_metres double precision NULL CHECK (track_spacing_metres > 0),
                    centre_x double precision NULL,
                    centre_y double precision NULL,
                    length_metres double precision NULL CHECK (length_metres > 0),
                    width_metres double precision NULL CHECK (width_metres > 0),
                    orientation_degrees double precision NULL,
                    PRIMARY KEY (incident_id, number, asset_code),
                    FOREIGN KEY (incident_id, number) REFERENCES search_plans (incident_id, number) ON DELETE CASCADE
                );
                COMMENT ON COLUMN search_plan_assignments.centre_x IS 'Sub-area in the plan grid''s plane (metres); NULL: the planner found no room for the asset';

                CREATE TABLE search_plan_results (
                    incident_id uuid NOT NULL,
                    number integer NOT NULL,
                    asset_code text NOT NULL,
                    searched text NOT NULL CHECK (searched IN ('full', 'partial')),
                    fraction_searched double precision NOT NULL CHECK (fraction_searched BETWEEN 0 AND 1),
                    track geography (linestring, 4326) NULL,
                    track_times timestamp with time zone[] NULL,
                    visibility_nm double precision NULL,
                    sea_state text NULL,
                    sweep_width_nm double precision NOT NULL CHECK (sweep_width_nm > 0),
                    coverage double precision[] NOT NULL,
                    probability_of_success double precision NOT NULL,
                    recorded_by text NOT NULL,
                    recorded_at timestamp with time zone NOT NULL,
                    PRIMARY KEY (incident_id, number, asset_code),
                    FOREIGN KEY (incident_id, number, asset_code) REFERENCES search_plan_assignments (incident_id, number, asset_code) ON DELETE CASCADE
                );
                COMMENT ON COLUMN search_plan_results.coverage IS 'Coverage per cell of the plan grid (dense, row × columns + column) from this asset''s track: POD = 1 − exp(−C)';

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
                        WHEN 'MaritimeCoord.Contracts.Search.SearchPlanProposed' THEN 'searchPlanProposed'
                        WHEN 'MaritimeCoord.Contracts.Search.SearchPlanIssued' THEN 'searchPlanIssued'
                        WHEN 'MaritimeCoord.Contracts.Search.SearchResultRecorded' THEN 'searchResultRecorded'
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
                DROP TABLE IF EXISTS search_plan_results;
                DROP TABLE IF EXISTS search_plan_assignments;
                DROP TABLE IF EXISTS search_plans;
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
                """);
        }
    }
}
