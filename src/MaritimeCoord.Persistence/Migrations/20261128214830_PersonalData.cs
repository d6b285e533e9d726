using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <summary>
    /// Personal data of people on board, apart from operational data (schema <c>personal</c>, docs/personal-data.md).
    /// Raw SQL only: not in the EF model. The record and photo columns hold ASP.NET Core Data Protection ciphertext; the
    /// keys live outside the database (PersonalData:KeyDirectory), so a database dump alone reveals nobody.
    /// </summary>
    [DbContext(typeof(MaritimeDbContext))]
    [Migration("20261128214830_PersonalData")]
    public partial class PersonalData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE SCHEMA IF NOT EXISTS personal;
                COMMENT ON SCHEMA personal IS 'Personal data of people on board: encrypted, read only with a grant, every access logged (docs/personal-data.md)';

                CREATE TABLE personal.persons (
                    id uuid PRIMARY KEY,
                    incident_id uuid NOT NULL REFERENCES public.incidents (id) ON DELETE CASCADE,
                    record bytea NOT NULL,
                    photo bytea NULL,
                    photo_content_type text NULL CHECK (photo_content_type IN ('image/jpeg', 'image/png', 'image/webp')),
                    photo_length integer NULL,
                    recorded_at timestamp with time zone NOT NULL,
                    recorded_by text NOT NULL,
                    expires_at timestamp with time zone NOT NULL
                );
                CREATE INDEX ix_persons_incident_id ON personal.persons (incident_id);
                CREATE INDEX ix_persons_expires_at ON personal.persons (expires_at);
                COMMENT ON COLUMN personal.persons.record IS 'Data Protection ciphertext of {name, nationality, age, medicalNotes}; purpose bound to the row id';

                CREATE TABLE personal.grants (
                    id uuid PRIMARY KEY,
                    incident_id uuid NOT NULL REFERENCES public.incidents (id) ON DELETE CASCADE,
                    grantee text NOT NULL,
                    purpose text NOT NULL,
                    reason text NOT NULL,
                    granted_by text NOT NULL,
                    granted_at timestamp with time zone NOT NULL,
                    expires_at timestamp with time zone NOT NULL,
                    revoked_at timestamp with time zone NULL,
                    revoked_by text NULL,
                    CHECK (expires_at > granted_at)
                );
                CREATE INDEX ix_grants_incident_grantee ON personal.grants (incident_id, grantee);

                -- Who touched personal data, when, why and with what result. No foreign keys: the log outlives the
                -- records it describes (expiry deletes persons, never their log lines).
                CREATE TABLE personal.access_log (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    at timestamp with time zone NOT NULL,
                    actor text NOT NULL,
                    action text NOT NULL,
                    incident_id uuid NULL,
                    person_id uuid NULL,
                    grant_id uuid NULL,
                    purpose text NULL,
                    outcome text NOT NULL,
                    detail text NULL
                );
                CREATE INDEX ix_access_log_incident_at ON personal.access_log (incident_id, at);
                CREATE INDEX ix_access_log_actor_at ON personal.access_log (actor, at);

                CREATE FUNCTION personal.access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'personal.access_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER access_log_append_only
                    BEFORE UPDATE OR DELETE ON personal.access_log
                    FOR EACH ROW EXECUTE FUNCTION personal.access_log_append_only();
                CREATE TRIGGER access_log_no_truncate
                    BEFORE TRUNCATE ON personal.access_log
                    FOR EACH STATEMENT EXECUTE FUNCTION personal.access_log_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP SCHEMA IF EXISTS personal CASCADE;");
        }
    }
}
