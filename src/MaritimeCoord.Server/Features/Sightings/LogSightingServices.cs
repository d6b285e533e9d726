using System.Security.Claims;
using MaritimeCoord.Domain.Sightings;
using MaritimeCoord.Persistence;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Features.Sightings;

/// <summary>What <c>POST /api/sightings</c> takes besides the request itself, bound with <c>[AsParameters]</c>.</summary>
public readonly record struct LogSightingServices(
    ClaimsPrincipal User, LogSightingHandler Handler, IOptions<JsonOptions> Json, TimeProvider Clock, SightingRules Rules,
    MaritimeDbContext Db, CancellationToken Ct);
