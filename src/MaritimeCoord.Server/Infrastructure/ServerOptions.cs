namespace MaritimeCoord.Server.Infrastructure;

/// <summary>Which parts this node runs; several nodes with different roles share one PostgreSQL, broker and Redis.</summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary>Hangfire background job server (recurring jobs).</summary>
    public bool Jobs { get; set; } = true;

    /// <summary>AIS feed listeners and the ingest pipeline (Ingest section); off unless asked for, so API nodes open no feed ports.</summary>
    public bool Ingest { get; set; }
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public bool MigrateOnStartup { get; set; } = true;
}

public sealed class SamplesOptions
{
    public const string Section = "Samples";

    /// <summary>
    /// Load the sample (approximate) rescue centres and SAR regions, land, 12 nm limits and the fictional response assets
    /// into an empty database. Unset: only in Development or in demo mode (<see cref="DemoOptions"/>), so a production
    /// node never offers fictional assets to operators or computes jurisdiction from approximate boundaries.
    /// </summary>
    public bool? LoadOnStartup { get; set; }

    /// <summary>Folder of samples/geo; relative paths are resolved from the content root.</summary>
    public string GeoPath { get; set; } = "../../samples/geo";

    /// <summary>Sample registry of (fictional) government response assets.</summary>
    public string AssetsPath { get; set; } = "../../samples/responders/assets.geojson";
}

/// <summary>
/// Section <c>Demo</c>; <c>--demo</c> on the command line sets <c>Demo:Enabled</c>. Demo mode loads the samples into an
/// empty database (ops/run.sh, docker compose); the demo feeds themselves are separate processes.
/// </summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";
    public const string Switch = "--demo";

    public bool Enabled { get; set; }

    /// <summary>The arguments with <c>--demo</c> turned into a configuration switch the command-line provider understands.</summary>
    public static string[] Arguments(string[] args) =>
        [.. args.Select(a => string.Equals(a, Switch, StringComparison.Ordinal) ? $"--{Section}:{nameof(Enabled)}=true" : a)];
}
