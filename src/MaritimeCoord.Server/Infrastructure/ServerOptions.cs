namespace MaritimeCoord.Server.Infrastructure;

/// <summary>Which parts this node runs; several nodes with different roles share one PostgreSQL, broker and Redis.</summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary>HTTP API, web console and SignalR hub.</summary>
    public bool Api { get; set; } = true;

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

    /// <summary>Load the sample rescue centres and SAR regions when the database has none.</summary>
    public bool LoadOnStartup { get; set; } = true;

    /// <summary>Folder of samples/geo; relative paths are resolved from the content root.</summary>
    public string GeoPath { get; set; } = "../../samples/geo";

    /// <summary>Sample registry of (fictional) government response assets.</summary>
    public string AssetsPath { get; set; } = "../../samples/responders/assets.geojson";
}
