using System.Globalization;
using MaritimeCoord.Domain.Retention;
using MaritimeCoord.Persistence.Ais;
using Npgsql;

namespace MaritimeCoord.Persistence.Retention;

/// <summary>
/// Drops whole days of <c>ais_positions</c> past their retention, without a long lock or a DELETE: each expired
/// partition is detached with <c>DETACH PARTITION … CONCURRENTLY</c> (PostgreSQL 14+; it takes only SHARE UPDATE
/// EXCLUSIVE on the parent, so COPY into today's partition goes on) and then dropped on its own (the exclusive lock is
/// on a table nobody writes to any more). A detach interrupted half-way is finished (<c>FINALIZE</c>) on the next run.
/// </summary>
public sealed class AisPartitionRetention(NpgsqlDataSource dataSource)
{
    private static readonly string Prefix = AisPartitions.Table + "_p";

    /// <summary>Days of the attached partitions, and those left "detach pending" by an interrupted run.</summary>
    public async Task<(IReadOnlyList<DateOnly> Attached, IReadOnlyList<string> DetachPending)> ListAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            SELECT c.relname, i.inhdetachpending FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
            WHERE p.relname = @t ORDER BY c.relname
            """, conn);
        cmd.Parameters.AddWithValue("t", AisPartitions.Table);
        var attached = new List<DateOnly>();
        var pending = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var name = reader.GetString(0);
            if (reader.GetBoolean(1)) pending.Add(name);
            else if (TryDay(name, out var day)) attached.Add(day);
            // Any other partition is not one of ours (not named by AisPartitions): left alone.
        }
        return (attached, pending);
    }

    public static bool TryDay(string partitionName, out DateOnly day)
    {
        day = default;
        return partitionName.StartsWith(Prefix, StringComparison.Ordinal)
               && DateOnly.TryParseExact(partitionName[Prefix.Length..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    /// <summary>Drops the partitions wholly older than the retention; returns the names dropped.</summary>
    public async Task<IReadOnlyList<string>> DropExpiredAsync(DateTimeOffset now, TimeSpan retainFor, TimeSpan lockTimeout, CancellationToken ct)
    {
        var (attached, pending) = await ListAsync(ct);
        var dropped = new List<string>();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        // Never queue behind a long analyst query holding the parent: give up this run and try again on the next.
        await ExecuteAsync(conn, $"SET lock_timeout = '{(int)lockTimeout.TotalMilliseconds}ms'", ct);
        foreach (var name in pending)
        {
            await ExecuteAsync(conn, $"ALTER TABLE {AisPartitions.Table} DETACH PARTITION {name} FINALIZE", ct);
            if (TryDay(name, out var day) && RetentionRules.PartitionsToDrop([day], now, retainFor).Count == 1)
            {
                await ExecuteAsync(conn, $"DROP TABLE IF EXISTS {name}", ct);
                dropped.Add(name);
            }
        }
        foreach (var day in RetentionRules.PartitionsToDrop(attached, now, retainFor))
        {
            // The name comes from a parsed DateOnly, never from text: safe to splice into DDL.
            var name = AisPartitions.PartitionName(day);
            // CONCURRENTLY cannot run inside a transaction block: this connection is in autocommit.
            await ExecuteAsync(conn, $"ALTER TABLE {AisPartitions.Table} DETACH PARTITION {name} CONCURRENTLY", ct);
            await ExecuteAsync(conn, $"DROP TABLE IF EXISTS {name}", ct);
            dropped.Add(name);
        }
        return dropped;
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
