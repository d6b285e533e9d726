using MaritimeCoord.Cli.Commands;

namespace MaritimeCoord.Cli;

// Not top-level statements: those declare a global `Program` that clashes with the server's `Program` in test projects
// that reference both (WebApplicationFactory<Program>).
internal static class CliProgram
{
    public static Task<int> Main(string[] args) => MaritimeCli.Build().Parse(args).InvokeAsync();
}
