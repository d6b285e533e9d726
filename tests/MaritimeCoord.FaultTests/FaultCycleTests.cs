using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using MaritimeCoord.Cli.Auth;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Contracts.Sightings;
using Xunit.Abstractions;

namespace MaritimeCoord.FaultTests;

/// <summary>
/// Issue 9's figure: <c>kill -9</c> of the server, a PostgreSQL crash-restart and a RabbitMQ restart, in rotation for
/// <c>MCOORD_FAULT_CYCLES</c> cycles (default 3: each fault once), under 5,000 AIS positions/s pushed to a TCP server feed
/// and a stream of sightings. Everything is private to the test: a PostgreSQL cluster, a RabbitMQ node, the real server
/// binary as a child process (RabbitMQ transport, outbox dispatcher, ingest feed), restarted on the same ports.
/// At the end it counts: every acknowledged sighting stored once and its <c>SightingLogged</c> delivered through the
/// broker; every position the server read from a live connection stored; every position it had committed before a
/// kill stored; no (MMSI, time) stored twice.
/// </summary>
public sealed class FaultCycleTests(ITestOutputHelper output)
{
    private const int PositionsPerSecond = 5000;
    private const string CountingQueue = "fault-test-sighting-logged";
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);

    /// <summary><c>MCOORD_FAULT_ONLY=BrokerRestart</c> (or PostgresRestart, KillDashNine) repeats one fault, to study it.</summary>
    private static Fault? Only => Enum.TryParse<Fault>(Environment.GetEnvironmentVariable("MCOORD_FAULT_ONLY"), out var f) ? f : null;

    /// <summary>
    /// <c>MCOORD_FAULT_STRICT_OUTBOX=1</c>: an outbox that stops publishing after a broker restart fails the test
    /// (default: counted and reported, the node restarted at the end; see docs/reliability.md, known defects).
    /// </summary>
    private static bool StrictOutbox => Environment.GetEnvironmentVariable("MCOORD_FAULT_STRICT_OUTBOX") == "1";

    /// <summary>No held event published for this long while the broker is up: the dispatcher is stuck (its backoff is ≤ 30 s).</summary>
    private static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(90);

    private static int Cycles => int.TryParse(Environment.GetEnvironmentVariable("MCOORD_FAULT_CYCLES"), out var n) ? n : 3;

    // Broker first, kill last: in the default 3 cycles the feed connection closed cleanly at the kill has lived through the
    // broker and the database restart (so its exact count proves both lose nothing read), and each fault is seen once.
    private enum Fault { BrokerRestart, PostgresRestart, KillDashNine }

    [Fact]
    public async Task Kill_dash_9_postgres_restart_and_broker_restart_in_rotation_under_5000_positions_per_second_lose_nothing_acknowledged()
    {
        var total = Stopwatch.StartNew();
        // Both private servers start at once (the broker alone takes 5-10 s to boot); if one fails, the other is stopped.
        var starting = (Postgres: PrivatePostgres.StartAsync(), Broker: PrivateRabbitMq.StartAsync());
        try
        {
            await Task.WhenAll(starting.Postgres, starting.Broker);
        }
        catch
        {
            if (starting.Postgres.IsCompletedSuccessfully) await (await starting.Postgres).DisposeAsync();
            if (starting.Broker.IsCompletedSuccessfully) await (await starting.Broker).DisposeAsync();
            throw;
        }

        await using var pg = await starting.Postgres;
        await using var broker = await starting.Broker;
        await broker.BindCountingQueueAsync<SightingLogged>(CountingQueue);
        const string database = "postgres";
        var connection = pg.ConnectionString(database);
        var key = Faults.NewSigningKey();
        int httpPort = PrivatePostgres.FreePort(), feedPort = PrivatePostgres.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["Messaging__Transport"] = "RabbitMq",
            ["Messaging__RabbitMqPort"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Server__Ingest"] = "true",
            ["Ingest__Feeds__0__Name"] = "fault-feed",
            ["Ingest__Feeds__0__Kind"] = "TcpServer",
            ["Ingest__Feeds__0__Host"] = "127.0.0.1",
            ["Ingest__Feeds__0__Port"] = feedPort.ToString(CultureInfo.InvariantCulture),
            // appsettings.json also declares a UDP feed on the fixed port 10110: another server on the machine holding it
            // made this node fail with "Address already in use". Port 0 binds a free one (the test sends over TCP only).
            ["Ingest__Feeds__1__Host"] = "127.0.0.1",
            ["Ingest__Feeds__1__Port"] = "0",
            // What the bus and the outbox do around a broker restart, kept for a failure's post-mortem.
            ["Logging__LogLevel__MassTransit"] = "Information",
            ["Logging__LogLevel__MaritimeCoord.Server.Outbox"] = "Information",
        };
        var server = await ServerProcess.StartAsync(connection, key, settings, httpPort);
        using var http = Faults.Client(server.Url, Faults.LiaisonToken(key, "fault-cycles"));
        using var operatorHttp = Faults.Client(server.Url, DevelopmentTokenIssuer.Issue(key, MaritimeRoles.Operator, "BASARNAS-IDN", "fault-cycles-operator"));
        await using var sightings = new SightingStream(http, workers: 2, pause: TimeSpan.FromMilliseconds(200));
        await using var feed = new AisFeedSender(feedPort, PositionsPerSecond);
        var acknowledgedBeforeKill = new Dictionary<int, long>(); // connection index → positions the killed node had committed
        var cleanlyClosed = new List<FeedConnection>();
        var earlierLogs = new List<string>();
        var stalls = 0;
        try
        {
            sightings.Start();
            feed.Start();
            await Task.Delay(3000);
            for (var cycle = 1; cycle <= Cycles; cycle++)
            {
                var fault = Only ?? (Fault)((cycle - 1) % 3);
                var watch = Stopwatch.StartNew();
                string detail;
                switch (fault)
                {
                    case Fault.KillDashNine:
                    {
                        // Close the connection that lived through the previous database and broker faults cleanly, so
                        // its count must be exact; then kill the node while a fresh connection streams into it.
                        var closed = await feed.RotateAsync();
                        cleanlyClosed.Add(closed);
                        var storedClosed = await WaitForStoredAsync(pg, closed, closed.Written, TimeSpan.FromSeconds(120));
                        Assert.True(storedClosed == closed.Written, $"{closed}: stored {storedClosed}; read from a live connection, every position must be stored");
                        await WaitUntilAsync(() => feed.Connections.Count > closed.Index + 1, TimeSpan.FromSeconds(30), "the sender reconnected");
                        await Task.Delay(2000);
                        var committedByNode = await PersistedAsync(operatorHttp);
                        var pid = server.Pid;
                        server.KillDashNine();
                        await server.DisposeAsync();
                        earlierLogs.Add($"--- pid {pid} (killed) ---\n{server.Log}");
                        var killed = feed.Connections[closed.Index + 1];
                        // The node's counter covers both of its connections; the closed one is fully stored already.
                        acknowledgedBeforeKill[killed.Index] = committedByNode - storedClosed;
                        var restart = Stopwatch.StartNew();
                        server = await ServerProcess.StartAsync(connection, key, settings, httpPort);
                        var restartedIn = restart.Elapsed;
                        var storedKilled = await StoredAsync(pg, killed);
                        detail = $"closed {closed} → stored {storedClosed}; pid {pid} SIGKILLed while connection {killed.Index} streamed: " +
                                 $"committed (stats) {acknowledgedBeforeKill[killed.Index]}, stored after restart {storedKilled}, attempted {killed.Attempted}; " +
                                 $"restarted and ready in {restartedIn.TotalSeconds:F1} s";
                        Assert.True(storedKilled >= acknowledgedBeforeKill[killed.Index], detail);
                        break;
                    }

                    case Fault.PostgresRestart:
                    {
                        var pid = server.Pid;
                        var before = sightings.Elapsed;
                        await pg.StopServerAsync("immediate");
                        await Task.Delay(Outage);
                        await pg.StartServerAsync();
                        var back = sightings.Elapsed;
                        await WaitUntilAsync(() => sightings.Count(201, back, TimeSpan.MaxValue) >= 5, TimeSpan.FromSeconds(90), "sightings acknowledged again after the database restart");
                        var persisted = await PersistedAsync(operatorHttp);
                        await WaitUntilAsync(async () => await PersistedAsync(operatorHttp) > persisted, TimeSpan.FromSeconds(90), "positions committed again after the database restart");
                        Assert.Equal(pid, server.Pid);
                        Assert.False(server.HasExited);
                        detail = $"PostgreSQL crashed (immediate) and back after {Outage.TotalSeconds:F0} s; sightings answered meanwhile: " +
                                 $"503 × {sightings.Count(503, before, back)}, 201 × {sightings.Count(201, before, back)}; same pid {pid} recovered by itself";
                        break;
                    }

                    default:
                    {
                        var before = sightings.Elapsed;
                        await broker.StopServerAsync();
                        var stopped = watch.Elapsed;
                        await Task.Delay(Outage);
                        // The events of sightings acknowledged while the broker was away: held, then published by the same node.
                        var held = await pg.ScalarAsync(database, "SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL");
                        var newestHeld = await pg.ScalarAsync(database, "SELECT coalesce(max(id), 0) FROM outbox_messages WHERE dispatched_at IS NULL");
                        await broker.StartServerAsync();
                        var started = watch.Elapsed;
                        var back = sightings.Elapsed;
                        var acknowledgedWhileDown = sightings.Count(201, before, back);
                        string published;
                        try
                        {
                            // A backlog drains at the dispatcher's pace (one confirmed publish at a time, slow on a loaded
                            // machine), so what counts is a stall: no held event published for StallAfter.
                            await WaitForOutboxAsync(pg, newestHeld, StallAfter);
                            published = $"all published by the same pid {server.Pid} {(watch.Elapsed - started).TotalSeconds:F1} s after the broker was back";
                        }
                        catch (TimeoutException e)
                        {
                            stalls++;
                            if (stalls == 1 || StrictOutbox) output.WriteLine($"broker after the restart:\n{await broker.DescribeAsync()}");
                            if (StrictOutbox) throw;
                            // Known defect, reported: the dispatcher's Publish never returns (no exception, no log) although
                            // MassTransit reconnected and its consumers run again. The rows stay undispatched (nothing is
                            // lost); a restart of the node publishes them (the next kill, or the end of this test).
                            published = $"STALLED in pid {server.Pid} ({e.Message}) while the bus had reconnected";
                        }

                        detail = $"RabbitMQ stopped ({stopped.TotalSeconds:F1} s), down {Outage.TotalSeconds:F0} s, started again ({started.TotalSeconds:F1} s); " +
                                 $"sightings acknowledged meanwhile {acknowledgedWhileDown}; events held in the outbox {held}, {published}";
                        Assert.True(acknowledgedWhileDown > 0, "sightings need only PostgreSQL: they must be acknowledged while the broker is down");
                        Assert.True(held > 0, "with the broker down the outbox must hold the events");
                        break;
                    }
                }

                output.WriteLine($"cycle {cycle} {fault}: {watch.Elapsed.TotalSeconds:F1} s; {detail}");
            }

            // Wind down: the clients finish what they were sending, the last feed connection is closed cleanly.
            await sightings.StopAsync(TimeSpan.FromSeconds(120));
            var last = await feed.StopAsync();
            if (last is not null) cleanlyClosed.Add(last);
            foreach (var c in cleanlyClosed)
            {
                var stored = await WaitForStoredAsync(pg, c, c.Written, TimeSpan.FromSeconds(120));
                Assert.True(stored == c.Written, $"{c}: stored {stored}");
            }

            // Sightings: every acknowledged one stored exactly once, and every one acknowledged in the end.
            var records = sightings.Records;
            var unacknowledged = records.Where(r => r.Id is null).ToList();
            Assert.True(unacknowledged.Count == 0, $"{unacknowledged.Count} sightings never acknowledged: {Histogram(unacknowledged)}");
            var storedSightings = await pg.IdsAsync(database, "SELECT id FROM sightings");
            var lostSightings = records.Count(r => !storedSightings.Contains(r.Id!.Value));
            Assert.Equal(0, lostSightings);
            Assert.Equal(records.Count, storedSightings.Count);
            Assert.Equal(records.Count, await pg.ScalarAsync(database, "SELECT count(DISTINCT idempotency_key) FROM sightings"));

            // Their events: all in the outbox, all dispatched, all delivered through the broker (at least once).
            Assert.Equal(records.Count, await pg.ScalarAsync(database, "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%SightingLogged'"));
            try
            {
                await WaitForOutboxAsync(pg, long.MaxValue, StallAfter);
            }
            catch (TimeoutException e) when (!StrictOutbox)
            {
                // The stalled dispatcher (see the broker step) gets what an operator would do: restart the node.
                stalls++;
                output.WriteLine($"outbox stalled at the end ({e.Message}); restarting the node (kill -9) to publish the held events");
                server.KillDashNine();
                await server.DisposeAsync();
                server = await ServerProcess.StartAsync(connection, key, settings, httpPort);
                await WaitForOutboxAsync(pg, long.MaxValue, StallAfter);
            }

            var delivered = await broker.DrainAsync(CountingQueue, "sightingId");
            var deliveredIds = delivered.Select(Guid.Parse).ToHashSet();
            var undelivered = storedSightings.Count(id => !deliveredIds.Contains(id));
            Assert.Equal(0, undelivered);

            // Positions: each clean connection exact (checked above), each killed one at least what the node had committed.
            var connections = feed.Connections;
            long positionsStored = await pg.ScalarAsync(database, "SELECT count(*) FROM ais_positions");
            long duplicates = await pg.ScalarAsync(database, "SELECT count(*) - count(DISTINCT (mmsi, observed_at)) FROM ais_positions");
            foreach (var (index, committed) in acknowledgedBeforeKill)
            {
                var stored = await StoredAsync(pg, connections[index]);
                Assert.InRange(stored, committed, connections[index].Attempted);
            }

            Assert.Equal(0, duplicates);
            long written = connections.Sum(c => c.Written), acknowledgedPositions = cleanlyClosed.Sum(c => c.Written) + acknowledgedBeforeKill.Values.Sum();
            output.WriteLine($"{Cycles} cycles in {total.Elapsed.TotalSeconds:F0} s; machine load: {File.ReadAllText("/proc/loadavg").Trim()}");
            output.WriteLine($"outbox stalls after a broker restart (publish never returned; events held, none lost): {stalls}");
            output.WriteLine($"sightings: {records.Count} sent, every one acknowledged (answers: {Histogram(records)}); " +
                             $"{storedSightings.Count} stored, 0 lost, 0 duplicates; SightingLogged delivered through the broker: {delivered.Count} messages, " +
                             $"{deliveredIds.Count} distinct, 0 missing");
            output.WriteLine($"positions: {feed.Generated} generated at {PositionsPerSecond}/s over {feed.Elapsed.TotalSeconds:F0} s " +
                             $"({feed.Generated / feed.Elapsed.TotalSeconds:F0}/s), {written} written on {connections.Count} connections; " +
                             $"accepted (read on clean connections + committed before kills) {acknowledgedPositions}, stored {positionsStored}, 0 lost, {duplicates} duplicates");
            foreach (var c in connections) output.WriteLine($"  {c} → stored {await StoredAsync(pg, c)}{(acknowledgedBeforeKill.TryGetValue(c.Index, out var a) ? $", committed before the kill {a}" : "")}");
        }
        catch
        {
            // The whole story for a post-mortem: every node's log (MassTransit and outbox at Information) in one file.
            var file = Path.Combine(Path.GetTempPath(), $"mcoord-fault-cycles-{DateTime.UtcNow:yyyyMMddHHmmss}.log");
            await File.WriteAllTextAsync(file, string.Join('\n', earlierLogs) + "\n--- last node ---\n" + server.Log);
            output.WriteLine($"server logs: {file}; last node's tail:\n" + Tail(server.Log, 60));
            throw;
        }
        finally
        {
            await feed.DisposeAsync();
            await sightings.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    private static string Histogram(IEnumerable<SightingRecord> records) =>
        string.Join(", ", records.SelectMany(r => { lock (r.Answers) return r.Answers.ToList(); })
            .GroupBy(a => a.Status == 0 ? a.Error ?? "error" : a.Status.ToString(CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));

    private static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));

    private static Task<long> StoredAsync(PrivatePostgres pg, FeedConnection c) =>
        pg.ScalarAsync("postgres", $"SELECT count(*) FROM ais_positions WHERE mmsi BETWEEN {c.MmsiBase} AND {c.MmsiLast}");

    private static async Task<long> WaitForStoredAsync(PrivatePostgres pg, FeedConnection c, long expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        long stored;
        while ((stored = await StoredAsync(pg, c)) < expected && DateTime.UtcNow < deadline) await Task.Delay(250);
        return stored;
    }

    /// <summary>Positions this node has committed (its ingest counter, incremented after each batch's COMMIT returned).</summary>
    private static async Task<long> PersistedAsync(HttpClient operatorHttp)
    {
        using var document = JsonDocument.Parse(await operatorHttp.GetStringAsync("api/ingest/stats"));
        return document.RootElement.GetProperty("counters").GetProperty("positionsPersisted").GetInt64();
    }

    /// <summary>Until every outbox row up to <paramref name="newestId"/> is dispatched; fails when none was for <paramref name="stall"/>.</summary>
    private static async Task WaitForOutboxAsync(PrivatePostgres pg, long newestId, TimeSpan stall)
    {
        long remaining = long.MaxValue;
        var lastProgress = DateTime.UtcNow;
        while (true)
        {
            long now;
            try
            {
                now = await pg.ScalarAsync("postgres", $"SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL AND id <= {newestId}");
            }
            catch (Npgsql.NpgsqlException)
            {
                now = remaining;
            }

            if (now == 0) return;
            if (now < remaining)
            {
                remaining = now;
                lastProgress = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - lastProgress > stall)
            {
                throw new TimeoutException($"outbox stalled: {remaining} held events not published, none for {stall}");
            }

            await Task.Delay(250);
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Npgsql.NpgsqlException) { }

            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not reached within {timeout}: {what}");
            await Task.Delay(250);
        }
    }
}
