using System.Globalization;
using System.Text.Json;
using MaritimeCoord.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace MaritimeCoord.Persistence.Geo;

/// <summary>Imports the registry of government response assets from GeoJSON Point features; upserts by <c>code</c>.</summary>
public sealed class ResponseAssetLoader(MaritimeDbContext db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory(GeoJsonBoundaryLoader.Factory) } };
    private static readonly HashSet<string> Types = ["patrol-boat", "cutter", "life-boat", "fixed-wing-aircraft", "helicopter", "other"];
    private static readonly HashSet<string> Availabilities = ["available", "tasked", "maintenance", "off-duty"];

    public async Task<int> LoadAsync(Stream geoJson, CancellationToken ct)
    {
        FeatureCollection features;
        try
        {
            features = await JsonSerializer.DeserializeAsync<FeatureCollection>(geoJson, GeoJson, ct)
                       ?? throw new BoundaryFileException("The file holds no GeoJSON FeatureCollection.");
        }
        catch (JsonException e)
        {
            throw new BoundaryFileException($"Not valid GeoJSON: {e.Message}");
        }

        var now = clock.GetUtcNow();
        var assets = new List<ResponseAsset>();
        foreach (var (feature, i) in features.Select((f, i) => (f, i)))
        {
            string Text(string name) => feature.Attributes.Exists(name) && feature.Attributes[name] is { } v && v.ToString() is { Length: > 0 } s
                ? s.Trim() : throw new BoundaryFileException($"feature {i}: property '{name}' is required.");
            string? Optional(string name) => feature.Attributes.Exists(name) ? feature.Attributes[name]?.ToString()?.Trim() : null;
            if (feature.Geometry is not Point point) throw new BoundaryFileException($"feature {i}: geometry must be a Point.");
            var type = Text("type");
            if (!Types.Contains(type)) throw new BoundaryFileException($"feature {i}: type must be one of {string.Join(", ", Types)}.");
            var availability = Text("availability");
            if (!Availabilities.Contains(availability))
                throw new BoundaryFileException($"feature {i}: availability must be one of {string.Join(", ", Availabilities)}.");
            if (!double.TryParse(Text("cruiseSpeedKnots"), NumberStyles.Float, CultureInfo.InvariantCulture, out var speed) || !(speed is > 0 and < 1000))
                throw new BoundaryFileException($"feature {i}: cruiseSpeedKnots must be a positive number of knots.");
            assets.Add(new ResponseAsset
            {
                Code = Text("code"), Name = Text("name"), Type = type, OwnerCentreCode = Text("ownerCentreCode"),
                HomeBase = Optional("homeBase"), Position = GeoJsonBoundaryLoader.Factory.CreatePoint(point.Coordinate), PositionAt = now,
                CruiseSpeedKnots = speed, Availability = availability, AvailabilityNote = Optional("availabilityNote"), Contact = Optional("contact"),
            });
        }

        var existing = await db.ResponseAssets.ToDictionaryAsync(a => a.Code, ct);
        foreach (var a in assets)
        {
            if (existing.TryGetValue(a.Code, out var row))
            {
                row.Name = a.Name; row.Type = a.Type; row.OwnerCentreCode = a.OwnerCentreCode; row.HomeBase = a.HomeBase;
                row.Position = a.Position; row.PositionAt = a.PositionAt; row.CruiseSpeedKnots = a.CruiseSpeedKnots;
                row.Availability = row.CurrentIncidentId is null ? a.Availability : row.Availability;
                row.AvailabilityNote = a.AvailabilityNote; row.Contact = a.Contact;
            }
            else db.ResponseAssets.Add(a);
        }
        await db.SaveChangesAsync(ct);
        return assets.Count;
    }
}
