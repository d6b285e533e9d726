using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <summary>
    /// Gridded forcing files and drift runs of incidents (raw SQL only: not in the EF model; docs/drift-runs.md).
    /// </summary>
    /// <remarks>
    /// Particles are stored one row per (run, output hour): a MultiPoint geography of every particle (in seeding order)
    /// plus one flag byte per particle (bit 0 stranded, bit 1 right of downwind), so a 100,000-particle, 72-hour run is
    /// 73 rows written by binary COPY instead of 7.3 million. The geography column is compressed with lz4 (pglz is
    /// several times slower on this data). Probability grid cells are sparse arrays on the same row; containment
    /// polygons have their own rows. The situation-event numbering function learns the driftRunCompleted event.
    /// </remarks>
    [DbContext(typeof(MaritimeDbContext))]
    [Migration("20261207150000_DriftRuns")]
    public partial class DriftRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE forcing_files (
                    id uuid PRIMARY KEY,
                    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                    sha256 text NOT NULL UNIQUE,
                    size_bytes bigint NOT NULL CHECK (size_bytes > 0),
                    content bytea NOT NULL,
                    variables jsonb NOT NULL,
                    has_wind boolean NOT NULL,
                    has_current boolean NOT NULL,
                    time_start timestamp with time zone NOT NULL,
                    time_end timestamp with time zone NOT NULL CHECK (time_end >= time_start),
                    west double precision NOT NULL,
                    south double precision NOT NULL,
                    east double precision NOT NULL,
                    north double precision NOT NULL,
                    loaded_by text NOT NULL,
                    loaded_at timestamp with time zone NOT NULL
                );
                -- NetCDF-4 variables are usually deflated already: do not spend time trying to compress them again.
                ALTER TABLE forcing_files ALTER COLUMN content SET STORAGE EXTERNAL;
                COMMENT ON TABLE forcing_files IS 'Gridded wind/current forcing (NetCDF-4/CF) loaded by an administrator; the file itself is kept whole';

                CREATE TABLE drift_runs (
                    id uuid PRIMARY KEY,
                    incident_id uuid NOT NULL REFERENCES incidents (id),
                    object_class text NOT NULL,
                    direction text NOT NULL CHECK (direction IN ('forward', 'backward')),
                    seeded_at timestamp with time zone NOT NULL,
                    hours integer NOT NULL CHECK (hours BETWEEN 1 AND 168),
                    particles integer NOT NULL CHECK (particles BETWEEN 1 AND 200000),
                    step_minutes integer NOT NULL CHECK (step_minutes BETWEEN 1 AND 60),
                    seed integer NOT NULL,
                    request jsonb NOT NULL,
                    forcing_file_id uuid NULL REFERENCES forcing_files (id),
                    forcing_notes jsonb NOT NULL DEFAULT '[]'::jsonb,
                    status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
                    error text NULL,
                    progress real NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
                    attempts integer NOT NULL DEFAULT 0,
                    created_by text NOT NULL,
                    created_at timestamp with time zone NOT NULL,
                    started_at timestamp with time zone NULL,
                    heartbeat_at timestamp with time zone NULL,
                    finished_at timestamp with time zone NULL,
                    idempotency_key text NULL,
                    request_fingerprint text NULL
                );
                CREATE INDEX ix_drift_runs_incident ON drift_runs (incident_id, created_at DESC);
                CREATE UNIQUE INDEX ux_drift_runs_idempotency ON drift_runs (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL;
                CREATE INDEX ix_drift_runs_unfinished ON drift_runs (heartbeat_at) WHERE status IN ('queued', 'running');

                CREATE TABLE drift_run_hours (
                    run_id uuid NOT NULL REFERENCES drift_runs (id) ON DELETE CASCADE,
                    hour integer NOT NULL,
                    at timestamp with time zone NOT NULL,
                    particles geography (multipoint, 4326) NOT NULL,
                    flags bytea NOT NULL,
                    active_count integer NOT NULL,
                    stranded_count integer NOT NULL,
                    mean_position geography (point, 4326) NOT NULL,
                    datum geography (point, 4326) NOT NULL,
                    drift_metres double precision NOT NULL,
                    probable_error_metres double precision NOT NULL,
                    search_radius_metres double precision NOT NULL,
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
                    PRIMARY KEY (run_id, hour)
                );
                COMMENT ON COLUMN drift_run_hours.grid_cells IS 'Non-empty cells (row × grid_columns + column, ascending) of the Domain/Search probability grid; grid_probabilities holds theirs';
                ALTER TABLE drift_run_hours ALTER COLUMN particles SET COMPRESSION lz4;

                CREATE TABLE drift_run_containment (
                    run_id uuid NOT NULL REFERENCES drift_runs (id) ON DELETE CASCADE,
                    hour integer NOT NULL,
                    percent smallint NOT NULL CHECK (percent BETWEEN 1 AND 99),
                    area geography (multipolygon, 4326) NOT NULL,
                    area_square_metres double precision NOT NULL,
                    probability double precision NOT NULL,
                    PRIMARY KEY (run_id, hour, percent)
                );

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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE IF EXISTS drift_run_containment;
                DROP TABLE IF EXISTS drift_run_hours;
                DROP TABLE IF EXISTS drift_runs;
                DROP TABLE IF EXISTS forcing_files;
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
    }
}
