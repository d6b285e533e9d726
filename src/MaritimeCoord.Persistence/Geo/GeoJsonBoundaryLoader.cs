using System.Text.Json;
using MaritimeCoord.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.Valid;

namespace MaritimeCoord.Persistence.Geo;

/// <summary>
/// Imports rescue centres and SAR-region boundaries from GeoJSON, so an operator can replace the approximate samples
/// with authoritative boundaries (IMO GISIS, national publications) without a code change. Upserts by <c>code</c>;
/// the whole file is validated before anything is written, and written in one transaction.
/// </summary>
public sealed class GeoJsonBoundaryLoader(MaritimeDbContext db, TimeProvider clock)
{
    public static readonly GeometryFactory Factory = NtsGeometryServices.Instance.CreateGeometryFactory(srid: 4326);

    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory(Factory) } };

    public async Task<int> LoadRescueCentresAsync(Stream geoJson, CancellationToken ct)
    {
        var features = await ReadAsync(geoJson, ct);
        var centres = new List<RescueCentre>();
        foreach (var (feature, index) in features.Select((f, i) => (f, i)))
        {
            var where = $"feature {index}";
            var code = RequiredString(feature, "code", where);
            if (feature.Geometry is not Point point) throw new BoundaryFileException($"{where} ({code}): geometry must be a Point.");
            centres.Add(new RescueCentre
            {
                Code = code,
                Name = RequiredString(feature, "name", where),
                Country = RequiredString(feature, "country", where),
                Location = Factory.CreatePoint(point.Coordinate),
                Operator = OptionalString(feature, "operator"),
                City = OptionalString(feature, "city"),
                Contact = OptionalString(feature, "contact"),
                Verification = OptionalString(feature, "verification"),
                Source = OptionalString(feature, "source"),
            });
        }
        ThrowOnDuplicates(centres.Select(c => c.Code), "rescue centre");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.RescueCentres.ToDictionaryAsync(c => c.Code, ct);
        foreach (var c in centres)
        {
            if (existing.TryGetValue(c.Code, out var row))
            {
                row.Name = c.Name; row.Country = c.Country; row.Location = c.Location; row.Operator = c.Operator;
                row.City = c.City; row.Contact = c.Contact; row.Verification = c.Verification; row.Source = c.Source;
            }
            else db.RescueCentres.Add(c);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return centres.Count;
    }

    public async Task<int> LoadSarRegionsAsync(Stream geoJson, CancellationToken ct)
    {
        var features = await ReadAsync(geoJson, ct);
        var knownCentres = (await db.RescueCentres.Select(c => c.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var regions = new List<SarRegion>();
        foreach (var (feature, index) in features.Select((f, i) => (f, i)))
        {
            var where = $"feature {index}";
            var code = RequiredString(feature, "code", where);
            where = $"{where} ({code})";
            var centre = RequiredString(feature, "centreCode", where);
            if (!knownCentres.Contains(centre))
                throw new BoundaryFileException($"{where}: centreCode '{centre}' is not a loaded rescue centre; load the centres first.");
            if (!feature.Attributes.Exists("approximate") || feature.Attributes["approximate"] is not bool approximate)
                throw new BoundaryFileException($"{where}: property 'approximate' (true/false) is required: every lookup must say whether its boundary is approximate.");
            regions.Add(new SarRegion
            {
                Code = code,
                Name = RequiredString(feature, "name", where),
                RescueCentreCode = centre,
                Boundary = ToMultiPolygon(feature.Geometry, where),
                BoundaryVersion = RequiredString(feature, "boundaryVersion", where),
                Approximate = approximate,
                Source = OptionalString(feature, "source"),
                Note = OptionalString(feature, "note"),
                LoadedAt = now,
            });
        }
        ThrowOnDuplicates(regions.Select(r => r.Code), "SAR region");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.SarRegions.ToDictionaryAsync(r => r.Code, ct);
        foreach (var r in regions)
        {
            if (existing.TryGetValue(r.Code, out var row))
            {
                row.Name = r.Name; row.RescueCentreCode = r.RescueCentreCode; row.Boundary = r.Boundary;
                row.BoundaryVersion = r.BoundaryVersion; row.Approximate = r.Approximate; row.Source = r.Source;
                row.Note = r.Note; row.LoadedAt = now;
            }
            else db.SarRegions.Add(r);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return regions.Count;
    }

    /// <summary>
    /// Loads 12 nm territorial seas (one feature per country, property <c>country</c>, optional <c>boundaryVersion</c>;
    /// Polygon or MultiPolygon, already cut at the antimeridian) into <c>territorial_seas</c>, upserting by country.
    /// Raw SQL: the table is not in the EF model.
    /// </summary>
    public async Task<int> LoadTerritorialSeasAsync(Stream geoJson, CancellationToken ct)
    {
        var features = await ReadAsync(geoJson, ct);
        var seas = new List<(string Country, byte[] Wkb, string Version)>();
        var wkb = new NetTopologySuite.IO.WKBWriter();
        foreach (var (feature, index) in features.Select((f, i) => (f, i)))
        {
            var where = $"feature {index}";
            var country = RequiredString(feature, "country", where);
            where = $"{where} ({country})";
            seas.Add((country, wkb.Write(ToMultiPolygon(Repaired(feature.Geometry), where)), OptionalString(feature, "boundaryVersion") ?? "unknown"));
        }
        ThrowOnDuplicates(seas.Select(s => s.Country), "territorial sea country");

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var (country, area, version) in seas)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO territorial_seas (country, area, boundary_version, loaded_at)
                VALUES ({country}, ST_GeomFromWKB({area}, 4326)::geography, {version}, {now})
                ON CONFLICT (country) DO UPDATE SET area = excluded.area, boundary_version = excluded.boundary_version, loaded_at = excluded.loaded_at
                """, ct);
        }
        await tx.CommitAsync(ct);
        return seas.Count;
    }

    private static async Task<FeatureCollection> ReadAsync(Stream geoJson, CancellationToken ct)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<FeatureCollection>(geoJson, GeoJson, ct)
                   ?? throw new BoundaryFileException("The file holds no GeoJSON FeatureCollection.");
        }
        catch (JsonException e)
        {
            throw new BoundaryFileException($"Not valid GeoJSON: {e.Message}");
        }
    }

    // The 12 nm outlines are rounded to 4 decimals (about 11 m), which folds a few rings onto themselves at river mouths
    // and narrow channels; GeometryFixer unfolds them (moving nothing by more than the rounding did). SAR regions are
    // not repaired: their vertices are published facts and an invalid file is refused.
    private static Geometry? Repaired(Geometry? geometry)
    {
        if (geometry is null || geometry.IsValid) return geometry;
        var fixedGeometry = NetTopologySuite.Geometries.Utilities.GeometryFixer.Fix(geometry);
        var polygons = Enumerable.Range(0, fixedGeometry.NumGeometries).Select(fixedGeometry.GetGeometryN).OfType<Polygon>().ToArray();
        return polygons.Length == 1 ? polygons[0] : Factory.CreateMultiPolygon(polygons);
    }

    private static MultiPolygon ToMultiPolygon(Geometry? geometry, string where)
    {
        var multi = geometry switch
        {
            Polygon p => Factory.CreateMultiPolygon([(Polygon)Factory.CreateGeometry(p)]),
            MultiPolygon m => (MultiPolygon)Factory.CreateGeometry(m),
            _ => throw new BoundaryFileException($"{where}: geometry must be a Polygon or MultiPolygon."),
        };
        var validity = new IsValidOp(multi);
        if (!validity.IsValid)
            throw new BoundaryFileException($"{where}: invalid polygon: {validity.ValidationError.Message} at {validity.ValidationError.Coordinate}.");
        var env = multi.EnvelopeInternal;
        if (env.MinX < -180 || env.MaxX > 180 || env.MinY < -90 || env.MaxY > 90)
            throw new BoundaryFileException($"{where}: coordinates outside lon [-180, 180] / lat [-90, 90]; GeoJSON order is [lon, lat].");
        return multi;
    }

    private static string RequiredString(IFeature feature, string name, string where) =>
        OptionalString(feature, name) is { Length: > 0 } value
            ? value
            : throw new BoundaryFileException($"{where}: property '{name}' is required.");

    private static string? OptionalString(IFeature feature, string name) =>
        feature.Attributes is { } a && a.Exists(name) ? a[name]?.ToString()?.Trim() : null;

    private static void ThrowOnDuplicates(IEnumerable<string> codes, string what)
    {
        var duplicate = codes.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new BoundaryFileException($"{what} code '{duplicate.Key}' appears more than once.");
    }
}

public sealed class BoundaryFileException(string message) : Exception(message);
