using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using MaritimeCoord.Cli.Auth;
using MaritimeCoord.Cli.Commands;
using MaritimeCoord.Cli.Feeds;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.History;
using MaritimeCoord.Persistence.History;
using Npgsql;

namespace MaritimeCoord.DevTools.Load;

/// <summary>
/// `mcoord load history`: random one-hour windows in 500 km × 500 km boxes (centred on stored positions, so they fall
/// where the traffic is), each asked through the API as NDJSON and, right after, as the same SQL through Npgsql
/// without the API (the baseline); reports time to first byte/row, time to last, and rows. With --ingest-tcp it also
/// replays AIS at max rate into the server twice — alone, then while analysts query without pause — and reports
/// positions/s persisted for both, side by side.
/// </summary>
public static class HistoryLoad
{
    public sealed record Options(string Url, string Token, string ConnectionString, int Queries, double BoxKm, TimeSpan Window, int Seed,
        string? IngestTcp, TimeSpan IngestDuration, long CaptureLines, int CaptureVessels, double AnalystRate, TextWriter Out, double IngestRate = 0);

    private sealed record Sample(double TtfbMs, double TtlbMs, long Rows);

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        await using var db = NpgsqlDataSource.Create(o.ConnectionString);
        var query = new HistoryQuery(db);
        using var http = new HttpClient { BaseAddress = new Uri(o.Url), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", o.Token);
        long total = await ScalarAsync(db, "SELECT count(*) FROM ais_positions", ct);
        var windows = await WindowsAsync(db, o, total, ct);
        o.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load history: {total:N0} positions stored; {windows.Count} random {o.Window.TotalMinutes:0}-minute windows in {o.BoxKm:0} km × {o.BoxKm:0} km boxes (seed {o.Seed}); {o.Url}"));

        // Warm-up (not recorded): the first requests pay JIT and pool start-up on both sides.
        foreach (var w in windows.Take(3)) { await ApiAsync(http, w, ct); await SqlAsync(query, w, ct); }
        var api = new List<Sample>();
        var sql = new List<Sample>();
        foreach (var w in windows.Take(o.Queries))
        {
            api.Add(await ApiAsync(http, w, ct));
            sql.Add(await SqlAsync(query, w, ct));
        }

        Report(o.Out, "sequential, no ingest", api, sql);
        if (api.Zip(sql).Any(p => p.First.Rows != p.Second.Rows))
        {
            o.Out.WriteLine("  ROW COUNTS DIFFER between the API and SQL");
            return 1;
        }

        if (o.IngestTcp is null) return 0;
        if (!FeedCommands.TryParseEndpoint(o.IngestTcp, out var host, out int port)) throw new ArgumentException("--ingest-tcp must be HOST:PORT");

        // Two captures with later tag-block times each, so the server's per-vessel ordering accepts every line of both.
        var spanMs = o.CaptureLines / Math.Max(1, o.CaptureVessels) * 10_000 + 60_000;
        var start = DateTimeOffset.UtcNow.AddHours(-6);
        var alone = Path.Combine(Path.GetTempPath(), "mcoord-history-ingest-a.nmea");
        var together = Path.Combine(Path.GetTempPath(), "mcoord-history-ingest-b.nmea");
        SyntheticAis.Write(alone, o.CaptureLines, o.CaptureVessels, start);
        SyntheticAis.Write(together, o.CaptureLines, o.CaptureVessels, start.AddMilliseconds(spanMs));

        var ingestAlone = await IngestAsync(db, alone, host, port, o.IngestDuration, o.IngestRate, ct);
        using var stopAnalysts = new CancellationTokenSource();
        var analystApi = new List<Sample>();
        var analysts = Task.Run(async () =>
        {
            // Back to back (rate 0: the worst case, one analyst never pausing) or paced at --analyst-rate queries/s.
            var pace = Stopwatch.StartNew();
            for (int i = 0; !stopAnalysts.IsCancellationRequested; i++)
            {
                try
                {
                    if (o.AnalystRate > 0 && TimeSpan.FromSeconds(i / o.AnalystRate) - pace.Elapsed is { Ticks: > 0 } wait) await Task.Delay(wait, stopAnalysts.Token);
                    analystApi.Add(await ApiAsync(http, windows[i % windows.Count], stopAnalysts.Token));
                }
                catch (OperationCanceledException) when (stopAnalysts.IsCancellationRequested) { }
            }
        }, ct);
        var ingestTogether = await IngestAsync(db, together, host, port, o.IngestDuration, o.IngestRate, ct);
        await stopAnalysts.CancelAsync();
        await analysts;

        o.Out.WriteLine();
        var paced = o.IngestRate > 0 ? string.Create(CultureInfo.InvariantCulture, $"TCP replay paced at {o.IngestRate:N0} lines/s") : "max-rate TCP replay";
        o.Out.WriteLine($"  ingest ({paced} for {o.IngestDuration.TotalSeconds:0} s, until every valid position is committed; lag = last commit after the last line sent):");
        o.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    alone:                      {ingestAlone.Rate,10:N0} positions/s ({ingestAlone.Rows:N0} rows; sent {ingestAlone.SentRate:N0} lines/s; lag {ingestAlone.Lag.TotalSeconds:0.0} s)"));
        var analystLoad = o.AnalystRate > 0 ? $"{o.AnalystRate:0.##} queries/s" : "back to back";
        o.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    with analysts ({analystLoad}):{ingestTogether.Rate,10:N0} positions/s ({ingestTogether.Rows:N0} rows; sent {ingestTogether.SentRate:N0} lines/s; lag {ingestTogether.Lag.TotalSeconds:0.0} s; {ingestTogether.Rate / ingestAlone.Rate:P0} of alone)"));
        Report(o.Out, "API while ingest runs", analystApi, null);
        File.Delete(alone);
        File.Delete(together);
        return ingestAlone.Complete && ingestTogether.Complete ? 0 : 1;
    }

    private static void Report(TextWriter o, string label, List<Sample> api, List<Sample>? sql)
    {
        o.WriteLine();
        o.WriteLine($"  {label}: {api.Count} queries; rows per window: min {api.Min(s => s.Rows):N0}, median {Median(api.Select(s => s.Rows)):N0}, max {api.Max(s => s.Rows):N0}");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"(ms)",-34} {"n",8} {"p50",8} {"p95",8} {"p99",8} {"max",8}"));
        Row(o, "API NDJSON: first byte", api.Select(s => s.TtfbMs));
        Row(o, "API NDJSON: last byte", api.Select(s => s.TtlbMs));
        if (sql is null) return;
        Row(o, "SQL via Npgsql: first row", sql.Select(s => s.TtfbMs));
        Row(o, "SQL via Npgsql: last row", sql.Select(s => s.TtlbMs));
    }

    private static void Row(TextWriter o, string label, IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label,-34} {sorted.Length,8} {LatencySummary.Percentile(sorted, 50),8:F1} {LatencySummary.Percentile(sorted, 95),8:F1} {LatencySummary.Percentile(sorted, 99),8:F1} {sorted[^1],8:F1}"));
    }

    private static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>
    /// Window centres are stored positions (a repeatable sample), so every box is somewhere ships are. The sample takes
    /// 0.2 % of the blocks of the 10 M-row benchmark, and a larger share of a small database (a quick check), whose few
    /// blocks 0.2 % would miss.
    /// </summary>
    private static async Task<List<(BoundingBox Box, HistoryWindow Window)>> WindowsAsync(NpgsqlDataSource db, Options o, long total, CancellationToken ct)
    {
        var random = new Random(o.Seed);
        var result = new List<(BoundingBox, HistoryWindow)>();
        await using var cmd = db.CreateCommand(
            "SELECT ST_X(position::geometry), ST_Y(position::geometry), observed_at FROM ais_positions TABLESAMPLE SYSTEM (@percent) REPEATABLE (@seed) LIMIT @n");
        cmd.Parameters.AddWithValue("percent", Math.Min(100, Math.Max(0.2, 1e6 / Math.Max(total, 1))));
        cmd.Parameters.AddWithValue("seed", o.Seed);
        cmd.Parameters.AddWithValue("n", o.Queries + 3);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var at = new DateTimeOffset(reader.GetFieldValue<DateTime>(2), TimeSpan.Zero);
            var from = at.AddMilliseconds(-random.NextDouble() * o.Window.TotalMilliseconds);
            result.Add((BoundingBox.Around(reader.GetDouble(0), reader.GetDouble(1), o.BoxKm, o.BoxKm), new HistoryWindow(from, from + o.Window)));
        }

        if (result.Count == 0) throw new InvalidOperationException("No positions stored: seed first (mcoord load seed-history).");
        return result.Skip(Math.Min(3, result.Count - 1)).Concat(result.Take(3)).ToList(); // warm-up uses the last three
    }

    private static async Task<Sample> ApiAsync(HttpClient http, (BoundingBox Box, HistoryWindow Window) w, CancellationToken ct)
    {
        var url = string.Create(CultureInfo.InvariantCulture,
            $"/api/history/positions?bbox={w.Box.ToText()}&from={Uri.EscapeDataString(w.Window.From.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(w.Window.To.ToString("O", CultureInfo.InvariantCulture))}&format=ndjson");
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[64 * 1024];
        double ttfb = double.NaN;
        long rows = 0;
        int n;
        while ((n = await body.ReadAsync(buffer, ct)) > 0)
        {
            if (double.IsNaN(ttfb)) ttfb = watch.Elapsed.TotalMilliseconds;
            rows += buffer.AsSpan(0, n).Count((byte)'\n');
        }

        double ttlb = watch.Elapsed.TotalMilliseconds;
        return new Sample(double.IsNaN(ttfb) ? ttlb : ttfb, ttlb, rows);
    }

    private static async Task<Sample> SqlAsync(HistoryQuery query, (BoundingBox Box, HistoryWindow Window) w, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        double ttfb = double.NaN;
        long rows = 0;
        await foreach (var _ in query.PositionsAsync(HistorySelection.InArea(w.Box, w.Window), HistoryOrder.ByTime, ct: ct))
        {
            if (rows++ == 0) ttfb = watch.Elapsed.TotalMilliseconds;
        }

        double ttlb = watch.Elapsed.TotalMilliseconds;
        return new Sample(double.IsNaN(ttfb) ? ttlb : ttfb, ttlb, rows);
    }

    private sealed record IngestResult(long Rows, double Rate, bool Complete, double SentRate, TimeSpan Lag);

    /// <summary>
    /// Replays a capture (as fast as possible, or paced at <paramref name="linesPerSecond"/>) and waits until every valid
    /// position is committed, counting the rows themselves (stored since the run began, by <c>ingested_at</c>): the
    /// statistics collector's <c>n_tup_ins</c> lags a busy backend by up to ~10 s, which would understate the rate.
    /// </summary>
    private static async Task<IngestResult> IngestAsync(NpgsqlDataSource db, string capture, string host, int port, TimeSpan duration, double linesPerSecond, CancellationToken ct)
    {
        DateTime since;
        await using (var now = db.CreateCommand("SELECT now()")) since = (DateTime)(await now.ExecuteScalarAsync(ct))!;
        async Task<long> CommittedAsync()
        {
            await using var cmd = db.CreateCommand("SELECT count(*) FROM ais_positions WHERE ingested_at >= $1");
            cmd.Parameters.Add(new NpgsqlParameter { Value = since });
            cmd.CommandTimeout = 0;
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        var started = Stopwatch.StartNew();
        var sent = await NmeaReplay.ToTcpAsync(() => NmeaReplay.OpenCapture(capture), host, port,
            new ReplayOptions(linesPerSecond > 0 ? new ReplayRate(false, false, linesPerSecond) : ReplayRate.AsFastAsPossible, Duration: duration), ct);
        long expected = IngestLoad.ValidPositions(capture, sent.Lines);
        TimeSpan reached = TimeSpan.Zero;
        while (started.Elapsed < sent.Elapsed + TimeSpan.FromMinutes(10))
        {
            if (await CommittedAsync() >= expected) { reached = started.Elapsed; break; }
            await Task.Delay(250, ct);
        }

        bool complete = reached > TimeSpan.Zero;
        return new IngestResult(expected, complete ? expected / reached.TotalSeconds : 0, complete, sent.Lines / sent.Elapsed.TotalSeconds,
            complete ? reached - sent.Elapsed : TimeSpan.MaxValue);
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.CommandTimeout = 0;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }
}

internal static class HistoryLoadCommand
{
    public static Command Build()
    {
        var url = new Option<string>("--url") { Description = "Server base URL, e.g. http://127.0.0.1:5180", Required = true };
        var connection = new Option<string>("--connection") { Description = "Npgsql connection string of the server's database (windows, SQL baseline, ingest count)", Required = true };
        var token = new Option<string?>("--token") { Description = "Bearer token (analyst); default: one signed with --key" };
        var key = new Option<string?>("--key") { Description = "Signing key for the token (default: $Auth__SigningKey or $MCOORD_SIGNING_KEY)" };
        var queries = new Option<int>("--queries") { Description = "Windows measured (each through the API and as SQL)", DefaultValueFactory = _ => 200 };
        var box = new Option<double>("--box-km") { Description = "Box side (km)", DefaultValueFactory = _ => 500 };
        var window = new Option<double>("--window-minutes") { Description = "Window length (minutes)", DefaultValueFactory = _ => 60 };
        var seed = new Option<int>("--seed") { Description = "Random seed for the windows", DefaultValueFactory = _ => 6 };
        var ingest = new Option<string?>("--ingest-tcp") { Description = "HOST:PORT of the server's TCP feed: also measure ingest alone and with analysts querying" };
        var duration = new Option<double>("--ingest-duration") { Description = "Seconds of each replay", DefaultValueFactory = _ => 30 };
        var lines = new Option<long>("--capture-lines") { Description = "Lines of each generated capture", DefaultValueFactory = _ => 4_000_000 };
        var vessels = new Option<int>("--capture-vessels") { Description = "Vessels in each generated capture", DefaultValueFactory = _ => 20_000 };
        var rate = new Option<double>("--analyst-rate") { Description = "Analyst queries/s during the ingest run (0: back to back)", DefaultValueFactory = _ => 0 };
        var ingestRate = new Option<double>("--ingest-rate") { Description = "Lines/s of each replay (0: as fast as possible); a fixed rate shows whether ingest keeps up", DefaultValueFactory = _ => 0 };
        var command = new Command("history", "History query load: one-hour 500 km boxes through the API vs plain SQL; optionally ingest alone vs with analysts")
            { url, connection, token, key, queries, box, window, seed, ingest, duration, lines, vessels, rate, ingestRate };
        command.SetAction(async (parse, ct) =>
        {
            var bearer = parse.GetValue(token);
            if (bearer is null)
            {
                var signingKey = parse.GetValue(key) ?? Environment.GetEnvironmentVariable("Auth__SigningKey") ?? Environment.GetEnvironmentVariable("MCOORD_SIGNING_KEY");
                if (string.IsNullOrEmpty(signingKey)) { Console.Error.WriteLine("Pass --token or --key (or set Auth__SigningKey)."); return 2; }
                bearer = DevelopmentTokenIssuer.Issue(signingKey, MaritimeRoles.Analyst, null, lifetime: TimeSpan.FromHours(4));
            }

            if (parse.GetValue(queries) < 1 || parse.GetValue(box) <= 0 || parse.GetValue(window) <= 0) { Console.Error.WriteLine("--queries, --box-km and --window-minutes must be positive."); return 2; }
            return await HistoryLoad.RunAsync(new HistoryLoad.Options(parse.GetValue(url)!, bearer, parse.GetValue(connection)!, parse.GetValue(queries),
                parse.GetValue(box), TimeSpan.FromMinutes(parse.GetValue(window)), parse.GetValue(seed), parse.GetValue(ingest),
                TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(lines), parse.GetValue(vessels), parse.GetValue(rate), Console.Out,
                parse.GetValue(ingestRate)), ct);
        });
        return command;
    }
}
