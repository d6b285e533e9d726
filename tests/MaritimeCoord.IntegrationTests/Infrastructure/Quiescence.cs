using MaritimeCoord.Contracts.Realtime;
using MaritimeCoord.Server.Realtime;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.IntegrationTests.Infrastructure;

/// <summary>
/// Ways to know that something has happened (or never will) without sleeping for a guessed time: a test waits for a
/// state the server reports, then asserts.
/// </summary>
public static class Quiescence
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Waits until <paramref name="condition"/> holds (checked on a short beat), or fails naming <paramref name="what"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? Timeout);
        try
        {
            while (!condition()) await Task.Delay(20, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out waiting until {what}");
        }
    }

    /// <summary>The asynchronous form of <see cref="UntilAsync(Func{bool}, string, TimeSpan?)"/>, for conditions read from the database.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? Timeout);
        try
        {
            while (!await condition()) await Task.Delay(20, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out waiting until {what}");
        }
    }

    /// <summary>
    /// Returns once the node's live vessel feeds have nothing left to send (no position waiting, no batch being
    /// written) and everything they wrote before has reached <paramref name="hub"/>'s handlers: a hub call made after
    /// that is answered on the same connection after those batches, and the client runs handlers in arrival order.
    /// After this, a position the client has not received was never going to be sent.
    /// </summary>
    public static async Task LiveFeedsDrainedAsync(IServiceProvider services, HubConnection hub)
    {
        var feeds = services.GetRequiredService<LiveVesselFeeds>();
        await UntilAsync(() => feeds.Idle, "the live vessel feeds have sent everything");
        await HubBarrierAsync(hub);
    }

    /// <summary>
    /// A round trip on each connection: what the server wrote to a connection before answering has reached its
    /// handlers when this returns (one connection's messages arrive in order and handlers run in arrival order).
    /// </summary>
    public static async Task HubBarrierAsync(params HubConnection[] hubs)
    {
        foreach (var hub in hubs) await hub.InvokeAsync<IReadOnlyList<StreamPosition>>("GetStreams");
    }
}
