using System.Security.Claims;
using MaritimeCoord.Persistence;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Features.Drift;

/// <summary>
/// What <c>POST /api/incidents/{id}/drift-runs</c> takes besides the route value and the request, bound with
/// <c>[AsParameters]</c>: the caller, the unit of work, the forcing catalogue, the JSON and drift settings, the clock, the
/// request's services (the job client is resolved only when a run is queued) and the request's abort token.
/// </summary>
public readonly record struct DriftRunStartServices(
    ClaimsPrincipal User, MaritimeDbContext Db, ForcingFiles ForcingFiles, IOptions<JsonOptions> Json, IOptions<DriftOptions> Options,
    TimeProvider Clock, IServiceProvider Services, CancellationToken Ct);

/// <summary>What the drift-run GeoJSON readers take besides route values and <c>hour</c>: the caller, the database that
/// says whether the incident is visible, and the request's abort token.</summary>
public readonly record struct DriftRunReadServices(ClaimsPrincipal User, MaritimeDbContext Db, CancellationToken Ct);

/// <summary>What <c>POST /api/forcing</c> takes besides the request and <c>?name=</c>, bound with <c>[AsParameters]</c>.</summary>
public readonly record struct ForcingUploadServices(
    ClaimsPrincipal User, ForcingFiles Files, IOptions<DriftOptions> Options, TimeProvider Clock, CancellationToken Ct);
