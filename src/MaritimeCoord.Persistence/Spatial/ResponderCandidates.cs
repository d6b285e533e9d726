using System.Globalization;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Responders;
using MaritimeCoord.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Persistence.Spatial;

/// <summary>
/// Candidates for the nearest-responder ranking (DOMAIN.md, after AMVER SURPIC): the nearest government assets and AIS
/// ships by KNN (<c>&lt;-&gt;</c> on GiST). One place, used by the API and by `mcoord load responders` (query alone).
/// </summary>
public static class ResponderCandidates
{
    /// <summary>Government assets: a few hundred per region at most; the nearest 50 by planar distance are candidates.</summary>
    public const int CandidatesPerKind = 50;

    /// <summary>AIS candidates: the nearest 100 by planar distance; a ship farther than that is very unlikely to arrive first.</summary>
    public const int VesselCandidates = 100;

    /// <summary>AIS states older than this are not offered as responders.</summary>
    public static readonly TimeSpan AisMaxAge = TimeSpan.FromHours(24);

    public static async Task<(List<GovernmentAsset> Assets, List<AisVessel> Vessels)> FindAsync(MaritimeDbContext db, GeoPosition target,
        DateTimeOffset now, CancellationToken ct)
    {
        var since = now - AisMaxAge;
        var assetRows = new List<ResponseAsset>();
        var vesselRows = new List<AisCandidateRow>();
        // KNN on geometry (planar degrees; migration ResponderKnnIndexes) is ~8x cheaper than on geography and only
        // pre-filters: the ranking measures every candidate on the ellipsoid. Near the antimeridian the planar distance
        // is wrong across ±180, so the target is also searched for shifted by 360°.
        foreach (var lon in TargetLongitudes(target.Longitude))
        {
            assetRows.AddRange(await db.ResponseAssets.FromSql($"""
                SELECT *, xmin FROM response_assets
                ORDER BY position::geometry <-> ST_SetSRID(ST_MakePoint({lon}, {target.Latitude}), 4326)
                LIMIT {CandidatesPerKind}
                """).AsNoTracking().ToListAsync(ct));
            // Names joined after the LIMIT, for the candidates only: one round trip, no join over the whole fleet.
            vesselRows.AddRange(await db.Database.SqlQuery<AisCandidateRow>($"""
                WITH nearest AS (
                    SELECT vs.mmsi, vs.position, vs.course_degrees, vs.speed_knots, vs.observed_at
                    FROM vessel_states vs
                    WHERE vs.observed_at > {since}
                    ORDER BY vs.position::geometry <-> ST_SetSRID(ST_MakePoint({lon}, {target.Latitude}), 4326)
                    LIMIT {VesselCandidates})
                SELECT n.mmsi, ST_Y(n.position::geometry) AS latitude, ST_X(n.position::geometry) AS longitude,
                       n.course_degrees, n.speed_knots, n.observed_at, v.name, v.call_sign, v.ship_type
                FROM nearest n LEFT JOIN vessels v ON v.mmsi = n.mmsi
                """).ToListAsync(ct));
        }

        var assets = assetRows.DistinctBy(a => a.Code).Select(ToAsset).ToList();
        var vessels = vesselRows.DistinctBy(v => v.Mmsi).Select(v => new AisVessel(v.Mmsi, v.Name, new GeoPosition(v.Latitude, v.Longitude),
            v.CourseDegrees, v.SpeedKnots, v.ObservedAt, v.CallSign is null ? null : $"call sign {v.CallSign}",
            v.ShipType?.ToString(CultureInfo.InvariantCulture))).ToList();
        return (assets, vessels);
    }

    private static IEnumerable<double> TargetLongitudes(double longitude)
    {
        yield return longitude;
        if (longitude > 150) yield return longitude - 360;
        if (longitude < -150) yield return longitude + 360;
    }

    public static GovernmentAsset ToAsset(ResponseAsset a) => new(a.Code, a.Name, EnumWire.Parse<AssetType>(a.Type), a.CruiseSpeedKnots,
        EnumWire.Parse<AssetAvailability>(a.Availability), a.HomeBase, new GeoPosition(a.Position.Y, a.Position.X), a.PositionAt, a.Contact,
        a.AvailabilityNote);

    private sealed record AisCandidateRow(int Mmsi, double Latitude, double Longitude, float? CourseDegrees, float? SpeedKnots,
        DateTimeOffset ObservedAt, string? Name, string? CallSign, short? ShipType);
}

/// <summary>kebab-case wire names for Domain enums stored as text (PatrolBoat ↔ patrol-boat).</summary>
public static class EnumWire
{
    public static string Name<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static T Parse<T>(string wire) where T : struct, Enum =>
        Enum.TryParse<T>(wire.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var value)
            ? value
            : throw new FormatException($"'{wire}' is not a {typeof(T).Name}.");
}
