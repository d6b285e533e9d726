using System.Collections.Concurrent;

namespace MaritimeCoord.Server.Cot;

/// <summary>What the CoT links did, by name (docs/tak.md § Counters). Never holds content, only counts.</summary>
public sealed class CotCounters
{
    private readonly ConcurrentDictionary<string, long[]> _counts = new(StringComparer.Ordinal);

    public void Add(string name, long n = 1) => Interlocked.Add(ref _counts.GetOrAdd(name, _ => new long[1])[0], n);

    public long Get(string name) => _counts.TryGetValue(name, out var c) ? Interlocked.Read(ref c[0]) : 0;

    public IReadOnlyDictionary<string, long> Snapshot() => _counts.ToDictionary(kv => kv.Key, kv => Interlocked.Read(ref kv.Value[0]), StringComparer.Ordinal);

    // Names: in.<centre>.<what>, out.<centre>.<endpoint>.<what>.
    public static string In(string centre, string what) => $"in.{centre}.{what}";
    public static string Out(string centre, string endpoint, string what) => $"out.{centre}.{endpoint}.{what}";
}
