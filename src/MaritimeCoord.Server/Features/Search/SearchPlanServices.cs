using System.Security.Claims;
using MaritimeCoord.Persistence;
using MaritimeCoord.Server.Outbox;

namespace MaritimeCoord.Server.Features.Search;

/// <summary>
/// What the search-plan commands take besides route values and body, bound with <c>[AsParameters]</c>: the caller, the
/// unit of work, the outbox that joins it, the clock and the request's abort token.
/// </summary>
public readonly record struct SearchPlanServices(
    ClaimsPrincipal User, MaritimeDbContext Db, OutboxWriter Outbox, TimeProvider Clock, CancellationToken Ct);
