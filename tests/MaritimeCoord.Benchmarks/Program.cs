using BenchmarkDotNet.Running;

if (args is ["drift-cpu"])
{
    MaritimeCoord.Benchmarks.DriftBenchmarks.PrintCpuTime();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(MaritimeCoord.Benchmarks.AisDecoderBenchmarks).Assembly).Run(args);
