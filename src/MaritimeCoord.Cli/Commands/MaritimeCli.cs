using System.CommandLine;

namespace MaritimeCoord.Cli.Commands;

/// <summary>
/// The `mcoord` command tree. Each command group lives in Commands/&lt;Group&gt;Commands.cs and exposes a static Build(),
/// so this stays composition only; public so tests can run exactly what the shell runs. The load generators and
/// seeders are not here: they write synthetic data into whatever database they are given, so they live in the
/// developer tool `mcoord-dev` (src/MaritimeCoord.DevTools), which is neither published nor put in the image.
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
        ForcingCommands.Build(),
        HealthCommands.Build(),
        PersonalDataKeyCommands.Build(),
    };
}
