namespace MaritimeCoord.Contracts.Search;

/// <summary>A search plan of an incident was proposed (the planner's allocation over a drift run's probability map).</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Reference">Human reference of the incident.</param>
/// <param name="Number">The plan's number in the incident (1, 2, 3 …).</param>
/// <param name="DriftRunId">The drift run whose probability grid the plan covers.</param>
/// <param name="Start">When the search starts (UTC).</param>
/// <param name="Assets">Asset codes in the plan.</param>
/// <param name="ProbabilityOfSuccess">The plan's POS (conditional on its prior map).</param>
/// <param name="Actor">Who proposed it.</param>
/// <param name="CoordinatingCentreCode">Centre coordinating the incident.</param>
/// <param name="At">When (UTC).</param>
public sealed record SearchPlanProposed(
    Guid IncidentId,
    string Reference,
    int Number,
    Guid DriftRunId,
    DateTimeOffset Start,
    IReadOnlyList<string> Assets,
    double ProbabilityOfSuccess,
    string Actor,
    string CoordinatingCentreCode,
    DateTimeOffset At);

/// <summary>A search plan was issued to its assets: no more edits.</summary>
public sealed record SearchPlanIssued(
    Guid IncidentId,
    string Reference,
    int Number,
    double ProbabilityOfSuccess,
    string Actor,
    string CoordinatingCentreCode,
    DateTimeOffset At);

/// <summary>An asset reported what it searched; the plan's map was updated.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Reference">Human reference of the incident.</param>
/// <param name="Number">The plan's number in the incident.</param>
/// <param name="AssetCode">The asset that reported.</param>
/// <param name="Searched"><c>full</c> or <c>partial</c>.</param>
/// <param name="ProbabilityOfSuccess">This asset's search alone, on the plan's prior map.</param>
/// <param name="PlanProbabilityOfSuccess">Everything reported for the plan so far.</param>
/// <param name="CumulativeProbabilityOfSuccess">All plans of the incident so far.</param>
/// <param name="Status">The plan's status after this result (<c>issued</c> or <c>closed</c>).</param>
/// <param name="Actor">Who recorded it.</param>
/// <param name="CoordinatingCentreCode">Centre coordinating the incident.</param>
/// <param name="At">When (UTC).</param>
public sealed record SearchResultRecorded(
    Guid IncidentId,
    string Reference,
    int Number,
    string AssetCode,
    string Searched,
    double ProbabilityOfSuccess,
    double PlanProbabilityOfSuccess,
    double CumulativeProbabilityOfSuccess,
    string Status,
    string Actor,
    string CoordinatingCentreCode,
    DateTimeOffset At);
