using MaritimeCoord.DevTools.Commands;

namespace MaritimeCoord.DevTools;

// Not top-level statements: those declare a global `Program` that clashes with the server's `Program` in test projects
// that reference both (WebApplicationFactory<Program>).
internal static class DevToolsProgram
{
    public static Task<int> Main(string[] args) => DevCli.Build().Parse(args).InvokeAsync();
}
