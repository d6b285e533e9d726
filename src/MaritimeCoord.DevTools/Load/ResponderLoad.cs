using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaritimeCoord.Domain.Responders;
using MaritimeCoord.Persistence.Spatial;

namespace MaritimeCoord.DevTools.Load;

/// <summary>
/// `mcoord load responders`: opens incidents at random sea positions through POST /api/sightings, then drives
/// GET /api/incidents/{id}/responders open-loop at a constant rate (requests leave on a fixed timetable whether or not
/// earlier ones have answered; latency runs from the scheduled send time, so a stall is charged to every request it
/// delays — no coordinated omission), and measures the same two KNN queries plus the ranking directly against PostgreSQL,
/// sequentially, for the same incident positions.
/// </summary>
public static class ResponderLoad
{
    public sealed record Options(
        string Url, IReadOnlyList<string> ReadTokens, string SightingToken, double Rate, TimeSpan Duration, int Incidents, TimeSpan Warmup,
        string? ConnectionString, int QueryIterations, int Seed, TextWriter Out);

    public sealed record Result(
        int Incidents, int IncidentsWithSyntheticVessels, int IncidentsWithSyntheticAssets, long Scheduled, long Completed, long Errors,
        double AchievedRate, LatencySummary Http, LatencySummary DispatchLag, LatencySummary Query, LatencySummary QuerySqlOnly, QueryAllocation QueryBytes,
        IReadOnlyDictionary<string, long> ErrorKinds, double GeneratorCpuPercent, IReadOnlyList<Window> TailOverTime);

    /// <summary>Latencies of the requests scheduled in [<paramref name="FromSeconds"/>, + window) of the measured run.</summary>
    public sealed record Window(double FromSeconds, LatencySummary Http);

    /// <summary>Width of the tail-over-time windows: shows whether slow answers cluster (JIT, a GC, a neighbour's burst) or spread.</summary>
    public static readonly TimeSpan WindowWidth = TimeSpan.FromSeconds(10);

    private sealed record Target(Guid IncidentId, double Latitude, double Longitude);

    public static async Task<Result> RunAsync(Options o, CancellationToken ct)
    {
        var baseUri = new Uri(o.Url.EndsWith('/') ? o.Url : o.Url + "/", UriKind.Absolute);
        using var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(10), PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 512,
        };
        using var http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };

        var targets = await CreateIncidentsAsync(http, o, ct);
        o.Out.WriteLine($"load responders: {targets.Count} incidents at random sea positions (opened via POST /api/sightings)");

        // One request per incident, unmeasured: checks the answers (and warms up the JIT, pools and caches on both sides).
        int withVessels = 0, withAssets = 0;
        foreach (var t in targets)
        {
            using var request = Get(t, o.ReadTokens[0]);
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"GET responders for {t.IncidentId} answered {(int)response.StatusCode}: {Truncate(body)}");
            var ranked = JsonNode.Parse(body)?["ranked"]?.AsArray() ?? [];
            if (ranked.Any(r => r?["kind"]?.GetValue<string>() == "ais-vessel" && IsSyntheticMmsi(r["id"]?.GetValue<string>()))) withVessels++;
            if (ranked.Any(r => r?["kind"]?.GetValue<string>() == "asset" && r["id"]?.GetValue<string>()?.StartsWith(SyntheticFleet.AssetCodePrefix, StringComparison.Ordinal) == true))
                withAssets++;
        }
        o.Out.WriteLine($"  checked: synthetic AIS vessels ranked for {withVessels}/{targets.Count} incidents, synthetic assets for {withAssets}/{targets.Count}");

        if (o.Warmup > TimeSpan.Zero)
        {
            o.Out.WriteLine($"  warm-up: {o.Warmup.TotalSeconds:F0} s at {o.Rate:N0} requests/s (not recorded)");
            await OpenLoopAsync(http, targets, o.ReadTokens, o.Rate, o.Warmup, ct);
        }

        o.Out.WriteLine($"  measuring: {o.Duration.TotalSeconds:F0} s at {o.Rate:N0} requests/s, open loop, latency from the scheduled send time");
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var run = await OpenLoopAsync(http, targets, o.ReadTokens, o.Rate, o.Duration, ct);
        // The generator shares the machine with the server: its own CPU is reported so a saturated client is seen.
        double generatorCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / run.Elapsed.TotalMilliseconds * 100;
        var ok = run.Samples.Where(s => s.Error is null).ToList();
        var errorKinds = run.Samples.Where(s => s.Error is not null).GroupBy(s => s.Error!).ToDictionary(g => g.Key, g => (long)g.Count());
        var httpSummary = LatencySummary.Of(ok.Select(s => s.LatencyMs));
        var lag = LatencySummary.Of(run.Samples.Select(s => s.DispatchLagMs));
        double achieved = ok.Count / run.Elapsed.TotalSeconds; // successful answers only: a timeout is not throughput

        var windows = ok.GroupBy(s => Math.Floor(s.AtSeconds / WindowWidth.TotalSeconds) * WindowWidth.TotalSeconds).OrderBy(g => g.Key)
            .Select(g => new Window(g.Key, LatencySummary.Of(g.Select(s => s.LatencyMs)))).ToList();

        var query = LatencySummary.Empty;
        var sqlOnly = LatencySummary.Empty;
        var queryBytes = new QueryAllocation(0, 0);
        if (o.ConnectionString is not null && o.QueryIterations > 0)
        {
            o.Out.WriteLine($"  query alone: {o.QueryIterations:N0} sequential runs of the endpoint's exact search (seeds, bounded search, details, exact ranking; same pool settings)");
            (query, sqlOnly, queryBytes) = await QueryAloneAsync(o.ConnectionString, targets, o.QueryIterations, ct);
        }

        var result = new Result(targets.Count, withVessels, withAssets, run.Scheduled, ok.Count, run.Samples.Count - ok.Count, achieved,
            httpSummary, lag, query, sqlOnly, queryBytes, errorKinds, generatorCpu, windows);
        Report(o, result);
        return result;
    }

    private static void Report(Options o, Result r)
    {
        var w = o.Out;
        w.WriteLine();
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  requests: {r.Scheduled:N0} scheduled, {r.Completed:N0} ok, {r.Errors:N0} errors; target {o.Rate:N0}/s, achieved {r.AchievedRate:N1}/s (ok answers ÷ time from the first scheduled send to the last answer)"));
        foreach (var (kind, count) in r.ErrorKinds.OrderByDescending(e => e.Value)) w.WriteLine($"    error {kind}: {count:N0}");
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  load generator CPU while measuring: {r.GeneratorCpuPercent:F0} % of one core ({Environment.ProcessorCount} cores on this machine)"));
        w.WriteLine(LatencySummary.Header);
        w.WriteLine(r.Http.Row($"through HTTP ({o.Rate:N0}/s open loop)"));
        if (r.Query.Count > 0)
        {
            w.WriteLine(r.Query.Row("query alone: SQL + ranking (seq.)"));
            w.WriteLine(r.QuerySqlOnly.Row("  of which the SQL round trip"));
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  allocated per query alone: {r.QueryBytes.SqlBytes / 1024.0:F1} KiB reading the rows + {r.QueryBytes.RankingBytes / 1024.0:F1} KiB ranking (garbage the server's GC collects)"));
        }
        w.WriteLine(r.DispatchLag.Row("(client send lag behind schedule)"));
        if (r.TailOverTime.Count > 1)
        {
            w.WriteLine($"  tail over time, through HTTP, {WindowWidth.TotalSeconds:F0} s windows of the measured run:");
            foreach (var window in r.TailOverTime)
                w.WriteLine(window.Http.Row(string.Create(CultureInfo.InvariantCulture, $"  from {window.FromSeconds,3:F0} s")));
        }
    }

    private static async Task<List<Target>> CreateIncidentsAsync(HttpClient http, Options o, CancellationToken ct)
    {
        var fleet = new SyntheticFleet(o.Seed, SyntheticFleet.FindGeoFolder());
        var random = new Random(o.Seed);
        var targets = new Dictionary<Guid, Target>();
        if (o.ConnectionString is not null)
        {
            // Incidents cannot be deleted (append-only timeline): reuse those of earlier runs rather than opening more.
            foreach (var (id, lat, lon) in await ResponderSeed.LoadIncidentsAsync(o.ConnectionString, o.Incidents, ct)) targets.TryAdd(id, new Target(id, lat, lon));
            if (targets.Count > 0) o.Out.WriteLine($"  reusing {targets.Count} incidents opened by earlier load runs");
        }
        for (int i = targets.Count; i < o.Incidents; i++)
        {
            var (lon, lat) = random.NextDouble() < 0.5 ? fleet.OpenWater() : Lane(fleet);
            var body = new JsonObject
            {
                ["observedAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["latitude"] = Math.Round(lat, 5),
                ["longitude"] = Math.Round(lon, 5),
                ["boatDescription"] = $"Synthetic load-test boat {i + 1}",
                ["personsOnBoard"] = 10 + random.Next(90),
                ["condition"] = "underway",
                ["reporter"] = ResponderSeed.LoadReporter,
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/sightings") { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.SightingToken);
            request.Headers.Add("Idempotency-Key", $"mcoord-load-{Guid.NewGuid():N}");
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"POST /api/sightings answered {(int)response.StatusCode}: {Truncate(text)}");
            var json = JsonNode.Parse(text) ?? throw new InvalidOperationException("POST /api/sightings answered no JSON.");
            var id = json["incidentId"]!.GetValue<Guid>();
            targets.TryAdd(id, new Target(id, json["position"]!["latitude"]!.GetValue<double>(), json["position"]!["longitude"]!.GetValue<double>()));
        }
        return [.. targets.Values];

        static (double, double) Lane(SyntheticFleet fleet)
        {
            var (lon, lat, _) = fleet.AlongLane();
            return (lon, lat);
        }
    }

    private static HttpRequestMessage Get(Target t, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"api/incidents/{t.IncidentId}/responders");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <param name="AtSeconds">Scheduled send time, seconds from the start of the run (for the tail over time).</param>
    private sealed record Sample(double LatencyMs, double DispatchLagMs, string? Error, double AtSeconds);

    private sealed record OpenLoopRun(long Scheduled, List<Sample> Samples, TimeSpan Elapsed);

    /// <summary>
    /// Requests rotate over the read tokens (the server limits each user to a sustained rate; see SecurityOptions).
    /// Sends request i at start + i / rate from a dedicated thread, never waiting for answers; each records its latency
    /// from its slot. The generator shares the 2 cores with the server and PostgreSQL, so it must cost as little as
    /// possible: the dispatcher sleeps to the slot on the monotonic clock (<see cref="PreciseSleep"/>, no spin-wait
    /// for the last millisecond of every slot: docs/responders-performance.md, the load generator), and it starts
    /// each request itself (the synchronous part of SendAsync is a socket write) instead of queueing a work item.
    /// </summary>
    private static async Task<OpenLoopRun> OpenLoopAsync(HttpClient http, IReadOnlyList<Target> targets, IReadOnlyList<string> tokens, double rate,
        TimeSpan duration, CancellationToken ct)
    {
        long total = (long)Math.Round(rate * duration.TotalSeconds);
        var samples = new Sample?[total];
        var inFlight = new Task[total];
        double ticksPerRequest = Stopwatch.Frequency / rate;
        long start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        long lastAnswer = start;
        var uris = targets.Select(t => new Uri(http.BaseAddress!, $"api/incidents/{t.IncidentId}/responders")).ToArray();
        var authorizations = tokens.Select(t => new AuthenticationHeaderValue("Bearer", t)).ToArray();

        var dispatcher = new Thread(() =>
        {
            for (long i = 0; i < total && !ct.IsCancellationRequested; i++)
            {
                long due = start + (long)(i * ticksPerRequest);
                PreciseSleep.Until(due);
                inFlight[i] = SendOneAsync(i, due);
            }
        }) { IsBackground = true, Name = "open-loop dispatcher", Priority = ThreadPriority.AboveNormal };
        dispatcher.Start();
        await Task.Run(dispatcher.Join, ct);
        await Task.WhenAll(inFlight.Where(t => t is not null));
        var list = samples.Where(s => s is not null).Select(s => s!).ToList();
        return new OpenLoopRun(total, list, Stopwatch.GetElapsedTime(start, Interlocked.Read(ref lastAnswer)));

        async Task SendOneAsync(long slot, long due)
        {
            long sent = Stopwatch.GetTimestamp();
            string? error = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uris[slot % uris.Length]);
                request.Headers.Authorization = authorizations[slot % authorizations.Length];
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode) error = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                error = e.GetType().Name;
            }
            long done = Stopwatch.GetTimestamp();
            InterlockedMax(ref lastAnswer, done);
            samples[slot] = new Sample(Stopwatch.GetElapsedTime(due, done).TotalMilliseconds, Stopwatch.GetElapsedTime(due, sent).TotalMilliseconds, error,
                Stopwatch.GetElapsedTime(start, due).TotalSeconds);
        }
    }

    private static void InterlockedMax(ref long location, long value)
    {
        long current = Interlocked.Read(ref location);
        while (value > current)
        {
            long seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current) return;
            current = seen;
        }
    }

    /// <summary>
    /// The endpoint's work without HTTP: the same statement on the same kind of pool (Persistence ResponderCandidates,
    /// shared with the endpoint; as an admin, who sees every incident) and ResponderRanking.Rank, sequentially.
    /// </summary>
    /// <summary>Bytes allocated per query (mean), by the statement and reading of its rows, and by the ranking.</summary>
    public sealed record QueryAllocation(double SqlBytes, double RankingBytes);

    private static async Task<(LatencySummary Total, LatencySummary SqlOnly, QueryAllocation Bytes)> QueryAloneAsync(string connectionString, IReadOnlyList<Target> targets,
        int iterations, CancellationToken ct)
    {
        await using var dataSource = ResponderCandidates.CreateDataSource(connectionString);
        var candidates = new ResponderCandidates(dataSource);
        var total = new List<double>(iterations);
        var sql = new List<double>(iterations);
        int warm = Math.Min(50, iterations);
        long sqlBytes = 0, rankingBytes = 0, rowsRead = 0, kept = 0, onSnapshot = 0, freshFixes = 0;
        var searchedRead = new List<int>(iterations);
        for (int i = -warm; i < iterations; i++)
        {
            var t = targets[(i + warm) % targets.Count];
            // Process-wide (the reads continue on pool threads); nothing else runs in this process during this phase.
            long bytes0 = GC.GetTotalAllocatedBytes(precise: true);
            long start = Stopwatch.GetTimestamp();
            var now = DateTimeOffset.UtcNow;
            // The three statements and the exact ranking are one call now (the ranking sets the second statement's
            // bounds), so "SQL" and "ranking" are not separable: both rows report the whole call.
            var found = await candidates.RankForIncidentAsync(t.IncidentId, seesAllCentres: true, centreCode: null, now, 20, ct) // as the endpoint (default limit)
                        ?? throw new InvalidOperationException($"Incident {t.IncidentId} is not in the database.");
            long end = Stopwatch.GetTimestamp();
            long bytes1 = GC.GetTotalAllocatedBytes(precise: true);
            GC.KeepAlive(found);
            if (i < 0) continue;
            sqlBytes += bytes1 - bytes0;
            rowsRead += found.SeedsRead + found.SearchedRows;
            kept += found.SearchedKept;
            searchedRead.Add(found.SearchedRows);
            if (found.FromSnapshot) onSnapshot++;
            freshFixes += found.FreshFixes;
            total.Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
            sql.Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
        }
        searchedRead.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  query alone: candidates read per query {(double)rowsRead / Math.Max(1, iterations):F0} on average, {(double)kept / Math.Max(1, iterations):F0} of the search's kept for exact ranking; rows of the bounded search p50 {(searchedRead.Count > 0 ? searchedRead[searchedRead.Count / 2] : 0)}, p99 {(searchedRead.Count > 0 ? searchedRead[(int)(searchedRead.Count * 0.99)] : 0)}, max {(searchedRead.Count > 0 ? searchedRead[^1] : 0)}; searched on the snapshot of dead-reckoned positions {onSnapshot} of {iterations} (fixes written since it {(double)freshFixes / Math.Max(1, iterations):F0} on average)"));
        return (LatencySummary.Of(total), LatencySummary.Of(sql), new QueryAllocation((double)sqlBytes / iterations, (double)rankingBytes / iterations));
    }

    private static bool IsSyntheticMmsi(string? id) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var mmsi) && mmsi is >= SyntheticFleet.FirstMmsi and <= SyntheticFleet.LastMmsi;

    private static string Truncate(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
