using MaritimeCoord.Server.Cot;

namespace MaritimeCoord.IntegrationTests.Cot;

internal static class CotCounterWaits
{
    /// <summary>Waits on the counters' change signal until <paramref name="name"/> reaches <paramref name="atLeast"/>; on time-out says every counter.</summary>
    public static async Task WaitForCounterAsync(this CotCounters counters, string name, long atLeast, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await counters.WaitUntilAsync(c => c.Get(name) >= atLeast, cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"counter {name} = {counters.Get(name)}, wanted ≥ {atLeast}; counters: " +
                                       string.Join(", ", counters.Snapshot().Select(kv => $"{kv.Key}={kv.Value}")));
        }
    }
}
