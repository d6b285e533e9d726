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
}
