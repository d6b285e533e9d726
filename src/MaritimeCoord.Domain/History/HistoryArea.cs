using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace MaritimeCoord.Domain.History;

/// <summary>Where to look: a longitude/latitude box or a polygon (edges are great circles, as on PostGIS geography).</summary>
public abstract record HistoryArea
{
    /// <summary>Mean Earth radius (IUGG), enough for an area cap.</summary>
    private const double EarthRadiusKm = 6371.0088;

    public abstract double AreaSquareKilometres { get; }

    /// <summary>
    /// <c>bbox=west,south,east,north</c> in decimal degrees. West greater than east means the box crosses the antimeridian
    /// (e.g. <c>170,-20,-170,-10</c>), as in GeoJSON (RFC 7946 §5.2).
    /// </summary>
    public static BoundingBox? ParseBoundingBox(string text, HistoryLimits limits, FieldErrors errors)
    {
        var parts = text.Split(',');
        var values = new double[4];
        if (parts.Length != 4 || parts.Select((p, i) => double.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) && double.IsFinite(values[i])).Any(ok => !ok))
        {
            errors.Add("bbox", "bbox must be four decimal numbers: west,south,east,north (degrees).");
            return null;
        }

        var box = new BoundingBox(values[0], values[1], values[2], values[3]);
        if (box.West is < -180 or > 180 || box.East is < -180 or > 180) errors.Add("bbox", "Longitudes must be between -180 and 180.");
        else if (box.South is < -90 or > 90 || box.North is < -90 or > 90) errors.Add("bbox", "Latitudes must be between -90 and 90.");
        else if (box.South >= box.North) errors.Add("bbox", "south must be less than north.");
        else if (box.West == box.East) errors.Add("bbox", "west and east must differ (west greater than east crosses the antimeridian).");
        else if (box.AreaSquareKilometres > limits.MaxAreaSquareKilometres)
            errors.Add("bbox", $"The box covers {box.AreaSquareKilometres:N0} km², more than the limit of {limits.MaxAreaSquareKilometres:N0} km².");
        else return box;
        return null;
    }

    /// <summary>
    /// A GeoJSON Polygon geometry (or a Feature holding one): first ring the outer boundary, later rings holes, each closed.
    /// A ring may cross the antimeridian (a step of more than 180° in longitude is taken the short way round).
    /// </summary>
    public static PolygonArea? ParsePolygon(string geoJson, HistoryLimits limits, FieldErrors errors)
    {
        const string field = "polygon";
        List<List<(double Lon, double Lat)>> rings;
        try
        {
            using var doc = JsonDocument.Parse(geoJson, new JsonDocumentOptions { MaxDepth = 16 });
            var geometry = doc.RootElement;
            if (geometry.ValueKind == JsonValueKind.Object && geometry.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                && t.GetString() == "Feature" && geometry.TryGetProperty("geometry", out var g))
                geometry = g;
            if (geometry.ValueKind != JsonValueKind.Object || !geometry.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || type.GetString() != "Polygon" || !geometry.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array)
            {
                errors.Add(field, "polygon must be a GeoJSON Polygon geometry (or a Feature with one): {\"type\":\"Polygon\",\"coordinates\":[[[lon,lat],…]]}.");
                return null;
            }

            rings = [];
            int vertices = 0;
            foreach (var ring in coordinates.EnumerateArray())
            {
                if (ring.ValueKind != JsonValueKind.Array) throw new FormatException("A ring must be an array of positions.");
                var points = new List<(double, double)>();
                foreach (var position in ring.EnumerateArray())
                {
                    if (++vertices > limits.MaxPolygonVertices)
                    {
                        errors.Add(field, $"The polygon has more than {limits.MaxPolygonVertices:N0} vertices; simplify it.");
                        return null;
                    }

                    if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
                        || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number)
                        throw new FormatException("A position must be [longitude, latitude].");
                    double lon = position[0].GetDouble(), lat = position[1].GetDouble();
                    if (lon is < -180 or > 180 || lat is < -90 or > 90 || !double.IsFinite(lon) || !double.IsFinite(lat))
                    {
                        errors.Add(field, "Polygon positions must be [longitude -180..180, latitude -90..90].");
                        return null;
                    }

                    points.Add((lon, lat));
                }

                rings.Add(points);
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            errors.Add(field, $"polygon is not well-formed GeoJSON: {e.Message}");
            return null;
        }

        if (rings.Count == 0)
        {
            errors.Add(field, "The polygon has no rings.");
            return null;
        }

        foreach (var ring in rings)
        {
            if (ring.Count < 4 || ring[0] != ring[^1])
            {
                errors.Add(field, "Each ring must be closed (first position equal to the last) with at least 4 positions.");
                return null;
            }
        }

        var polygon = new PolygonArea(rings.Select(r => (IReadOnlyList<(double Lon, double Lat)>)r).ToList());
        var planar = polygon.ToUnwrappedGeometry();
        var validity = new IsValidOp(planar).ValidationError;
        if (validity is not null)
        {
            errors.Add(field, $"The polygon is not a valid geometry: {validity.Message} near {validity.Coordinate.X.ToString("0.#####", CultureInfo.InvariantCulture)}, {validity.Coordinate.Y.ToString("0.#####", CultureInfo.InvariantCulture)}.");
            return null;
        }

        if (polygon.AreaSquareKilometres > limits.MaxAreaSquareKilometres)
        {
            errors.Add(field, $"The polygon covers {polygon.AreaSquareKilometres:N0} km², more than the limit of {limits.MaxAreaSquareKilometres:N0} km².");
            return null;
        }

        return polygon;
    }

    /// <summary>Spherical area of a ring given in unwrapped (continuous) longitudes (the Chamberlain–Duquette formula).</summary>
    internal static double RingAreaSquareKilometres(IReadOnlyList<(double Lon, double Lat)> ring)
    {
        double sum = 0;
        for (int i = 0; i < ring.Count - 1; i++)
        {
            var (lon1, lat1) = ring[i];
            var (lon2, lat2) = ring[i + 1];
            sum += DegreesToRadians(lon2 - lon1) * (2 + Math.Sin(DegreesToRadians(lat1)) + Math.Sin(DegreesToRadians(lat2)));
        }

        return Math.Abs(sum * EarthRadiusKm * EarthRadiusKm / 2);
    }

    internal static double DegreesToRadians(double degrees) => degrees * Math.PI / 180;

    /// <summary>Longitudes made continuous: a step of more than 180° is taken the short way round (across the antimeridian).</summary>
    internal static List<(double Lon, double Lat)> Unwrap(IReadOnlyList<(double Lon, double Lat)> ring, double? reference = null)
    {
        var result = new List<(double, double)>(ring.Count);
        // A hole is shifted by whole turns to sit next to its outer ring (reference = the outer ring's first longitude).
        double offset = reference is { } r ? Math.Round((r - ring[0].Lon) / 360) * 360 : 0;
        for (int i = 0; i < ring.Count; i++)
        {
            var (lon, lat) = ring[i];
            if (i > 0)
            {
                double step = lon - ring[i - 1].Lon;
                if (step > 180) offset -= 360;
                else if (step < -180) offset += 360;
            }

            result.Add((lon + offset, lat));
        }

        return result;
    }
}

/// <summary>A box in longitude/latitude; <see cref="CrossesAntimeridian"/> when <see cref="West"/> &gt; <see cref="East"/>.</summary>
public sealed record BoundingBox(double West, double South, double East, double North) : HistoryArea
{
    public bool CrossesAntimeridian => West > East;

    public double WidthDegrees => CrossesAntimeridian ? East + 360 - West : East - West;

    public override double AreaSquareKilometres =>
        RingAreaSquareKilometres([(West, South), (West + WidthDegrees, South), (West + WidthDegrees, North), (West, North), (West, South)]);

    /// <summary>The box as one or two boxes that do not cross the antimeridian (the query ORs them).</summary>
    public IReadOnlyList<BoundingBox> SplitAtAntimeridian() => CrossesAntimeridian
        ? [this with { East = 180 }, this with { West = -180 }]
        : [this];

    public bool Contains(double longitude, double latitude) =>
        latitude >= South && latitude <= North
        && (CrossesAntimeridian ? longitude >= West || longitude <= East : longitude >= West && longitude <= East);

    /// <summary>
    /// A box of about <paramref name="widthKm"/> × <paramref name="heightKm"/> centred on a position (the load harness's
    /// "500 km × 500 km"), with longitudes wrapped into -180..180.
    /// </summary>
    public static BoundingBox Around(double longitude, double latitude, double widthKm, double heightKm)
    {
        const double kmPerDegreeLatitude = 111.195;
        double halfLat = heightKm / 2 / kmPerDegreeLatitude;
        double halfLon = widthKm / 2 / (kmPerDegreeLatitude * Math.Cos(DegreesToRadians(latitude)));
        static double Wrap(double lon) => lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
        return new BoundingBox(Wrap(longitude - halfLon), Math.Max(-90, latitude - halfLat), Wrap(longitude + halfLon), Math.Min(90, latitude + halfLat));
    }

    public string ToText() => string.Create(CultureInfo.InvariantCulture, $"{West},{South},{East},{North}");
}

/// <summary>A polygon with great-circle edges; <see cref="Rings"/>[0] is the outer boundary, later rings are holes.</summary>
public sealed record PolygonArea(IReadOnlyList<IReadOnlyList<(double Lon, double Lat)>> Rings) : HistoryArea
{
    public int VertexCount => Rings.Sum(r => r.Count);

    public override double AreaSquareKilometres =>
        Math.Max(0, RingAreaSquareKilometres(Unwrap(Rings[0])) - Rings.Skip(1).Sum(r => RingAreaSquareKilometres(Unwrap(r))));

    /// <summary>WKT in -180..180 longitudes for <c>ST_GeogFromText</c>: geography takes each edge the short way round.</summary>
    public string ToWkt()
    {
        var sb = new StringBuilder("POLYGON(");
        for (int r = 0; r < Rings.Count; r++)
        {
            if (r > 0) sb.Append(',');
            sb.Append('(');
            for (int i = 0; i < Rings[r].Count; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append(CultureInfo.InvariantCulture, $"{Rings[r][i].Lon:R} {Rings[r][i].Lat:R}");
            }

            sb.Append(')');
        }

        return sb.Append(')').ToString();
    }

    /// <summary>The polygon in continuous longitudes (may exceed 180), for planar validity checks.</summary>
    internal Polygon ToUnwrappedGeometry()
    {
        var factory = new GeometryFactory(new PrecisionModel(), 0);
        var outer = Unwrap(Rings[0]);
        LinearRing Ring(List<(double Lon, double Lat)> ring) => factory.CreateLinearRing(ring.Select(p => new Coordinate(p.Lon, p.Lat)).ToArray());
        var holes = Rings.Skip(1).Select(h => Ring(Unwrap(h, outer[0].Lon))).ToArray();
        return factory.CreatePolygon(Ring(outer), holes);
    }
}
