using System.Security.Claims;
using MaritimeCoord.Domain.PersonalData;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.PersonalData;
using MaritimeCoord.Server.Features.Incidents;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Server.Features.PersonalData;

/// <summary>
/// The one way into personal data. In order: the incident must be visible to the caller (else 404, like every incident
/// endpoint, so another centre's incident is not disclosed); a purpose must be stated (else 400 naming
/// <c>purpose</c>); the caller must hold an active grant for that incident and purpose (else 403, and the refusal is
/// logged). On success the caller gets an open session whose transaction also carries the access-log line.
/// </summary>
public sealed class PersonalDataGate : IAsyncDisposable
{
    private PersonalDataGate(IResult? refusal, PersonalDataSession? session, AccessGrant? grant, PersonalDataPurpose purpose, DateTimeOffset now,
        string actor)
    {
        Refusal = refusal;
        Session = session;
        Grant = grant;
        Purpose = purpose;
        Now = now;
        Actor = actor;
    }

    public IResult? Refusal { get; }
    public PersonalDataSession? Session { get; }
    public AccessGrant? Grant { get; }
    public PersonalDataPurpose Purpose { get; }
    public DateTimeOffset Now { get; }
    public string Actor { get; }

    public static async Task<PersonalDataGate> EnterAsync(Guid incidentId, string? purposeText, string action, Guid? personId, ClaimsPrincipal user,
        MaritimeDbContext db, PersonalDataStore store, TimeProvider clock, CancellationToken ct)
    {
        var actor = user.Subject();
        var now = clock.GetUtcNow();
        if (!await db.Incidents.AsNoTracking().VisibleTo(user, db).AnyAsync(i => i.Id == incidentId, ct))
            return Refused(TypedResults.NotFound(), actor, now);
        if (!PersonalDataPurposes.TryParse(purposeText, out var purpose))
            return Refused(Problems.Field("purpose",
                $"A purpose is required on every access to personal data: one of {string.Join(", ", PersonalDataPurposes.WireNames)}."), actor, now);

        var session = await store.BeginAsync(ct);
        try
        {
            var grants = await session.GrantsAsync(incidentId, actor, ct);
            var decision = GrantRules.Decide(grants.Select(g => g.Grant), actor, incidentId, purpose, now);
            if (decision.Allowed) return new PersonalDataGate(null, session, decision.Grant, purpose, now, actor);

            await session.LogAsync(new AccessLogEntry(now, actor, action, incidentId, personId, decision.Grant?.Id, purpose.WireName(),
                "denied:" + decision.WireName), ct);
            await session.CommitAsync(ct);
            await session.DisposeAsync();
            return Refused(TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "No grant for this purpose.",
                detail: $"Personal data of this incident is visible only with an active grant for the purpose '{purpose.WireName()}'. " +
                        "Ask the coordinating centre or an administrator for one; this attempt was logged.",
                extensions: new Dictionary<string, object?> { ["code"] = decision.WireName }), actor, now);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private static PersonalDataGate Refused(IResult result, string actor, DateTimeOffset now) => new(result, null, null, default, now, actor);

    public Task LogAsync(string action, Guid incidentId, Guid? personId, string outcome, string? detail, CancellationToken ct) =>
        Session!.LogAsync(new AccessLogEntry(Now, Actor, action, incidentId, personId, Grant?.Id, Purpose.WireName(), outcome, detail), ct);

    public async ValueTask DisposeAsync()
    {
        if (Session is not null) await Session.DisposeAsync();
    }
}
