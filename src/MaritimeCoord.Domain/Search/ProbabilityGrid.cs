using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Search;

/// <summary>What a stranded particle counts for in a probability grid.</summary>
public enum StrandedRule
{
    /// <summary>
    /// Stranded particles are left out of the cells and their weight becomes <see cref="ProbabilityGrid.StrandedProbability"/>:
    /// the grid is where a search at sea can find the object, and the shore is searched by other means.
    /// </summary>
    Exclude,

    /// <summary>Stranded particles count in the cell where they stopped, like any other.</summary>
    Include,
}

/// <summary>Options for <see cref="ProbabilityGrid.FromParticles"/>.</summary>
public sealed record ProbabilityGridOptions
{
    /// <summary>Cell side in metres; null picks one giving about <see cref="CellsAcross"/> cells across the cloud.</summary>
    public double? CellSizeMetres { get; init; }

    public int CellsAcross { get; init; } = 64;

    public StrandedRule Stranded { get; init; } = StrandedRule.Exclude;

    /// <summary>Guard against a cell size that would need an absurd grid (one particle far away, a typo).</summary>
    public int MaxCellsPerSide { get; init; } = 2048;
}

/// <summary>
/// Probability that the search object is in each square cell of a <see cref="LocalProjection"/> plane (equal-area, so
/// every cell holds the same sea area). Row-major from the south-west corner: index = row × Columns + column, row
/// growing north, column growing east (at the centre). Immutable; a search result makes a new grid.
/// </summary>
public sealed class ProbabilityGrid
{
    private readonly double[] _probabilities;

    public ProbabilityGrid(LocalProjection projection, double originX, double originY, double cellSizeMetres, int columns, int rows,
        double[] probabilities, double probabilityInGrid, double strandedProbability)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (!(cellSizeMetres > 0) || !double.IsFinite(cellSizeMetres)) throw new ArgumentOutOfRangeException(nameof(cellSizeMetres));
        if (columns < 1 || rows < 1 || (long)columns * rows != probabilities.Length) throw new ArgumentOutOfRangeException(nameof(probabilities), "Need columns × rows probabilities.");
        double sum = 0;
        foreach (var p in probabilities)
        {
            if (!(p >= 0) || !double.IsFinite(p)) throw new ArgumentOutOfRangeException(nameof(probabilities), "Probabilities must be finite and non-negative.");
            sum += p;
        }
        if (sum > 0 && Math.Abs(sum - 1) > 1e-9) throw new ArgumentOutOfRangeException(nameof(probabilities), sum, "Probabilities must sum to 1 (or all be 0).");
        if (!(probabilityInGrid is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(probabilityInGrid));
        Projection = projection;
        OriginX = originX;
        OriginY = originY;
        CellSizeMetres = cellSizeMetres;
        Columns = columns;
        Rows = rows;
        _probabilities = probabilities;
        ProbabilityInGrid = sum > 0 ? probabilityInGrid : 0;
        StrandedProbability = strandedProbability;
    }

    public LocalProjection Projection { get; }
    public double OriginX { get; }
    public double OriginY { get; }
    public double CellSizeMetres { get; }
    public int Columns { get; }
    public int Rows { get; }
    public int CellCount => _probabilities.Length;

    /// <summary>Per cell, conditional on the object being in the grid and not yet found; sums to 1 (0 for an empty grid).</summary>
    public ReadOnlySpan<double> Probabilities => _probabilities;

    /// <summary>Unconditional probability that the object is in the grid and not yet found.</summary>
    public double ProbabilityInGrid { get; }

    /// <summary>Weight share of particles stranded when the grid was built (0 under <see cref="StrandedRule.Include"/>).</summary>
    public double StrandedProbability { get; }

    public double CellAreaSquareMetres => CellSizeMetres * CellSizeMetres;
    public double CellAreaSquareNauticalMiles => CellAreaSquareMetres / (Distances.MetresPerNauticalMile * Distances.MetresPerNauticalMile);

    public double this[int column, int row] => _probabilities[(row * Columns) + column];

    public (double X, double Y) CellCentre(int column, int row) =>
        (OriginX + ((column + 0.5) * CellSizeMetres), OriginY + ((row + 0.5) * CellSizeMetres));

    public GeoPosition CellCentrePosition(int column, int row)
    {
        var (x, y) = CellCentre(column, row);
        var (lat, lon) = Projection.Inverse(x, y);
        return new GeoPosition(lat, lon);
    }

    /// <summary>The cell holding a projected point, or null outside the grid.</summary>
    public (int Column, int Row)? CellAt(double x, double y)
    {
        double c = Math.Floor((x - OriginX) / CellSizeMetres), r = Math.Floor((y - OriginY) / CellSizeMetres);
        if (c < 0 || r < 0 || c >= Columns || r >= Rows) return null;
        return ((int)c, (int)r);
    }

    /// <summary>The cells with a probability above 0 (indices ascending) and their probabilities: the grid stored compactly.</summary>
    public (int[] Cells, double[] Probabilities) NonEmptyCells()
    {
        int count = 0;
        foreach (var p in _probabilities) if (p > 0) count++;
        var cells = new int[count];
        var probabilities = new double[count];
        for (int i = 0, k = 0; i < _probabilities.Length; i++)
        {
            if (!(_probabilities[i] > 0)) continue;
            cells[k] = i;
            probabilities[k++] = _probabilities[i];
        }
        return (cells, probabilities);
    }

    /// <summary>A grid from its <see cref="NonEmptyCells"/> and the rest of its parameters: the same grid, value for value.</summary>
    public static ProbabilityGrid FromNonEmptyCells(LocalProjection projection, double originX, double originY, double cellSizeMetres, int columns, int rows,
        ReadOnlySpan<int> cells, ReadOnlySpan<double> probabilities, double probabilityInGrid, double strandedProbability)
    {
        if (cells.Length != probabilities.Length) throw new ArgumentException("One probability per cell.", nameof(probabilities));
        if (columns < 1 || rows < 1) throw new ArgumentOutOfRangeException(nameof(columns), "A grid has at least one cell.");
        var dense = new double[(long)columns * rows];
        int previous = -1;
        for (int k = 0; k < cells.Length; k++)
        {
            if (cells[k] <= previous || cells[k] >= dense.Length) throw new ArgumentOutOfRangeException(nameof(cells), cells[k], "Cell indices ascending, within the grid.");
            dense[cells[k]] = probabilities[k];
            previous = cells[k];
        }
        // Zeros add nothing, so the sum, and the constructor's check of it, are those of the grid that was stored.
        return new ProbabilityGrid(projection, originX, originY, cellSizeMetres, columns, rows, dense, probabilityInGrid, strandedProbability);
    }

    /// <summary>The same cells with other probabilities (a Bayesian update); normalises them.</summary>
    public ProbabilityGrid WithProbabilities(ReadOnlySpan<double> unnormalised, double probabilityInGrid)
    {
        if (unnormalised.Length != CellCount) throw new ArgumentOutOfRangeException(nameof(unnormalised));
        double sum = 0;
        foreach (var p in unnormalised) sum += p;
        var normalised = new double[CellCount];
        if (sum > 0)
            for (int i = 0; i < normalised.Length; i++) normalised[i] = unnormalised[i] / sum;
        return new ProbabilityGrid(Projection, OriginX, OriginY, CellSizeMetres, Columns, Rows, normalised,
            Math.Clamp(probabilityInGrid, 0, 1), StrandedProbability);
    }

    /// <summary>
    /// Bins particles (latitude, longitude, stranded flag, weight; weights default to 1) into a grid centred on the
    /// cloud. Stranded particles follow <see cref="ProbabilityGridOptions.Stranded"/>. A cloud with no particle that
    /// counts gives a 1 × 1 grid with probability 0.
    /// </summary>
    public static ProbabilityGrid FromParticles(ReadOnlySpan<double> latitudes, ReadOnlySpan<double> longitudes,
        ReadOnlySpan<bool> stranded, ReadOnlySpan<double> weights, ProbabilityGridOptions? options = null)
    {
        options ??= new ProbabilityGridOptions();
        int n = latitudes.Length;
        if (longitudes.Length != n) throw new ArgumentException("One longitude per latitude.", nameof(longitudes));
        if (!stranded.IsEmpty && stranded.Length != n) throw new ArgumentException("One stranded flag per particle (or none).", nameof(stranded));
        if (!weights.IsEmpty && weights.Length != n) throw new ArgumentException("One weight per particle (or none).", nameof(weights));
        for (int i = 0; i < n; i++)
        {
            if (!GeoPosition.IsValidLatitude(latitudes[i])) throw new ArgumentOutOfRangeException(nameof(latitudes), latitudes[i], $"Particle {i}.");
            if (!double.IsFinite(longitudes[i])) throw new ArgumentOutOfRangeException(nameof(longitudes), longitudes[i], $"Particle {i}.");
            if (!weights.IsEmpty && !(weights[i] >= 0 && double.IsFinite(weights[i]))) throw new ArgumentOutOfRangeException(nameof(weights), weights[i], $"Particle {i}.");
        }

        bool exclude = options.Stranded == StrandedRule.Exclude;
        double totalWeight = 0, strandedWeight = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i];
            totalWeight += w;
            if (!stranded.IsEmpty && stranded[i]) strandedWeight += w;
        }
        double strandedShare = totalWeight > 0 && exclude ? strandedWeight / totalWeight : 0;
        var projection = LocalProjection.CentredOn(latitudes, longitudes, weights, exclude ? stranded : default);
        if (projection is null)
        {
            var anyLat = n > 0 ? latitudes[0] : 0;
            var anyLon = n > 0 ? longitudes[0] : 0;
            return new ProbabilityGrid(new LocalProjection(anyLat, anyLon), -500, -500, options.CellSizeMetres ?? 1000, 1, 1, [0], 0, strandedShare);
        }

        var xs = new double[n];
        var ys = new double[n];
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (int i = 0; i < n; i++)
        {
            if (!Counts(i, stranded, weights, exclude)) continue;
            var (x, y) = projection.Forward(latitudes[i], longitudes[i]);
            xs[i] = x;
            ys[i] = y;
            minX = Math.Min(minX, x); maxX = Math.Max(maxX, x);
            minY = Math.Min(minY, y); maxY = Math.Max(maxY, y);
        }

        double extent = Math.Max(maxX - minX, maxY - minY);
        double cell = options.CellSizeMetres ?? NiceCellSize(extent / Math.Max(1, options.CellsAcross));
        if (!(cell > 0) || !double.IsFinite(cell)) throw new ArgumentOutOfRangeException(nameof(options), "Cell size must be positive.");
        // Cells aligned on multiples of the cell size around the centre, so two grids of one run line up.
        double originX = Math.Floor(minX / cell) * cell, originY = Math.Floor(minY / cell) * cell;
        long columns = (long)Math.Floor((maxX - originX) / cell) + 1, rows = (long)Math.Floor((maxY - originY) / cell) + 1;
        if (columns > options.MaxCellsPerSide || rows > options.MaxCellsPerSide)
            throw new ArgumentOutOfRangeException(nameof(options), $"A {cell:0} m cell needs a {columns} × {rows} grid for this cloud (limit {options.MaxCellsPerSide} per side).");

        var probabilities = new double[columns * rows];
        double counted = 0;
        for (int i = 0; i < n; i++)
        {
            if (!Counts(i, stranded, weights, exclude)) continue;
            int c = Math.Min((int)columns - 1, (int)((xs[i] - originX) / cell));
            int r = Math.Min((int)rows - 1, (int)((ys[i] - originY) / cell));
            double w = weights.IsEmpty ? 1 : weights[i];
            probabilities[(r * columns) + c] += w;
            counted += w;
        }
        for (int i = 0; i < probabilities.Length; i++) probabilities[i] /= counted;
        return new ProbabilityGrid(projection, originX, originY, cell, (int)columns, (int)rows, Renormalise(probabilities), 1 - strandedShare, strandedShare);
    }

    private static bool Counts(int i, ReadOnlySpan<bool> stranded, ReadOnlySpan<double> weights, bool exclude) =>
        (weights.IsEmpty || weights[i] > 0) && !(exclude && !stranded.IsEmpty && stranded[i]);

    // Division leaves the sum a few ulps off 1; the constructor's check is strict about it.
    private static double[] Renormalise(double[] p)
    {
        double sum = 0;
        foreach (var v in p) sum += v;
        if (sum > 0) for (int i = 0; i < p.Length; i++) p[i] /= sum;
        return p;
    }

    /// <summary>1, 2 or 5 × a power of ten, at least 10 m: cells an operator can read off a chart.</summary>
    internal static double NiceCellSize(double metres)
    {
        if (!(metres > 10)) return 10;
        double power = Math.Pow(10, Math.Floor(Math.Log10(metres)));
        double m = metres / power;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
    }
}
