using NetTopologySuite.Geometries;

namespace MaritimeCoord.Domain.DriftRuns;

/// <summary>
/// The outline of a set of grid cells as a valid MultiPolygon (one polygon per 4-connected group of cells, with its
/// holes), traced along cell edges in time linear in the cells: no polygon union. Cells east of 180° are traced apart
/// and moved back by 360°, so the result never crosses the antimeridian (the grid has an edge there).
/// </summary>
/// <remarks>
/// Every boundary edge is directed with the set on its left, so outer rings come out counter-clockwise and holes
/// clockwise. Where two cells meet only at a corner, the chain turns left, staying with the cell it came along: the
/// two cells become two polygons touching at a point (valid), never one ring crossing itself.
/// </remarks>
public static class ContainmentArea
{
    public static MultiPolygon Trace(ProbabilityGrid grid, IReadOnlyCollection<int> cellIndexes, GeometryFactory factory)
    {
        var groups = new Dictionary<int, HashSet<(int Column, int Row)>>();
        foreach (var index in cellIndexes)
        {
            int column = index % grid.Columns, row = index / grid.Columns;
            double west = grid.West + column * grid.CellLongitude + grid.CellLongitude / 2;
            int shift = west > 180 ? -360 : west < -180 ? 360 : 0;
            if (!groups.TryGetValue(shift, out var set)) groups[shift] = set = [];
            set.Add((column, row));
        }

        var polygons = new List<Polygon>();
        foreach (var (shift, cells) in groups.OrderBy(g => g.Key))
            polygons.AddRange(TraceGroup(cells, (column, row) => new Coordinate(
                Round(grid.West + column * grid.CellLongitude + shift), Round(grid.South + row * grid.CellLatitude)), factory));
        return factory.CreateMultiPolygon(polygons.ToArray());
    }

    // Grid corners computed from different cells must be bit-identical for rings to close and touch exactly.
    private static double Round(double degrees) => Math.Round(degrees, 9);

    private static List<Polygon> TraceGroup(HashSet<(int Column, int Row)> cells, Func<int, int, Coordinate> corner, GeometryFactory factory)
    {
        // Directed boundary edges, keyed by start corner; a corner has at most two outgoing edges (a saddle).
        var outgoing = new Dictionary<(int X, int Y), List<(int X, int Y)>>();
        var leftCell = new Dictionary<((int, int) From, (int, int) To), (int, int)>();
        void Edge((int, int) from, (int, int) to, (int, int) cell)
        {
            if (!outgoing.TryGetValue(from, out var list)) outgoing[from] = list = new List<(int, int)>(2);
            list.Add(to);
            leftCell[(from, to)] = cell;
        }
        foreach (var (c, r) in cells)
        {
            if (!cells.Contains((c, r - 1))) Edge((c, r), (c + 1, r), (c, r));
            if (!cells.Contains((c + 1, r))) Edge((c + 1, r), (c + 1, r + 1), (c, r));
            if (!cells.Contains((c, r + 1))) Edge((c + 1, r + 1), (c, r + 1), (c, r));
            if (!cells.Contains((c - 1, r))) Edge((c, r + 1), (c, r), (c, r));
        }

        var component = Components(cells);
        var shells = new Dictionary<int, LinearRing>();
        var holes = new Dictionary<int, List<LinearRing>>();
        var used = new HashSet<((int, int), (int, int))>();
        foreach (var (start, targets) in outgoing)
        foreach (var first in targets)
        {
            if (!used.Add((start, first))) continue;
            var ring = new List<(int X, int Y)> { start };
            var (previous, current) = (start, first);
            while (current != start)
            {
                ring.Add(current);
                var next = Choose(previous, current, outgoing[current], used, SameComponentAcross(current, cells, component));
                used.Add((current, next));
                (previous, current) = (current, next);
            }
            ring.Add(start);
            var simplified = DropStraightCorners(ring);
            var linear = factory.CreateLinearRing(simplified.Select(p => corner(p.X, p.Y)).ToArray());
            int owner = component[leftCell[(start, first)]];
            if (SignedArea(simplified) > 0) shells[owner] = linear;
            else (holes.TryGetValue(owner, out var list) ? list : holes[owner] = []).Add(linear);
        }

        return shells.OrderBy(s => s.Key)
            .Select(s => factory.CreatePolygon(s.Value, holes.TryGetValue(s.Key, out var h) ? h.ToArray() : null))
            .ToList();
    }

    /// <summary>
    /// Whether the two cells meeting only at this corner belong to one 4-connected group. Then the chain joins them
    /// (turns right): the group's outer ring must not pass the corner twice (a self-touching ring is invalid); the
    /// empty space they pinch becomes holes touching at the corner, which is valid. Otherwise it separates them (turns
    /// left): two polygons touching at a point.
    /// </summary>
    private static bool SameComponentAcross((int X, int Y) corner, HashSet<(int Column, int Row)> cells, Dictionary<(int, int), int> component)
    {
        var (x, y) = corner;
        if (cells.Contains((x - 1, y - 1)) && cells.Contains((x, y)))
            return component[(x - 1, y - 1)] == component[(x, y)];
        if (cells.Contains((x, y - 1)) && cells.Contains((x - 1, y)))
            return component[(x, y - 1)] == component[(x - 1, y)];
        return false;
    }

    private static (int X, int Y) Choose((int X, int Y) previous, (int X, int Y) current, List<(int X, int Y)> targets,
        HashSet<((int, int), (int, int))> used, bool turnRight)
    {
        if (targets.Count == 1) return targets[0];
        (int dx, int dy) = (current.X - previous.X, current.Y - previous.Y);
        (int X, int Y) best = default;
        int bestTurn = int.MinValue;
        foreach (var t in targets)
        {
            if (used.Contains((current, t))) continue;
            (int ex, int ey) = (t.X - current.X, t.Y - current.Y);
            int cross = dx * ey - dy * ex; // > 0: left turn
            if (turnRight) cross = -cross;
            if (cross > bestTurn) { bestTurn = cross; best = t; }
        }
        return best;
    }

    private static Dictionary<(int, int), int> Components(HashSet<(int Column, int Row)> cells)
    {
        var label = new Dictionary<(int, int), int>();
        int next = 0;
        var stack = new Stack<(int Column, int Row)>();
        foreach (var seed in cells.OrderBy(c => c.Row).ThenBy(c => c.Column))
        {
            if (label.ContainsKey(seed)) continue;
            label[seed] = next;
            stack.Push(seed);
            while (stack.Count > 0)
            {
                var (c, r) = stack.Pop();
                foreach (var n in new[] { (c + 1, r), (c - 1, r), (c, r + 1), (c, r - 1) })
                    if (cells.Contains(n) && label.TryAdd(n, next)) stack.Push(n);
            }
            next++;
        }
        return label;
    }

    private static List<(int X, int Y)> DropStraightCorners(List<(int X, int Y)> ring)
    {
        // ring is closed (last == first); keep only corners where the direction changes.
        var open = ring.Take(ring.Count - 1).ToList();
        var kept = new List<(int X, int Y)>();
        for (int i = 0; i < open.Count; i++)
        {
            var a = open[(i - 1 + open.Count) % open.Count];
            var b = open[i];
            var c = open[(i + 1) % open.Count];
            if ((b.X - a.X) * (c.Y - b.Y) - (b.Y - a.Y) * (c.X - b.X) != 0) kept.Add(b);
        }
        kept.Add(kept[0]);
        return kept;
    }

    private static long SignedArea(List<(int X, int Y)> ring)
    {
        long twice = 0;
        for (int i = 0; i + 1 < ring.Count; i++) twice += (long)ring[i].X * ring[i + 1].Y - (long)ring[i + 1].X * ring[i].Y;
        return twice;
    }
}
