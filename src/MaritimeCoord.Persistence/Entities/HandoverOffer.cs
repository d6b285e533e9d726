namespace MaritimeCoord.Persistence.Entities;

/// <summary>One handover offer and its outcome. At most one per incident is pending (a partial unique index).</summary>
public sealed class HandoverOfferRecord
{
    public Guid Id { get; set; }
    public Guid IncidentId { get; set; }
    public required string FromCentreCode { get; set; }
    public required string ToCentreCode { get; set; }
    public required string ProposedBy { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset ProposedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>pending, accepted, declined, withdrawn, expired.</summary>
    public required string Status { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }
}

public static class HandoverStatuses
{
    public const string Pending = "pending";

    /// <summary>The step name the accept endpoint stores (HandoverEndpoints: the status is the step's name).</summary>
    public const string Accepted = "accepted";
}
