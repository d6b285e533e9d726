using System.CommandLine;
using MaritimeCoord.Cli.Commands;
using MaritimeCoord.DevTools.Load;

namespace MaritimeCoord.DevTools.Commands;

/// <summary>`mcoord load hub`: SignalR clients with viewports under AIS load, and forced disconnects (docs/realtime.md).</summary>
internal static class HubLoadCommands
{
    public static Command AddTo(Command load)
    {
        var url = new Option<string>("--url") { Description = "Server base URL, e.g. http://127.0.0.1:5080; several nodes comma-separated (clients alternate between them)", Required = true };
        var key = new Option<string?>("--key") { Description = "Signing key to issue operator/liaison tokens (default: $Auth__SigningKey or $MCOORD_SIGNING_KEY)" };
        var clients = new Option<int>("--clients") { Description = "SignalR clients (WebSockets), each an operator with a random viewport", DefaultValueFactory = _ => 1_000 };
        var protocol = new Option<string>("--protocol") { Description = "json or messagepack", DefaultValueFactory = _ => "messagepack" };
        var duration = new Option<double>("--duration") { Description = "Seconds measured", DefaultValueFactory = _ => 60 };
        var tcp = new Option<string?>("--ingest-tcp") { Description = "HOST:PORT of the server's TCP feed: synthetic AIS is pushed there at --rate" };
        var rate = new Option<int>("--rate") { Description = "AIS positions per second into ingest", DefaultValueFactory = _ => 10_000 };
        var vessels = new Option<int>("--vessels") { Description = "Vessels in the synthetic fleet", DefaultValueFactory = _ => 20_000 };
        var pid = new Option<int?>("--server-pid") { Description = "Server process id, for its RSS and peak RSS (/proc/PID/status)" };
        var dropEvery = new Option<double>("--drop-every") { Description = "Seconds between forced disconnects (0: none)", DefaultValueFactory = _ => 0 };
        var dropCount = new Option<int>("--drop-count") { Description = "Random clients cut off each time", DefaultValueFactory = _ => 10 };
        var sightings = new Option<double>("--sightings-per-second") { Description = "Sightings posted (incident events); with them every client's numbered stream is checked at the end", DefaultValueFactory = _ => 0 };
        var centres = new Option<string>("--centres") { Description = "Operators' centres, comma-separated (clients and sightings alternate)", DefaultValueFactory = _ => "BASARNAS-IDN,JRCC-AUS" };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 5 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of the same load before measuring (not recorded)", DefaultValueFactory = _ => 20 };

        var command = new Command("hub", "SignalR live-picture load: N WebSocket clients with viewports, AIS at a constant rate, latency from ingest acceptance; forced disconnects with a sequence check")
            { url, key, clients, protocol, duration, tcp, rate, vessels, pid, dropEvery, dropCount, sightings, centres, seed, warmup };
        command.SetAction(async (parse, ct) =>
        {
            var signingKey = parse.GetValue(key) ?? Environment.GetEnvironmentVariable("Auth__SigningKey") ?? Environment.GetEnvironmentVariable("MCOORD_SIGNING_KEY");
            if (string.IsNullOrEmpty(signingKey)) { Console.Error.WriteLine("--key (or $Auth__SigningKey) is required to issue tokens."); return 2; }
            var p = parse.GetValue(protocol)!.ToLowerInvariant();
            if (p is not ("json" or "messagepack")) { Console.Error.WriteLine("--protocol must be json or messagepack."); return 2; }
            if (parse.GetValue(tcp) is { } t && !FeedCommands.TryParseEndpoint(t, out _, out _)) { Console.Error.WriteLine("--ingest-tcp must be HOST:PORT."); return 2; }
            if (parse.GetValue(clients) is < 1 or > 20_000) { Console.Error.WriteLine("--clients must be 1..20,000."); return 2; }
            var urls = new List<Uri>();
            foreach (var u in parse.GetValue(url)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    Console.Error.WriteLine($"--url: '{u}' is not an http(s) URL.");
                    return 2;
                }
                urls.Add(uri);
            }
            if (urls.Count == 0) { Console.Error.WriteLine("--url needs at least one server URL."); return 2; }
            return await HubLoad.RunAsync(new HubLoad.Options(urls, signingKey, parse.GetValue(clients), p,
                TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(tcp), parse.GetValue(rate), parse.GetValue(vessels), parse.GetValue(pid),
                TimeSpan.FromSeconds(parse.GetValue(dropEvery)), parse.GetValue(dropCount), parse.GetValue(sightings),
                parse.GetValue(centres)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), parse.GetValue(seed),
                TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(warmup))), Console.Out), ct);
        });
        load.Subcommands.Add(command);
        return load;
    }
}
