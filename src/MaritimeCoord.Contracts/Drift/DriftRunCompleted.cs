namespace MaritimeCoord.Contracts.Drift;

/// <summary>A drift run of an incident finished: succeeded (results stored and servable) or failed (with the reason).</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Reference">Human reference of the incident.</param>
/// <param name="RunId">The drift run.</param>
/// <param name="Status"><c>succeeded</c> or <c>failed</c>.</param>
/// <param name="Error">Why it failed (null when it succeeded).</param>
/// <param name="ObjectClass">Leeway object class key, e.g. <c>PIW-1</c>.</param>
/// <param name="Direction"><c>forward</c> or <c>backward</c>.</param>
/// <param name="Hours">Output hours after the seeding time.</param>
/// <param name="Particles">Particles seeded.</param>
/// <param name="CoordinatingCentreCode">Centre coordinating the incident.</param>
/// <param name="At">When it finished (UTC).</param>
public sealed record DriftRunCompleted(
    Guid IncidentId,
    string Reference,
    Guid RunId,
    string Status,
    string? Error,
    string ObjectClass,
    string Direction,
    int Hours,
    int Particles,
    string CoordinatingCentreCode,
    DateTimeOffset At);
