using NetTopologySuite.Densify;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Union;

namespace MaritimeCoord.Domain.Search;

/// <summary>
/// The smallest set of cells holding at least a given probability (highest cells first), as a lon/lat polygon: the
/// 50 / 90 / 95 % containment areas of a drift run. Longitudes stay within [-180, 180] (a polygon astride the
/// antimeridian comes back as a MultiPolygon cut there, RFC 7946 §3.1.9) and an area around a pole is closed along
/// the pole, as GeoJSON polar caps are.
/// </summary>
public static class ContainmentAreas
{
    public static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>Indices of the cells kept for a level in (0, 1]: probabilities descending, ties by index.</summary>
    public static int[] Cells(ProbabilityGrid grid, double level)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (!(level is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "Level must be in (0, 1].");
        var p = grid.Probabilities;
        var order = new int[p.Length];
        int count = 0;
        for (int i = 0; i < p.Length; i++) if (p[i] > 0) order[count++] = i;
        var probabilities = p.ToArray();
        Array.Sort(order, 0, count, Comparer<int>.Create((a, b) =>
        {
            int byP = probabilities[b].CompareTo(probabilities[a]);
            return byP != 0 ? byP : a.CompareTo(b);
        }));
        double sum = 0;
        int taken = 0;
        // The tolerance keeps 100 % from missing the last cells to rounding.
        while (taken < count && sum < level - 1e-12)
            sum += probabilities[order[taken++]];
        return order[..taken];
    }

    /// <summary>The area in the grid's projected plane (metres), cells merged.</summary>
    public static Geometry ProjectedArea(ProbabilityGrid grid, double level)
    {
        var cells = Cells(grid, level);
        var planar = new GeometryFactory();
        if (cells.Length == 0) return planar.CreatePolygon();
        var selected = new bool[grid.CellCount];
        foreach (var i in cells) selected[i] = true;
        // Runs of a row first: far fewer polygons for the union.
        var runs = new List<Geometry>();
        double s = grid.CellSizeMetres;
        for (int r = 0; r < grid.Rows; r++)
        {
            int c = 0;
            while (c < grid.Columns)
            {
                if (!selected[(r * grid.Columns) + c]) { c++; continue; }
                int start = c;
                while (c < grid.Columns && selected[(r * grid.Columns) + c]) c++;
                double x0 = grid.OriginX + (start * s), x1 = grid.OriginX + (c * s);
                double y0 = grid.OriginY + (r * s), y1 = y0 + s;
                runs.Add(planar.ToGeometry(new Envelope(x0, x1, y0, y1)));
            }
        }
        return CascadedPolygonUnion.Union(runs);
    }

    /// <summary>The containment area for a level as a lon/lat Polygon or MultiPolygon (SRID 4326); empty for an empty grid.</summary>
    public static Geometry Compute(ProbabilityGrid grid, double level) => ToLonLat(ProjectedArea(grid, level), grid);

    /// <summary>One cell as a lon/lat Polygon (MultiPolygon when cut at the antimeridian), SRID 4326: how a grid is drawn.</summary>
    public static Geometry Cell(ProbabilityGrid grid, int column, int row)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (column < 0 || column >= grid.Columns) throw new ArgumentOutOfRangeException(nameof(column));
        if (row < 0 || row >= grid.Rows) throw new ArgumentOutOfRangeException(nameof(row));
        double s = grid.CellSizeMetres, x0 = grid.OriginX + (column * s), y0 = grid.OriginY + (row * s);
        return ToLonLat(new GeometryFactory().ToGeometry(new Envelope(x0, x0 + s, y0, y0 + s)), grid);
    }

    private static Geometry ToLonLat(Geometry projected, ProbabilityGrid grid)
    {
        if (projected.IsEmpty) return Factory.CreatePolygon();
        // Straight cell edges in the plane are curves in lon/lat: vertices every cell keep the two within metres.
        var dense = Densifier.Densify(projected, grid.CellSizeMetres);
        // Each part is cut on its own: unwrapped longitudes of two parts need not share one 360° window.
        var parts = new List<Geometry>();
        for (int i = 0; i < dense.NumGeometries; i++)
            parts.AddRange(Polygons(CutAtAntimeridian(ToLonLat((Polygon)dense.GetGeometryN(i), grid.Projection))));
        var area = parts.Count == 1 ? parts[0] : CascadedPolygonUnion.Union(parts);
        area.SRID = 4326;
        return area;
    }

    private static Geometry ToLonLat(Polygon polygon, LocalProjection projection)
    {
        var shell = UnwrapRing(polygon.ExteriorRing.Coordinates, projection);
        var holes = new List<LinearRing>();
        for (int h = 0; h < polygon.NumInteriorRings; h++)
            holes.Add(Factory.CreateLinearRing(UnwrapRing(polygon.GetInteriorRingN(h).Coordinates, projection)));
        var result = Factory.CreatePolygon(Factory.CreateLinearRing(shell), [.. holes]);
        return result.IsValid ? result : GeometryFixer.Fix(result);
    }

    // Longitudes unwrapped vertex to vertex (each within 180° of the last), so a ring astride ±180° stays one ring.
    // A ring that winds once round a pole ends 360° from where it began: it is closed along that pole.
    private static Coordinate[] UnwrapRing(Coordinate[] ring, LocalProjection projection)
    {
        var result = new List<Coordinate>(ring.Length + 3);
        double previous = double.NaN;
        void Add(double x, double y)
        {
            var (lat, lon) = projection.InverseUnwrapped(x, y);
            if (!double.IsNaN(previous))
            {
                while (lon - previous > 180) lon -= 360;
                while (lon - previous < -180) lon += 360;
            }
            result.Add(new Coordinate(lon, lat));
            previous = lon;
        }
        Add(ring[0].X, ring[0].Y);
        for (int i = 1; i < ring.Length; i++)
        {
            // Near a pole one cell spans many degrees of longitude, and a straight lon/lat edge strays far from the
            // cell's: split edges until each spans at most half a degree of longitude.
            var before = result[^1];
            Add(ring[i].X, ring[i].Y);
            int pieces = Math.Min(256, (int)Math.Ceiling(Math.Abs(result[^1].X - before.X) / 0.5));
            if (pieces <= 1) continue;
            result.RemoveAt(result.Count - 1);
            previous = before.X;
            for (int k = 1; k <= pieces; k++)
            {
                double t = k / (double)pieces;
                Add(ring[i - 1].X + (t * (ring[i].X - ring[i - 1].X)), ring[i - 1].Y + (t * (ring[i].Y - ring[i - 1].Y)));
            }
        }
        double winding = result[^1].X - result[0].X;
        if (Math.Abs(winding) > 180)
        {
            double poleLatitude = projection.CentreLatitude >= 0 ? 90 : -90;
            result.Add(new Coordinate(result[^1].X, poleLatitude));
            result.Add(new Coordinate(result[0].X, poleLatitude));
            result.Add(result[0].Copy());
        }
        else
        {
            result[^1] = result[0].Copy();
        }
        return [.. result];
    }

    private static Geometry CutAtAntimeridian(Geometry geometry)
    {
        var envelope = geometry.EnvelopeInternal;
        if (envelope.MinX >= -180 && envelope.MaxX <= 180) return geometry;
        var pieces = new List<Geometry>();
        for (int k = -2; k <= 2; k++)
        {
            var window = Factory.ToGeometry(new Envelope(-180 + (360 * k), 180 + (360 * k), -90, 90));
            if (!window.EnvelopeInternal.Intersects(envelope)) continue;
            var piece = geometry.Intersection(window);
            if (piece.IsEmpty) continue;
            var shifted = piece.Copy();
            shifted.Apply(new ShiftLongitude(-360 * k));
            pieces.Add(shifted);
        }
        var union = CascadedPolygonUnion.Union(pieces.SelectMany(Polygons).ToList());
        union.SRID = 4326;
        return union;
    }

    private static IEnumerable<Geometry> Polygons(Geometry g)
    {
        for (int i = 0; i < g.NumGeometries; i++)
            if (g.GetGeometryN(i) is Polygon p && !p.IsEmpty) yield return p;
    }

    private sealed class ShiftLongitude(double degrees) : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;
        public void Filter(CoordinateSequence seq, int i) => seq.SetX(i, seq.GetX(i) + degrees);
    }
}
