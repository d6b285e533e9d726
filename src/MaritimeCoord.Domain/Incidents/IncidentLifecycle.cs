namespace MaritimeCoord.Domain.Incidents;

/// <summary>Where an incident stands in its lifecycle. <see cref="Outcome"/> is set exactly when the phase is Resolved or Closed.</summary>
public sealed record IncidentStatus(IncidentPhase Phase, IncidentOutcome? Outcome = null)
{
    public static IncidentStatus Opened(IncidentPhase phase = IncidentPhase.Uncertainty) =>
        phase.IsOpen() ? new(phase) : throw new ArgumentOutOfRangeException(nameof(phase), phase, "An incident opens in an open phase.");
}

/// <summary>An operator's request to change the phase: to which phase, with which outcome (resolving only), who and why.</summary>
public sealed record PhaseChangeRequest(IncidentPhase To, IncidentOutcome? Outcome, string? Actor, string? Reason, DateTimeOffset At);

public enum PhaseChangeKind
{
    /// <summary>Towards distress: uncertainty → alert → distress (or skipping a step).</summary>
    Raised,

    /// <summary>Away from distress, still open.</summary>
    Lowered,

    Resolved,

    /// <summary>A resolved incident's outcome corrected, e.g. rescued → disembarked.</summary>
    OutcomeChanged,

    /// <summary>A resolved incident opened again (new information).</summary>
    Reopened,

    Closed,
}

/// <summary>An accepted phase change: the append-only timeline entry (who, when, what, why) and the new status.</summary>
public sealed record PhaseTransition(
    IncidentStatus Before,
    IncidentStatus After,
    PhaseChangeKind Kind,
    string Actor,
    string Reason,
    DateTimeOffset At,
    string Description);

/// <summary>
/// The IAMSAR emergency phases as a state machine (docs/domain.md, "Incident phases"): uncertainty (INCERFA), alert
/// (ALERFA) and distress (DETRESFA) are open and may be raised or lowered freely between themselves; an open incident is
/// resolved with an outcome; a resolved incident may be reopened (into any open phase) or closed; closed is terminal.
/// Every change needs who and why (docs/domain.md: "each change is logged with who, when and why").
/// </summary>
public static class IncidentLifecycle
{
    /// <summary>Decides a phase change. Pure: the caller persists the returned status and timeline entry.</summary>
    public static Decision<PhaseTransition> Apply(IncidentStatus current, PhaseChangeRequest request)
    {
        if (Accountability.Check(request.Actor, request.Reason) is { } missing) return Decision.Refuse<PhaseTransition>(missing);

        var from = current.Phase;
        var to = request.To;

        if (from == IncidentPhase.Closed)
            return Refuse(RefusalCode.IncidentClosed, "The incident is closed; closed is final. Open a new incident if the case revives.");

        if (request.Outcome is not null && to != IncidentPhase.Resolved)
            return Refuse(RefusalCode.OutcomeNotApplicable, $"An outcome is given only when resolving, not when moving to {to.WireName()}.");

        PhaseChangeKind kind;
        if (from.IsOpen() && to.IsOpen())
        {
            if (from == to) return Refuse(RefusalCode.AlreadyInPhase, $"The incident is already in {Describe(from)}.");
            kind = to > from ? PhaseChangeKind.Raised : PhaseChangeKind.Lowered;
        }
        else if (to == IncidentPhase.Resolved)
        {
            if (request.Outcome is null)
                return Refuse(RefusalCode.OutcomeRequired, $"Resolving needs an outcome: {string.Join(", ", IncidentOutcomes.WireNames)}.");
            if (from == IncidentPhase.Resolved)
            {
                if (current.Outcome == request.Outcome)
                    return Refuse(RefusalCode.AlreadyInPhase, $"The incident is already resolved as {request.Outcome.Value.WireName()}.");
                kind = PhaseChangeKind.OutcomeChanged;
            }
            else
            {
                kind = PhaseChangeKind.Resolved;
            }
        }
        else if (from == IncidentPhase.Resolved && to.IsOpen())
        {
            kind = PhaseChangeKind.Reopened;
        }
        else if (from == IncidentPhase.Resolved && to == IncidentPhase.Closed)
        {
            kind = PhaseChangeKind.Closed;
        }
        else
        {
            // Only an open incident → closed is left: it has to be resolved first so its outcome is on record.
            return Refuse(RefusalCode.IllegalTransition,
                $"An incident in {Describe(from)} cannot be closed directly; resolve it with an outcome first.");
        }

        var after = to switch
        {
            IncidentPhase.Resolved => new IncidentStatus(to, request.Outcome),
            IncidentPhase.Closed => new IncidentStatus(to, current.Outcome),
            _ => new IncidentStatus(to),
        };
        var actor = request.Actor!.Trim();
        var reason = request.Reason!.Trim();
        return Decision.Ok(new PhaseTransition(current, after, kind, actor, reason, request.At, Describe(kind, current, after, actor, reason)));
    }

    /// <summary>The phases an operator may move to from <paramref name="current"/> (for the UI's menu).</summary>
    public static IReadOnlyList<IncidentPhase> AllowedTargets(IncidentStatus current) => current.Phase switch
    {
        IncidentPhase.Closed => [],
        IncidentPhase.Resolved => [IncidentPhase.Uncertainty, IncidentPhase.Alert, IncidentPhase.Distress, IncidentPhase.Resolved, IncidentPhase.Closed],
        var open => Enum.GetValues<IncidentPhase>().Where(p => p != open && p != IncidentPhase.Closed).ToList(),
    };

    /// <summary>The IAMSAR name with its code word, e.g. <c>distress (DETRESFA)</c>.</summary>
    public static string Describe(IncidentPhase phase) => phase switch
    {
        IncidentPhase.Uncertainty => "uncertainty (INCERFA)",
        IncidentPhase.Alert => "alert (ALERFA)",
        IncidentPhase.Distress => "distress (DETRESFA)",
        _ => phase.WireName(),
    };

    private static string Describe(PhaseChangeKind kind, IncidentStatus before, IncidentStatus after, string actor, string reason)
    {
        var what = kind switch
        {
            PhaseChangeKind.Raised => $"Phase raised from {Describe(before.Phase)} to {Describe(after.Phase)}",
            PhaseChangeKind.Lowered => $"Phase lowered from {Describe(before.Phase)} to {Describe(after.Phase)}",
            PhaseChangeKind.Resolved => $"Resolved ({after.Outcome!.Value.WireName()}) from {Describe(before.Phase)}",
            PhaseChangeKind.OutcomeChanged => $"Outcome changed from {before.Outcome?.WireName()} to {after.Outcome!.Value.WireName()}",
            PhaseChangeKind.Reopened => $"Reopened in {Describe(after.Phase)} (was resolved: {before.Outcome?.WireName() ?? "no outcome"})",
            PhaseChangeKind.Closed => $"Closed (outcome: {after.Outcome?.WireName() ?? "none recorded"})",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return $"{what} by {actor}: {reason}";
    }

    private static Decision<PhaseTransition> Refuse(RefusalCode code, string reason) => Decision.Refuse<PhaseTransition>(code, reason);
}
