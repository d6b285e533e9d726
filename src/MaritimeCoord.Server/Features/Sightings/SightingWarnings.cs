using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Sightings;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Geo;

namespace MaritimeCoord.Server.Features.Sightings;

/// <summary>Adds the position's plausibility flags (on land, 0°N 0°E) to a sighting answer; the sighting itself is kept as logged.</summary>
public static class SightingWarnings
{
    public static async Task<SightingResponse> WithWarningsAsync(this SightingResponse response, MaritimeDbContext db, CancellationToken ct)
    {
        var position = new GeoPosition(response.Position.Latitude, response.Position.Longitude);
        return response with { Warnings = PositionWarnings.For(position, await db.IsOnLandAsync(position, ct)) };
    }
}
