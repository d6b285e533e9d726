using System.Security.Claims;
using System.Text;
using MaritimeCoord.Contracts.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MaritimeCoord.Cli.Auth;

/// <summary>
/// Signs tokens for local use with the development key the server is configured with (Auth:SigningKey). Production
/// takes tokens from an external issuer (Auth:Authority), so this never runs there.
/// </summary>
public static class DevelopmentTokenIssuer
{
    public const string DefaultIssuer = "maritimecoord-dev";
    public const string DefaultAudience = "maritimecoord";

    public static string Issue(string signingKey, string role, string? centre, string? subject = null, string? name = null,
        TimeSpan? lifetime = null, string issuer = DefaultIssuer, string audience = DefaultAudience, DateTimeOffset? now = null)
    {
        if (!MaritimeRoles.All.Contains(role))
            throw new ArgumentException($"Unknown role '{role}'; expected one of {string.Join(", ", MaritimeRoles.All)}.", nameof(role));
        var keyBytes = Encoding.UTF8.GetBytes(signingKey);
        if (keyBytes.Length < 32) throw new ArgumentException("The signing key must be at least 32 bytes.", nameof(signingKey));

        var issuedAt = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        var sub = subject ?? $"{role}@{centre ?? "global"}";
        var claims = new List<Claim>
        {
            new("sub", sub),
            new(MaritimeClaims.Name, name ?? sub),
            new(MaritimeClaims.Role, role),
            new("jti", Guid.NewGuid().ToString("N")),
        };
        if (!string.IsNullOrWhiteSpace(centre)) claims.Add(new Claim(MaritimeClaims.Centre, centre));

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + (lifetime ?? TimeSpan.FromHours(12)),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(keyBytes) { KeyId = "dev" }, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
