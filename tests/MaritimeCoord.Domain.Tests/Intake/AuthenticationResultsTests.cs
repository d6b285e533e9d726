using MaritimeCoord.Domain.Intake;

namespace MaritimeCoord.Domain.Tests.Intake;

public sealed class AuthenticationResultsTests
{
    private const string Us = "mx.rcc.example";

    [Theory]
    [InlineData(true, "mx.rcc.example; spf=pass smtp.mailfrom=iridium.example; dkim=pass header.d=iridium.example; dmarc=pass (p=reject) header.from=iridium.example")]
    [InlineData(true, "mx.rcc.example 1; dmarc=pass header.from=example.org")]
    [InlineData(false, "mx.rcc.example; spf=pass smtp.mailfrom=x.example; dkim=none; dmarc=fail header.from=garmin.com")]
    [InlineData(false, "mx.rcc.example; spf=pass smtp.mailfrom=x.example; dkim=pass header.d=x.example")]
    // Written by the sender (or any server on the way), not ours: ignored, so nothing is authenticated.
    [InlineData(false, "evil.example; spf=pass; dkim=pass; dmarc=pass")]
    [InlineData(false, "mx.rcc.example.evil.example; dmarc=pass")]
    [InlineData(false, "(mx.rcc.example) evil.example; dmarc=pass")]
    public void Accepts_only_our_servers_dmarc_pass(bool accepted, string header)
    {
        var verdict = AuthenticationResults.Evaluate([header], Us);

        Assert.Equal(accepted, verdict.Accepted);
        Assert.Equal(accepted, verdict.Refusal is null);
    }

    [Fact]
    public void A_forged_pass_beside_our_fail_is_refused_and_both_are_recorded_only_when_ours()
    {
        var verdict = AuthenticationResults.Evaluate(["evil.example; dmarc=pass", "mx.rcc.example; spf=fail; dmarc=fail"], Us);

        Assert.False(verdict.Accepted);
        Assert.Equal("spf=fail dmarc=fail", verdict.Recorded);
        Assert.Equal("DMARC fail", verdict.Refusal);
    }

    [Fact]
    public void No_header_at_all_is_refused() => Assert.False(AuthenticationResults.Evaluate([], Us).Accepted);
}
