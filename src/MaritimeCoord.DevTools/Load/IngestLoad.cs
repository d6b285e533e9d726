using System.Diagnostics;
using System.Globalization;
using System.Text;
using MaritimeCoord.Ais;
using MaritimeCoord.Ais.Messages;
using MaritimeCoord.Ais.Nmea;
using MaritimeCoord.Cli.Feeds;
using MaritimeCoord.Domain.Vessels;
using Npgsql;

namespace MaritimeCoord.DevTools.Load;

/// <summary>
/// `mcoord load ingest`: replays a capture over TCP at max rate for a fixed time through the same code as
/// `feed replay`, waits until the database holds every valid position sent (counted with the decoder), and reports
/// positions/s persisted, the server's peak RSS, and a raw psql COPY of the same rows into an identical partitioned
/// table as the physical limit.
/// </summary>
public static class IngestLoad
{
    public sealed record Options(string Host, int Port, string ConnectionString, int? ServerPid, TimeSpan Duration, string Capture, TextWriter Out);

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        await using var db = NpgsqlDataSource.Create(o.ConnectionString);
        long rowsBefore = await ScalarAsync(db, "SELECT count(*) FROM ais_positions", ct);
        o.Out.WriteLine($"load ingest: replaying {o.Capture} to {o.Host}:{o.Port} at max rate for {o.Duration.TotalSeconds:F0} s");

        var started = Stopwatch.StartNew();
        var sent = await NmeaReplay.ToTcpAsync(() => NmeaReplay.OpenCapture(o.Capture), o.Host, o.Port,
            new ReplayOptions(ReplayRate.AsFastAsPossible, Duration: o.Duration), ct);
        o.Out.WriteLine($"  sent: {sent.Lines:N0} lines in {sent.Elapsed.TotalSeconds:F1} s ({sent.Lines / sent.Elapsed.TotalSeconds:N0} lines/s){(sent.StoppedByDuration ? "" : " — capture exhausted before the duration")}");

        long expected = ValidPositions(o.Capture, sent.Lines);
        o.Out.WriteLine($"  valid positions sent (decoder): {expected:N0}");

        // Cheap progress from the statistics collector; the exact count is checked once at the end.
        var deadline = TimeSpan.FromMinutes(10);
        TimeSpan reached = TimeSpan.Zero;
        while (started.Elapsed < sent.Elapsed + deadline)
        {
            long inserted = await ScalarAsync(db, "SELECT coalesce(sum(n_tup_ins), 0) FROM pg_stat_user_tables WHERE relname LIKE 'ais_positions_p%'", ct);
            if (inserted - rowsBefore >= expected) { reached = started.Elapsed; break; }
            await Task.Delay(250, ct);
        }

        long rows = await ScalarAsync(db, "SELECT count(*) FROM ais_positions", ct) - rowsBefore;
        double rate = rows / reached.TotalSeconds;
        o.Out.WriteLine($"  persisted: {rows:N0} rows, all committed {reached.TotalSeconds:F1} s after the first line → {rate:N0} positions/s");
        o.Out.WriteLine($"  database count == valid positions sent: {(rows == expected ? "yes" : $"NO ({rows} vs {expected})")}");
        if (o.ServerPid is { } pid) o.Out.WriteLine($"  server peak RSS (VmHWM of pid {pid}): {PeakRss(pid)}");

        var copy = await RawCopyAsync(db, o.ConnectionString, ct);
        o.Out.WriteLine($"  raw psql COPY of the same {copy.Rows:N0} rows into an identical partitioned, indexed table: {copy.Elapsed.TotalSeconds:F1} s → {copy.Rows / copy.Elapsed.TotalSeconds:N0} rows/s");
        o.Out.WriteLine($"  end-to-end / raw COPY: {rate / (copy.Rows / copy.Elapsed.TotalSeconds):P0}");
        return rows == expected ? 0 : 1;
    }

    /// <summary>Valid positions among the first <paramref name="lines"/> lines, as the server's validate stage sees them.</summary>
    public static long ValidPositions(string capture, long lines)
    {
        var decoder = new AisStreamDecoder();
        var counter = new Counter();
        using var reader = new StreamReader(NmeaReplay.OpenCapture(capture), Encoding.Latin1);
        for (long i = 0; i < lines && reader.ReadLine() is { } line; i++) decoder.DecodeLine(Encoding.Latin1.GetBytes(line), ref counter);
        return counter.Valid;
    }

    private sealed class Counter : IAisMessageSink
    {
        public long Valid { get; private set; }

        public void OnMessage(scoped in NmeaSentence lastSentence, long receiveTimeMs, scoped AisPayload payload)
        {
            if (payload.MessageType is not (1 or 2 or 3)) return; // the synthetic capture holds class A reports only
            var m = PositionReportClassA.Decode(payload);
            if (PositionRules.Validate(m.Mmsi, m.LongitudeDegrees, m.LatitudeDegrees) == PositionRejectReason.None) Valid++;
        }
    }

    private static string PeakRss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        if (line is null) return "unknown";
        long kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return $"{kb / 1024.0:N0} MiB";
    }

    private static async Task<(long Rows, TimeSpan Elapsed)> RawCopyAsync(NpgsqlDataSource db, string connectionString, CancellationToken ct)
    {
        var file = Path.Combine(Path.GetTempPath(), "mcoord-load-rows.copy");
        var conninfo = LibpqConninfo(connectionString);
        const string columns = "mmsi, observed_at, message_type, position, speed_knots, course_degrees, heading, navigational_status";
        await PsqlAsync(conninfo, $"\\copy (SELECT {columns} FROM ais_positions) TO '{file}'", ct);

        var days = new List<DateOnly>();
        await using (var cmd = db.CreateCommand("SELECT DISTINCT (observed_at AT TIME ZONE 'UTC')::date FROM ais_positions"))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) days.Add(DateOnly.FromDateTime(reader.GetDateTime(0)));
        // An identical table: same defaults (ingested_at, added for the detectors, defaults to now()) and the same indexes.
        var ddl = new StringBuilder("DROP TABLE IF EXISTS load_copy_limit; CREATE TABLE load_copy_limit (LIKE ais_positions INCLUDING DEFAULTS) PARTITION BY RANGE (observed_at);");
        ddl.Append("CREATE INDEX ON load_copy_limit USING brin (observed_at); CREATE INDEX ON load_copy_limit USING gist (position);");
        ddl.Append("CREATE INDEX ON load_copy_limit USING brin (ingested_at);");
        foreach (var d in days)
        {
            ddl.Append(CultureInfo.InvariantCulture, $"CREATE TABLE load_copy_limit_p{d:yyyyMMdd} PARTITION OF load_copy_limit FOR VALUES FROM ('{d:yyyy-MM-dd} 00:00:00+00') TO ('{d.AddDays(1):yyyy-MM-dd} 00:00:00+00');");
        }

        await using (var cmd = db.CreateCommand(ddl.ToString())) await cmd.ExecuteNonQueryAsync(ct);
        var watch = Stopwatch.StartNew();
        await PsqlAsync(conninfo, $"\\copy load_copy_limit ({columns}) FROM '{file}'", ct);
        var elapsed = watch.Elapsed;
        long rows = await ScalarAsync(db, "SELECT count(*) FROM load_copy_limit", ct);
        await using (var cmd = db.CreateCommand("DROP TABLE load_copy_limit")) await cmd.ExecuteNonQueryAsync(ct);
        File.Delete(file);
        return (rows, elapsed);
    }

    private static async Task PsqlAsync(string conninfo, string command, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("psql") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("-X");
        psi.ArgumentList.Add("-v");
        psi.ArgumentList.Add("ON_ERROR_STOP=1");
        psi.ArgumentList.Add("-d");
        psi.ArgumentList.Add(conninfo);
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        using var psql = Process.Start(psi) ?? throw new InvalidOperationException("psql did not start");
        var error = psql.StandardError.ReadToEndAsync(ct);
        await psql.StandardOutput.ReadToEndAsync(ct);
        await psql.WaitForExitAsync(ct);
        if (psql.ExitCode != 0) throw new InvalidOperationException($"psql failed: {await error}");
    }

    private static string LibpqConninfo(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"host={b.Host} port={b.Port} dbname={b.Database} user={b.Username} password={b.Password}";
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }
}
