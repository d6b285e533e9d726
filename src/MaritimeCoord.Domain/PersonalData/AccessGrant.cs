namespace MaritimeCoord.Domain.PersonalData;

/// <summary>Permission for one user to see the persons of one incident, for one purpose, until a time.</summary>
public sealed record AccessGrant(
    Guid Id,
    Guid IncidentId,
    string Grantee,
    PersonalDataPurpose Purpose,
    string GrantedBy,
    DateTimeOffset GrantedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt = null)
{
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && GrantedAt <= now && now < ExpiresAt;
}

/// <summary>A grant as requested, before validation. Field names are the API's.</summary>
public sealed record AccessGrantDraft(Guid? IncidentId, string? Grantee, string? Purpose, DateTimeOffset? ExpiresAt, string? Reason);

/// <summary>Why a read or write of personal data was allowed or refused; goes into the access log as is.</summary>
public enum AccessVerdict
{
    Allowed,
    NoGrant,
    GrantExpired,
    GrantRevoked,
    OtherPurpose,
}

public sealed record AccessDecision(AccessVerdict Verdict, AccessGrant? Grant)
{
    public bool Allowed => Verdict == AccessVerdict.Allowed;

    public string WireName => Verdict switch
    {
        AccessVerdict.Allowed => "allowed",
        AccessVerdict.NoGrant => "no-grant",
        AccessVerdict.GrantExpired => "grant-expired",
        AccessVerdict.GrantRevoked => "grant-revoked",
        AccessVerdict.OtherPurpose => "other-purpose",
        _ => Verdict.ToString(),
    };
}
