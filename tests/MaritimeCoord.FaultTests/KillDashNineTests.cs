using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace MaritimeCoord.FaultTests;

/// <summary>
/// A sighting answered 201 survives <c>kill -9</c> of the server right after the answer: the real server binary runs
/// as a child process on a private PostgreSQL; sightings are posted concurrently, the process is SIGKILLed the moment
/// the K-th 201 arrives (others still in flight), restarted, and every acknowledged sighting is counted in the database.
/// Then every unacknowledged post is retried with its Idempotency-Key: the final count is exactly the number sent.
/// </summary>
public sealed class KillDashNineTests(ITestOutputHelper output)
{
    private static int Cycles => int.TryParse(Environment.GetEnvironmentVariable("MCOORD_FAULT_CYCLES"), out var n) ? n : 3;

    [Fact]
    public async Task Every_sighting_answered_201_survives_a_kill_dash_9_a_moment_later()
    {
        await using var pg = await PrivatePostgres.StartAsync();
        const string database = "postgres";
        var connection = pg.ConnectionString(database);
        var key = Faults.NewSigningKey();
        var token = Faults.LiaisonToken(key, "fault-kill");
        var random = new Random(9);
        const int perCycle = 60, killAfter = 30;
        var allPosts = new List<Post>();
        var acknowledged = new HashSet<Guid>();
        var totalWatch = Stopwatch.StartNew();
        var server = await ServerProcess.StartAsync(connection, key);
        try
        {
            for (var cycle = 1; cycle <= Cycles; cycle++)
            {
                var pid = server.Pid;
                using var http = Faults.Client(server.Url, token);
                var posts = Enumerable.Range(0, perCycle).Select(i => Faults.NewPost(random, $"kill{cycle}")).ToList();
                allPosts.AddRange(posts);
                var answers = new ConcurrentBag<Answer>();
                var created = 0;
                var killedAt = TimeSpan.Zero;
                var watch = Stopwatch.StartNew();
                await Parallel.ForEachAsync(posts, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (post, _) =>
                {
                    var answer = await Faults.SendAsync(http, post);
                    answers.Add(answer);
                    if (answer.Status == 201 && Interlocked.Increment(ref created) == killAfter)
                    {
                        server.KillDashNine(); // the K-th acknowledgement has just arrived; others are mid-request
                        killedAt = watch.Elapsed;
                    }
                });
                await server.DisposeAsync();
                var acked = answers.Where(a => a.Status == 201).Select(a => a.Id!.Value).ToList();
                foreach (var id in acked) acknowledged.Add(id);

                // Restart on the same database: every acknowledged sighting must be there. (The restarted node serves the next cycle.)
                var restarted = await ServerProcess.StartAsync(connection, key);
                server = restarted;
                var stored = await pg.IdsAsync(database, "SELECT id FROM sightings");
                var lost = acked.Where(id => !stored.Contains(id)).ToList();
                var rowsThisCycle = await pg.ScalarAsync(database, $"SELECT count(*) FROM sightings WHERE boat_description = 'fault test kill{cycle}'");
                output.WriteLine($"cycle {cycle}: pid {pid} SIGKILLed {killedAt.TotalMilliseconds:F0} ms in, after the {killAfter}th 201; " +
                                 $"sent {perCycle}: {Faults.Histogram(answers)}; rows after restart {rowsThisCycle} (acknowledged {acked.Count}, lost {lost.Count})");
                Assert.Empty(lost);
                Assert.InRange(rowsThisCycle, acked.Count, perCycle); // committed-but-unanswered ones may be there too

                // The client retries what it never saw acknowledged, with the same keys: nothing is stored twice.
                using var again = Faults.Client(restarted.Url, token);
                var retried = await Faults.RetryUntilAcknowledgedAsync(again, answers.Where(a => a.Status != 201).Select(a => a.Post), TimeSpan.FromSeconds(60));
                Assert.All(retried, a => Assert.Contains(a.Status, new[] { 200, 201 }));
                output.WriteLine($"         retried {retried.Count} with their keys: {Faults.Histogram(retried)}");
                Assert.Equal(perCycle, await pg.ScalarAsync(database, $"SELECT count(*) FROM sightings WHERE boat_description = 'fault test kill{cycle}'"));
            }

            Assert.Equal(allPosts.Count, await pg.ScalarAsync(database, "SELECT count(*) FROM sightings"));
            Assert.Equal(allPosts.Count, await pg.ScalarAsync(database, "SELECT count(DISTINCT idempotency_key) FROM sightings"));
            // Every stored sighting has its event in the outbox (same transaction), and the restarted node dispatches them all.
            Assert.Equal(allPosts.Count, await pg.ScalarAsync(database, "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%SightingLogged%'"));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await pg.ScalarAsync(database, "SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL") > 0 && DateTime.UtcNow < deadline)
                await Task.Delay(250);
            Assert.Equal(0, await pg.ScalarAsync(database, "SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL"));
            output.WriteLine($"{Cycles} cycles, {allPosts.Count} sightings sent, {acknowledged.Count} acknowledged before a kill, 0 lost, " +
                             $"{allPosts.Count} stored after retries, 0 duplicates, outbox fully dispatched; {totalWatch.Elapsed.TotalSeconds:F0} s");
        }
        finally
        {
            await server.DisposeAsync(); // never leave a server process behind, even when an assertion failed
        }
    }
}
