using System.Diagnostics;
using System.Text;

namespace MaritimeCoord.FaultTests;

/// <summary>
/// The real server binary as a child process, started like ops/run.sh does (from its project folder, configured by
/// environment variables), so that <c>kill -9</c> kills exactly what production would lose.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder log;
    public Uri Url { get; }
    public int Pid => process.Id;
    public string Log { get { lock (log) return log.ToString(); } }

    private ServerProcess(Process process, Uri url, StringBuilder log) { this.process = process; Url = url; this.log = log; }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MaritimeCoord.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("MaritimeCoord.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The server built in the same configuration as this test assembly (dotnet test builds both).</summary>
    public static string ServerDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryRoot(), "src", "MaritimeCoord.Server", "bin", configuration, "net10.0", "MaritimeCoord.Server.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the server first", dll);
    }

    /// <summary><paramref name="port"/>: a fixed HTTP port, so a restarted node answers clients at the same address.</summary>
    public static async Task<ServerProcess> StartAsync(string connectionString, string signingKey, IDictionary<string, string>? extra = null, int? port = null)
    {
        port ??= PrivatePostgres.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet", [ServerDll(), "--urls", url.ToString().TrimEnd('/')])
        {
            WorkingDirectory = Path.Combine(RepositoryRoot(), "src", "MaritimeCoord.Server"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["ConnectionStrings__Maritime"] = connectionString;
        env["ConnectionStrings__Redis"] = "";
        env["Auth__SigningKey"] = signingKey;
        env["Samples__LoadOnStartup"] = "true";
        env["Messaging__Transport"] = "InMemory";
        env["Jobs__Enabled"] = "false";
        env["Server__Jobs"] = "false";
        env["Security__RateLimiting__Enabled"] = "false";
        env["Logging__LogLevel__Default"] = "Warning";
        env["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) env[key] = value;

        var log = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, url, log);
        try
        {
            // Generous: a restart on a 2-core machine shared with parallel builds has been seen to need over 90 s.
            await server.WaitReadyAsync(TimeSpan.FromSeconds(240));
        }
        catch
        {
            await server.DisposeAsync(); // never leave a server process behind when it did not become ready
            throw;
        }

        return server;
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"server exited with {process.ExitCode}:\n{Log}");
            try
            {
                if ((await http.GetAsync("health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"server not ready after {timeout}:\n{Log}");
    }

    public bool HasExited => process.HasExited;

    /// <summary>SIGKILL (what <c>kill -9</c> sends): no shutdown hooks, no flushing, nothing graceful.</summary>
    public void KillDashNine()
    {
        try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
    }

    public async ValueTask DisposeAsync()
    {
        KillDashNine();
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
