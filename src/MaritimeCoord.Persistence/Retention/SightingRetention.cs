using Npgsql;

namespace MaritimeCoord.Persistence.Retention;

/// <summary>
/// Sightings are not partitioned: they are few (typed by people, a few per minute), referenced by their incident and
/// mapped by EF with a plain primary key, so partitioning them would mean changing that key and every reference for a
/// table whose whole-year delete is small. Old ones are removed in short batches by primary key instead (each batch its
/// own transaction, rows taken with SKIP LOCKED), and only those of incidents that are over (resolved or closed): an
/// open incident keeps its whole record however old.
/// </summary>
public sealed class SightingRetention(NpgsqlDataSource dataSource)
{
    public async Task<int> DeleteExpiredAsync(DateTimeOffset cutoff, int batchSize, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            await using var cmd = new NpgsqlCommand("""
                DELETE FROM sightings WHERE id IN (
                    SELECT s.id FROM sightings s JOIN incidents i ON i.id = s.incident_id
                    WHERE s.observed_at < @cutoff AND i.phase IN ('resolved', 'closed')
                    ORDER BY s.observed_at LIMIT @batch FOR UPDATE OF s SKIP LOCKED)
                """, conn);
            cmd.Parameters.AddWithValue("cutoff", cutoff);
            cmd.Parameters.AddWithValue("batch", batchSize);
            var deleted = await cmd.ExecuteNonQueryAsync(ct);
            total += deleted;
            if (deleted < batchSize) return total;
        }
    }
}
