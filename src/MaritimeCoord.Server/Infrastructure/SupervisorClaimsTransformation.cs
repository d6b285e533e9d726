using System.Security.Claims;
using MaritimeCoord.Contracts.Auth;
using Microsoft.AspNetCore.Authentication;

namespace MaritimeCoord.Server.Infrastructure;

/// <summary>
/// A supervisor is an operator of their centre with more duties, whatever issued the token (the development issuer or
/// an external identity provider that only knows "supervisor"): the operator role is added here, once, so every
/// operator policy, IncidentAccess rule, hub group and console control applies to supervisors without each of them
/// naming the role. Only what is a supervisor's alone checks <see cref="MaritimeRoles.Supervisor"/>.
/// </summary>
public sealed class SupervisorClaimsTransformation : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (!principal.IsInRole(MaritimeRoles.Supervisor) || principal.IsInRole(MaritimeRoles.Operator)) return Task.FromResult(principal);
        var identity = principal.Identities.First(i => i.IsAuthenticated);
        // A copy: the transformation may run more than once per request and must not mutate the authenticated principal.
        var copy = principal.Clone();
        var copied = copy.Identities.First(i => i.IsAuthenticated && i.AuthenticationType == identity.AuthenticationType);
        copied.AddClaim(new Claim(copied.RoleClaimType, MaritimeRoles.Operator));
        return Task.FromResult(copy);
    }
}
