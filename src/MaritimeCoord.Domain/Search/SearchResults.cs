using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Search;

/// <summary>A position of an asset's actual track.</summary>
public readonly record struct TrackPoint(double Latitude, double Longitude, DateTimeOffset Time);

/// <summary>
/// What one asset reported after searching: the sweep width on scene (the planned W corrected for the visibility and
/// sea state met), and either its actual track or the share of its planned pattern it completed (1 = fully).
/// </summary>
public sealed record AssetSearchReport
{
    private AssetSearchReport(string assetCode, double sweepWidthNm, IReadOnlyList<TrackPoint>? track, AssetAssignment? planned, double fractionCompleted)
    {
        if (!(sweepWidthNm > 0) || !double.IsFinite(sweepWidthNm)) throw new ArgumentOutOfRangeException(nameof(sweepWidthNm), sweepWidthNm, "Sweep width must be positive.");
        if (!(fractionCompleted is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(fractionCompleted), fractionCompleted, "Share completed must be in [0, 1].");
        AssetCode = assetCode;
        SweepWidthNm = sweepWidthNm;
        Track = track;
        Planned = planned;
        FractionCompleted = fractionCompleted;
    }

    public static AssetSearchReport FromTrack(string assetCode, double sweepWidthNm, IReadOnlyList<TrackPoint> track)
    {
        ArgumentNullException.ThrowIfNull(track);
        for (int i = 1; i < track.Count; i++)
            if (track[i].Time < track[i - 1].Time) throw new ArgumentException($"Track point {i} is earlier than the one before.", nameof(track));
        return new(assetCode, sweepWidthNm, track, null, 1);
    }

    public static AssetSearchReport FromPlan(AssetAssignment planned, double fractionCompleted, double? sweepWidthNmOnScene = null)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return new(planned.Asset.AssetCode, sweepWidthNmOnScene ?? planned.Asset.SweepWidthNm, null, planned, fractionCompleted);
    }

    public string AssetCode { get; }
    public double SweepWidthNm { get; }
    public IReadOnlyList<TrackPoint>? Track { get; }
    public AssetAssignment? Planned { get; }
    public double FractionCompleted { get; }
}

/// <summary>A search's effect on the map.</summary>
/// <param name="Updated">The grid after p ← p (1 − POD), renormalised; its ProbabilityInGrid is the prior's × (1 − POS).</param>
/// <param name="ProbabilityOfDetection">Per cell, all assets together.</param>
/// <param name="ProbabilityOfSuccess">This search's POS, conditional on the object being in the grid.</param>
/// <param name="CumulativeProbabilityOfSuccess">All searches so far: 1 − (1 − previous cumulative)(1 − POS).</param>
public sealed record SearchUpdate(ProbabilityGrid Updated, double[] ProbabilityOfDetection, double ProbabilityOfSuccess, double CumulativeProbabilityOfSuccess)
{
    /// <summary>This search's POS as an unconditional probability (times the prior's ProbabilityInGrid).</summary>
    public double AbsoluteProbabilityOfSuccess { get; init; }
}

/// <summary>
/// Search results → probability of detection per cell from the real coverage (track length in each cell × W / cell
/// area, random search: POD = 1 − exp(−C)) → Bayesian update of the map (Stone, Theory of Optimal Search; as SAROPS does).
/// </summary>
public static class SearchResults
{
    /// <param name="gridTime">The time the grid's particles are for; tracks are brought into the frame drifting with the object.</param>
    /// <param name="drift">The object's drift since <paramref name="gridTime"/> (null: the object is taken as still).</param>
    public static SearchUpdate Apply(ProbabilityGrid grid, IReadOnlyList<AssetSearchReport> reports, DateTimeOffset gridTime,
        DriftSinceStart? drift = null, double previousCumulativePos = 0)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(reports);
        if (!(previousCumulativePos is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(previousCumulativePos));
        return FromCoverage(grid, Coverage(grid, reports, gridTime, drift), previousCumulativePos);
    }

    /// <summary>
    /// Coverage per cell (W × track length in the cell / cell area, summed over the reports): what <see cref="Apply"/>
    /// updates the map with, kept per asset by a host that records results one asset at a time.
    /// </summary>
    public static double[] Coverage(ProbabilityGrid grid, IReadOnlyList<AssetSearchReport> reports, DateTimeOffset gridTime, DriftSinceStart? drift = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(reports);
        var coverage = new double[grid.CellCount];
        foreach (var report in reports)
        {
            var track = PlaneTrack(grid, report, gridTime, drift);
            double w = report.SweepWidthNm * Distances.MetresPerNauticalMile;
            AddCoverage(grid, track, w / grid.CellAreaSquareMetres, coverage);
        }
        return coverage;
    }

    /// <summary>The update for given coverage per cell (C summed over assets: independent looks multiply their misses).</summary>
    public static SearchUpdate FromCoverage(ProbabilityGrid grid, ReadOnlySpan<double> coverage, double previousCumulativePos = 0)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (coverage.Length != grid.CellCount) throw new ArgumentOutOfRangeException(nameof(coverage));
        var p = grid.Probabilities;
        var pod = new double[grid.CellCount];
        var remaining = new double[grid.CellCount];
        double pos = 0;
        for (int i = 0; i < pod.Length; i++)
        {
            if (!(coverage[i] >= 0)) throw new ArgumentOutOfRangeException(nameof(coverage), "Coverage must be non-negative.");
            pod[i] = 1 - Math.Exp(-coverage[i]);
            pos += p[i] * pod[i];
            remaining[i] = p[i] * (1 - pod[i]);
        }
        pos = Math.Clamp(pos, 0, 1);
        var updated = grid.WithProbabilities(remaining, grid.ProbabilityInGrid * (1 - pos));
        double cumulative = 1 - ((1 - previousCumulativePos) * (1 - pos));
        return new SearchUpdate(updated, pod, pos, cumulative) { AbsoluteProbabilityOfSuccess = pos * grid.ProbabilityInGrid };
    }

    /// <summary>
    /// The same update on the particles themselves (weight × (1 − POD of its cell)), so the next drift run carries the
    /// search's result forward. Particles outside the grid, and stranded ones, keep their weight.
    /// </summary>
    public static double[] UpdateParticleWeights(ProbabilityGrid grid, ReadOnlySpan<double> pod, ReadOnlySpan<double> latitudes, ReadOnlySpan<double> longitudes,
        ReadOnlySpan<bool> stranded, ReadOnlySpan<double> weights)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var result = new double[latitudes.Length];
        for (int i = 0; i < result.Length; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i];
            if (stranded.IsEmpty || !stranded[i])
            {
                var (x, y) = grid.Projection.Forward(latitudes[i], longitudes[i]);
                if (grid.CellAt(x, y) is { } cell) w *= 1 - pod[(cell.Row * grid.Columns) + cell.Column];
            }
            result[i] = w;
        }
        return result;
    }

    private static List<(double X, double Y)> PlaneTrack(ProbabilityGrid grid, AssetSearchReport report, DateTimeOffset gridTime, DriftSinceStart? drift)
    {
        if (report.Planned is { } planned)
        {
            var full = SearchPatterns.PlaneTrack(planned);
            return SearchPatterns.Truncate(full, SearchPatterns.Length(full) * report.FractionCompleted);
        }
        var track = new List<(double X, double Y)>(report.Track!.Count);
        foreach (var point in report.Track)
        {
            var position = new GeoPosition(point.Latitude, point.Longitude);
            if (drift is not null)
            {
                var (east, north) = drift(point.Time - gridTime);
                position = SearchPatterns.Shift(position, (-east, -north));
            }
            track.Add(grid.Projection.Forward(position.Latitude, position.Longitude));
        }
        return track;
    }

    /// <summary>Adds length-in-cell × <paramref name="perMetre"/> to each cell a polyline crosses.</summary>
    internal static void AddCoverage(ProbabilityGrid grid, IReadOnlyList<(double X, double Y)> track, double perMetre, double[] coverage)
    {
        var cuts = new List<double>();
        double s = grid.CellSizeMetres;
        for (int i = 1; i < track.Count; i++)
        {
            var (ax, ay) = track[i - 1];
            var (bx, by) = track[i];
            double dx = bx - ax, dy = by - ay, length = Math.Sqrt((dx * dx) + (dy * dy));
            if (length == 0) continue;
            // Parameters where the segment crosses cell edges; between two, it lies in one cell.
            cuts.Clear();
            cuts.Add(0);
            cuts.Add(1);
            AddCrossings(cuts, ax - grid.OriginX, dx, s);
            AddCrossings(cuts, ay - grid.OriginY, dy, s);
            cuts.Sort();
            for (int k = 1; k < cuts.Count; k++)
            {
                double t0 = cuts[k - 1], t1 = cuts[k];
                if (t1 <= t0) continue;
                double tm = (t0 + t1) / 2;
                if (grid.CellAt(ax + (tm * dx), ay + (tm * dy)) is { } cell)
                    coverage[(cell.Row * grid.Columns) + cell.Column] += (t1 - t0) * length * perMetre;
            }
        }
    }

    private static void AddCrossings(List<double> cuts, double start, double delta, double size)
    {
        if (delta == 0) return;
        double from = start / size, to = (start + delta) / size;
        double lo = Math.Min(from, to), hi = Math.Max(from, to);
        for (double line = Math.Floor(lo) + 1; line < hi; line++)
            cuts.Add(((line * size) - start) / delta);
    }
}
