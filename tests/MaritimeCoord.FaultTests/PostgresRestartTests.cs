using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace MaritimeCoord.FaultTests;

/// <summary>
/// PostgreSQL crashes (<c>pg_ctl stop -m immediate</c>) and comes back while sightings stream in: requests during the
/// outage are refused with 5xx (never a false 201), the same server process recovers by itself, every 201 is stored,
/// and retries with the same Idempotency-Key complete the rest exactly once.
/// </summary>
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_postgres_crash_and_restart_during_a_stream_of_sightings_loses_nothing_and_the_server_recovers_by_itself()
    {
        await using var pg = await PrivatePostgres.StartAsync();
        const string database = "postgres";
        var key = Faults.NewSigningKey();
        var token = Faults.LiaisonToken(key, "fault-pg");
        await using var server = await ServerProcess.StartAsync(pg.ConnectionString(database), key);
        var pid = server.Pid;
        using var http = Faults.Client(server.Url, token);
        var random = new Random(15);
        var answers = new ConcurrentBag<(Answer Answer, TimeSpan At)>();
        var watch = Stopwatch.StartNew();
        var outage = (Start: TimeSpan.Zero, End: TimeSpan.Zero);
        using var stop = new CancellationTokenSource();

        var streams = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var r = new Random(w);
            while (!stop.IsCancellationRequested)
            {
                Post post;
                lock (random) post = Faults.NewPost(r, "pg");
                answers.Add((await Faults.SendAsync(http, post), watch.Elapsed));
                await Task.Delay(20);
            }
        })).ToList();

        await Task.Delay(2000);
        outage.Start = watch.Elapsed;
        await pg.StopServerAsync("immediate");
        await Task.Delay(3000);
        await pg.StartServerAsync();
        outage.End = watch.Elapsed;
        // Keep streaming until the server has acknowledged sightings again by itself (no restart of the server).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && answers.Count(a => a.At > outage.End && a.Answer.Status == 201) < 20) await Task.Delay(200);
        stop.Cancel();
        await Task.WhenAll(streams);

        var all = answers.ToList();
        var during = all.Where(a => a.At > outage.Start && a.At < outage.End).Select(a => a.Answer).ToList();
        var after = all.Where(a => a.At > outage.End).Select(a => a.Answer).ToList();
        output.WriteLine($"outage {outage.Start.TotalSeconds:F1}–{outage.End.TotalSeconds:F1} s; sent {all.Count}: {Faults.Histogram(all.Select(a => a.Answer))}");
        output.WriteLine($"answered during the outage: {Faults.Histogram(during)}; after: {Faults.Histogram(after)}");
        Assert.False(server.HasExited);
        Assert.Equal(pid, server.Pid);
        Assert.All(all, a => Assert.Contains(a.Answer.Status, new[] { 201, 500, 503 }));
        Assert.Contains(during, a => a.Status == 503);
        Assert.True(after.Count(a => a.Status == 201) >= 20, "the server did not recover by itself");

        var stored = await pg.IdsAsync(database, "SELECT id FROM sightings");
        var acked = all.Where(a => a.Answer.Status == 201).Select(a => a.Answer.Id!.Value).ToList();
        Assert.DoesNotContain(acked, id => !stored.Contains(id));
        Assert.InRange(stored.Count, acked.Count, all.Count);

        var retried = await Faults.RetryUntilAcknowledgedAsync(http, all.Where(a => a.Answer.Status != 201).Select(a => a.Answer.Post), TimeSpan.FromSeconds(60));
        Assert.All(retried, a => Assert.Contains(a.Status, new[] { 200, 201 }));
        Assert.Equal(all.Count, await pg.ScalarAsync(database, "SELECT count(*) FROM sightings"));
        Assert.Equal(all.Count, await pg.ScalarAsync(database, "SELECT count(DISTINCT idempotency_key) FROM sightings"));
        output.WriteLine($"acknowledged {acked.Count} (0 lost); rows before retries {stored.Count}; retried {retried.Count}: {Faults.Histogram(retried)}; " +
                         $"final rows {all.Count} = sent, 0 duplicates; server pid {pid} never restarted");
    }
}
