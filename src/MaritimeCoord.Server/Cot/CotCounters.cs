using System.Collections.Concurrent;

namespace MaritimeCoord.Server.Cot;

/// <summary>What the CoT links did, by name (docs/tak.md § Counters). Never holds content, only counts.</summary>
public sealed class CotCounters
{
    private readonly ConcurrentDictionary<string, long[]> _counts = new(StringComparer.Ordinal);

    // Completed (and cleared) by the next Add; made only while someone waits, so counting costs nothing more otherwise.
    private TaskCompletionSource? _changed;

    public void Add(string name, long n = 1)
    {
        Interlocked.Add(ref _counts.GetOrAdd(name, _ => new long[1])[0], n);
        if (Volatile.Read(ref _changed) is not null) Interlocked.Exchange(ref _changed, null)?.TrySetResult();
    }

    /// <summary>
    /// Completes once <paramref name="condition"/> holds, re-checked after every <see cref="Add"/>: the signal for tests and
    /// tools that wait for the links to have done something.
    /// </summary>
    public async Task WaitUntilAsync(Func<CotCounters, bool> condition, CancellationToken ct)
    {
        while (true)
        {
            // Take the signal before checking, so an Add between the check and the wait still wakes this waiter.
            var changed = Volatile.Read(ref _changed);
            if (changed is null)
            {
                var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                changed = Interlocked.CompareExchange(ref _changed, fresh, null) ?? fresh;
            }
            if (condition(this)) return;
            await changed.Task.WaitAsync(ct);
        }
    }

    public long Get(string name) => _counts.TryGetValue(name, out var c) ? Interlocked.Read(ref c[0]) : 0;

    public IReadOnlyDictionary<string, long> Snapshot() => _counts.ToDictionary(kv => kv.Key, kv => Interlocked.Read(ref kv.Value[0]), StringComparer.Ordinal);

    // Names: in.<centre>.<what>, out.<centre>.<endpoint>.<what>.
    public static string In(string centre, string what) => $"in.{centre}.{what}";
    public static string Out(string centre, string endpoint, string what) => $"out.{centre}.{endpoint}.{what}";
}
