using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;

namespace MaritimeCoord.Persistence.Ais;

/// <summary>
/// Daily partitions of <c>ais_positions</c> (UTC days). Created ahead by a recurring job and on demand before a COPY
/// that needs a day not seen yet. Creation takes a transaction-level advisory lock so ingest nodes and the job never
/// race on the same DDL; <c>IF NOT EXISTS</c> makes it idempotent.
/// </summary>
public sealed class AisPartitions(NpgsqlDataSource dataSource)
{
    public const string Table = "ais_positions";
    private const long AdvisoryLockKey = 0x4149_5350_4152_54; // "AISPART"
    private readonly ConcurrentDictionary<DateOnly, byte> _known = new();

    public static string PartitionName(DateOnly day) => $"{Table}_p{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    public static DateOnly DayOf(long unixMs) => DateOnly.FromDateTime(DateTime.UnixEpoch.AddMilliseconds(unixMs));

    /// <summary>Makes sure every day has its partition; cheap when all are known.</summary>
    public async Task EnsureAsync(IReadOnlyCollection<DateOnly> days, CancellationToken ct)
    {
        var missing = days.Where(d => !_known.ContainsKey(d)).Distinct().Order().ToList();
        if (missing.Count == 0) return;

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var lockCmd = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", conn, tx))
            await lockCmd.ExecuteNonQueryAsync(ct);
        foreach (var day in missing)
        {
            // Names and bounds come from a DateOnly, never from input text.
            var from = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var to = day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await using var cmd = new NpgsqlCommand(
                $"CREATE TABLE IF NOT EXISTS {PartitionName(day)} PARTITION OF {Table} FOR VALUES FROM ('{from} 00:00:00+00') TO ('{to} 00:00:00+00')",
                conn, tx);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        foreach (var day in missing) _known.TryAdd(day, 0);
    }

    /// <summary>Forgets what is known to exist (after a failed write: a partition may have been dropped meanwhile).</summary>
    public void Forget() => _known.Clear();

    /// <summary>Partitions from <paramref name="firstDay"/> for <paramref name="days"/> days (the recurring job).</summary>
    public Task EnsureRangeAsync(DateOnly firstDay, int days, CancellationToken ct) =>
        EnsureAsync(Enumerable.Range(0, days).Select(firstDay.AddDays).ToList(), ct);

    /// <summary>Names of the existing partitions, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = @t ORDER BY c.relname",
            conn);
        cmd.Parameters.AddWithValue("t", Table);
        var names = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) names.Add(reader.GetString(0));
        return names;
    }
}
