using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(MaritimeCoord.Benchmarks.AisDecoderBenchmarks).Assembly).Run(args);
