namespace MaritimeCoord.Domain.Incidents;

/// <summary>A handover offer waiting for the offered centre's answer.</summary>
public sealed record HandoverOffer(
    string FromCentre,
    string ToCentre,
    string ProposedBy,
    string Reason,
    DateTimeOffset ProposedAt,
    DateTimeOffset? ExpiresAt);

/// <summary>Who coordinates an incident, and the pending handover offer if any (at most one per incident).</summary>
public sealed record HandoverState(string CoordinatingCentre, IncidentPhase Phase, HandoverOffer? PendingOffer = null);

public enum HandoverStepKind
{
    Proposed,
    Accepted,
    Declined,
    Withdrawn,
    Expired,
}

/// <summary>
/// An accepted handover step: the new state, the coordinating centre before and after (they differ only on
/// <see cref="HandoverStepKind.Accepted"/>), the timeline entry, and the centres to push it to.
/// </summary>
public sealed record HandoverStep(
    HandoverStepKind Kind,
    HandoverState Before,
    HandoverState After,
    HandoverOffer Offer,
    string Actor,
    string ActorCentre,
    string? Reason,
    DateTimeOffset At,
    string Description)
{
    public string CoordinatingCentreBefore => Before.CoordinatingCentre;
    public string CoordinatingCentreAfter => After.CoordinatingCentre;
    public bool TransfersCoordination => Kind == HandoverStepKind.Accepted;

    /// <summary>Both centres of the offer see every step live (issue 4: "pushed live to both centres").</summary>
    public IReadOnlyList<string> CentresToNotify => [Offer.FromCentre, Offer.ToCentre];
}

/// <summary>How long an offer stays open. Not an IAMSAR figure: a product default so an unanswered offer does not
/// block a new one indefinitely; coordination stays with the proposer meanwhile, so expiry is never unsafe.</summary>
public sealed record HandoverPolicy(TimeSpan? OfferLifetime)
{
    public static HandoverPolicy Default { get; } = new(TimeSpan.FromHours(2));
}

/// <summary>
/// Handover of coordination between rescue centres (docs/domain.md, "Handover rule", IAMSAR / MSC.167(78) §6.5): the
/// centre that first received the alert keeps responsibility until the responsible centre explicitly accepts. So:
/// propose → accept | decline | withdraw | expire; only acceptance transfers coordination, and it does so in the same
/// step that ends the offer — there is never a moment with no coordinating centre.
/// </summary>
/// <remarks>Centre codes are compared ordinally, ignoring case.</remarks>
public static class Handover
{
    private static readonly StringComparer Centres = StringComparer.OrdinalIgnoreCase;

    /// <summary>The coordinating centre offers the incident to <paramref name="toCentre"/>.</summary>
    public static Decision<HandoverStep> Propose(
        HandoverState state, string actorCentre, string toCentre, string? actor, string? reason, DateTimeOffset at, HandoverPolicy? policy = null)
    {
        policy ??= HandoverPolicy.Default;
        if (Accountability.Check(actor, reason) is { } missing) return Decision.Refuse<HandoverStep>(missing);
        if (string.IsNullOrWhiteSpace(toCentre)) return Refuse(RefusalCode.CentreRequired, "Say which centre the incident is offered to.");
        if (!state.Phase.IsOpen())
            return Refuse(RefusalCode.IncidentNotOpen, $"The incident is {state.Phase.WireName()}; only open incidents are handed over.");
        if (!Centres.Equals(actorCentre, state.CoordinatingCentre))
            return Refuse(RefusalCode.NotCoordinatingCentre,
                $"Only the coordinating centre ({state.CoordinatingCentre}) can propose a handover; {actorCentre} is not coordinating.");
        if (Centres.Equals(toCentre.Trim(), state.CoordinatingCentre))
            return Refuse(RefusalCode.HandoverToSelf, $"{state.CoordinatingCentre} already coordinates this incident; it cannot be handed over to itself.");
        if (state.PendingOffer is { } pending)
            return Refuse(RefusalCode.OfferAlreadyPending,
                $"An offer to {pending.ToCentre} is already pending since {pending.ProposedAt:u}; withdraw it or wait for the answer.");

        var offer = new HandoverOffer(state.CoordinatingCentre, toCentre.Trim(), actor!.Trim(), reason!.Trim(), at,
            policy.OfferLifetime is { } lifetime ? at + lifetime : null);
        var after = state with { PendingOffer = offer };
        return Step(HandoverStepKind.Proposed, state, after, offer, offer.ProposedBy, state.CoordinatingCentre, offer.Reason, at,
            $"{offer.FromCentre} ({offer.ProposedBy}) proposed handing coordination over to {offer.ToCentre}: {offer.Reason}");
    }

    /// <summary>The offered centre accepts: coordination passes to it in this step. A note is optional.</summary>
    public static Decision<HandoverStep> Accept(HandoverState state, string actorCentre, string? actor, string? note, DateTimeOffset at)
    {
        if (Accountability.Check(actor, note, reasonRequired: false) is { } missing) return Decision.Refuse<HandoverStep>(missing);
        if (CheckAnswer(state, actorCentre, at) is { } refusal) return Decision.Refuse<HandoverStep>(refusal);

        var offer = state.PendingOffer!;
        var after = state with { CoordinatingCentre = offer.ToCentre, PendingOffer = null };
        var cleanNote = Accountability.Clean(note);
        return Step(HandoverStepKind.Accepted, state, after, offer, actor!.Trim(), offer.ToCentre, cleanNote, at,
            $"{offer.ToCentre} ({actor.Trim()}) accepted coordination from {offer.FromCentre}; {offer.ToCentre} is now the coordinating centre"
            + (cleanNote is null ? "" : $": {cleanNote}"));
    }

    /// <summary>The offered centre declines; the proposer keeps coordinating.</summary>
    public static Decision<HandoverStep> Decline(HandoverState state, string actorCentre, string? actor, string? reason, DateTimeOffset at)
    {
        if (Accountability.Check(actor, reason) is { } missing) return Decision.Refuse<HandoverStep>(missing);
        if (CheckAnswer(state, actorCentre, at) is { } refusal) return Decision.Refuse<HandoverStep>(refusal);

        var offer = state.PendingOffer!;
        return Step(HandoverStepKind.Declined, state, state with { PendingOffer = null }, offer, actor!.Trim(), offer.ToCentre, reason!.Trim(), at,
            $"{offer.ToCentre} ({actor.Trim()}) declined coordination; {offer.FromCentre} remains the coordinating centre: {reason.Trim()}");
    }

    /// <summary>The proposing (still coordinating) centre takes its offer back.</summary>
    public static Decision<HandoverStep> Withdraw(HandoverState state, string actorCentre, string? actor, string? reason, DateTimeOffset at)
    {
        if (Accountability.Check(actor, reason) is { } missing) return Decision.Refuse<HandoverStep>(missing);
        if (state.PendingOffer is not { } offer) return Refuse(RefusalCode.NoPendingOffer, "There is no pending handover offer to withdraw.");
        if (!Centres.Equals(actorCentre, offer.FromCentre))
            return Refuse(RefusalCode.NotProposingCentre, $"Only {offer.FromCentre}, which proposed the handover, can withdraw it.");

        return Step(HandoverStepKind.Withdrawn, state, state with { PendingOffer = null }, offer, actor!.Trim(), offer.FromCentre, reason!.Trim(), at,
            $"{offer.FromCentre} ({actor.Trim()}) withdrew its handover offer to {offer.ToCentre}; {offer.FromCentre} remains the coordinating centre: {reason.Trim()}");
    }

    /// <summary>Ends an unanswered offer once its lifetime is over (a scheduled job calls this with the current time).</summary>
    public static Decision<HandoverStep> Expire(HandoverState state, DateTimeOffset now)
    {
        if (state.PendingOffer is not { } offer) return Refuse(RefusalCode.NoPendingOffer, "There is no pending handover offer.");
        if (offer.ExpiresAt is not { } expiresAt) return Refuse(RefusalCode.OfferNotExpired, "The offer does not expire.");
        if (now < expiresAt) return Refuse(RefusalCode.OfferNotExpired, $"The offer is open until {expiresAt:u}.");

        return Step(HandoverStepKind.Expired, state, state with { PendingOffer = null }, offer, "system", offer.FromCentre, null, now,
            $"Handover offer from {offer.FromCentre} to {offer.ToCentre} expired unanswered; {offer.FromCentre} remains the coordinating centre");
    }

    private static Refusal? CheckAnswer(HandoverState state, string actorCentre, DateTimeOffset at)
    {
        if (state.PendingOffer is not { } offer) return new Refusal(RefusalCode.NoPendingOffer, "There is no pending handover offer to answer.");
        if (!Centres.Equals(actorCentre, offer.ToCentre))
            return new Refusal(RefusalCode.NotOfferedCentre, $"The offer was made to {offer.ToCentre}; {actorCentre} cannot answer it.");
        if (offer.ExpiresAt is { } expiresAt && at >= expiresAt)
            return new Refusal(RefusalCode.OfferExpired, $"The offer expired at {expiresAt:u}; the coordinating centre can propose again.");
        return null;
    }

    private static Decision<HandoverStep> Step(HandoverStepKind kind, HandoverState before, HandoverState after, HandoverOffer offer,
        string actor, string actorCentre, string? reason, DateTimeOffset at, string description) =>
        Decision.Ok(new HandoverStep(kind, before, after, offer, actor, actorCentre, reason, at, description));

    private static Decision<HandoverStep> Refuse(RefusalCode code, string reason) => Decision.Refuse<HandoverStep>(code, reason);
}
