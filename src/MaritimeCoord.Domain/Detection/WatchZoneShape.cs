using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Valid;

namespace MaritimeCoord.Domain.Detection;

/// <summary>
/// Validates a user-drawn watch zone and makes it safe to test on the lon/lat plane: a closed ring of [lon, lat]
/// positions, not crossing itself, within the vertex and size caps. A ring that crosses the antimeridian (consecutive
/// longitudes more than 180° apart, e.g. 179.5 → -179.5) is unwrapped to continuous longitudes, checked there, and cut
/// at 180° into a MultiPolygon whose parts are within -180..180 — so <see cref="WatchedArea.Covers"/> and PostGIS both
/// see the small zone the user drew, not the rest of the world.
/// </summary>
public static class WatchZoneShape
{
    /// <summary>Vertices one zone may have (a zone is drawn by hand).</summary>
    public const int MaxVertices = 500;

    /// <summary>Largest zone: 250,000 km² (a square of 500 km; a SAR region is the tool for anything larger).</summary>
    public const double MaxAreaSquareKilometres = 250_000;

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <param name="ring">Positions as [longitude, latitude].</param>
    /// <param name="zone">The zone (Polygon, or MultiPolygon when cut at the antimeridian), lon/lat SRID 4326.</param>
    /// <returns>Errors by field (<c>polygon</c>); empty when valid.</returns>
    public static IReadOnlyDictionary<string, string> Validate(IReadOnlyList<double[]>? ring, out Geometry? zone)
    {
        zone = null;
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string? error = Check(ring, out zone);
        if (error is not null) errors["polygon"] = error;
        return errors;
    }

    private static string? Check(IReadOnlyList<double[]>? ring, out Geometry? zone)
    {
        zone = null;
        if (ring is null || ring.Count < 4) return "A closed ring of at least 4 positions [lon, lat] (the last equal to the first).";
        if (ring.Count > MaxVertices + 1) return $"At most {MaxVertices} vertices.";
        for (int i = 0; i < ring.Count; i++)
        {
            var p = ring[i];
            if (p is not { Length: 2 } || !double.IsFinite(p[0]) || !double.IsFinite(p[1])) return $"Position {i} must be [lon, lat] numbers.";
            if (p[0] is < -180 or > 180 || p[1] is < -90 or > 90) return $"Position {i} is out of range (lon -180..180, lat -90..90).";
        }
        if (ring[0][0] != ring[^1][0] || ring[0][1] != ring[^1][1]) return "The ring is not closed: the last position must equal the first.";

        // Unwrap: each step takes the short way round, so a ring crossing the antimeridian gets continuous longitudes.
        var coords = new Coordinate[ring.Count];
        coords[0] = new Coordinate(ring[0][0], ring[0][1]);
        for (int i = 1; i < ring.Count; i++)
        {
            double step = ring[i][0] - ring[i - 1][0];
            if (Math.Abs(Math.Abs(step) - 180) < 1e-9) return $"Positions {i - 1} and {i} are 180° apart in longitude: the edge between them is ambiguous.";
            if (step > 180) step -= 360; else if (step < -180) step += 360;
            coords[i] = new Coordinate(coords[i - 1].X + step, ring[i][1]);
        }
        if (Math.Abs(coords[^1].X - coords[0].X) > 1e-9) return "The ring goes round a pole: draw the zone without enclosing a pole.";
        coords[^1] = coords[0].Copy();

        var polygon = Factory.CreatePolygon(coords);
        var envelope = polygon.EnvelopeInternal;
        if (envelope.Width >= 180) return "The zone spans 180° of longitude or more.";
        if (!polygon.Shell.IsSimple) return "The ring crosses itself.";
        var validity = new IsValidOp(polygon).ValidationError;
        if (validity is not null) return $"The polygon is not valid: {validity.Message}.";
        double areaKm2 = ApproximateAreaSquareKilometres(polygon);
        if (areaKm2 <= 0) return "The zone has no area.";
        if (areaKm2 > MaxAreaSquareKilometres) return $"The zone covers about {areaKm2:N0} km²; at most {MaxAreaSquareKilometres:N0} km².";

        if (!Orientation.IsCCW(polygon.Shell.CoordinateSequence)) polygon = (Polygon)polygon.Reverse();
        zone = CutAtAntimeridian(polygon);
        return null;
    }

    // Equal-area on the sphere: longitude scaled by cos(latitude) per vertex (sinusoidal projection), good to a few
    // per cent at zone sizes — enough for a cap.
    private static double ApproximateAreaSquareKilometres(Polygon polygon)
    {
        var projected = (Polygon)polygon.Copy();
        projected.Apply(new SinusoidalFilter());
        const double kmPerDegree = 111.195;
        return projected.Area * kmPerDegree * kmPerDegree;
    }

    private sealed class SinusoidalFilter : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i) =>
            seq.SetX(i, seq.GetX(i) * Math.Cos(seq.GetY(i) * Math.PI / 180));
    }

    private static Geometry CutAtAntimeridian(Polygon polygon)
    {
        var env = polygon.EnvelopeInternal;
        if (env.MinX >= -180 && env.MaxX <= 180) return polygon;
        // Shifted wholly past ±180 (drawn from the other side): bring it back in one piece.
        if (env.MinX >= 180 || env.MaxX <= -180)
        {
            double shift = env.MinX >= 180 ? -360 : 360;
            return AffineTransformation.TranslationInstance(shift, 0).Transform(polygon);
        }
        // Straddling: the part inside -180..180 stays, the part beyond is moved by 360° to the other side.
        var world = Factory.ToGeometry(new Envelope(-180, 180, -90, 90));
        var inside = polygon.Intersection(world);
        var beyond = env.MinX < -180
            ? AffineTransformation.TranslationInstance(360, 0).Transform(polygon.Intersection(Factory.ToGeometry(new Envelope(-540, -180, -90, 90))))
            : AffineTransformation.TranslationInstance(-360, 0).Transform(polygon.Intersection(Factory.ToGeometry(new Envelope(180, 540, -90, 90))));
        var parts = new List<Polygon>();
        foreach (var g in new[] { inside, beyond })
        {
            for (int i = 0; i < g.NumGeometries; i++)
            {
                if (g.GetGeometryN(i) is Polygon p && !p.IsEmpty) parts.Add(p);
            }
        }
        var result = Factory.CreateMultiPolygon([.. parts]);
        result.SRID = 4326;
        return result;
    }
}
