using System.CommandLine;

namespace MaritimeCoord.DevTools.Commands;

/// <summary>
/// The `mcoord-dev` command tree: `load …` (the load generators and seeders behind ops/load-*.sh). Public so tests
/// run exactly what the shell runs.
/// </summary>
public static class DevCli
{
    public static RootCommand Build() => new("MaritimeCoord developer tools: load generators and synthetic-data seeders (never against a production database)")
    {
        CotLoadCommands.AddTo(DriftLoadCommands.AddTo(ReplayCommands.AddTo(HubLoadCommands.AddTo(HistoryCommands.AddTo(ResponderLoadCommands.AddTo(LoadCommands.Build())))))),
    };
}
