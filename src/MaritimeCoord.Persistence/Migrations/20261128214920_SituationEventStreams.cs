using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <summary>
    /// Ordered, gap-free situation event streams (docs/realtime.md). Every incident, sighting, handover and detection
    /// event written to the outbox is copied, at COMMIT, into one row per stream that may see it, numbered 1, 2, 3 … per
    /// stream. Streams: <c>centre:CODE</c> (a centre's operators), <c>all-centres</c> (administrators) and
    /// <c>incident:ID</c> (clients subscribed to one incident).
    /// </summary>
    /// <remarks>
    /// The numbering runs in a DEFERRED constraint trigger, i.e. as the last thing before the commit, under one
    /// transaction-level advisory lock. So: numbers are taken in commit order; a transaction that rolls back never
    /// took any (no holes); the lock is held only for the few inserts of the trigger, after all the business
    /// statements, so it can neither deadlock with them nor slow them down; and a reader that sees number N also sees
    /// every number below N (the holder of N-1 committed before N was taken). A client that has N and receives N+2
    /// therefore knows N+1 exists and asks for it. Visibility follows IncidentAccess: the centres the event names
    /// (notified, coordinating, from/to of a handover) plus every centre that ever was a handover partner of the
    /// incident (offered to or by), which is how the centre a pending offer is made to also gets phase changes.
    /// </remarks>
    [DbContext(typeof(MaritimeDbContext))]
    [Migration("20261128214920_SituationEventStreams")]
    public partial class SituationEventStreams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE situation_streams (
                    stream text PRIMARY KEY,
                    last_seq bigint NOT NULL
                );

                CREATE TABLE situation_events (
                    stream text NOT NULL,
                    seq bigint NOT NULL,
                    event_name text NOT NULL,
                    incident_id uuid NULL,
                    outbox_id bigint NOT NULL,
                    payload jsonb NOT NULL,
                    committed_at timestamp with time zone NOT NULL,
                    PRIMARY KEY (stream, seq)
                );
                CREATE INDEX ix_situation_events_outbox_id ON situation_events (outbox_id);

                CREATE FUNCTION situation_events_number() RETURNS trigger LANGUAGE plpgsql AS $fn$
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

                CREATE CONSTRAINT TRIGGER outbox_messages_number_situation_events
                    AFTER INSERT ON outbox_messages
                    DEFERRABLE INITIALLY DEFERRED
                    FOR EACH ROW EXECUTE FUNCTION situation_events_number();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS outbox_messages_number_situation_events ON outbox_messages;
                DROP FUNCTION IF EXISTS situation_events_number();
                DROP TABLE IF EXISTS situation_events;
                DROP TABLE IF EXISTS situation_streams;
                """);
        }
    }
}
