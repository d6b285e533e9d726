using System.Text.Json;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Outbox;
using MaritimeCoord.Server.Realtime;

namespace MaritimeCoord.Server.Outbox;

/// <summary>
/// Adds events to the caller's unit of work; they are published only if its transaction commits. Each row carries
/// its hub event name and streams from <see cref="EventRoutes"/>; the commit trigger only numbers them.
/// </summary>
public sealed class OutboxWriter(MaritimeDbContext db, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Add<T>(T message) where T : class
    {
        var streams = EventRoutes.StreamsOf(typeof(T), message); // throws for a contract with no route
        db.Outbox.Add(new OutboxMessage
        {
            MessageType = typeof(T).FullName!,
            Payload = JsonSerializer.Serialize(message, Json),
            CreatedAt = clock.GetUtcNow(),
            EventName = streams?.EventName,
            Streams = streams is null ? null : [.. streams.Names],
            StreamIncidentId = streams?.IncidentId,
        });
    }
}

/// <summary>Wakes the dispatcher as soon as a transaction with events commits, instead of waiting for the next poll.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        if (signal.CurrentCount == 0)
        {
            try { signal.Release(); } catch (SemaphoreFullException) { /* already signalled */ }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);

    public void Dispose() => signal.Dispose();
}
