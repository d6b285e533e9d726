namespace MaritimeCoord.Domain.Search;

/// <summary>
/// POS of any set of assignments on a grid (the operator's adjusted plan as much as the planner's). Each asset spreads
/// its effort evenly over its area (random search, Koopman): coverage C = W × track flown / area, POD = 1 − exp(−C)
/// where it covers; a cell partly inside an area gets that POD on the part inside (cell probability is uniform in the
/// cell); areas that overlap combine as independent looks, POD = 1 − Π(1 − POD_j).
/// </summary>
public static class SearchEvaluation
{
    public static SearchPlan Evaluate(ProbabilityGrid grid, IReadOnlyList<AssetAssignment> assignments, IReadOnlyList<SearchAsset>? unassigned = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(assignments);
        var missed = new double[grid.CellCount];
        Array.Fill(missed, 1.0);
        var outcomes = new List<AssignmentOutcome>(assignments.Count);
        var p = grid.Probabilities;
        foreach (var assignment in assignments)
        {
            double flown = SearchPatterns.Length(SearchPatterns.PlaneTrack(assignment));
            double coverage = assignment.Asset.SweepWidthMetres * flown / assignment.Area.AreaSquareMetres;
            double pod = 1 - Math.Exp(-coverage);
            double containment = 0;
            foreach (var (cell, fraction) in CellsCovered(grid, assignment.Area))
            {
                containment += p[cell] * fraction;
                missed[cell] *= 1 - (fraction * pod);
            }
            outcomes.Add(new AssignmentOutcome(assignment.Asset.AssetCode, flown, coverage, pod, containment, containment * pod));
        }
        double pos = 0;
        for (int i = 0; i < missed.Length; i++) pos += p[i] * (1 - missed[i]);
        return new SearchPlan(grid, assignments, unassigned ?? [], outcomes, Math.Clamp(pos, 0, 1));
    }

    /// <summary>Cells the area touches and the share of each cell's area inside it (exact polygon clipping).</summary>
    public static IEnumerable<(int Cell, double Fraction)> CellsCovered(ProbabilityGrid grid, SearchArea area)
    {
        var corners = area.Corners();
        double minX = corners.Min(c => c.X), maxX = corners.Max(c => c.X), minY = corners.Min(c => c.Y), maxY = corners.Max(c => c.Y);
        double s = grid.CellSizeMetres;
        int c0 = Math.Max(0, (int)Math.Floor((minX - grid.OriginX) / s)), c1 = Math.Min(grid.Columns - 1, (int)Math.Floor((maxX - grid.OriginX) / s));
        int r0 = Math.Max(0, (int)Math.Floor((minY - grid.OriginY) / s)), r1 = Math.Min(grid.Rows - 1, (int)Math.Floor((maxY - grid.OriginY) / s));
        bool aligned = area.OrientationDegrees % 90 == 0;
        var buffer = new List<(double X, double Y)>(12);
        var scratch = new List<(double X, double Y)>(12);
        for (int r = r0; r <= r1; r++)
        {
            for (int c = c0; c <= c1; c++)
            {
                double x0 = grid.OriginX + (c * s), y0 = grid.OriginY + (r * s);
                double inside;
                if (aligned)
                {
                    double w = Math.Min(x0 + s, maxX) - Math.Max(x0, minX), h = Math.Min(y0 + s, maxY) - Math.Max(y0, minY);
                    inside = w > 0 && h > 0 ? w * h : 0;
                }
                else
                {
                    inside = ClippedArea(corners, x0, y0, x0 + s, y0 + s, buffer, scratch);
                }
                double fraction = inside / (s * s);
                if (fraction > 1e-12) yield return ((r * grid.Columns) + c, Math.Min(1, fraction));
            }
        }
    }

    // Sutherland–Hodgman: the convex rectangle clipped by the cell's four half-planes, then the shoelace area.
    private static double ClippedArea((double X, double Y)[] polygon, double x0, double y0, double x1, double y1,
        List<(double X, double Y)> a, List<(double X, double Y)> b)
    {
        a.Clear();
        a.AddRange(polygon);
        Clip(a, b, p => p.X - x0, (p, q) => Cross(p, q, (p.X - x0) / (p.X - q.X)));
        Clip(b, a, p => x1 - p.X, (p, q) => Cross(p, q, (x1 - p.X) / (q.X - p.X)));
        Clip(a, b, p => p.Y - y0, (p, q) => Cross(p, q, (p.Y - y0) / (p.Y - q.Y)));
        Clip(b, a, p => y1 - p.Y, (p, q) => Cross(p, q, (y1 - p.Y) / (q.Y - p.Y)));
        double area = 0;
        for (int i = 0; i < a.Count; i++)
        {
            var p = a[i];
            var q = a[(i + 1) % a.Count];
            area += (p.X * q.Y) - (q.X * p.Y);
        }
        return Math.Abs(area) / 2;
    }

    private static (double X, double Y) Cross((double X, double Y) p, (double X, double Y) q, double t) =>
        (p.X + (t * (q.X - p.X)), p.Y + (t * (q.Y - p.Y)));

    private static void Clip(List<(double X, double Y)> input, List<(double X, double Y)> output,
        Func<(double X, double Y), double> inside, Func<(double X, double Y), (double X, double Y), (double X, double Y)> intersect)
    {
        output.Clear();
        for (int i = 0; i < input.Count; i++)
        {
            var p = input[i];
            var q = input[(i + 1) % input.Count];
            bool pIn = inside(p) >= 0, qIn = inside(q) >= 0;
            if (pIn) output.Add(p);
            if (pIn != qIn) output.Add(intersect(p, q));
        }
    }
}
