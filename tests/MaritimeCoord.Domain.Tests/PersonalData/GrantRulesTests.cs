using MaritimeCoord.Domain.PersonalData;

namespace MaritimeCoord.Domain.Tests.PersonalData;

public sealed class GrantRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Incident = Guid.Parse("11111111-1111-1111-1111-111111111111");

    private static AccessGrant Grant(PersonalDataPurpose purpose = PersonalDataPurpose.Identification, string grantee = "alice",
        DateTimeOffset? expires = null, DateTimeOffset? revoked = null, Guid? incident = null) =>
        new(Guid.NewGuid(), incident ?? Incident, grantee, purpose, "boss", Now.AddHours(-1), expires ?? Now.AddHours(1), revoked);

    [Fact]
    public void An_active_grant_for_the_stated_purpose_allows()
    {
        var grant = Grant();
        var decision = GrantRules.Decide([grant], "alice", Incident, PersonalDataPurpose.Identification, Now);
        Assert.True(decision.Allowed);
        Assert.Same(grant, decision.Grant);
    }

    [Fact]
    public void No_grant_is_refused_as_no_grant() =>
        Assert.Equal(AccessVerdict.NoGrant, GrantRules.Decide([], "alice", Incident, PersonalDataPurpose.Identification, Now).Verdict);

    [Fact]
    public void Another_users_or_another_incidents_grant_does_not_count()
    {
        Assert.Equal(AccessVerdict.NoGrant, GrantRules.Decide([Grant(grantee: "bob")], "alice", Incident, PersonalDataPurpose.Identification, Now).Verdict);
        Assert.Equal(AccessVerdict.NoGrant, GrantRules.Decide([Grant(incident: Guid.NewGuid())], "alice", Incident, PersonalDataPurpose.Identification, Now).Verdict);
    }

    [Fact]
    public void A_grant_for_another_purpose_is_refused_as_other_purpose() =>
        Assert.Equal(AccessVerdict.OtherPurpose,
            GrantRules.Decide([Grant(PersonalDataPurpose.MedicalCare)], "alice", Incident, PersonalDataPurpose.Identification, Now).Verdict);

    [Fact]
    public void A_grant_ends_at_its_expiry_instant_and_when_revoked()
    {
        Assert.Equal(AccessVerdict.GrantExpired, GrantRules.Decide([Grant(expires: Now)], "alice", Incident, PersonalDataPurpose.Identification, Now).Verdict);
        Assert.True(GrantRules.Decide([Grant(expires: Now.AddTicks(1))], "alice", Incident, PersonalDataPurpose.Identification, Now).Allowed);
        Assert.Equal(AccessVerdict.GrantRevoked,
            GrantRules.Decide([Grant(revoked: Now.AddMinutes(-1))], "alice", Incident, PersonalDataPurpose.Identification, Now).Verdict);
    }

    [Fact]
    public void A_later_active_grant_wins_over_a_revoked_one() =>
        Assert.True(GrantRules.Decide([Grant(revoked: Now.AddMinutes(-5)), Grant()], "alice", Incident, PersonalDataPurpose.Identification, Now).Allowed);

    [Theory]
    [InlineData("alice", "grantee")] // oneself
    [InlineData("", "grantee")]
    public void A_grant_request_names_the_field_at_fault(string grantee, string field)
    {
        var errors = GrantRules.Validate(new AccessGrantDraft(Incident, grantee, "identification", Now.AddHours(1), "why"), "alice", Now, GrantLimits.Default);
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void A_grant_must_end_in_the_future_within_the_limit_with_a_known_purpose_and_a_reason()
    {
        Assert.Contains("expiresAt", GrantRules.Validate(new AccessGrantDraft(Incident, "bob", "identification", Now, "why"), "alice", Now, GrantLimits.Default).Keys);
        Assert.Contains("expiresAt", GrantRules.Validate(new AccessGrantDraft(Incident, "bob", "identification", Now.AddDays(4), "why"), "alice", Now, GrantLimits.Default).Keys);
        Assert.Contains("purpose", GrantRules.Validate(new AccessGrantDraft(Incident, "bob", "curiosity", Now.AddHours(1), "why"), "alice", Now, GrantLimits.Default).Keys);
        Assert.Contains("reason", GrantRules.Validate(new AccessGrantDraft(Incident, "bob", "identification", Now.AddHours(1), " "), "alice", Now, GrantLimits.Default).Keys);
        Assert.Contains("incidentId", GrantRules.Validate(new AccessGrantDraft(null, "bob", "identification", Now.AddHours(1), "why"), "alice", Now, GrantLimits.Default).Keys);
        Assert.Empty(GrantRules.Validate(new AccessGrantDraft(Incident, "bob", "Medical-Care", Now.AddDays(3), "why"), "alice", Now, GrantLimits.Default));
    }
}
