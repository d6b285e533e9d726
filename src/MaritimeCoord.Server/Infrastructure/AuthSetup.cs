using System.Security.Claims;
using System.Text;
using MaritimeCoord.Contracts.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace MaritimeCoord.Server.Infrastructure;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>External OpenID Connect issuer (production). When set, tokens are validated against its published keys.</summary>
    public string? Authority { get; set; }
    public string Audience { get; set; } = "maritimecoord";

    /// <summary>Issuer name of the local development issuer (`mcoord token issue`).</summary>
    public string Issuer { get; set; } = "maritimecoord-dev";

    /// <summary>Symmetric key of the development issuer; never committed (ops/run.sh generates one per machine).</summary>
    public string? SigningKey { get; set; }
}

/// <summary>A validly signed token with neither <c>sub</c> nor <c>name</c>: nobody to record actions against.</summary>
public sealed class TokenWithoutSubjectException() : SecurityTokenValidationException("The token names no subject: it needs a sub (or name) claim.");

public static class Policies
{
    public const string LogSighting = "log-sighting";
    public const string Operational = "operational";
    public const string ReadIncidents = "read-incidents";
    public const string AnyRole = "any-role";
    public const string Admin = "admin";
    public const string Analytics = "analytics";
}

public static class AuthSetup
{
    public const string AccessTokenCookie = "mcoord_access_token";
    public const int MinimumSigningKeyBytes = 32;

    public static WebApplicationBuilder AddMaritimeAuth(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidAudience = options.Audience,
                    RoleClaimType = MaritimeClaims.Role,
                    NameClaimType = MaritimeClaims.Name,
                    ClockSkew = TimeSpan.FromMinutes(1),
                };
                if (!string.IsNullOrWhiteSpace(options.Authority))
                {
                    jwt.Authority = options.Authority;
                    jwt.Audience = options.Audience;
                    jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];
                }
                else
                {
                    var key = DevelopmentSigningKey(options);
                    jwt.TokenValidationParameters.ValidIssuer = options.Issuer;
                    jwt.TokenValidationParameters.IssuerSigningKey = key;
                    // Pin the algorithm: a token signed "none" or with another algorithm never passes.
                    jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
                }
                jwt.Events = new JwtBearerEvents
                {
                    OnMessageReceived = ReadTokenForBrowserTransports,
                    OnTokenValidated = RequireSubject,
                    OnChallenge = ExplainMissingSubject,
                };
            });

        builder.Services.AddTransient<Microsoft.AspNetCore.Authentication.IClaimsTransformation, SupervisorClaimsTransformation>();
        builder.Services.AddSingleton<KnownCentres>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, KnownCentreHandler>();
        var knownCentre = new KnownCentreRequirement();
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser().RequireRole(MaritimeRoles.All).AddRequirements(knownCentre).Build())
            .AddPolicy(Policies.LogSighting, p => p.RequireRole(MaritimeRoles.Liaison, MaritimeRoles.Operator, MaritimeRoles.Admin)
                .RequireClaim(MaritimeClaims.Centre).AddRequirements(knownCentre))
            .AddPolicy(Policies.Operational, p => p.RequireRole(MaritimeRoles.Operator, MaritimeRoles.Admin).AddRequirements(knownCentre))
            .AddPolicy(Policies.ReadIncidents, p => p.RequireRole(MaritimeRoles.Operator, MaritimeRoles.Admin, MaritimeRoles.Analyst).AddRequirements(knownCentre))
            .AddPolicy(Policies.AnyRole, p => p.RequireRole(MaritimeRoles.All).AddRequirements(knownCentre))
            .AddPolicy(Policies.Admin, p => p.RequireRole(MaritimeRoles.Admin).AddRequirements(knownCentre))
            .AddPolicy(Policies.Analytics, p => p.RequireRole(MaritimeRoles.Analyst, MaritimeRoles.Admin).AddRequirements(knownCentre));
        return builder;
    }

    public static SymmetricSecurityKey DevelopmentSigningKey(AuthOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.SigningKey))
            throw new InvalidOperationException(
                "Auth:SigningKey is not set and no Auth:Authority is configured. ops/run.sh generates a development key; production sets Auth:Authority and Auth:Audience.");
        var bytes = Encoding.UTF8.GetBytes(options.SigningKey);
        if (bytes.Length < MinimumSigningKeyBytes)
            throw new InvalidOperationException($"Auth:SigningKey must be at least {MinimumSigningKeyBytes} bytes.");
        return new SymmetricSecurityKey(bytes) { KeyId = "dev" };
    }

    // Browsers cannot set headers on WebSocket upgrades (SignalR sends ?access_token=) or on page loads of the admin
    // dashboards, the jobs dashboard and the API reference (cookie; GET pages only read).
    private static Task ReadTokenForBrowserTransports(MessageReceivedContext context)
    {
        var path = context.HttpContext.Request.Path;
        if (path.StartsWithSegments("/hubs") && context.Request.Query.TryGetValue("access_token", out var token))
            context.Token = token;
        else if ((path.StartsWithSegments("/hangfire") || path.StartsWithSegments(OpenApiSetup.ReferencePath) || path.StartsWithSegments("/openapi"))
                 && context.Request.Cookies.TryGetValue(AccessTokenCookie, out var cookie))
            context.Token = cookie;
        return Task.CompletedTask;
    }

    // Every action is recorded against who did it: a signed token that names nobody is refused at the door (401).
    private static Task RequireSubject(TokenValidatedContext context)
    {
        var principal = context.Principal;
        if (string.IsNullOrWhiteSpace(principal?.FindFirst("sub")?.Value) && string.IsNullOrWhiteSpace(principal?.Identity?.Name))
            context.Fail(new TokenWithoutSubjectException());
        return Task.CompletedTask;
    }

    private static async Task ExplainMissingSubject(JwtBearerChallengeContext context)
    {
        if (context.AuthenticateFailure is not TokenWithoutSubjectException failure) return;
        context.HandleResponse();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{failure.Message}\"";
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized", Detail = failure.Message },
        });
    }

    public static string? CentreCode(this ClaimsPrincipal user) => user.FindFirst(MaritimeClaims.Centre)?.Value;

    public static string Subject(this ClaimsPrincipal user) =>
        user.FindFirst("sub")?.Value ?? user.Identity?.Name ?? throw new InvalidOperationException("Token has no subject.");

    public static string DisplayName(this ClaimsPrincipal user) => user.Identity?.Name ?? user.Subject();
}
