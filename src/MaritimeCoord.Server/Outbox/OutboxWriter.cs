using System.Text.Json;
using MaritimeCoord.Contracts.Detection;
using MaritimeCoord.Contracts.Drift;
using MaritimeCoord.Contracts.Incidents;
using MaritimeCoord.Contracts.Responders;
using MaritimeCoord.Contracts.Search;
using MaritimeCoord.Contracts.Sightings;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Outbox;

namespace MaritimeCoord.Server.Outbox;

/// <summary>Adds events to the caller's unit of work; they are published only if its transaction commits.</summary>
public sealed class OutboxWriter(MaritimeDbContext db, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Closed set of publishable contracts: the dispatcher never instantiates a type named by the database alone.
    internal static readonly IReadOnlyDictionary<string, Type> KnownTypes = new[]
    {
        typeof(SightingLogged), typeof(IncidentOpened), typeof(IncidentMarkedStale),
        typeof(IncidentPhaseChanged), typeof(IncidentHandoverChanged), typeof(HandoverSuggested), typeof(ResponderTasked),
        typeof(DetectionEventRaised), typeof(DetectionEventWithdrawn), typeof(IncidentEscalated),
        typeof(DetectionAlertRaised), typeof(HandoverOfferReminded),
        typeof(IncidentPersonsOnBoardChanged), typeof(IncidentDistressIndicatorsChanged), typeof(SitrepIssued),
        typeof(IncidentsMerged), typeof(SightingSplit), typeof(DriftRunCompleted),
        typeof(SearchPlanProposed), typeof(SearchPlanIssued), typeof(SearchResultRecorded),
    }.ToDictionary(t => t.FullName!, t => t);

    public void Add<T>(T message) where T : class
    {
        if (!KnownTypes.ContainsKey(typeof(T).FullName!))
            throw new InvalidOperationException($"{typeof(T).FullName} is not registered in OutboxWriter.KnownTypes.");
        db.Outbox.Add(new OutboxMessage
        {
            MessageType = typeof(T).FullName!,
            Payload = JsonSerializer.Serialize(message, Json),
            CreatedAt = clock.GetUtcNow(),
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
