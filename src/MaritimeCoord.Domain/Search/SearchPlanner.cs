namespace MaritimeCoord.Domain.Search;

/// <summary>Options for <see cref="SearchPlanner.Propose"/>.</summary>
public sealed record SearchPlannerOptions
{
    /// <summary>
    /// The planner works on the grid's cells merged k × k so that neither side exceeds this; sub-area edges fall on
    /// those merged cells' edges. The work grows as the fourth power of this.
    /// </summary>
    public int MaxPlanningCellsPerSide { get; init; } = 32;

    /// <summary>Asset orders tried as starting points (all of them when there are no more than this many).</summary>
    public int MaxStarts { get; init; } = 6;

    /// <summary>Rectangle evaluations after which the iterated local search stops (starts included).</summary>
    public long WorkBudget { get; init; } = 60_000_000;

    public int MaxPerturbations { get; init; } = 400;

    public int Seed { get; init; } = 14;

    /// <summary>Pattern for assets that name none.</summary>
    public SearchPattern DefaultPattern { get; init; } = SearchPattern.ParallelSweep;
}

/// <summary>
/// Proposes one rectangular sub-area per asset, none overlapping, to maximise POS = Σ P(area_j) × (1 − exp(−Z_j / A_j))
/// (each asset's effort Z = W × speed × endurance spread evenly over its area: random search). Method: greedy
/// best-response placement in several asset orders, each followed by local search (re-place one asset given the
/// others, swap two assets' areas) until no move improves; the best result wins. Every best response scans all
/// rectangles of the planning grid exactly (prefix sums, O(n⁴) for n cells a side). The gap to the brute-force optimum
/// is measured in tests and reported in docs/search-planning.md.
/// </summary>
public static class SearchPlanner
{
    public static SearchPlan Propose(ProbabilityGrid grid, IReadOnlyList<SearchAsset> assets, SearchPlannerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(assets);
        options ??= new SearchPlannerOptions();
        if (options.MaxPlanningCellsPerSide < 1) throw new ArgumentOutOfRangeException(nameof(options));
        if (assets.Count == 0) return SearchEvaluation.Evaluate(grid, []);
        if (assets.Select(a => a.AssetCode).Distinct(StringComparer.Ordinal).Count() != assets.Count)
            throw new ArgumentException("Asset codes must be distinct.", nameof(assets));

        var planning = PlanningGrid.From(grid, options.MaxPlanningCellsPerSide);
        var rectangles = Optimise(planning, assets, options, out _);
        var assignments = new List<AssetAssignment>();
        var unassigned = new List<SearchAsset>();
        for (int j = 0; j < assets.Count; j++)
        {
            if (rectangles[j] is not { } r) { unassigned.Add(assets[j]); continue; }
            var area = planning.ToArea(r);
            var pattern = assets[j].Pattern ?? options.DefaultPattern;
            // The spacing that spends the whole endurance on the area: C = W / S = Z / A.
            double spacing = area.AreaSquareMetres / assets[j].TrackLengthMetres;
            assignments.Add(new AssetAssignment(assets[j], area, pattern, spacing));
        }
        return SearchEvaluation.Evaluate(grid, assignments, unassigned);
    }

    /// <summary>Planning-grid rectangles per asset (null: no room left) and the objective they reach.</summary>
    internal static Rect?[] Optimise(PlanningGrid planning, IReadOnlyList<SearchAsset> assets, SearchPlannerOptions options, out double objective)
    {
        int k = assets.Count;
        var gains = new double[k][];
        var squares = new bool[k];
        for (int j = 0; j < k; j++)
        {
            // gains[j][cells] = 1 − exp(−Z_j / (cells × cell area)): POD of asset j over an area of that many cells.
            int max = planning.Columns * planning.Rows;
            gains[j] = new double[max + 1];
            double z = assets[j].EffortSquareMetres / planning.CellAreaSquareMetres;
            for (int n = 1; n <= max; n++) gains[j][n] = 1 - Math.Exp(-z / n);
            var pattern = assets[j].Pattern ?? options.DefaultPattern;
            squares[j] = pattern is SearchPattern.ExpandingSquare or SearchPattern.Sector;
        }

        Rect?[]? best = null;
        objective = -1;
        foreach (var order in StartOrders(assets, options.MaxStarts))
        {
            var placed = new Rect?[k];
            var values = new double[k];
            foreach (var j in order)
                (placed[j], values[j]) = BestResponse(planning, gains[j], squares[j], placed, j);
            Improve(planning, gains, squares, placed, values);
            double total = values.Sum();
            if (total > objective + 1e-15)
            {
                objective = total;
                best = (Rect?[])placed.Clone();
            }
        }

        // Iterated local search from the best start: drop one to three assets, put the first of them on a random
        // rectangle that overlaps no one (a jump out of the current basin), the others back by best response, then
        // local search; keep the result if it is better. Greedy starts are selfish (the first asset takes the best
        // area for itself), and these jumps are what find the shared arrangements. Bounded by a budget of rectangle
        // evaluations, with a fixed seed so a plan is reproducible.
        var bestValues = new double[k];
        for (int j = 0; j < k; j++) bestValues[j] = best![j] is { } r ? planning.Value(r, gains[j]) : 0;
        objective = bestValues.Sum();
        var rng = new Random(options.Seed);
        for (int iteration = 0; iteration < options.MaxPerturbations && planning.Work < options.WorkBudget; iteration++)
        {
            var candidate = (Rect?[])best!.Clone();
            var values = (double[])bestValues.Clone();
            int drop = rng.Next(1, Math.Min(k, 3) + 1);
            var dropped = Enumerable.Range(0, k).OrderBy(_ => rng.Next()).Take(drop).ToArray();
            foreach (var j in dropped) { candidate[j] = null; values[j] = 0; }
            if (RandomFreeRect(planning, candidate, squares[dropped[0]], rng) is { } jump)
            {
                candidate[dropped[0]] = jump;
                values[dropped[0]] = planning.Value(jump, gains[dropped[0]]);
            }
            foreach (var j in dropped.Skip(candidate[dropped[0]] is null ? 0 : 1))
                (candidate[j], values[j]) = BestResponse(planning, gains[j], squares[j], candidate, j);
            Improve(planning, gains, squares, candidate, values);
            double total = values.Sum();
            if (total > objective + 1e-12)
            {
                objective = total;
                best = candidate;
                bestValues = values;
            }
        }
        return best!;
    }

    private static void Improve(PlanningGrid planning, double[][] gains, bool[] squares, Rect?[] placed, double[] values)
    {
        int k = placed.Length;
        for (int round = 0; round < 50; round++)
        {
            bool improved = false;
            for (int j = 0; j < k; j++)
            {
                var old = placed[j];
                placed[j] = null;
                var (rect, value) = BestResponse(planning, gains[j], squares[j], placed, j);
                if (value > values[j] + 1e-12) { placed[j] = rect; values[j] = value; improved = true; }
                else placed[j] = old;
            }
            // Swapping two assets' areas: a fast asset may do more in the other's area and the other loses less.
            for (int i = 0; i < k; i++)
            {
                for (int j = i + 1; j < k; j++)
                {
                    if (placed[i] is not { } ri || placed[j] is not { } rj) continue;
                    if ((squares[i] && !rj.IsSquare) || (squares[j] && !ri.IsSquare)) continue;
                    double vi = planning.Value(rj, gains[i]), vj = planning.Value(ri, gains[j]);
                    if (vi + vj > values[i] + values[j] + 1e-12)
                    {
                        (placed[i], placed[j], values[i], values[j]) = (rj, ri, vi, vj);
                        improved = true;
                    }
                }
            }
            if (!improved) return;
        }
    }

    private static Rect? RandomFreeRect(PlanningGrid planning, Rect?[] placed, bool square, Random rng)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            int c0 = rng.Next(planning.Columns), r0 = rng.Next(planning.Rows);
            int c1 = rng.Next(c0, planning.Columns), r1 = rng.Next(r0, planning.Rows);
            if (square)
            {
                int side = Math.Min(c1 - c0, r1 - r0);
                (c1, r1) = (c0 + side, r0 + side);
            }
            var rect = new Rect(c0, c1, r0, r1);
            bool free = true;
            foreach (var o in placed)
                if (o is { } other && !(other.C1 < rect.C0 || rect.C1 < other.C0 || other.R1 < rect.R0 || rect.R1 < other.R0)) { free = false; break; }
            if (free) return rect;
        }
        return null;
    }

    private static IEnumerable<int[]> StartOrders(IReadOnlyList<SearchAsset> assets, int maxStarts)
    {
        int k = assets.Count;
        var byEffort = Enumerable.Range(0, k).OrderByDescending(j => assets[j].EffortSquareMetres).ThenBy(j => j).ToArray();
        if (Factorial(k) <= maxStarts)
        {
            foreach (var permutation in Permutations(byEffort)) yield return permutation;
            yield break;
        }
        yield return byEffort;
        // Rotations of the effort order: each asset once gets the first choice.
        for (int s = 1; s < Math.Min(k, maxStarts); s++)
            yield return byEffort.Skip(s).Concat(byEffort.Take(s)).ToArray();
    }

    private static long Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1) { yield return items; yield break; }
        for (int i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, index) => index != i).ToArray();
            foreach (var tail in Permutations(rest)) yield return [items[i], .. tail];
        }
    }

    /// <summary>The best rectangle for one asset that overlaps none of the others' (exact scan).</summary>
    private static (Rect? Rect, double Value) BestResponse(PlanningGrid planning, double[] gain, bool squareOnly, Rect?[] placed, int self)
    {
        int columns = planning.Columns, rows = planning.Rows;
        planning.Work += planning.ScanCost;
        var blocked = new bool[columns];
        var columnSums = new double[columns];
        Rect? best = null;
        double bestValue = -1;
        for (int r0 = 0; r0 < rows; r0++)
        {
            // Growing the band row by row: its column sums and blocked columns only accumulate.
            Array.Clear(blocked);
            Array.Clear(columnSums);
            bool any = false;
            for (int r1 = r0; r1 < rows; r1++)
            {
                for (int j = 0; j < placed.Length; j++)
                {
                    if (j == self || placed[j] is not { } o || o.R0 > r1 || o.R1 < r1) continue;
                    for (int c = o.C0; c <= o.C1; c++) blocked[c] = true;
                    any = true;
                }
                planning.AddRow(r1, columnSums);
                int height = r1 - r0 + 1;
                for (int c0 = 0; c0 < columns; c0++)
                {
                    if (any && blocked[c0]) continue;
                    double sum = 0;
                    for (int c1 = c0; c1 < columns; c1++)
                    {
                        if (any && blocked[c1]) break;
                        sum += columnSums[c1];
                        int width = c1 - c0 + 1;
                        if (squareOnly && width != height) continue;
                        double value = sum * gain[width * height];
                        if (value > bestValue + 1e-15)
                        {
                            bestValue = value;
                            best = new Rect(c0, c1, r0, r1);
                        }
                    }
                }
            }
        }
        return (best, Math.Max(0, bestValue));
    }
}

/// <summary>Inclusive cell ranges of a planning grid.</summary>
internal readonly record struct Rect(int C0, int C1, int R0, int R1)
{
    public int Cells => (C1 - C0 + 1) * (R1 - R0 + 1);
    public bool IsSquare => C1 - C0 == R1 - R0;
}

/// <summary>The probability grid cropped to its non-empty cells and merged k × k, with row-wise prefix sums.</summary>
internal sealed class PlanningGrid
{
    private readonly double[] _rowPrefix; // per row, prefix over columns: [row * (Columns + 1) + c]
    private readonly double[] _cells;

    private PlanningGrid(ProbabilityGrid grid, int firstColumn, int firstRow, int factor, int columns, int rows, double[] cells)
    {
        Source = grid;
        FirstColumn = firstColumn;
        FirstRow = firstRow;
        Factor = factor;
        Columns = columns;
        Rows = rows;
        _cells = cells;
        _rowPrefix = new double[rows * (columns + 1)];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                _rowPrefix[(r * (columns + 1)) + c + 1] = _rowPrefix[(r * (columns + 1)) + c] + cells[(r * columns) + c];
    }

    public ProbabilityGrid Source { get; }
    public int FirstColumn { get; }
    public int FirstRow { get; }
    public int Factor { get; }
    public int Columns { get; }
    public int Rows { get; }
    public double CellSizeMetres => Source.CellSizeMetres * Factor;

    /// <summary>Rectangles one full scan evaluates.</summary>
    public long ScanCost => (long)Columns * (Columns + 1) / 2 * Rows * (Rows + 1) / 2;

    /// <summary>Rectangle evaluations so far (the search's budget is counted in these).</summary>
    public long Work { get; set; }
    public double CellAreaSquareMetres => CellSizeMetres * CellSizeMetres;

    public static PlanningGrid From(ProbabilityGrid grid, int maxPerSide)
    {
        var p = grid.Probabilities;
        int minC = grid.Columns, maxC = -1, minR = grid.Rows, maxR = -1;
        for (int r = 0; r < grid.Rows; r++)
            for (int c = 0; c < grid.Columns; c++)
                if (p[(r * grid.Columns) + c] > 0) { minC = Math.Min(minC, c); maxC = Math.Max(maxC, c); minR = Math.Min(minR, r); maxR = Math.Max(maxR, r); }
        if (maxC < 0) { minC = minR = 0; maxC = grid.Columns - 1; maxR = grid.Rows - 1; }
        int spanC = maxC - minC + 1, spanR = maxR - minR + 1;
        int factor = Math.Max(1, (int)Math.Ceiling(Math.Max(spanC, spanR) / (double)maxPerSide));
        int columns = (spanC + factor - 1) / factor, rows = (spanR + factor - 1) / factor;
        var cells = new double[columns * rows];
        for (int r = minR; r <= maxR; r++)
            for (int c = minC; c <= maxC; c++)
                cells[(((r - minR) / factor) * columns) + ((c - minC) / factor)] += p[(r * grid.Columns) + c];
        return new PlanningGrid(grid, minC, minR, factor, columns, rows, cells);
    }

    public void AddRow(int r, double[] sums)
    {
        int row = r * Columns;
        for (int c = 0; c < Columns; c++) sums[c] += _cells[row + c];
    }

    public double Probability(Rect rect)
    {
        double sum = 0;
        for (int r = rect.R0; r <= rect.R1; r++)
            sum += _rowPrefix[(r * (Columns + 1)) + rect.C1 + 1] - _rowPrefix[(r * (Columns + 1)) + rect.C0];
        return sum;
    }

    public double Value(Rect rect, double[] gain) => Probability(rect) * gain[rect.Cells];

    /// <summary>The rectangle in the source grid's plane. Merged cells past the grid's edge still count as sea.</summary>
    public SearchArea ToArea(Rect rect)
    {
        double s = Source.CellSizeMetres;
        double x0 = Source.OriginX + ((FirstColumn + (rect.C0 * Factor)) * s), x1 = Source.OriginX + ((FirstColumn + ((rect.C1 + 1) * Factor)) * s);
        double y0 = Source.OriginY + ((FirstRow + (rect.R0 * Factor)) * s), y1 = Source.OriginY + ((FirstRow + ((rect.R1 + 1) * Factor)) * s);
        return SearchArea.FromBounds(x0, y0, x1, y1);
    }
}
