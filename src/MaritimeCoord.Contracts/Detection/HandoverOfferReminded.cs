namespace MaritimeCoord.Contracts.Detection;

/// <summary>A handover offer has been waiting for an answer longer than the reminder delay: both centres are reminded, once per offer.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Reference">Human reference.</param>
/// <param name="OfferId">The pending offer.</param>
/// <param name="FromCentreCode">Proposing centre.</param>
/// <param name="ToCentreCode">Offered centre, whose answer is awaited.</param>
/// <param name="ProposedAt">When the offer was made (UTC).</param>
/// <param name="RemindedAt">When the reminder was sent (UTC).</param>
public sealed record HandoverOfferReminded(
    Guid IncidentId,
    string Reference,
    Guid OfferId,
    string FromCentreCode,
    string ToCentreCode,
    DateTimeOffset ProposedAt,
    DateTimeOffset RemindedAt);
