using MaritimeCoord.Domain.Geo;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace MaritimeCoord.Domain.Jurisdiction;

/// <summary>A SAR region as loaded (lon/lat, PostGIS geography semantics: great-circle edges).</summary>
public sealed record RegionBoundary(
    string RegionCode,
    string RegionName,
    string CentreCode,
    string CentreName,
    string BoundaryVersion,
    bool Approximate,
    Geometry Boundary);

/// <summary>
/// In-memory jurisdiction for the hot path (every AIS position), agreeing with PostGIS <c>ST_Covers</c> on geography:
/// edges are densified along great circles (<see cref="GreatCircleDensifier"/>), polygons crossing the antimeridian
/// are unwrapped and indexed on both sides of ±180, and a grid of cells answers most points without a polygon test (a cell wholly inside one
/// region, or outside all); only cells on a boundary test the point against an indexed point-in-area locator.
/// Immutable and thread-safe once built.
/// </summary>
public sealed class JurisdictionIndex
{
    private const int NoRegion = -1;

    private readonly RegionInfo[] regions;
    private readonly double cellDegrees;
    private readonly int columns;
    private readonly int rows;
    private readonly int[] cells;                 // NoRegion, a region index (wholly inside), or ~k for mixedCells[k]
    private readonly Candidate[][] mixedCells;

    private JurisdictionIndex(RegionInfo[] regions, double cellDegrees, int[] cells, Candidate[][] mixedCells)
    {
        this.regions = regions;
        this.cellDegrees = cellDegrees;
        columns = (int)Math.Round(360 / cellDegrees);
        rows = (int)Math.Round(180 / cellDegrees);
        this.cells = cells;
        this.mixedCells = mixedCells;
    }

    public int RegionCount => regions.Length;

    /// <summary>The code of the region at <paramref name="index"/> (see <see cref="CoveringRegion"/>).</summary>
    internal string RegionCodeAt(int index) => regions[index].Boundary.RegionCode;

    /// <summary>Builds the index. <paramref name="toleranceMetres"/> bounds how far a planar edge may stray from the great circle.</summary>
    public static JurisdictionIndex Build(IEnumerable<RegionBoundary> boundaries, double toleranceMetres = 0.1, double cellDegrees = 0.25)
    {
        if (!(360 / cellDegrees is var n && Math.Abs(n - Math.Round(n)) < 1e-9))
            throw new ArgumentException("cellDegrees must divide 360 evenly.", nameof(cellDegrees));
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        var infos = boundaries.OrderBy(b => b.RegionCode, StringComparer.Ordinal)
            .Select(b => new RegionInfo(b, PlanarParts(b.Boundary, toleranceMetres, factory)))
            .ToArray();

        var columns = (int)Math.Round(360 / cellDegrees);
        var rows = (int)Math.Round(180 / cellDegrees);
        var cells = new int[columns * rows];
        Array.Fill(cells, NoRegion);
        var mixed = new List<Candidate[]>();
        var touching = new Dictionary<int, List<(int Region, int Part, bool Covers)>>();

        for (var r = 0; r < infos.Length; r++)
        {
            for (var p = 0; p < infos[r].Parts.Length; p++)
            {
                var part = infos[r].Parts[p];
                var env = part.Polygon.EnvelopeInternal;
                var c0 = Math.Max(0, (int)Math.Floor((env.MinX + 180) / cellDegrees));
                var c1 = Math.Min(columns - 1, (int)Math.Floor((env.MaxX + 180) / cellDegrees));
                var r0 = Math.Max(0, (int)Math.Floor((env.MinY + 90) / cellDegrees));
                var r1 = Math.Min(rows - 1, (int)Math.Floor((env.MaxY + 90) / cellDegrees));
                for (var row = r0; row <= r1; row++)
                for (var col = c0; col <= c1; col++)
                {
                    var box = factory.ToGeometry(new Envelope(col * cellDegrees - 180, (col + 1) * cellDegrees - 180,
                        row * cellDegrees - 90, (row + 1) * cellDegrees - 90));
                    if (!part.Prepared.Intersects(box)) continue;
                    var key = row * columns + col;
                    if (!touching.TryGetValue(key, out var list)) touching[key] = list = [];
                    list.Add((r, p, part.Prepared.Covers(box)));
                }
            }
        }

        foreach (var (key, list) in touching)
        {
            var distinctRegions = list.Select(t => t.Region).Distinct().Count();
            var wholly = list.FirstOrDefault(t => t.Covers);
            if (distinctRegions == 1 && list.Any(t => t.Covers)) cells[key] = wholly.Region;
            else
            {
                cells[key] = ~mixed.Count;
                mixed.Add([.. list.OrderBy(t => t.Region).Select(t => new Candidate(t.Region, infos[t.Region].Parts[t.Part].Locator))]);
            }
        }
        return new JurisdictionIndex(infos, cellDegrees, cells, [.. mixed]);
    }

    /// <summary>The code of the region covering the position, or null. The hot path: no allocation.</summary>
    public string? CoveringRegionCode(double latitude, double longitude)
    {
        var region = CoveringRegion(latitude, longitude);
        return region < 0 ? null : regions[region].Boundary.RegionCode;
    }

    /// <summary>The index (0 .. <see cref="RegionCount"/> - 1, in region-code order) of the region covering the position, or -1.</summary>
    internal int CoveringRegion(double latitude, double longitude)
    {
        if (!GeoPosition.IsValidLatitude(latitude) || !GeoPosition.IsValidLongitude(longitude)) return NoRegion;
        var col = Math.Min(columns - 1, (int)((longitude + 180) / cellDegrees));
        var row = Math.Min(rows - 1, (int)((latitude + 90) / cellDegrees));
        var cell = cells[row * columns + col];
        if (cell >= NoRegion) return cell;

        var point = ScratchPoint.Value!;
        point.X = longitude;
        point.Y = latitude;
        foreach (var candidate in mixedCells[~cell])
            if (candidate.Locator.Locate(point) != Location.Exterior) return candidate.Region;
        return NoRegion;
    }

    /// <summary>
    /// Every region covering the position (more than one only where the boundary data overlaps), in region-code order.
    /// A cell wholly inside one region touches no other region, so only boundary cells can hold an overlap.
    /// </summary>
    internal List<int> CoveringRegions(double latitude, double longitude)
    {
        var result = new List<int>();
        if (!GeoPosition.IsValidLatitude(latitude) || !GeoPosition.IsValidLongitude(longitude)) return result;
        var col = Math.Min(columns - 1, (int)((longitude + 180) / cellDegrees));
        var row = Math.Min(rows - 1, (int)((latitude + 90) / cellDegrees));
        var cell = cells[row * columns + col];
        if (cell > NoRegion) result.Add(cell);
        if (cell >= NoRegion) return result;

        var point = new Coordinate(longitude, latitude);
        foreach (var candidate in mixedCells[~cell])
            if (!result.Contains(candidate.Region) && candidate.Locator.Locate(point) != Location.Exterior) result.Add(candidate.Region);
        return result;
    }

    // IndexedPointInAreaLocator takes a Coordinate; reuse one per thread instead of allocating one per lookup.
    private static readonly ThreadLocal<Coordinate> ScratchPoint = new(() => new Coordinate());

    /// <summary>
    /// Full answer as <see cref="JurisdictionRules"/> gives it from PostGIS, field for field: every covering region
    /// (so overlaps are reported), and edge distances measured the way PostGIS measures <c>ST_Distance</c> on
    /// geography (see <see cref="RegionInfo.EdgeDistanceMetres"/>); a distance beyond the margin is +∞, as in
    /// <c>JurisdictionQuery</c>, which only measures edges within the margin.
    /// </summary>
    public JurisdictionResult Resolve(GeoPosition position)
    {
        var covering = CoveringRegions(position.Latitude, position.Longitude);
        var margin = JurisdictionRules.BoundaryMarginMetres;
        var proximities = new List<RegionProximity>();
        for (var r = 0; r < regions.Length; r++)
        {
            var distance = regions[r].EdgeDistanceMetres(position, margin);
            var covers = covering.Contains(r);
            if (!covers && distance > margin) continue;
            var b = regions[r].Boundary;
            proximities.Add(new RegionProximity(b.RegionCode, b.RegionName, b.CentreCode, b.CentreName, b.BoundaryVersion,
                b.Approximate, covers, distance));
        }
        return JurisdictionRules.Resolve(position, proximities);
    }

    private static Part[] PlanarParts(Geometry boundary, double tolerance, GeometryFactory factory)
    {
        var polygons = boundary switch
        {
            Polygon p => [p],
            MultiPolygon m => m.Geometries.Cast<Polygon>().ToArray(),
            _ => throw new ArgumentException("A SAR region must be a Polygon or MultiPolygon.", nameof(boundary)),
        };
        var parts = new List<Part>();
        foreach (var polygon in polygons)
        {
            var shell = Unwrap(polygon.ExteriorRing.Coordinates, reference: null);
            var holes = polygon.InteriorRings.Select(h => Unwrap(h.Coordinates, shell[0].X)).ToArray();
            var dense = factory.CreatePolygon(
                factory.CreateLinearRing(GreatCircleDensifier.Densify(shell, tolerance)),
                holes.Select(h => factory.CreateLinearRing(GreatCircleDensifier.Densify(h, tolerance))).ToArray());
            foreach (var piece in WithAntimeridianCopies(dense)) parts.Add(new Part(piece));
        }
        return [.. parts];
    }

    // Longitudes continuous along the ring (a jump over ±180 becomes 179 → 181), so an edge never spans the globe.
    private static Coordinate[] Unwrap(Coordinate[] ring, double? reference)
    {
        var result = new Coordinate[ring.Length];
        var offset = 0.0;
        if (reference is { } refLon)
            while (ring[0].X + offset - refLon > 180) offset -= 360;
        for (var i = 0; i < ring.Length; i++)
        {
            if (i > 0)
            {
                var delta = ring[i].X - ring[i - 1].X;
                if (delta > 180) offset -= 360;
                else if (delta < -180) offset += 360;
            }
            result[i] = new Coordinate(ring[i].X + offset, ring[i].Y);
        }
        return result;
    }

    // A polygon unwrapped beyond ±180 is kept whole and also added shifted by 360°, so every point in [-180, 180]
    // finds it in one of the copies. No clipping: overlay on densified, nearly collinear edges is fragile.
    private static IEnumerable<Polygon> WithAntimeridianCopies(Polygon polygon)
    {
        yield return polygon;
        var env = polygon.EnvelopeInternal;
        foreach (var shift in new[] { env.MaxX > 180 ? -360.0 : 0, env.MinX < -180 ? 360.0 : 0 })
        {
            if (shift == 0) continue;
            var copy = (Polygon)polygon.Copy();
            copy.Apply(new ShiftX(shift));
            copy.GeometryChanged();
            yield return copy;
        }
    }

    private sealed class ShiftX(double shift) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;
        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++) seq.SetX(i, seq.GetX(i) + shift);
        }
    }

    private readonly record struct Candidate(int Region, IPointOnGeometryLocator Locator);

    private sealed class Part
    {
        public Part(Polygon polygon)
        {
            Polygon = polygon;
            Prepared = PreparedGeometryFactory.Prepare(polygon);
            Locator = new IndexedPointInAreaLocator(polygon);
            Locator.Locate(new Coordinate(polygon.EnvelopeInternal.MinX, polygon.EnvelopeInternal.MinY)); // build the index now, once
        }

        public Polygon Polygon { get; }
        public IPreparedGeometry Prepared { get; }
        public IndexedPointInAreaLocator Locator { get; }
    }

    private sealed class RegionInfo(RegionBoundary boundary, Part[] parts)
    {
        public RegionBoundary Boundary { get; } = boundary;
        public Part[] Parts { get; } = parts;

        /// <summary>
        /// Distance from <paramref name="p"/> to the region's boundary as PostGIS <c>ST_Distance(geography)</c> measures
        /// it: the nearest point of the boundary is found on the sphere (every edge a great-circle arc; the densified
        /// vertices lie on the original edges' great circles), then the distance to that point is the geodesic on the
        /// WGS84 ellipsoid. +∞ when farther than <paramref name="margin"/>. A planar distance on a local
        /// equirectangular projection first discards the edges that cannot be nearest: its error is well under
        /// <see cref="PlanarSlack"/> up to <see cref="PlanarLatitudeLimit"/>; nearer the poles every edge is measured.
        /// </summary>
        public double EdgeDistanceMetres(GeoPosition p, double margin)
        {
            const double metresPerDegree = 111_195.0;
            // The envelope test in degrees of latitude: a meridian degree is at least 110,574 m.
            var marginDegrees = margin / 110_000.0;
            var cosLat = Math.Max(0.01, Math.Cos(p.Latitude * Math.PI / 180));
            var planarBound = Math.Abs(p.Latitude) <= PlanarLatitudeLimit ? margin * (1 + PlanarSlack) : double.PositiveInfinity;
            var target = UnitVector(p.Longitude, p.Latitude);
            var bestAngle = double.PositiveInfinity;
            var nearest = default(Vector);
            foreach (var part in Parts)
            {
                var env = part.Polygon.EnvelopeInternal;
                if (p.Latitude < env.MinY - marginDegrees || p.Latitude > env.MaxY + marginDegrees) continue;
                foreach (var ring in new[] { part.Polygon.ExteriorRing }.Concat(part.Polygon.InteriorRings))
                {
                    var cs = ring.CoordinateSequence;
                    for (var i = 1; i < cs.Count; i++)
                    {
                        double x1 = cs.GetX(i - 1), y1 = cs.GetY(i - 1), x2 = cs.GetX(i), y2 = cs.GetY(i);
                        if (planarBound < double.PositiveInfinity &&
                            SegmentDistance(p, x1, y1, x2, y2, cosLat) * metresPerDegree > planarBound) continue;
                        var (angle, point) = NearestOnArc(target, UnitVector(x1, y1), UnitVector(x2, y2));
                        if (angle < bestAngle) { bestAngle = angle; nearest = point; }
                    }
                }
            }
            if (double.IsPositiveInfinity(bestAngle)) return double.PositiveInfinity;
            var lat = Math.Atan2(nearest.Z, Math.Sqrt(nearest.X * nearest.X + nearest.Y * nearest.Y)) * 180 / Math.PI;
            var lon = Math.Atan2(nearest.Y, nearest.X) * 180 / Math.PI;
            var metres = Geodesic.Distance(p, new GeoPosition(Math.Clamp(lat, -90, 90), Math.Clamp(lon, -180, 180)));
            return metres <= margin ? metres : double.PositiveInfinity;
        }

        /// <summary>Relative slack on the planar pre-filter: within the margin its error is under 4 % up to 70° (sphere for ellipsoid, one scale for the whole disc).</summary>
        private const double PlanarSlack = 0.10;

        private const double PlanarLatitudeLimit = 70;

        private readonly record struct Vector(double X, double Y, double Z)
        {
            public double Dot(Vector o) => X * o.X + Y * o.Y + Z * o.Z;
            public Vector Cross(Vector o) => new(Y * o.Z - Z * o.Y, Z * o.X - X * o.Z, X * o.Y - Y * o.X);
            public double Length => Math.Sqrt(Dot(this));
            public Vector Scale(double k) => new(X * k, Y * k, Z * k);
            public Vector Minus(Vector o) => new(X - o.X, Y - o.Y, Z - o.Z);
        }

        private static Vector UnitVector(double lon, double lat)
        {
            double l = lon * Math.PI / 180, f = lat * Math.PI / 180;
            return new Vector(Math.Cos(f) * Math.Cos(l), Math.Cos(f) * Math.Sin(l), Math.Sin(f));
        }

        private static double Angle(Vector a, Vector b) => Math.Atan2(a.Cross(b).Length, a.Dot(b));

        // The point of the great-circle arc a–b nearest to p on the unit sphere, and its angular distance.
        private static (double Angle, Vector Point) NearestOnArc(Vector p, Vector a, Vector b)
        {
            var normal = a.Cross(b);
            var length = normal.Length;
            if (length > 1e-15)
            {
                normal = normal.Scale(1 / length);
                var projected = p.Minus(normal.Scale(p.Dot(normal)));
                var projectedLength = projected.Length;
                if (projectedLength > 1e-15)
                {
                    projected = projected.Scale(1 / projectedLength);
                    if (a.Cross(projected).Dot(normal) >= 0 && projected.Cross(b).Dot(normal) >= 0)
                        return (Angle(p, projected), projected);
                }
            }
            double toA = Angle(p, a), toB = Angle(p, b);
            return toA <= toB ? (toA, a) : (toB, b);
        }

        // Degrees of latitude, on a plane scaled by cos(latitude) around the position; longitudes taken the short way.
        private static double SegmentDistance(GeoPosition p, double x1, double y1, double x2, double y2, double cosLat)
        {
            static double Wrap(double d) => d > 180 ? d - 360 : d < -180 ? d + 360 : d;
            var ax = Wrap(x1 - p.Longitude) * cosLat; var ay = y1 - p.Latitude;
            var bx = Wrap(x2 - p.Longitude) * cosLat; var by = y2 - p.Latitude;
            var dx = bx - ax; var dy = by - ay;
            var lengthSquared = dx * dx + dy * dy;
            var t = lengthSquared == 0 ? 0 : Math.Clamp(-(ax * dx + ay * dy) / lengthSquared, 0, 1);
            var cx = ax + t * dx; var cy = ay + t * dy;
            return Math.Sqrt(cx * cx + cy * cy);
        }
    }
}
