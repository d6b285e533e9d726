using System.Collections.Concurrent;
using System.Diagnostics;

namespace MaritimeCoord.FaultTests;

/// <summary>What happened to one sighting: every answer (with when it came) until it was acknowledged.</summary>
public sealed class SightingRecord(Post post)
{
    public Post Post { get; } = post;
    public List<(TimeSpan At, int Status, string? Error)> Answers { get; } = [];

    /// <summary>The id from the first 201 (or 200 replay), once acknowledged.</summary>
    public Guid? Id { get; set; }
}

/// <summary>
/// Liaison officers' laptops posting sightings continuously, each with its own Idempotency-Key, and — as
/// <c>mcoord feed sightings</c> does — retrying a post with the same key until it is acknowledged (201, or 200 replayed).
/// </summary>
public sealed class SightingStream(HttpClient http, int workers, TimeSpan pause) : IAsyncDisposable
{
    private readonly ConcurrentBag<SightingRecord> records = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private List<Task> tasks = [];

    public IReadOnlyList<SightingRecord> Records => [.. records];

    public TimeSpan Elapsed => clock.Elapsed;

    public void Start() =>
        tasks = [.. Enumerable.Range(0, workers).Select(w => Task.Run(() => RunAsync(new Random(1000 + w), $"cyc{w}")))];

    /// <summary>Answers with this status that arrived within [from, to).</summary>
    public int Count(int status, TimeSpan from, TimeSpan to)
    {
        int n = 0;
        foreach (var r in records)
            lock (r.Answers) n += r.Answers.Count(a => a.Status == status && a.At >= from && a.At < to);
        return n;
    }

    /// <summary>Stops starting new posts; those in flight are retried until acknowledged (or <paramref name="timeout"/>).</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        await stop.CancelAsync();
        await Task.WhenAll(tasks).WaitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested) await stop.CancelAsync();
        try { await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(120)); } catch (TimeoutException) { }
        stop.Dispose();
    }

    private async Task RunAsync(Random random, string tag)
    {
        var giveUp = TimeSpan.MaxValue;
        while (!stop.IsCancellationRequested)
        {
            var record = new SightingRecord(Faults.NewPost(random, tag));
            records.Add(record);
            while (true)
            {
                var answer = await Faults.SendAsync(http, record.Post);
                lock (record.Answers) record.Answers.Add((clock.Elapsed, answer.Status, answer.Error));
                if (answer.Status is 200 or 201)
                {
                    record.Id = answer.Id;
                    break;
                }

                if (stop.IsCancellationRequested && giveUp == TimeSpan.MaxValue) giveUp = clock.Elapsed + TimeSpan.FromSeconds(90);
                if (clock.Elapsed > giveUp) return; // reported by the test as never acknowledged
                await Task.Delay(200);
            }

            await Task.Delay(pause);
        }
    }
}
