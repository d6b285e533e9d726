using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using MaritimeCoord.Contracts.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Features.Intake;

/// <summary>
/// Authenticates the SMS gateway by an HMAC-SHA256 of the raw request body with the shared secret
/// (<c>X-Mcoord-Signature: sha256=&lt;hex&gt;</c>), compared in constant time. The gateway is a machine without a user
/// or a JWT; the signature proves the body came from it unchanged (docs/intake.md § Security). A signed request is
/// the role <see cref="GatewayRole"/>, which no user token carries and only the <c>sms-gateway</c> policy accepts.
/// </summary>
public sealed class SmsGatewayAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, IOptions<IntakeOptions> intake) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "sms-gateway-signature";
    public const string Header = "X-Mcoord-Signature";
    public const string GatewayRole = "sms-gateway";
    public const int MaxBodyBytes = 16 * 1024;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var header)) return AuthenticateResult.NoResult();
        var secret = intake.Value.SmsSecret;
        if (string.IsNullOrEmpty(secret)) return AuthenticateResult.Fail("No SMS gateway secret is configured.");
        var text = header.ToString().Trim();
        if (!text.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.Fail("Unknown signature format.");
        byte[] claimed;
        try { claimed = Convert.FromHexString(text["sha256=".Length..]); }
        catch (FormatException) { return AuthenticateResult.Fail("Signature is not hex."); }

        var body = await ReadBodyAsync();
        if (body is null) return AuthenticateResult.Fail("Body too large.");
        var expected = HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), body);
        if (!CryptographicOperations.FixedTimeEquals(expected, claimed)) return AuthenticateResult.Fail("Signature does not match.");

        var identity = new ClaimsIdentity([new Claim("sub", "gateway:sms"), new Claim(MaritimeClaims.Role, GatewayRole)], SchemeName, "sub", MaritimeClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    public static byte[] Sign(string secret, byte[] body) => HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), body);

    private async Task<byte[]?> ReadBodyAsync()
    {
        if (Request.ContentLength > MaxBodyBytes) return null;
        Request.EnableBuffering(MaxBodyBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await Request.Body.ReadAsync(chunk, Context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        Request.Body.Position = 0;
        return buffer.ToArray();
    }
}
