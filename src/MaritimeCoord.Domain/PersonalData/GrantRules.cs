namespace MaritimeCoord.Domain.PersonalData;

/// <summary>Limits on grants; defaults keep access short-lived so it is re-justified rather than left open.</summary>
public sealed record GrantLimits(TimeSpan MaxDuration, int MaxReasonLength)
{
    /// <summary>Three days covers a rescue through disembarkation; longer work needs a fresh grant (and a fresh log line).</summary>
    public static GrantLimits Default { get; } = new(TimeSpan.FromDays(3), 500);
}

/// <summary>
/// Who may see personal data (docs/domain.md, personal data): only a user holding an active, unrevoked grant for this
/// incident and for the purpose they state. Pure: time is a parameter.
/// </summary>
public static class GrantRules
{
    /// <summary>Per-field errors of a grant request; empty when it may be recorded.</summary>
    public static Dictionary<string, string[]> Validate(AccessGrantDraft draft, string granter, DateTimeOffset now, GrantLimits limits)
    {
        var errors = new Dictionary<string, string[]>();
        if (draft.IncidentId is null || draft.IncidentId == Guid.Empty) errors["incidentId"] = ["incidentId is required."];
        if (string.IsNullOrWhiteSpace(draft.Grantee)) errors["grantee"] = ["grantee (the user's token subject) is required."];
        else if (draft.Grantee.Trim().Length > 200) errors["grantee"] = ["grantee is at most 200 characters."];
        // Four eyes: nobody opens personal data to themselves, administrators included.
        else if (string.Equals(draft.Grantee.Trim(), granter, StringComparison.Ordinal)) errors["grantee"] = ["A grant cannot be given to oneself."];
        if (!PersonalDataPurposes.TryParse(draft.Purpose, out _))
            errors["purpose"] = [$"purpose must be one of {string.Join(", ", PersonalDataPurposes.WireNames)}."];
        if (draft.ExpiresAt is not { } expires) errors["expiresAt"] = ["expiresAt is required (with a UTC offset)."];
        else if (expires <= now) errors["expiresAt"] = ["expiresAt must be in the future."];
        else if (expires - now > limits.MaxDuration) errors["expiresAt"] = [$"A grant lasts at most {limits.MaxDuration.TotalHours:0} hours."];
        if (string.IsNullOrWhiteSpace(draft.Reason)) errors["reason"] = ["reason is required: why this person needs the data."];
        else if (draft.Reason.Length > limits.MaxReasonLength) errors["reason"] = [$"reason is at most {limits.MaxReasonLength} characters."];
        return errors;
    }

    /// <summary>
    /// Decides one access by <paramref name="subject"/> to incident <paramref name="incidentId"/> for
    /// <paramref name="purpose"/>, from that user's grants. The verdict names the nearest miss, for the access log.
    /// </summary>
    public static AccessDecision Decide(IEnumerable<AccessGrant> grants, string subject, Guid incidentId, PersonalDataPurpose purpose,
        DateTimeOffset now)
    {
        var mine = grants.Where(g => g.IncidentId == incidentId && string.Equals(g.Grantee, subject, StringComparison.Ordinal)).ToList();
        var active = mine.FirstOrDefault(g => g.Purpose == purpose && g.IsActiveAt(now));
        if (active is not null) return new AccessDecision(AccessVerdict.Allowed, active);
        var samePurpose = mine.Where(g => g.Purpose == purpose).OrderByDescending(g => g.ExpiresAt).FirstOrDefault();
        if (samePurpose is { RevokedAt: not null }) return new AccessDecision(AccessVerdict.GrantRevoked, samePurpose);
        if (samePurpose is not null) return new AccessDecision(AccessVerdict.GrantExpired, samePurpose);
        return mine.Any(g => g.IsActiveAt(now))
            ? new AccessDecision(AccessVerdict.OtherPurpose, null)
            : new AccessDecision(AccessVerdict.NoGrant, null);
    }
}
