using MaritimeCoord.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Server.Infrastructure;

/// <summary>A <c>centre</c> claim, when a token has one, must name a rescue centre this server knows (else 403).</summary>
public sealed class KnownCentreRequirement : IAuthorizationRequirement;

public sealed class KnownCentreHandler(KnownCentres centres) : AuthorizationHandler<KnownCentreRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, KnownCentreRequirement requirement)
    {
        var centre = context.User.CentreCode();
        if (centre is null || await centres.ContainsAsync(centre, CancellationToken.None)) context.Succeed(requirement);
        else context.Fail(new AuthorizationFailureReason(this, $"The centre claim '{centre}' names no known rescue centre."));
    }
}

/// <summary>
/// The codes of the rescue centres in the database, read again at most every <see cref="MaxAge"/>, or sooner when a code
/// is missing (a centre loaded a moment ago works at once; an unknown one costs one query per <see cref="MissRetry"/>).
/// </summary>
public sealed class KnownCentres(IServiceScopeFactory scopes, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MissRetry = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Snapshot current = new(new HashSet<string>(StringComparer.Ordinal), DateTimeOffset.MinValue);

    private sealed record Snapshot(HashSet<string> Codes, DateTimeOffset ReadAt);

    public async Task<bool> ContainsAsync(string code, CancellationToken ct)
    {
        var snapshot = current;
        var age = clock.GetUtcNow() - snapshot.ReadAt;
        if (snapshot.Codes.Contains(code) && age < MaxAge) return true;
        if (!snapshot.Codes.Contains(code) && age < MissRetry) return false;
        await gate.WaitAsync(ct);
        try
        {
            if (current == snapshot)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<MaritimeDbContext>();
                    var codes = await db.RescueCentres.AsNoTracking().Select(c => c.Code).ToListAsync(ct);
                    current = new Snapshot(codes.ToHashSet(StringComparer.Ordinal), clock.GetUtcNow());
                }
                // The database restarting must not lock out centres already known (the token is signed either way);
                // an unknown code still fails (with the database's error, answered 503 by FaultExceptionHandler).
                catch (Exception) when (snapshot.Codes.Contains(code))
                {
                    return true;
                }
            }
            return current.Codes.Contains(code);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
