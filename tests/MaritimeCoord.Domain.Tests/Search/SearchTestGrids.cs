using MaritimeCoord.Domain.Search;

namespace MaritimeCoord.Domain.Tests.Search;

internal static class SearchTestGrids
{
    public const double Nm = 1852;

    /// <summary>A grid of 1 nm cells with random probabilities (about a fifth of the cells empty), centred at lat/lon.</summary>
    public static ProbabilityGrid Random(Random rng, int columns, int rows, double latitude = -9, double longitude = 115)
    {
        var p = new double[columns * rows];
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = rng.NextDouble() < 0.2 ? 0 : -Math.Log(1 - rng.NextDouble());
            sum += p[i];
        }
        if (sum == 0) { p[0] = 1; sum = 1; }
        for (int i = 0; i < p.Length; i++) p[i] /= sum;
        Renormalise(p);
        return new ProbabilityGrid(new LocalProjection(latitude, longitude), -columns * Nm / 2, -rows * Nm / 2, Nm, columns, rows, p, 1, 0);
    }

    public static void Renormalise(double[] p)
    {
        double sum = p.Sum();
        for (int i = 0; i < p.Length; i++) p[i] /= sum;
    }

    public static SearchAsset RandomAsset(Random rng, string code, SearchPattern? pattern = null) =>
        new(code, 3 + (9 * rng.NextDouble()), 1 + (2 * rng.NextDouble()), 0.2 + (1.3 * rng.NextDouble()), pattern);

    /// <summary>Cells (column, row) whose centres lie inside an axis-aligned area.</summary>
    public static IEnumerable<int> CellsInside(ProbabilityGrid grid, SearchArea area)
    {
        var corners = area.Corners();
        double x0 = corners.Min(c => c.X), x1 = corners.Max(c => c.X), y0 = corners.Min(c => c.Y), y1 = corners.Max(c => c.Y);
        for (int r = 0; r < grid.Rows; r++)
        {
            for (int c = 0; c < grid.Columns; c++)
            {
                var (x, y) = grid.CellCentre(c, r);
                if (x > x0 && x < x1 && y > y0 && y < y1) yield return (r * grid.Columns) + c;
            }
        }
    }
}
