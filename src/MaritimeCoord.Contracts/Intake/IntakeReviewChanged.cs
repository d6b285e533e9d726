namespace MaritimeCoord.Contracts.Intake;

/// <summary>
/// A report held for review appeared, or was resolved or discarded, at a receiving centre. It carries no text, sender or
/// position (personal data stays in the database): the centre's consoles fetch the list again when they hear it.
/// </summary>
/// <param name="ReviewId">The intake message.</param>
/// <param name="Reference">R-XXXXXXXX, as the sender's reply names it.</param>
/// <param name="CentreCode">The receiving centre.</param>
/// <param name="Channel">sms or email.</param>
/// <param name="Status">review (held), resolved or discarded.</param>
/// <param name="At">When (UTC).</param>
public sealed record IntakeReviewChanged(Guid ReviewId, string Reference, string CentreCode, string Channel, string Status, DateTimeOffset At);
