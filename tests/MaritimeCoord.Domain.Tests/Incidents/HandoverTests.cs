using MaritimeCoord.Domain.Incidents;

namespace MaritimeCoord.Domain.Tests.Incidents;

public sealed class HandoverTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
    private const string Basarnas = "BASARNAS";
    private const string Jrcc = "JRCC-AUS";

    private static readonly HandoverState Coordinated = new(Basarnas, IncidentPhase.Distress);

    private static HandoverState Offered(HandoverPolicy? policy = null)
    {
        var proposed = Handover.Propose(Coordinated, Basarnas, Jrcc, "Capt Dewi", "drifted into the Australian SRR", At, policy);
        Assert.True(proposed.Succeeded, proposed.ToString());
        return proposed.Value.After;
    }

    [Fact]
    public void The_coordinating_centre_proposes_and_keeps_coordinating_until_acceptance()
    {
        var step = Handover.Propose(Coordinated, Basarnas, Jrcc, "Capt Dewi", "drifted into the Australian SRR", At);

        Assert.True(step.Succeeded);
        Assert.Equal(HandoverStepKind.Proposed, step.Value.Kind);
        Assert.Equal(Basarnas, step.Value.After.CoordinatingCentre);
        Assert.False(step.Value.TransfersCoordination);
        Assert.Equal(new HandoverOffer(Basarnas, Jrcc, "Capt Dewi", "drifted into the Australian SRR", At, At.AddHours(2)), step.Value.After.PendingOffer);
        Assert.Equal([Basarnas, Jrcc], step.Value.CentresToNotify);
        Assert.Equal("BASARNAS (Capt Dewi) proposed handing coordination over to JRCC-AUS: drifted into the Australian SRR", step.Value.Description);
    }

    [Fact]
    public void Acceptance_transfers_coordination_in_the_same_step_that_ends_the_offer()
    {
        var step = Handover.Accept(Offered(), "jrcc-aus", "SMC Jones", null, At.AddMinutes(20));

        Assert.True(step.Succeeded);
        Assert.True(step.Value.TransfersCoordination);
        Assert.Equal((Basarnas, Jrcc), (step.Value.CoordinatingCentreBefore, step.Value.CoordinatingCentreAfter));
        Assert.Null(step.Value.After.PendingOffer);
        Assert.Equal("JRCC-AUS (SMC Jones) accepted coordination from BASARNAS; JRCC-AUS is now the coordinating centre", step.Value.Description);
    }

    [Fact]
    public void Declining_leaves_coordination_where_it_was()
    {
        var step = Handover.Decline(Offered(), Jrcc, "SMC Jones", "position is still inside the Indonesian SRR", At.AddMinutes(5));

        Assert.True(step.Succeeded);
        Assert.Equal(HandoverStepKind.Declined, step.Value.Kind);
        Assert.Equal(new HandoverState(Basarnas, IncidentPhase.Distress), step.Value.After);
        Assert.EndsWith("BASARNAS remains the coordinating centre: position is still inside the Indonesian SRR", step.Value.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Declining_needs_a_reason()
    {
        Assert.Equal(RefusalCode.ReasonRequired, Handover.Decline(Offered(), Jrcc, "SMC Jones", " ", At).Refusal?.Code);
    }

    [Fact]
    public void Only_the_coordinating_centre_can_propose()
    {
        var refused = Handover.Propose(Coordinated, "MRCC-COLOMBO", Jrcc, "ops", "why not", At);

        Assert.Equal(RefusalCode.NotCoordinatingCentre, refused.Refusal?.Code);
        Assert.Equal(RefusalKind.Conflict, refused.Refusal?.Kind);
    }

    [Fact]
    public void Refuses_a_handover_to_the_coordinating_centre_itself()
    {
        var refused = Handover.Propose(Coordinated, Basarnas, " basarnas ", "ops", "test", At);

        Assert.Equal(RefusalCode.HandoverToSelf, refused.Refusal?.Code);
        Assert.Equal(RefusalKind.Invalid, refused.Refusal?.Kind);
    }

    [Fact]
    public void Refuses_a_second_offer_while_one_is_pending()
    {
        Assert.Equal(RefusalCode.OfferAlreadyPending, Handover.Propose(Offered(), Basarnas, "MRCC-COLOMBO", "ops", "other", At).Refusal?.Code);
    }

    [Fact]
    public void Refuses_proposals_for_incidents_no_longer_open()
    {
        var resolved = Coordinated with { Phase = IncidentPhase.Resolved };
        Assert.Equal(RefusalCode.IncidentNotOpen, Handover.Propose(resolved, Basarnas, Jrcc, "ops", "paperwork", At).Refusal?.Code);
    }

    [Fact]
    public void Refuses_a_proposal_without_who_why_or_target()
    {
        Assert.Equal(RefusalCode.ActorRequired, Handover.Propose(Coordinated, Basarnas, Jrcc, null, "why", At).Refusal?.Code);
        Assert.Equal(RefusalCode.ReasonRequired, Handover.Propose(Coordinated, Basarnas, Jrcc, "ops", null, At).Refusal?.Code);
        Assert.Equal(RefusalCode.CentreRequired, Handover.Propose(Coordinated, Basarnas, "", "ops", "why", At).Refusal?.Code);
    }

    [Fact]
    public void Only_the_offered_centre_can_answer()
    {
        Assert.Equal(RefusalCode.NotOfferedCentre, Handover.Accept(Offered(), "MRCC-COLOMBO", "ops", null, At).Refusal?.Code);
        Assert.Equal(RefusalCode.NotOfferedCentre, Handover.Decline(Offered(), Basarnas, "ops", "no", At).Refusal?.Code);
    }

    [Fact]
    public void Nothing_to_answer_or_withdraw_without_a_pending_offer()
    {
        Assert.Equal(RefusalCode.NoPendingOffer, Handover.Accept(Coordinated, Jrcc, "ops", null, At).Refusal?.Code);
        Assert.Equal(RefusalCode.NoPendingOffer, Handover.Decline(Coordinated, Jrcc, "ops", "no", At).Refusal?.Code);
        Assert.Equal(RefusalCode.NoPendingOffer, Handover.Withdraw(Coordinated, Basarnas, "ops", "changed mind", At).Refusal?.Code);
        Assert.Equal(RefusalCode.NoPendingOffer, Handover.Expire(Coordinated, At).Refusal?.Code);
    }

    [Fact]
    public void The_proposer_can_withdraw_and_then_propose_again()
    {
        var withdrawn = Handover.Withdraw(Offered(), Basarnas, "Capt Dewi", "boat drifted back", At.AddMinutes(10));

        Assert.True(withdrawn.Succeeded);
        Assert.Equal(HandoverStepKind.Withdrawn, withdrawn.Value.Kind);
        Assert.Null(withdrawn.Value.After.PendingOffer);
        Assert.True(Handover.Propose(withdrawn.Value.After, Basarnas, Jrcc, "Capt Dewi", "drifted south again", At.AddHours(1)).Succeeded);
    }

    [Fact]
    public void Only_the_proposer_can_withdraw()
    {
        Assert.Equal(RefusalCode.NotProposingCentre, Handover.Withdraw(Offered(), Jrcc, "SMC Jones", "not ours", At).Refusal?.Code);
    }

    [Fact]
    public void An_unanswered_offer_expires_and_cannot_be_accepted_afterwards()
    {
        var offered = Offered();

        Assert.Equal(RefusalCode.OfferNotExpired, Handover.Expire(offered, At.AddMinutes(119)).Refusal?.Code);
        Assert.Equal(RefusalCode.OfferExpired, Handover.Accept(offered, Jrcc, "SMC Jones", null, At.AddHours(2)).Refusal?.Code);

        var expired = Handover.Expire(offered, At.AddHours(2));
        Assert.True(expired.Succeeded);
        Assert.Equal(HandoverStepKind.Expired, expired.Value.Kind);
        Assert.Equal(Basarnas, expired.Value.CoordinatingCentreAfter);
        Assert.Null(expired.Value.After.PendingOffer);
    }

    [Fact]
    public void Offers_without_a_lifetime_never_expire()
    {
        var offered = Offered(new HandoverPolicy(null));

        Assert.Null(offered.PendingOffer!.ExpiresAt);
        Assert.Equal(RefusalCode.OfferNotExpired, Handover.Expire(offered, At.AddDays(30)).Refusal?.Code);
        Assert.True(Handover.Accept(offered, Jrcc, "SMC Jones", "taking it", At.AddDays(1)).Succeeded);
    }

    [Fact]
    public void There_is_always_a_coordinating_centre_through_any_sequence_of_steps()
    {
        var state = Coordinated;
        var centres = new[] { Basarnas, Jrcc, "MRCC-COLOMBO" };
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var who = centres[random.Next(centres.Length)];
            var to = centres[random.Next(centres.Length)];
            var at = At.AddMinutes(i * 30);
            var decision = random.Next(5) switch
            {
                0 => Handover.Propose(state, who, to, "ops", "reason", at),
                1 => Handover.Accept(state, who, "ops", null, at),
                2 => Handover.Decline(state, who, "ops", "reason", at),
                3 => Handover.Withdraw(state, who, "ops", "reason", at),
                _ => Handover.Expire(state, at),
            };
            if (!decision.Succeeded) continue;
            Assert.False(string.IsNullOrEmpty(decision.Value.After.CoordinatingCentre));
            Assert.Equal(decision.Value.Kind == HandoverStepKind.Accepted, decision.Value.CoordinatingCentreBefore != decision.Value.CoordinatingCentreAfter);
            state = decision.Value.After;
        }
    }
}
