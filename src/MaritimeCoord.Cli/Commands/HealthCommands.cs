using System.CommandLine;

namespace MaritimeCoord.Cli.Commands;

/// <summary>
/// `mcoord health [--url URL]`: exit 0 when the server answers 2xx on its readiness endpoint, 1 otherwise. The image's
/// HEALTHCHECK: the runtime images carry no curl, and the probe must mean what a load balancer's does (/health/ready:
/// PostgreSQL and the broker reachable, outbox not stalled).
/// </summary>
internal static class HealthCommands
{
    public static Command Build()
    {
        var url = new Option<string?>("--url")
        {
            Description = "Readiness URL (default: http://127.0.0.1:PORT/health/ready, PORT the first of $ASPNETCORE_HTTP_PORTS, else 8080)",
        };
        var command = new Command("health", "Probe the server's readiness endpoint: exit 0 when ready") { url };
        command.SetAction(async (parse, ct) =>
        {
            var target = parse.GetValue(url) ?? DefaultUrl(Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"));
            if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                Console.Error.WriteLine("--url must be an absolute http(s) URL.");
                return 2;
            }
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                using var response = await http.GetAsync(uri, ct);
                Console.WriteLine($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                return response.IsSuccessStatusCode ? 0 : 1;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Console.Error.WriteLine($"{uri}: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    internal static string DefaultUrl(string? httpPorts)
    {
        var first = httpPorts?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return $"http://127.0.0.1:{(int.TryParse(first, out var port) ? port : 8080)}/health/ready";
    }
}
