using BenchmarkDotNet.Running;

if (args is ["drift-cpu"])
{
    MaritimeCoord.Benchmarks.DriftBenchmarks.PrintCpuTime();
    return;
}

// `detection-reread VESSELS`: the detection day with a fixed 2-minute re-read beside only the new positions
// (docs/detection.md); equal fingerprints mean the re-read changed nothing but the cost.
if (args is ["detection-reread", var vessels])
{
    foreach (int minutes in new[] { 2, 0 })
    {
        Console.WriteLine($"// re-read {minutes} min per minute handed over:");
        new MaritimeCoord.Benchmarks.DetectionThroughput { Vessels = int.Parse(vessels, System.Globalization.CultureInfo.InvariantCulture), IntervalSeconds = 30, RereadMinutes = minutes }.Day();
    }
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(MaritimeCoord.Benchmarks.AisDecoderBenchmarks).Assembly).Run(args);
