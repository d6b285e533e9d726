using System.Globalization;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Jurisdiction;
using MaritimeCoord.Domain.Text;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Spatial;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaritimeCoord.Server.Features.Jurisdiction;

public sealed record RegionRef(string Code, string Name, string BoundaryVersion, bool Approximate);
public sealed record CentreRef(string Code, string Name);
public sealed record NeighbourRef(string SarRegionCode, string RescueCentreCode, double DistanceNm, bool Approximate);

/// <summary>Jurisdiction as the API reports it; <c>note</c> says in words what an operator must know.</summary>
public sealed record JurisdictionDto(
    double Latitude,
    double Longitude,
    bool Covered,
    RegionRef? SarRegion,
    CentreRef? RescueCentre,
    bool NearApproximateBoundary,
    IReadOnlyList<NeighbourRef> Neighbours,
    IReadOnlyList<string> OverlappingRegions,
    string Note,
    string Source = JurisdictionSources.Postgis,
    Message? NoteMessage = null)
{
    public static JurisdictionDto From(JurisdictionResult j, string source = JurisdictionSources.Postgis)
    {
        var region = j.Region;
        var noteMessage = region is null
            ? Message.Of(JurisdictionMessages.NoSarRegion)
            : j.NearApproximateBoundary
                ? Message.Of(JurisdictionMessages.NearApproximateBoundary, ("margin", Math.Round(JurisdictionRules.BoundaryMarginNauticalMiles)))
                : region.Approximate
                    ? Message.Of(JurisdictionMessages.InsideApproximate, ("region", region.RegionName), ("boundaryVersion", region.BoundaryVersion))
                    : Message.Of(JurisdictionMessages.Inside, ("region", region.RegionName));
        var note = region is null
            ? "No loaded SAR region covers this position; the centre that received the report coordinates until a responsible centre accepts."
            : j.NearApproximateBoundary
                ? $"Within {JurisdictionRules.BoundaryMarginNauticalMiles:0} nm of an approximate SAR boundary: confirm with the neighbouring centre."
                : region.Approximate ? $"Inside {region.RegionName}; its boundary ({region.BoundaryVersion}) is approximate." : $"Inside {region.RegionName}.";
        return new JurisdictionDto(
            j.Position.Latitude, j.Position.Longitude, j.Covered,
            region is null ? null : new RegionRef(region.RegionCode, region.RegionName, region.BoundaryVersion, region.Approximate),
            region is null ? null : new CentreRef(region.CentreCode, region.CentreName),
            j.NearApproximateBoundary,
            j.Neighbours.Select(n => new NeighbourRef(n.RegionCode, n.CentreCode,
                Math.Round(n.EdgeDistanceMetres / Distances.MetresPerNauticalMile, 1), n.Approximate)).ToList(),
            j.OverlappingRegions,
            note,
            source,
            noteMessage);
    }
}

/// <summary>The codes of the jurisdiction note (<see cref="JurisdictionDto.NoteMessage"/>), for the console's languages.</summary>
public static class JurisdictionMessages
{
    public const string NoSarRegion = "jurisdiction.noSarRegion";

    /// <summary>"Within {margin} nm of an approximate SAR boundary: confirm with the neighbouring centre."</summary>
    public const string NearApproximateBoundary = "jurisdiction.nearApproximateBoundary";

    /// <summary>"Inside {region}; its boundary ({boundaryVersion}) is approximate."</summary>
    public const string InsideApproximate = "jurisdiction.insideApproximate";

    public const string Inside = "jurisdiction.inside";

    public static IReadOnlyList<string> All { get; } = MessageCodes.Constants(typeof(JurisdictionMessages));
}

public static class JurisdictionSources
{
    /// <summary>ST_Covers / ST_Distance on geography in PostGIS: the reference answer.</summary>
    public const string Postgis = "postgis";

    /// <summary>The server's in-memory index (hot path); the same answer as PostGIS (docs/jurisdiction.md gives the measured bound).</summary>
    public const string Memory = "memory";
}

public static class JurisdictionEndpoints
{
    public static IServiceCollection AddJurisdiction(this IServiceCollection services)
    {
        services.AddSingleton<JurisdictionIndexProvider>();
        services.AddHostedService(sp => sp.GetRequiredService<JurisdictionIndexProvider>());
        return services;
    }

    public static WebApplication MapJurisdictionEndpoints(this WebApplication app)
    {
        app.MapGet("/api/jurisdiction", GetAsync).RequireAuthorization(Policies.AnyRole).WithTags("Jurisdiction");
        return app;
    }

    private static async Task<Results<Ok<JurisdictionDto>, ValidationProblem>> GetAsync(
        string? lat, string? lon, string? source, MaritimeDbContext db, JurisdictionIndexProvider memory, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TryParseDegrees(lat, out var latitude) || !GeoPosition.IsValidLatitude(latitude))
            errors["lat"] = ["lat must be a decimal latitude within [-90, 90]."];
        if (!TryParseDegrees(lon, out var longitude) || !GeoPosition.IsValidLongitude(longitude))
            errors["lon"] = ["lon must be a decimal longitude within [-180, 180]."];
        source ??= JurisdictionSources.Postgis;
        if (source is not (JurisdictionSources.Postgis or JurisdictionSources.Memory))
            errors["source"] = [$"source must be '{JurisdictionSources.Postgis}' or '{JurisdictionSources.Memory}'."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var position = new GeoPosition(latitude, longitude);
        var result = source == JurisdictionSources.Memory
            ? (await memory.GetAsync(ct)).Resolve(position)
            : await db.ResolveAsync(position, ct);
        return TypedResults.Ok(JurisdictionDto.From(result, source));
    }

    private static bool TryParseDegrees(string? text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
