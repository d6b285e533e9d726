using System.Security.Claims;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.PersonalData;

namespace MaritimeCoord.Server.Features.PersonalData;

/// <summary>
/// What the persons endpoints take besides route values, body and <c>purpose</c>, bound with <c>[AsParameters]</c>: the
/// caller, the database the gate checks visibility in, the personal-data store and its protector, the clock, the
/// response (no-store) and the request's abort token.
/// </summary>
public readonly record struct PersonsServices(
    ClaimsPrincipal User, MaritimeDbContext Db, PersonalDataStore Store, PersonalDataProtector Protector, TimeProvider Clock,
    HttpContext Http, CancellationToken Ct);

/// <summary>What the grant endpoints take besides route values and body, bound with <c>[AsParameters]</c>: the caller, the
/// database (incident visibility), the personal-data store, the clock and the request's abort token.</summary>
public readonly record struct GrantServices(
    ClaimsPrincipal User, MaritimeDbContext Db, PersonalDataStore Store, TimeProvider Clock, CancellationToken Ct);
