using System.Security.Claims;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Server.Infrastructure;

namespace MaritimeCoord.Server.Features.Account;

public sealed record MeResponse(string Subject, string Name, IReadOnlyList<string> Roles, string? Centre);

public static class AccountEndpoints
{
    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        app.MapGet("/api/me", (ClaimsPrincipal user) => TypedResults.Ok(new MeResponse(
                user.Subject(), user.DisplayName(),
                user.FindAll(MaritimeClaims.Role).Select(c => c.Value).Where(MaritimeRoles.All.Contains).ToList(),
                user.CentreCode())))
            .RequireAuthorization(Policies.AnyRole).WithTags("Account");
        return app;
    }
}
