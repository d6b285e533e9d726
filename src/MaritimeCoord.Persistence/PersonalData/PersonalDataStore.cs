using MaritimeCoord.Domain.PersonalData;
using Npgsql;
using NpgsqlTypes;

namespace MaritimeCoord.Persistence.PersonalData;

/// <summary>A person's row as stored: the record and photo are ciphertext, opaque to this layer.</summary>
public sealed record StoredPerson(Guid Id, Guid IncidentId, byte[] Record, string? PhotoContentType, int? PhotoLength,
    DateTimeOffset RecordedAt, string RecordedBy, DateTimeOffset ExpiresAt);

public sealed record AccessLogEntry(DateTimeOffset At, string Actor, string Action, Guid? IncidentId, Guid? PersonId, Guid? GrantId,
    string? Purpose, string Outcome, string? Detail = null);

public sealed record StoredGrant(AccessGrant Grant, string Reason, string? RevokedBy);

/// <summary>Access-log actions.</summary>
public static class AccessActions
{
    public const string Read = "read";
    public const string Create = "create";
    public const string Delete = "delete";
    public const string PhotoRead = "photo-read";
    public const string PhotoWrite = "photo-write";
    public const string Grant = "grant";
    public const string Revoke = "revoke";
    public const string Expire = "expire";
}

/// <summary>
/// The <c>personal</c> schema, with plain SQL (not in the EF model). Every operation runs in a
/// <see cref="PersonalDataSession"/>: the access-log line and the access it records commit together or not at all.
/// </summary>
public sealed class PersonalDataStore(NpgsqlDataSource dataSource)
{
    public const string ExpiryActor = "system:retention";

    public async Task<PersonalDataSession> BeginAsync(CancellationToken ct)
    {
        var conn = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var tx = await conn.BeginTransactionAsync(ct);
            return new PersonalDataSession(conn, tx);
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Deletes persons past their expiry in short batches (each its own transaction, rows locked with SKIP LOCKED so a
    /// concurrent reader is never waited on), writing one log line per deleted person in the same statement.
    /// </summary>
    public async Task<int> ExpireAsync(DateTimeOffset now, int batchSize, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            await using var cmd = new NpgsqlCommand("""
                WITH doomed AS (
                    SELECT id FROM personal.persons WHERE expires_at <= @now ORDER BY expires_at LIMIT @batch FOR UPDATE SKIP LOCKED),
                gone AS (
                    DELETE FROM personal.persons p USING doomed d WHERE p.id = d.id RETURNING p.id, p.incident_id, p.expires_at)
                INSERT INTO personal.access_log (at, actor, action, incident_id, person_id, outcome, detail)
                SELECT @now, @actor, 'expire', incident_id, id, 'deleted', 'retention period ended at ' || to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                FROM gone
                """, conn);
            cmd.Parameters.AddWithValue("now", now);
            cmd.Parameters.AddWithValue("batch", batchSize);
            cmd.Parameters.AddWithValue("actor", ExpiryActor);
            var deleted = await cmd.ExecuteNonQueryAsync(ct);
            total += deleted;
            if (deleted < batchSize) return total;
        }
    }
}

public sealed class PersonalDataSession(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
{
    public Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    private NpgsqlCommand Command(string sql) => new(sql, connection, transaction);

    public async Task LogAsync(AccessLogEntry entry, CancellationToken ct)
    {
        await using var cmd = Command("""
            INSERT INTO personal.access_log (at, actor, action, incident_id, person_id, grant_id, purpose, outcome, detail)
            VALUES (@at, @actor, @action, @incident, @person, @grant, @purpose, @outcome, @detail)
            """);
        cmd.Parameters.AddWithValue("at", entry.At);
        cmd.Parameters.AddWithValue("actor", entry.Actor);
        cmd.Parameters.AddWithValue("action", entry.Action);
        cmd.Parameters.Add(new NpgsqlParameter("incident", NpgsqlDbType.Uuid) { Value = (object?)entry.IncidentId ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("person", NpgsqlDbType.Uuid) { Value = (object?)entry.PersonId ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("grant", NpgsqlDbType.Uuid) { Value = (object?)entry.GrantId ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("purpose", NpgsqlDbType.Text) { Value = (object?)entry.Purpose ?? DBNull.Value });
        cmd.Parameters.AddWithValue("outcome", entry.Outcome);
        cmd.Parameters.Add(new NpgsqlParameter("detail", NpgsqlDbType.Text) { Value = (object?)entry.Detail ?? DBNull.Value });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The grants of an incident, optionally only one grantee's.</summary>
    public async Task<List<StoredGrant>> GrantsAsync(Guid incidentId, string? grantee, CancellationToken ct)
    {
        await using var cmd = Command("""
            SELECT id, incident_id, grantee, purpose, granted_by, granted_at, expires_at, revoked_at, reason, revoked_by
            FROM personal.grants WHERE incident_id = @incident AND (@grantee::text IS NULL OR grantee = @grantee) ORDER BY granted_at
            """);
        cmd.Parameters.AddWithValue("incident", incidentId);
        cmd.Parameters.Add(new NpgsqlParameter("grantee", NpgsqlDbType.Text) { Value = (object?)grantee ?? DBNull.Value });
        return await ReadGrantsAsync(cmd, ct);
    }

    public async Task<StoredGrant?> GrantAsync(Guid grantId, CancellationToken ct)
    {
        await using var cmd = Command("""
            SELECT id, incident_id, grantee, purpose, granted_by, granted_at, expires_at, revoked_at, reason, revoked_by
            FROM personal.grants WHERE id = @id FOR UPDATE
            """);
        cmd.Parameters.AddWithValue("id", grantId);
        return (await ReadGrantsAsync(cmd, ct)).SingleOrDefault();
    }

    private static async Task<List<StoredGrant>> ReadGrantsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var grants = new List<StoredGrant>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            // A purpose no longer in the list never authorises anything; it is still shown.
            _ = PersonalDataPurposes.TryParse(reader.GetString(3), out var purpose);
            grants.Add(new StoredGrant(
                new AccessGrant(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), purpose, reader.GetString(4),
                    reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6),
                    reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7)),
                reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
        }
        return grants;
    }

    public async Task InsertGrantAsync(AccessGrant grant, string reason, CancellationToken ct)
    {
        await using var cmd = Command("""
            INSERT INTO personal.grants (id, incident_id, grantee, purpose, reason, granted_by, granted_at, expires_at)
            VALUES (@id, @incident, @grantee, @purpose, @reason, @by, @at, @expires)
            """);
        cmd.Parameters.AddWithValue("id", grant.Id);
        cmd.Parameters.AddWithValue("incident", grant.IncidentId);
        cmd.Parameters.AddWithValue("grantee", grant.Grantee);
        cmd.Parameters.AddWithValue("purpose", grant.Purpose.WireName());
        cmd.Parameters.AddWithValue("reason", reason);
        cmd.Parameters.AddWithValue("by", grant.GrantedBy);
        cmd.Parameters.AddWithValue("at", grant.GrantedAt);
        cmd.Parameters.AddWithValue("expires", grant.ExpiresAt);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<bool> RevokeGrantAsync(Guid grantId, string by, DateTimeOffset at, CancellationToken ct)
    {
        await using var cmd = Command("UPDATE personal.grants SET revoked_at = @at, revoked_by = @by WHERE id = @id AND revoked_at IS NULL");
        cmd.Parameters.AddWithValue("id", grantId);
        cmd.Parameters.AddWithValue("by", by);
        cmd.Parameters.AddWithValue("at", at);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task InsertPersonAsync(StoredPerson person, CancellationToken ct)
    {
        await using var cmd = Command("""
            INSERT INTO personal.persons (id, incident_id, record, recorded_at, recorded_by, expires_at)
            VALUES (@id, @incident, @record, @at, @by, @expires)
            """);
        cmd.Parameters.AddWithValue("id", person.Id);
        cmd.Parameters.AddWithValue("incident", person.IncidentId);
        cmd.Parameters.AddWithValue("record", person.Record);
        cmd.Parameters.AddWithValue("at", person.RecordedAt);
        cmd.Parameters.AddWithValue("by", person.RecordedBy);
        cmd.Parameters.AddWithValue("expires", person.ExpiresAt);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Persons of an incident (one when <paramref name="personId"/> is given) that have not expired.</summary>
    public async Task<List<StoredPerson>> PersonsAsync(Guid incidentId, Guid? personId, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = Command("""
            SELECT id, incident_id, record, photo_content_type, photo_length, recorded_at, recorded_by, expires_at
            FROM personal.persons
            WHERE incident_id = @incident AND (@person::uuid IS NULL OR id = @person) AND expires_at > @now
            ORDER BY recorded_at, id
            """);
        cmd.Parameters.AddWithValue("incident", incidentId);
        cmd.Parameters.Add(new NpgsqlParameter("person", NpgsqlDbType.Uuid) { Value = (object?)personId ?? DBNull.Value });
        cmd.Parameters.AddWithValue("now", now);
        var persons = new List<StoredPerson>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            persons.Add(new StoredPerson(reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<byte[]>(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7)));
        return persons;
    }

    public async Task<bool> SetPhotoAsync(Guid incidentId, Guid personId, byte[] ciphertext, string contentType, int length, DateTimeOffset now,
        CancellationToken ct)
    {
        await using var cmd = Command("""
            UPDATE personal.persons SET photo = @photo, photo_content_type = @type, photo_length = @length
            WHERE id = @id AND incident_id = @incident AND expires_at > @now
            """);
        cmd.Parameters.AddWithValue("photo", ciphertext);
        cmd.Parameters.AddWithValue("type", contentType);
        cmd.Parameters.AddWithValue("length", length);
        cmd.Parameters.AddWithValue("id", personId);
        cmd.Parameters.AddWithValue("incident", incidentId);
        cmd.Parameters.AddWithValue("now", now);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<(byte[] Ciphertext, string ContentType)?> PhotoAsync(Guid incidentId, Guid personId, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = Command("""
            SELECT photo, photo_content_type FROM personal.persons
            WHERE id = @id AND incident_id = @incident AND expires_at > @now AND photo IS NOT NULL
            """);
        cmd.Parameters.AddWithValue("id", personId);
        cmd.Parameters.AddWithValue("incident", incidentId);
        cmd.Parameters.AddWithValue("now", now);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return (reader.GetFieldValue<byte[]>(0), reader.GetString(1));
    }

    public async Task<bool> DeletePersonAsync(Guid incidentId, Guid personId, CancellationToken ct)
    {
        await using var cmd = Command("DELETE FROM personal.persons WHERE id = @id AND incident_id = @incident");
        cmd.Parameters.AddWithValue("id", personId);
        cmd.Parameters.AddWithValue("incident", incidentId);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<List<AccessLogEntry>> LogAsync(Guid incidentId, int limit, CancellationToken ct)
    {
        await using var cmd = Command("""
            SELECT at, actor, action, incident_id, person_id, grant_id, purpose, outcome, detail
            FROM personal.access_log WHERE incident_id = @incident ORDER BY id DESC LIMIT @limit
            """);
        cmd.Parameters.AddWithValue("incident", incidentId);
        cmd.Parameters.AddWithValue("limit", limit);
        var entries = new List<AccessLogEntry>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            entries.Add(new AccessLogEntry(reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3), reader.IsDBNull(4) ? null : reader.GetGuid(4),
                reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        return entries;
    }
}
