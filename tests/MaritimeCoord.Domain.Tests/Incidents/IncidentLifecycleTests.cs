using MaritimeCoord.Domain.Incidents;

namespace MaritimeCoord.Domain.Tests.Incidents;

public sealed class IncidentLifecycleTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    private static PhaseChangeRequest To(IncidentPhase phase, IncidentOutcome? outcome = null, string? actor = "duty officer", string? reason = "new report") =>
        new(phase, outcome, actor, reason, At);

    private static IncidentStatus Status(IncidentPhase phase, IncidentOutcome? outcome = null) => new(phase, outcome);

    private static RefusalCode Refused(IncidentStatus from, PhaseChangeRequest request)
    {
        var decision = IncidentLifecycle.Apply(from, request);
        Assert.False(decision.Succeeded, decision.ToString());
        return decision.Refusal.Code;
    }

    [Theory]
    [InlineData(IncidentPhase.Uncertainty, IncidentPhase.Alert, PhaseChangeKind.Raised)]
    [InlineData(IncidentPhase.Uncertainty, IncidentPhase.Distress, PhaseChangeKind.Raised)]
    [InlineData(IncidentPhase.Alert, IncidentPhase.Distress, PhaseChangeKind.Raised)]
    [InlineData(IncidentPhase.Distress, IncidentPhase.Alert, PhaseChangeKind.Lowered)]
    [InlineData(IncidentPhase.Distress, IncidentPhase.Uncertainty, PhaseChangeKind.Lowered)]
    [InlineData(IncidentPhase.Alert, IncidentPhase.Uncertainty, PhaseChangeKind.Lowered)]
    public void Open_phases_can_be_raised_or_lowered(IncidentPhase from, IncidentPhase to, PhaseChangeKind kind)
    {
        var decision = IncidentLifecycle.Apply(Status(from), To(to));

        Assert.True(decision.Succeeded);
        Assert.Equal(kind, decision.Value.Kind);
        Assert.Equal(to, decision.Value.After.Phase);
        Assert.Null(decision.Value.After.Outcome);
    }

    [Fact]
    public void A_change_is_a_timeline_entry_with_who_when_and_why()
    {
        var decision = IncidentLifecycle.Apply(Status(IncidentPhase.Alert), To(IncidentPhase.Distress, actor: "  Lt Sari ", reason: " boat taking water "));

        Assert.True(decision.Succeeded);
        var t = decision.Value;
        Assert.Equal(("Lt Sari", "boat taking water", At), (t.Actor, t.Reason, t.At));
        Assert.Equal(Status(IncidentPhase.Alert), t.Before);
        Assert.Equal("Phase raised from alert (ALERFA) to distress (DETRESFA) by Lt Sari: boat taking water", t.Description);
    }

    [Fact]
    public void Refuses_moving_to_the_phase_the_incident_is_already_in()
    {
        Assert.Equal(RefusalCode.AlreadyInPhase, Refused(Status(IncidentPhase.Alert), To(IncidentPhase.Alert)));
        Assert.Equal(RefusalCode.AlreadyInPhase, Refused(Status(IncidentPhase.Resolved, IncidentOutcome.Rescued), To(IncidentPhase.Resolved, IncidentOutcome.Rescued)));
    }

    [Fact]
    public void Resolving_requires_an_outcome()
    {
        var decision = IncidentLifecycle.Apply(Status(IncidentPhase.Distress), To(IncidentPhase.Resolved));

        Assert.False(decision.Succeeded);
        Assert.Equal(RefusalCode.OutcomeRequired, decision.Refusal.Code);
        Assert.Equal(RefusalKind.Invalid, decision.Refusal.Kind);
        Assert.Contains("false-alarm", decision.Refusal.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IncidentOutcome.Rescued)]
    [InlineData(IncidentOutcome.Disembarked)]
    [InlineData(IncidentOutcome.FalseAlarm)]
    [InlineData(IncidentOutcome.Lost)]
    public void Any_open_incident_resolves_with_an_outcome(IncidentOutcome outcome)
    {
        var decision = IncidentLifecycle.Apply(Status(IncidentPhase.Uncertainty), To(IncidentPhase.Resolved, outcome));

        Assert.True(decision.Succeeded);
        Assert.Equal(PhaseChangeKind.Resolved, decision.Value.Kind);
        Assert.Equal(Status(IncidentPhase.Resolved, outcome), decision.Value.After);
    }

    [Fact]
    public void An_outcome_is_refused_when_not_resolving()
    {
        Assert.Equal(RefusalCode.OutcomeNotApplicable, Refused(Status(IncidentPhase.Alert), To(IncidentPhase.Distress, IncidentOutcome.Rescued)));
    }

    [Fact]
    public void A_resolved_incident_can_have_its_outcome_changed()
    {
        var decision = IncidentLifecycle.Apply(Status(IncidentPhase.Resolved, IncidentOutcome.Rescued), To(IncidentPhase.Resolved, IncidentOutcome.Disembarked, reason: "landed at Benoa"));

        Assert.True(decision.Succeeded);
        Assert.Equal(PhaseChangeKind.OutcomeChanged, decision.Value.Kind);
        Assert.Equal("Outcome changed from rescued to disembarked by duty officer: landed at Benoa", decision.Value.Description);
    }

    [Fact]
    public void A_resolved_incident_reopens_into_an_open_phase_with_a_reason()
    {
        var decision = IncidentLifecycle.Apply(Status(IncidentPhase.Resolved, IncidentOutcome.FalseAlarm), To(IncidentPhase.Alert, reason: "boat seen again"));

        Assert.True(decision.Succeeded);
        Assert.Equal(PhaseChangeKind.Reopened, decision.Value.Kind);
        Assert.Equal(Status(IncidentPhase.Alert), decision.Value.After);
        Assert.Equal(RefusalCode.ReasonRequired, Refused(Status(IncidentPhase.Resolved, IncidentOutcome.FalseAlarm), To(IncidentPhase.Alert, reason: " ")));
    }

    [Fact]
    public void Only_a_resolved_incident_can_be_closed_and_it_keeps_its_outcome()
    {
        var decision = IncidentLifecycle.Apply(Status(IncidentPhase.Resolved, IncidentOutcome.Lost), To(IncidentPhase.Closed));
        Assert.True(decision.Succeeded);
        Assert.Equal(Status(IncidentPhase.Closed, IncidentOutcome.Lost), decision.Value.After);
        Assert.Equal(PhaseChangeKind.Closed, decision.Value.Kind);

        var refusal = IncidentLifecycle.Apply(Status(IncidentPhase.Distress), To(IncidentPhase.Closed));
        Assert.Equal(RefusalCode.IllegalTransition, refusal.Refusal!.Code);
        Assert.Equal(RefusalKind.Conflict, refusal.Refusal.Kind);
    }

    [Theory]
    [InlineData(IncidentPhase.Uncertainty)]
    [InlineData(IncidentPhase.Distress)]
    [InlineData(IncidentPhase.Resolved)]
    [InlineData(IncidentPhase.Closed)]
    public void Closed_is_terminal(IncidentPhase to)
    {
        var outcome = to == IncidentPhase.Resolved ? IncidentOutcome.Rescued : (IncidentOutcome?)null;
        Assert.Equal(RefusalCode.IncidentClosed, Refused(Status(IncidentPhase.Closed, IncidentOutcome.Rescued), To(to, outcome)));
        Assert.Empty(IncidentLifecycle.AllowedTargets(Status(IncidentPhase.Closed, IncidentOutcome.Rescued)));
    }

    [Theory]
    [InlineData(null, "why")]
    [InlineData("  ", "why")]
    public void Every_change_needs_who(string? actor, string reason)
    {
        Assert.Equal(RefusalCode.ActorRequired, Refused(Status(IncidentPhase.Alert), To(IncidentPhase.Distress, actor: actor, reason: reason)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t ")]
    public void Every_change_needs_why(string? reason)
    {
        Assert.Equal(RefusalCode.ReasonRequired, Refused(Status(IncidentPhase.Alert), To(IncidentPhase.Distress, reason: reason)));
    }

    [Fact]
    public void Refuses_a_reason_longer_than_the_limit()
    {
        Assert.Equal(RefusalCode.ReasonTooLong, Refused(Status(IncidentPhase.Alert), To(IncidentPhase.Distress, reason: new string('x', 2001))));
    }

    [Fact]
    public void Allowed_targets_match_what_apply_accepts()
    {
        foreach (var phase in Enum.GetValues<IncidentPhase>())
        {
            var status = phase is IncidentPhase.Resolved or IncidentPhase.Closed ? Status(phase, IncidentOutcome.Rescued) : Status(phase);
            var allowed = IncidentLifecycle.AllowedTargets(status);
            foreach (var to in Enum.GetValues<IncidentPhase>())
            {
                var outcome = to == IncidentPhase.Resolved ? IncidentOutcome.Disembarked : (IncidentOutcome?)null;
                Assert.Equal(allowed.Contains(to), IncidentLifecycle.Apply(status, To(to, outcome)).Succeeded);
            }
        }
    }

    [Fact]
    public void Refusal_codes_have_kebab_case_wire_names_and_http_kinds()
    {
        Assert.Equal("handover-to-self", RefusalCode.HandoverToSelf.WireName());
        Assert.Equal("illegal-transition", RefusalCode.IllegalTransition.WireName());
        Assert.Equal(RefusalKind.Invalid, RefusalCode.HandoverToSelf.Kind());
        Assert.Equal(RefusalKind.Conflict, RefusalCode.NotOfferedCentre.Kind());
    }

    [Theory]
    [InlineData("false-alarm", IncidentOutcome.FalseAlarm)]
    [InlineData(" Rescued ", IncidentOutcome.Rescued)]
    public void Outcomes_parse_from_their_wire_names(string text, IncidentOutcome expected)
    {
        Assert.True(IncidentOutcomes.TryParse(text, out var outcome));
        Assert.Equal(expected, outcome);
        Assert.False(IncidentOutcomes.TryParse("saved", out _));
    }
}
