namespace MaritimeCoord.Domain.DriftRuns;

/// <summary>
/// The probability map of a particle cloud at one time: the share of particles in each cell of a regular longitude ×
/// latitude grid (stranded particles count: the object may be ashore there). Cells are square in metres at the cloud's
/// latitude, sized to the cloud (about <see cref="TargetCellsAcross"/> across, never under <see cref="MinimumCellMetres"/>).
/// </summary>
/// <remarks>
/// The cell width in longitude divides 360° exactly and columns are counted from −180°, so no cell ever straddles the
/// antimeridian: a cloud across it is gridded in longitudes unwrapped around its first particle, and every cell maps
/// back to one cell in [−180°, 180°].
/// </remarks>
public sealed class ProbabilityGrid
{
    public const int TargetCellsAcross = 64;
    public const double MinimumCellMetres = 50;
    public const int MaximumCellsAcross = 256;
    private const double MetresPerDegreeLatitude = 111_320;

    private ProbabilityGrid(double west, double south, double cellLon, double cellLat, int columns, int rows, int[] cells, float[] probabilities)
    {
        West = west; South = south; CellLongitude = cellLon; CellLatitude = cellLat; Columns = columns; Rows = rows;
        CellIndexes = cells; Probabilities = probabilities;
    }

    /// <summary>West edge of column 0, in unwrapped degrees (may exceed 180 for a cloud across the antimeridian).</summary>
    public double West { get; }
    public double South { get; }
    public double CellLongitude { get; }
    public double CellLatitude { get; }
    public int Columns { get; }
    public int Rows { get; }

    /// <summary>Non-empty cells, <c>row × Columns + column</c>, ascending.</summary>
    public int[] CellIndexes { get; }

    /// <summary>Probability of each of <see cref="CellIndexes"/>; they sum to 1.</summary>
    public float[] Probabilities { get; }

    public static ProbabilityGrid Restore(double west, double south, double cellLon, double cellLat, int columns, int rows, int[] cells, float[] probabilities) =>
        new(west, south, cellLon, cellLat, columns, rows, cells, probabilities);

    public (double West, double South, double East, double North) CellBounds(int index)
    {
        int column = index % Columns, row = index / Columns;
        double w = West + column * CellLongitude, s = South + row * CellLatitude;
        return (w, s, w + CellLongitude, s + CellLatitude);
    }

    public static ProbabilityGrid Build(ReadOnlySpan<double> longitudes, ReadOnlySpan<double> latitudes)
    {
        if (longitudes.Length == 0 || longitudes.Length != latitudes.Length)
            throw new ArgumentException("One latitude per longitude, at least one particle.", nameof(latitudes));
        double reference = longitudes[0];
        double minLon = double.MaxValue, maxLon = double.MinValue, minLat = double.MaxValue, maxLat = double.MinValue;
        for (int i = 0; i < longitudes.Length; i++)
        {
            double lon = Unwrap(longitudes[i], reference), lat = latitudes[i];
            if (lon < minLon) minLon = lon;
            if (lon > maxLon) maxLon = lon;
            if (lat < minLat) minLat = lat;
            if (lat > maxLat) maxLat = lat;
        }

        double midLat = Math.Clamp((minLat + maxLat) / 2, -85, 85);
        double metresPerDegreeLon = MetresPerDegreeLatitude * Math.Cos(midLat * Math.PI / 180);
        double extentMetres = Math.Max((maxLon - minLon) * metresPerDegreeLon, (maxLat - minLat) * MetresPerDegreeLatitude);
        double cellMetres = NiceCeiling(Math.Max(MinimumCellMetres, extentMetres / TargetCellsAcross));

        double cellLat = cellMetres / MetresPerDegreeLatitude;
        double cellLon = 360.0 / Math.Max(1, Math.Round(360.0 / (cellMetres / metresPerDegreeLon)));
        // Columns counted from −180° so every cell edge is a multiple of cellLon from it (and 180° is an edge).
        double west = -180 + Math.Floor((minLon + 180) / cellLon) * cellLon;
        double south = Math.Floor(minLat / cellLat) * cellLat;
        int columns = Math.Max(1, (int)Math.Floor((maxLon - west) / cellLon) + 1);
        int rows = Math.Max(1, (int)Math.Floor((maxLat - south) / cellLat) + 1);
        if (columns > MaximumCellsAcross || rows > MaximumCellsAcross)
        {
            // A very elongated cloud: coarser cells rather than an unbounded grid.
            double factor = Math.Max(columns, rows) / (double)MaximumCellsAcross;
            cellLat *= Math.Ceiling(factor);
            cellLon = 360.0 / Math.Max(1, Math.Floor(360.0 / (cellLon * Math.Ceiling(factor))));
            west = -180 + Math.Floor((minLon + 180) / cellLon) * cellLon;
            south = Math.Floor(minLat / cellLat) * cellLat;
            columns = Math.Max(1, (int)Math.Floor((maxLon - west) / cellLon) + 1);
            rows = Math.Max(1, (int)Math.Floor((maxLat - south) / cellLat) + 1);
        }

        var counts = new int[columns * rows];
        for (int i = 0; i < longitudes.Length; i++)
        {
            int column = Math.Clamp((int)Math.Floor((Unwrap(longitudes[i], reference) - west) / cellLon), 0, columns - 1);
            int row = Math.Clamp((int)Math.Floor((latitudes[i] - south) / cellLat), 0, rows - 1);
            counts[row * columns + column]++;
        }

        int nonEmpty = 0;
        foreach (var n in counts) if (n > 0) nonEmpty++;
        var cells = new int[nonEmpty];
        var probabilities = new float[nonEmpty];
        for (int index = 0, k = 0; index < counts.Length; index++)
        {
            if (counts[index] == 0) continue;
            cells[k] = index;
            probabilities[k++] = (float)(counts[index] / (double)longitudes.Length);
        }
        return new ProbabilityGrid(west, south, cellLon, cellLat, columns, rows, cells, probabilities);
    }

    /// <summary>
    /// The cells of highest probability that together hold at least <paramref name="share"/> of the particles (ties
    /// broken by cell index, so the answer is reproducible): the containment area at that probability.
    /// </summary>
    public (int[] Cells, double Probability) Containing(double share)
    {
        if (share is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(share), "A share in (0, 1].");
        var order = Enumerable.Range(0, CellIndexes.Length)
            .OrderByDescending(i => Probabilities[i]).ThenBy(i => CellIndexes[i]).ToArray();
        var chosen = new List<int>();
        double total = 0;
        foreach (var i in order)
        {
            chosen.Add(CellIndexes[i]);
            total += Probabilities[i];
            if (total >= share - 1e-6) break;
        }
        chosen.Sort();
        return (chosen.ToArray(), Math.Min(1, total));
    }

    /// <summary>A longitude moved by whole turns to within 180° of the reference.</summary>
    public static double Unwrap(double longitude, double reference)
    {
        double d = longitude - reference;
        d -= 360 * Math.Round(d / 360);
        return reference + d;
    }

    /// <summary>The smallest of 1, 2, 2.5, 5 × 10ⁿ not below the value (cells of a readable size).</summary>
    internal static double NiceCeiling(double value)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
            if (m * power >= value - 1e-9) return m * power;
        return 10 * power;
    }
}
