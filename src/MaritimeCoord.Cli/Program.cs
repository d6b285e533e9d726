using System.CommandLine;
using MaritimeCoord.Cli.Commands;

// `mcoord`: one entry point for operators' and developers' tools. Each command group lives in Commands/<Group>Commands.cs
// and exposes a static Build() so this file stays composition only.
var root = new RootCommand("MaritimeCoord command-line tools")
{
    AisCommands.Build(),
    TokenCommands.Build(),
    GeoCommands.Build(),
    FeedCommands.Build(),
};
return await root.Parse(args).InvokeAsync();
