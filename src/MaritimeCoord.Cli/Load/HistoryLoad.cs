using System.CommandLine;

namespace MaritimeCoord.Cli.Load;

internal static class HistoryLoadCommand
{
    public static Command Build() => new("history", "placeholder");
}
