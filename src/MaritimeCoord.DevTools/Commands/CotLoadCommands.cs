using System.CommandLine;
using MaritimeCoord.Cli.Commands;
using MaritimeCoord.DevTools.Load;

namespace MaritimeCoord.DevTools.Commands;

/// <summary>`mcoord-dev load cot`: unit tracks into the CoT listener, N streaming TAK endpoints and slow ones out (docs/tak.md § Figures).</summary>
internal static class CotLoadCommands
{
    public static Command AddTo(Command load)
    {
        var listener = new Option<string>("--listener") { Description = "HOST:PORT of the server's CoT listener for the centre's units", Required = true };
        var endpoints = new Option<string>("--endpoints") { Description = "HOST:FIRSTPORT where this tool listens as the centre's TAK endpoints (consecutive ports: fast ones, then slow ones)", Required = true };
        var clients = new Option<int>("--clients") { Description = "Streaming TAK endpoints that read everything", DefaultValueFactory = _ => 50 };
        var slow = new Option<int>("--slow") { Description = "Endpoints that accept and never read", DefaultValueFactory = _ => 1 };
        var tracks = new Option<int>("--tracks") { Description = "Units, each reporting once a second", DefaultValueFactory = _ => 5_000 };
        var connections = new Option<int>("--connections") { Description = "TCP connections the units' reports are spread over", DefaultValueFactory = _ => 10 };
        var prefix = new Option<string>("--callsign-prefix") { Description = "Units' callsigns are PREFIX00000…", DefaultValueFactory = _ => "LOAD" };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of the same load before measuring", DefaultValueFactory = _ => 10 };
        var duration = new Option<double>("--duration") { Description = "Seconds measured", DefaultValueFactory = _ => 60 };
        var connect = new Option<double>("--connect-timeout") { Description = "Seconds to wait for the server's links", DefaultValueFactory = _ => 60 };
        var command = new Command("cot", "CoT out under load: unit tracks into the listener, latency from acceptance to N streaming TAK endpoints, slow ones dropped")
            { listener, endpoints, clients, slow, tracks, connections, prefix, warmup, duration, connect };
        command.SetAction(async (parse, ct) =>
        {
            if (!FeedCommands.TryParseEndpoint(parse.GetValue(listener)!, out var lh, out int lp)) { Console.Error.WriteLine("--listener must be HOST:PORT."); return 2; }
            if (!FeedCommands.TryParseEndpoint(parse.GetValue(endpoints)!, out var eh, out int ep)) { Console.Error.WriteLine("--endpoints must be HOST:FIRSTPORT."); return 2; }
            if (parse.GetValue(clients) is < 1 or > 500) { Console.Error.WriteLine("--clients must be 1..500."); return 2; }
            if (parse.GetValue(tracks) is < 1 or > 100_000) { Console.Error.WriteLine("--tracks must be 1..100,000."); return 2; }
            if (parse.GetValue(connections) is < 1 or > 64) { Console.Error.WriteLine("--connections must be 1..64."); return 2; }
            return await CotLoad.RunAsync(new CotLoad.Options(lh, lp, eh, ep, parse.GetValue(clients), Math.Max(0, parse.GetValue(slow)), parse.GetValue(tracks),
                parse.GetValue(connections), parse.GetValue(prefix)!, TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(warmup))),
                TimeSpan.FromSeconds(parse.GetValue(duration)), TimeSpan.FromSeconds(parse.GetValue(connect)), Console.Out), ct);
        });
        load.Subcommands.Add(command);
        return load;
    }
}
