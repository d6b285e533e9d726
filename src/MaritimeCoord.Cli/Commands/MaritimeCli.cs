using System.CommandLine;

namespace MaritimeCoord.Cli.Commands;

/// <summary>
/// The `mcoord` command tree. Each command group lives in Commands/&lt;Group&gt;Commands.cs and exposes a static Build(),
/// so this stays composition only; public so tests can run exactly what the shell runs.
/// </summary>
public static class MaritimeCli
{
    public static RootCommand Build() => new("MaritimeCoord command-line tools")
    {
        AisCommands.Build(),
        TokenCommands.Build(),
        GeoCommands.Build(),
        FeedCommands.Build(),
        ScenarioCommands.Build(),
        DriftCommands.Build(),
        CotLoadCommands.AddTo(DriftLoadCommands.AddTo(ReplayCommands.AddTo(HubLoadCommands.AddTo(HistoryCommands.AddTo(ResponderLoadCommands.AddTo(LoadCommands.Build())))))),
        DriftLoadCommands.Forcing(),
    };
}
