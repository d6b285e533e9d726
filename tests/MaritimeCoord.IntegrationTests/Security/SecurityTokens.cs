using System.Security.Claims;
using System.Text;
using MaritimeCoord.Contracts.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MaritimeCoord.IntegrationTests.Security;

/// <summary>Hand-made tokens that the development issuer (<c>mcoord token issue</c>) refuses to make: unknown roles, wrong
/// issuer or audience, other algorithms, alg "none".</summary>
public static class SecurityTokens
{
    public const string Issuer = "maritimecoord-dev";
    public const string Audience = "maritimecoord";

    /// <param name="subject">null: a token with neither <c>sub</c> nor <c>name</c>.</param>
    public static string Sign(string signingKey, string? role, string? centre, string? subject, string issuer = Issuer,
        string audience = Audience, string algorithm = SecurityAlgorithms.HmacSha256, DateTimeOffset? notBefore = null,
        DateTimeOffset? expires = null, bool withExpiry = true)
    {
        var claims = subject is null ? new List<Claim>() : [new("sub", subject), new(MaritimeClaims.Name, subject)];
        if (role is not null) claims.Add(new Claim(MaritimeClaims.Role, role));
        if (centre is not null) claims.Add(new Claim(MaritimeClaims.Centre, centre));
        var now = DateTimeOffset.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = (notBefore ?? now).UtcDateTime,
            NotBefore = (notBefore ?? now).UtcDateTime,
            Expires = withExpiry ? (expires ?? now.AddHours(1)).UtcDateTime : null,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)) { KeyId = "dev" }, algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = withExpiry }.CreateToken(descriptor);
    }

    /// <summary>HMAC over header.payload with the server's own key, for algorithms IdentityModel would refuse to sign
    /// with a key this short (HS384/HS512): the token differs from a good one only in its algorithm.</summary>
    public static string SignedByHand(string signingKey, string alg, string role, string? centre, string subject)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode($$"""{"alg":"{{alg}}","typ":"JWT","kid":"dev"}""");
        var payload = Base64UrlEncoder.Encode(
            $$"""{"sub":"{{subject}}","role":"{{role}}","centre":"{{centre}}","iss":"{{Issuer}}","aud":"{{Audience}}","iat":{{now}},"nbf":{{now}},"exp":{{now + 3600}}}""");
        var key = Encoding.UTF8.GetBytes(signingKey);
        var data = Encoding.ASCII.GetBytes($"{header}.{payload}");
        var mac = alg switch
        {
            "HS256" => System.Security.Cryptography.HMACSHA256.HashData(key, data),
            "HS384" => System.Security.Cryptography.HMACSHA384.HashData(key, data),
            _ => System.Security.Cryptography.HMACSHA512.HashData(key, data),
        };
        return $"{header}.{payload}.{Base64UrlEncoder.Encode(mac)}";
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with an admin role: must never authenticate.</summary>
    public static string WithoutSignature(string role, string? centre, string subject)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT","kid":"dev"}""");
        var payload = Base64UrlEncoder.Encode(
            $$"""{"sub":"{{subject}}","role":"{{role}}","centre":"{{centre}}","iss":"{{Issuer}}","aud":"{{Audience}}","iat":{{now}},"nbf":{{now}},"exp":{{now + 3600}}}""");
        return $"{header}.{payload}.";
    }
}
