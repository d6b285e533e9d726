namespace MaritimeCoord.Persistence.Outbox;

/// <summary>
/// An event written in the same transaction as the state change it announces, published to the bus afterwards.
/// MassTransit's own EF outbox (MassTransit.EntityFrameworkCore) is not served here, so this is the small equivalent.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public required string MessageType { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    /// <summary>The hub event name of a situation event, null for one that is not numbered in streams.</summary>
    public string? EventName { get; set; }

    /// <summary>The streams the commit trigger numbers the event in (plus the incident's handover partners); null when not numbered.</summary>
    public string[]? Streams { get; set; }

    /// <summary>The incident the event is about (its <c>situation_events.incident_id</c>).</summary>
    public Guid? StreamIncidentId { get; set; }
}
