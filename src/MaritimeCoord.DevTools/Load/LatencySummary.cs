using System.Globalization;

namespace MaritimeCoord.DevTools.Load;

/// <summary>
/// Percentiles of a set of latencies by sorting every sample (exact, unlike a bucketed HdrHistogram; at 12,000 samples
/// a sort costs nothing). Nearest-rank definition: pX is the smallest sample ≥ X % of all samples.
/// </summary>
public sealed record LatencySummary(int Count, double MeanMs, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs)
{
    public static LatencySummary Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    public static LatencySummary Of(IEnumerable<double> millis)
    {
        var sorted = millis.ToArray();
        if (sorted.Length == 0) return Empty;
        Array.Sort(sorted);
        return new(sorted.Length, sorted.Average(), Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 99), Percentile(sorted, 99.9), sorted[^1]);
    }

    public static double Percentile(double[] sorted, double percent)
    {
        if (sorted.Length == 0) return double.NaN;
        int rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public string Row(string label) => string.Create(CultureInfo.InvariantCulture,
        $"  {label,-34} {Count,8:N0} {P50Ms,8:F2} {P90Ms,8:F2} {P99Ms,8:F2} {P999Ms,8:F2} {MaxMs,8:F2} {MeanMs,8:F2}");

    public static string Header => string.Create(CultureInfo.InvariantCulture,
        $"  {"latency (ms)",-34} {"n",8} {"p50",8} {"p90",8} {"p99",8} {"p99.9",8} {"max",8} {"mean",8}");
}
