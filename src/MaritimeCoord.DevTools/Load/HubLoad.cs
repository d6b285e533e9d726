using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using MaritimeCoord.Cli.Auth;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Contracts.Realtime;
using MaritimeCoord.Domain.Realtime;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.DevTools.Load;

/// <summary>
/// `mcoord load hub`: N real SignalR clients over WebSockets in this process, each an operator with a random map
/// viewport over the synthetic fleet, while synthetic AIS is pushed into the server's TCP feed at a constant rate.
/// Measures accepted-to-delivered latency of positions (batch <c>acceptedAt</c>, stamped by ingest at arrival, to the
/// moment the client handles it; same machine, same clock), disconnects, and the server's peak RSS. With
/// <c>--drop-every</c>, random clients are cut off every few seconds and reconnect while sightings are posted; every
/// client follows its centre's numbered stream as the console does (<see cref="StreamSequence"/>: order, de-duplicate,
/// CatchUp after a hole or a reconnect) and at the end its applied events are compared with the server's stream.
/// </summary>
public static class HubLoad
{
    public sealed record Options(
        IReadOnlyList<Uri> Urls, string SigningKey, int Clients, string Protocol, TimeSpan Duration, string? IngestTcp, int Rate, int Vessels,
        int? ServerPid, TimeSpan DropEvery, int DropCount, double SightingsPerSecond, IReadOnlyList<string> Centres, int Seed, TimeSpan Warmup,
        TextWriter Out);

    // The synthetic fleet (SyntheticAis): latitudes -15 … 10, longitudes 95 … 140.
    private const double FleetSouth = -15, FleetNorth = 10, FleetWest = 95, FleetEast = 140;

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var log = o.Out;
        var random = new Random(o.Seed);
        var latency = new DeliveryLatency(o.Urls.Count);
        var histogram = latency.Total;
        var stats = new Counters();
        var clients = new List<LoadClient>();
        var ingestText = o.IngestTcp is null ? "none" : string.Create(CultureInfo.InvariantCulture, $"{o.Rate:N0} positions/s → {o.IngestTcp}");
        var dropText = o.DropEvery > TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $"; dropping {o.DropCount} random clients every {o.DropEvery.TotalSeconds:F1} s, {o.SightingsPerSecond} sightings/s")
            : "";
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load hub: {o.Clients:N0} clients ({o.Protocol}) → {string.Join(" + ", o.Urls)}{(o.Urls.Count > 1 ? " (alternately)" : "")}; ingest {ingestText}; {o.Duration.TotalSeconds:F0} s{dropText}"));

        var connectWatch = Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(50))
        {
            var starts = new List<Task>();
            for (var i = 0; i < o.Clients; i++)
            {
                var centre = o.Centres[i % o.Centres.Count];
                var client = new LoadClient(i, o, centre, RandomViewport(random), latency, stats);
                clients.Add(client);
                await gate.WaitAsync(ct);
                starts.Add(Task.Run(async () => { try { await client.StartAsync(ct); } finally { gate.Release(); } }, ct));
            }
            await Task.WhenAll(starts);
        }
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {clients.Count:N0} clients connected in {connectWatch.Elapsed.TotalSeconds:F1} s"));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var tasks = new List<Task>();
        var ingest = o.IngestTcp is null ? null : Task.Run(() => PushAisAsync(o, stats, stop.Token), ct);
        if (ingest is not null) tasks.Add(ingest);
        if (o.SightingsPerSecond > 0) tasks.Add(Task.Run(() => PostSightingsAsync(o, stats, stop.Token), ct));
        if (o.DropEvery > TimeSpan.Zero) tasks.Add(Task.Run(() => DropClientsAsync(o, clients, random, stats, stop.Token), ct));
        if (o.Warmup > TimeSpan.Zero)
        {
            // The same load, not recorded: the server's first seconds (JIT tiering, heap growth, queues being declared)
            // are not its steady state. The run's figures cover only the measured period after it.
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  warm-up: {o.Warmup.TotalSeconds:F0} s of the same load (not recorded)"));
            await Task.Delay(o.Warmup, ct);
        }

        var aisAtStart = Interlocked.Read(ref stats.AisSent);
        var batchesAtStart = Interlocked.Read(ref stats.Batches);
        var measureFrom = DateTime.UtcNow;
        latency.Reset();
        var windowP99s = new List<double>();
        // Whole 10 s windows counted, not a stopwatch compared with the duration: Task.Delay may end a little early, and
        // then a 60 s run measured a seventh window.
        var measured = TimeSpan.Zero;
        while (measured < o.Duration && !ct.IsCancellationRequested)
        {
            var step = TimeSpan.FromSeconds(Math.Min(10, (o.Duration - measured).TotalSeconds));
            await Task.Delay(step, ct);
            measured += step;
            var windowP99 = latency.TakeWindow().Percentile(99);
            windowP99s.Add(windowP99);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  t={measured.TotalSeconds,5:F0} s  AIS sent {stats.AisSent - aisAtStart,10:N0}  positions delivered {histogram.Count,12:N0}  p99 {histogram.Percentile(99),7:F0} ms (last 10 s: {windowP99,5:F0})  disconnects {stats.Disconnects}  sightings {stats.SightingsPosted}  server RSS {Rss(o.ServerPid)}"));
        }
        await stop.CancelAsync();
        try { await Task.WhenAll(tasks); } catch (OperationCanceledException) { }

        var result = 0;
        log.WriteLine();
        var aisSent = stats.AisSent - aisAtStart;
        var seconds = Math.Max(1, (DateTime.UtcNow - measureFrom).TotalSeconds);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  AIS lines sent: {aisSent:N0} in {seconds:F0} s ({aisSent / seconds:N0}/s)"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  positions delivered to clients: {histogram.Count:N0} in {stats.Batches - batchesAtStart:N0} batches ({histogram.Count / seconds:N0}/s)"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  accepted-to-delivered latency: p50 {histogram.Percentile(50):F0} ms, p95 {histogram.Percentile(95):F0} ms, p99 {histogram.Percentile(99):F0} ms, max {histogram.Percentile(100):F0} ms"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    per node: {string.Join("; ", o.Urls.Select((u, i) => $"{u.Authority} p50 {latency.Nodes[i].Percentile(50):F0} ms, p99 {latency.Nodes[i].Percentile(99):F0} ms ({latency.Nodes[i].Count:N0} positions)"))}"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    p99 per 10 s window: {string.Join(", ", windowP99s.Select(w => w.ToString("F0", CultureInfo.InvariantCulture)))} ms"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    of which accepted → sent by the hub: p50 {latency.Server.Percentile(50):F0} ms, p95 {latency.Server.Percentile(95):F0} ms, p99 {latency.Server.Percentile(99):F0} ms; sent → handled by the client: p50 {latency.Client.Percentile(50):F0} ms, p95 {latency.Client.Percentile(95):F0} ms, p99 {latency.Client.Percentile(99):F0} ms"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  sightings posted {stats.SightingsPosted:N0}, refused {stats.SightingsFailed:N0}; unplanned disconnects: {stats.Disconnects} (planned drops: {stats.Drops}, reconnects: {stats.Reconnects}, reconnect failures: {stats.ReconnectFailures})"));
        log.WriteLine($"  server peak RSS: {PeakRss(o.ServerPid)}");

        if (o.SightingsPerSecond > 0)
        {
            // Let the last events arrive and any hole be caught up, then check every client against the server's streams.
            log.WriteLine("  settling 10 s, then checking every client's applied numbers against the server's streams …");
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            var missed = 0L;
            var duplicated = 0L;
            var applied = 0L;
            var checkedClients = 0;
            var truth = new Dictionary<string, List<SequencedEvent>>();
            foreach (var client in clients)
            {
                if (!client.Connected) await client.ReconnectAsync(ct);
                if (!truth.TryGetValue(client.Stream, out var events))
                    truth[client.Stream] = events = await client.ReadStreamAsync(client.FirstSeq, ct);
                var check = client.Check(events);
                missed += check.Missed;
                duplicated += check.Duplicated;
                applied += check.Applied;
                checkedClients++;
            }
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  incident events: {checkedClients:N0} clients applied {applied:N0} events; missed {missed}, duplicated {duplicated}; caught up {stats.CaughtUp:N0} events after holes/reconnects; repeats dropped {stats.RepeatsDropped:N0}"));
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  stream heads: {string.Join(", ", truth.Select(t => $"{t.Key} {(t.Value.Count == 0 ? 0 : t.Value[^1].Seq)}"))}"));
            if (missed != 0 || duplicated != 0) result = 1;
        }

        foreach (var client in clients) await client.DisposeAsync();
        return result;
    }

    private static Viewport RandomViewport(Random random)
    {
        // An operator's screen (1400 × 860 px) at zoom 6–9 over the fleet: 15° … 2° of longitude wide.
        var zoom = 6 + random.NextDouble() * 3;
        var width = 1400 / (512 * Math.Pow(2, zoom)) * 360;
        var height = width * 860 / 1400;
        var centreLat = FleetSouth + random.NextDouble() * (FleetNorth - FleetSouth);
        var centreLon = FleetWest + random.NextDouble() * (FleetEast - FleetWest);
        return Viewport.FromMapBounds(centreLon - width / 2, Math.Max(-90, centreLat - height / 2), centreLon + width / 2,
            Math.Min(90, centreLat + height / 2), zoom).Value!.Value;
    }

    private static async Task PushAisAsync(Options o, Counters stats, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mcoord-hub-load-{Environment.ProcessId}.nmea");
        long lines = (long)(o.Rate * (o.Warmup.TotalSeconds + o.Duration.TotalSeconds + 30));
        SyntheticAis.Write(path, lines, o.Vessels, DateTimeOffset.UtcNow);
        try
        {
            var parts = o.IngestTcp!.Split(':');
            using var tcp = new TcpClient { NoDelay = true };
            await tcp.ConnectAsync(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), ct);
            await using var stream = tcp.GetStream();
            using var reader = new StreamReader(path);
            var watch = Stopwatch.StartNew();
            long sent = 0;
            var buffer = new MemoryStream();
            // Paced in 10 ms steps: the rate is constant, not bursts of a second's worth.
            while (!ct.IsCancellationRequested)
            {
                var due = (long)(watch.Elapsed.TotalSeconds * o.Rate);
                buffer.SetLength(0);
                while (sent < due && await reader.ReadLineAsync(ct) is { } line)
                {
                    buffer.Write(System.Text.Encoding.ASCII.GetBytes(line + "\r\n"));
                    sent++;
                }
                if (buffer.Length > 0) await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
                Interlocked.Exchange(ref stats.AisSent, sent);
                await Task.Delay(10, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task PostSightingsAsync(Options o, Counters stats, CancellationToken ct)
    {
        // With several nodes the sightings alternate between them: an event raised on one must reach clients on the others.
        var https = o.Urls.Select(u => new HttpClient { BaseAddress = u }).ToList();
        var random = new Random(o.Seed + 1);
        var interval = TimeSpan.FromSeconds(1 / o.SightingsPerSecond);
        var watch = Stopwatch.StartNew();
        long n = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var centre = o.Centres[(int)(n % o.Centres.Count)];
                var token = DevelopmentTokenIssuer.Issue(o.SigningKey, MaritimeRoles.Liaison, centre, "hub-load-liaison");
                var (lat, lon) = SeaIn(centre, random);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sightings")
                {
                    Content = JsonContent.Create(new
                    {
                        observedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                        latitude = lat, longitude = lon, boatDescription = $"hub load #{n}", personsOnBoard = 20 + (int)(n % 50),
                        condition = "overloaded", reporter = "mcoord load hub",
                    }),
                };
                request.Headers.Authorization = new("Bearer", token);
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                using var response = await https[(int)(n % https.Count)].SendAsync(request, ct);
                if (response.IsSuccessStatusCode) Interlocked.Increment(ref stats.SightingsPosted);
                else if (Interlocked.Increment(ref stats.SightingsFailed) <= 3)
                    await Console.Error.WriteLineAsync($"  sighting refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                n++;
                var wait = interval * n - watch.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            foreach (var http in https) http.Dispose();
        }
    }

    // Open sea inside each sample region (samples/geo): the Java and Flores Seas, and off Western Australia.
    private static (double Lat, double Lon) SeaIn(string centre, Random random) => centre switch
    {
        "JRCC-AUS" => (-25 + random.NextDouble() * 8, 106 + random.NextDouble() * 6),
        _ => (-6 + random.NextDouble() * 1.5, 107 + random.NextDouble() * 8),
    };

    private static async Task DropClientsAsync(Options o, List<LoadClient> clients, Random random, Counters stats, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(o.DropEvery, ct);
                var victims = Enumerable.Range(0, o.DropCount).Select(_ => clients[random.Next(clients.Count)]).Distinct().ToList();
                foreach (var victim in victims)
                {
                    Interlocked.Increment(ref stats.Drops);
                    // Cut off, stay away 0.5–3 s (events keep coming meanwhile), then reconnect and catch up.
                    var away = TimeSpan.FromMilliseconds(500 + random.Next(2500));
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            await victim.DropAsync();
                            await Task.Delay(away, CancellationToken.None);
                            await victim.ReconnectAsync(CancellationToken.None);
                            Interlocked.Increment(ref stats.Reconnects);
                        }
                        catch (Exception)
                        {
                            Interlocked.Increment(ref stats.ReconnectFailures);
                        }
                    }, CancellationToken.None);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Rss(int? pid) => Status(pid, "VmRSS:");

    private static string PeakRss(int? pid) => Status(pid, "VmHWM:");

    private static string Status(int? pid, string field)
    {
        if (pid is null) return "(no --server-pid)";
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? "?" : $"{long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024:N0} MiB";
        }
        catch (IOException)
        {
            return "?";
        }
    }

    internal sealed class Counters
    {
        public long AisSent;
        public long Batches;
        public long Disconnects;
        public long Drops;
        public long Reconnects;
        public long ReconnectFailures;
        public long SightingsPosted;
        public long SightingsFailed;
        public long CaughtUp;
        public long RepeatsDropped;
    }

    /// <summary>One simulated console: a hub connection, its viewport, and its centre stream followed by number.</summary>
    private sealed class LoadClient(int index, Options o, string centre, Viewport viewport, DeliveryLatency latency, Counters stats) : IAsyncDisposable
    {
        private readonly Lock _gate = new();
        private readonly List<(long Seq, object? Item)> _released = [];
        private readonly Dictionary<long, string> _appliedKeys = [];
        private StreamSequence? _sequence;
        private HubConnection? _connection;
        private bool _dropping;
        private long _catchUpRunning;

        public string Stream { get; } = $"centre:{centre}";

        public long FirstSeq { get; private set; }

        public bool Connected => _connection?.State == HubConnectionState.Connected;

        public async Task StartAsync(CancellationToken ct)
        {
            _connection = Build();
            await _connection.StartAsync(ct);
            await _connection.InvokeAsync("SetViewport", viewport.West, viewport.South, viewport.East, viewport.North, viewport.Zoom, ct);
            if (o.SightingsPerSecond > 0)
            {
                var streams = await _connection.InvokeAsync<List<StreamPosition>>("GetStreams", ct);
                var head = streams.Single(s => s.Stream == Stream).LastSeq;
                lock (_gate) { _sequence = new StreamSequence(head); FirstSeq = head; }
            }
        }

        private HubConnection Build()
        {
            var token = DevelopmentTokenIssuer.Issue(o.SigningKey, MaritimeRoles.Operator, centre, $"hub-load-{index}");
            var builder = new HubConnectionBuilder().WithUrl(new Uri(o.Urls[index % o.Urls.Count], "hubs/situation"), c =>
            {
                c.AccessTokenProvider = () => Task.FromResult<string?>(token);
                c.Transports = HttpTransportType.WebSockets;
                c.SkipNegotiation = true;
            });
            if (o.Protocol == "messagepack") builder.AddMessagePackProtocol();
            var connection = builder.Build();
            connection.ServerTimeout = TimeSpan.FromSeconds(60);
            connection.On<VesselPositionsBatch>("vesselPositionsUpdated", batch =>
            {
                Interlocked.Increment(ref stats.Batches);
                if (batch.AcceptedAt is { } accepted)
                    latency.Add(index % o.Urls.Count, DateTime.UtcNow, accepted, batch.SentAt, batch.Positions.Count);
            });
            foreach (var name in new[] { "incidentOpened", "sightingLogged", "handoverSuggested", "incidentPhaseChanged", "incidentHandoverChanged", "incidentMarkedStale" })
                connection.On<Dictionary<string, object?>>(name, e => OnEvent(name, e));
            connection.Closed += _ =>
            {
                if (!_dropping) Interlocked.Increment(ref stats.Disconnects);
                return Task.CompletedTask;
            };
            return connection;
        }

        private void OnEvent(string name, Dictionary<string, object?> e)
        {
            if (_sequence is null || !e.TryGetValue("stream", out var s) || Text(s) != Stream) return;
            var seq = Convert.ToInt64(Number(e["seq"]), CultureInfo.InvariantCulture);
            Offer(seq, Key(name, e));
        }

        private void Offer(long seq, string key)
        {
            bool gap;
            lock (_gate)
            {
                _released.Clear();
                var verdict = _sequence!.Offer(seq, key, _released);
                if (verdict == SequenceVerdict.Duplicate) Interlocked.Increment(ref stats.RepeatsDropped);
                foreach (var (n, item) in _released) _appliedKeys[n] = (string)item!;
                gap = _sequence.MissingFrom is not null;
            }
            if (gap) _ = CatchUpLaterAsync();
        }

        private async Task CatchUpLaterAsync()
        {
            if (Interlocked.Exchange(ref _catchUpRunning, 1) == 1) return;
            try
            {
                await Task.Delay(1000); // out-of-order arrivals usually fill the hole by themselves
                await CatchUpAsync(CancellationToken.None);
            }
            catch (Exception) when (!Connected)
            {
                // dropped meanwhile: the reconnect catches up
            }
            finally
            {
                Interlocked.Exchange(ref _catchUpRunning, 0);
            }
        }

        private async Task CatchUpAsync(CancellationToken ct)
        {
            while (true)
            {
                long after;
                lock (_gate) after = _sequence!.LastApplied;
                var page = await _connection!.InvokeAsync<CatchUpPage>("CatchUp", Stream, after, ct);
                foreach (var ev in page.Events)
                {
                    Interlocked.Increment(ref stats.CaughtUp);
                    Offer(ev.Seq, Key(ev.Name, ev.Payload));
                }
                if (!page.More || page.Events.Count == 0) return;
            }
        }

        public async Task DropAsync()
        {
            _dropping = true;
            if (_connection is not null) await _connection.DisposeAsync();
        }

        public async Task ReconnectAsync(CancellationToken ct)
        {
            _connection = Build();
            await _connection.StartAsync(ct);
            _dropping = false;
            await _connection.InvokeAsync("SetViewport", viewport.West, viewport.South, viewport.East, viewport.North, viewport.Zoom, ct);
            if (_sequence is not null) await CatchUpAsync(ct);
        }

        public async Task<List<SequencedEvent>> ReadStreamAsync(long after, CancellationToken ct)
        {
            var all = new List<SequencedEvent>();
            while (true)
            {
                var page = await _connection!.InvokeAsync<CatchUpPage>("CatchUp", Stream, after, ct);
                all.AddRange(page.Events);
                if (!page.More || page.Events.Count == 0) return all;
                after = page.Events[^1].Seq;
            }
        }

        /// <summary>Missed: numbers the server has that this client never applied. Duplicated: an event (by identity) applied under two numbers.</summary>
        public (long Applied, long Missed, long Duplicated) Check(List<SequencedEvent> truth)
        {
            lock (_gate)
            {
                long missed = 0;
                foreach (var ev in truth)
                    if (!_appliedKeys.TryGetValue(ev.Seq, out var key) || key != Key(ev.Name, ev.Payload)) missed++;
                var duplicated = _appliedKeys.Count - _appliedKeys.Values.Distinct().Count();
                return (_appliedKeys.Count, missed, duplicated);
            }
        }

        private static string Key(string name, IReadOnlyDictionary<string, object?> e) =>
            name + ":" + Text(e.GetValueOrDefault("sightingId")) + ":" + Text(e.GetValueOrDefault("incidentId")) + ":" + Text(e.GetValueOrDefault("at") ?? e.GetValueOrDefault("changedAt"));

        private static string Text(object? value) => value switch
        {
            null => "",
            JsonElement { ValueKind: JsonValueKind.String } j => j.GetString()!,
            JsonElement j => j.ToString(),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        };

        private static object Number(object? value) => value is JsonElement j ? j.GetInt64() : value!;

        public async ValueTask DisposeAsync()
        {
            _dropping = true;
            if (_connection is not null) await _connection.DisposeAsync();
        }
    }
}

/// <summary>Latencies in 1 ms buckets up to 2 minutes, weighted by positions; thread-safe and allocation-free to add to.</summary>
/// <summary>
/// Accepted-to-delivered latency and its two parts: up to the hub's send (ingest, bus, viewport filter, coalescing and
/// the flush wait: the server's side) and from the send to the client's handler (the socket and the load process's own
/// scheduling: with a thousand clients on the server's cores, the measuring side's share), plus the latest window.
/// </summary>
public sealed class DeliveryLatency
{
    private LatencyHistogram _window = new();

    public LatencyHistogram Total { get; } = new();
    public LatencyHistogram Server { get; } = new();
    public LatencyHistogram Client { get; } = new();

    /// <summary>Accepted-to-delivered per server node (the clients alternate between the nodes given).</summary>
    public IReadOnlyList<LatencyHistogram> Nodes { get; }

    public DeliveryLatency(int nodes) => Nodes = [.. Enumerable.Range(0, nodes).Select(_ => new LatencyHistogram())];

    public void Add(int node, DateTime received, DateTime accepted, DateTime sent, int weight)
    {
        var total = (received - accepted).TotalMilliseconds;
        Total.Add(total, weight);
        Nodes[node].Add(total, weight);
        Volatile.Read(ref _window).Add(total, weight);
        Server.Add((sent - accepted).TotalMilliseconds, weight);
        Client.Add((received - sent).TotalMilliseconds, weight);
    }

    /// <summary>The samples since the previous call (or <see cref="Reset"/>); a new window starts.</summary>
    public LatencyHistogram TakeWindow() => Interlocked.Exchange(ref _window, new LatencyHistogram());

    public void Reset()
    {
        Total.Reset();
        foreach (var node in Nodes) node.Reset();
        Server.Reset();
        Client.Reset();
        _window = new LatencyHistogram();
    }
}

public sealed class LatencyHistogram
{
    private readonly long[] _buckets = new long[120_001];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add(double millis, int weight)
    {
        var bucket = (int)Math.Clamp(Math.Round(millis), 0, _buckets.Length - 1);
        Interlocked.Add(ref _buckets[bucket], weight);
        Interlocked.Add(ref _count, weight);
    }

    public void Reset()
    {
        for (var i = 0; i < _buckets.Length; i++) Interlocked.Exchange(ref _buckets[i], 0);
        Interlocked.Exchange(ref _count, 0);
    }

    /// <summary>Nearest rank: the smallest bucket at or above <paramref name="percent"/> % of the samples (100: the maximum).</summary>
    public double Percentile(double percent)
    {
        var total = Count;
        if (total == 0) return double.NaN;
        var rank = Math.Max(1, (long)Math.Ceiling(percent / 100 * total));
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= rank) return i;
        }
        return _buckets.Length - 1;
    }
}
