using System.Diagnostics.CodeAnalysis;

namespace MaritimeCoord.Domain.Incidents;

/// <summary>
/// Why a rule refused a command. Each code is stable (it goes on the wire as <see cref="RefusalCodes.WireName"/>) and
/// has a <see cref="RefusalKind"/> telling a host which HTTP status fits.
/// </summary>
public enum RefusalCode
{
    // Who and why: every change is logged with who, when and why (docs/domain.md, incident phases).
    ActorRequired,
    ReasonRequired,
    ReasonTooLong,

    // Incident lifecycle.
    IllegalTransition,
    AlreadyInPhase,
    OutcomeRequired,
    OutcomeNotApplicable,
    IncidentClosed,
    InvalidPersonsOnBoard,

    // Handover (docs/domain.md: propose → accept or decline → transfer).
    CentreRequired,
    IncidentNotOpen,
    NotCoordinatingCentre,
    HandoverToSelf,
    OfferAlreadyPending,
    NoPendingOffer,
    NotOfferedCentre,
    NotProposingCentre,
    OfferExpired,
    OfferNotExpired,

    // Tasking responders.
    AssetUnavailable,
    AlreadyTasked,

    // Merging incidents and splitting sightings out (docs/correlation.md).
    MergeWithSelf,
    CoordinatingCentresDiffer,
    LastSighting,
}

/// <summary>How a host should report a refusal.</summary>
public enum RefusalKind
{
    /// <summary>The request is malformed or incomplete whatever the state (HTTP 422).</summary>
    Invalid,

    /// <summary>The request is well formed but conflicts with the current state (HTTP 409).</summary>
    Conflict,
}

/// <summary>A rule's refusal: a machine code, a sentence for the operator, and per-field errors when there are several.</summary>
public sealed record Refusal(RefusalCode Code, string Reason, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public RefusalKind Kind => Code.Kind();

    public override string ToString() => $"{Code.WireName()}: {Reason}";
}

public static class RefusalCodes
{
    public static RefusalKind Kind(this RefusalCode code) => code switch
    {
        RefusalCode.ActorRequired or RefusalCode.ReasonRequired or RefusalCode.ReasonTooLong
            or RefusalCode.OutcomeRequired or RefusalCode.OutcomeNotApplicable or RefusalCode.InvalidPersonsOnBoard
            or RefusalCode.CentreRequired or RefusalCode.HandoverToSelf
            or RefusalCode.MergeWithSelf or RefusalCode.LastSighting => RefusalKind.Invalid,
        _ => RefusalKind.Conflict,
    };

    /// <summary>kebab-case, e.g. <c>handover-to-self</c>; for a problem-details <c>code</c> extension.</summary>
    public static string WireName(this RefusalCode code)
    {
        var name = code.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) builder.Append('-');
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }
}

/// <summary>The result of a rule: either the new value or a <see cref="Refusal"/>, never both.</summary>
public sealed class Decision<T> where T : class
{
    internal Decision(T? value, Refusal? refusal)
    {
        Value = value;
        Refusal = refusal;
    }

    public T? Value { get; }
    public Refusal? Refusal { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Succeeded => Value is not null;

    public override string ToString() => Succeeded ? $"ok: {Value}" : $"refused: {Refusal}";
}

public static class Decision
{
    public static Decision<T> Ok<T>(T value) where T : class => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    public static Decision<T> Refuse<T>(RefusalCode code, string reason, IReadOnlyDictionary<string, string[]>? errors = null) where T : class =>
        new(null, new Refusal(code, reason, errors));

    public static Decision<T> Refuse<T>(Refusal refusal) where T : class => new(null, refusal);
}

/// <summary>The longest reason any incident command keeps (the HTTP layer bounds request bodies with it too).</summary>
public static class ReasonText
{
    public const int MaxLength = 2000;
}

/// <summary>Checks shared by every command that changes an incident: who did it and why (docs/domain.md).</summary>
internal static class Accountability
{
    public const int MaxActorLength = 200;
    public const int MaxReasonLength = ReasonText.MaxLength;

    public static Refusal? Check(string? actor, string? reason, bool reasonRequired = true)
    {
        if (string.IsNullOrWhiteSpace(actor)) return new Refusal(RefusalCode.ActorRequired, "Say who makes this change (operator or call sign).");
        if (actor.Trim().Length > MaxActorLength) return new Refusal(RefusalCode.ActorRequired, $"The actor is longer than {MaxActorLength} characters.");
        if (reasonRequired && string.IsNullOrWhiteSpace(reason)) return new Refusal(RefusalCode.ReasonRequired, "Say why: every change is logged with who, when and why.");
        if (reason?.Trim().Length > MaxReasonLength) return new Refusal(RefusalCode.ReasonTooLong, $"The reason is longer than {MaxReasonLength} characters.");
        return null;
    }

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
