using System.Text.Json;
using MaritimeCoord.Domain.Drift;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace MaritimeCoord.Forcing;

/// <summary>
/// Land polygons from GeoJSON (a FeatureCollection of Polygon/MultiPolygon, longitudes −180..180 with rings split at
/// ±180, as samples/geo/sources/ne_land_50m.amcut.geojson), and the land mask for a run built from them.
/// </summary>
public static class LandPolygons
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory(new GeometryFactory(new PrecisionModel(), 4326)) } };

    /// <summary>The bundled global land (Natural Earth 1:50m, public domain), copied beside the binaries as land/ne_land_50m.geojson.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "land", "ne_land_50m.geojson");

    public static IReadOnlyList<Geometry> Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    public static IReadOnlyList<Geometry> Read(Stream geoJson)
    {
        var features = JsonSerializer.Deserialize<FeatureCollection>(geoJson, GeoJson)
            ?? throw new InvalidDataException("Empty land GeoJSON.");
        var list = new List<Geometry>(features.Count);
        foreach (var f in features)
            if (f.Geometry is Polygon or MultiPolygon or GeometryCollection) list.Add(f.Geometry);
        return list;
    }

    /// <summary>The mask over the area a run can reach (<see cref="DriftRegion.Reachable"/>), cells of about 500 m.</summary>
    public static LandMask MaskFor(IReadOnlyList<Geometry> land, DriftRequest request, double maxSpeedMetresPerSecond, double resolutionMetres = 500)
    {
        var (south, west, north, east) = DriftRegion.Reachable(request, maxSpeedMetresPerSecond);
        return LandMask.Build(land, south, west, north, east, resolutionMetres);
    }
}
