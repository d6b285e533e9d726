using System.Security.Claims;
using MaritimeCoord.Persistence;
using MaritimeCoord.Server.Outbox;

namespace MaritimeCoord.Server.Features.Incidents;

/// <summary>
/// What every incident command takes besides its route values and body, bound with <c>[AsParameters]</c>: the caller,
/// the unit of work, the outbox that joins it, the clock and the request's abort token.
/// </summary>
public readonly record struct IncidentCommandServices(
    ClaimsPrincipal User, MaritimeDbContext Db, OutboxWriter Outbox, TimeProvider Clock, CancellationToken Ct);
