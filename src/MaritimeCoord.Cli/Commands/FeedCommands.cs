using System.CommandLine;
using MaritimeCoord.Cli.Feeds;

namespace MaritimeCoord.Cli.Commands;

internal static class FeedCommands
{
    public static Command Build()
    {
        // A string, not Uri: System.CommandLine 2.0 has no Uri parser and throws at GetValue.
        var url = new Option<string>("--url") { Description = "Server base URL", DefaultValueFactory = _ => "http://127.0.0.1:5080/" };
        url.Validators.Add(r =>
        {
            if (!Uri.TryCreate(r.GetValueOrDefault<string>(), UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
                r.AddError("--url must be an absolute http(s) URL, e.g. http://127.0.0.1:5080/");
        });
        var token = new Option<string?>("--token") { Description = "Bearer token of a liaison officer (default: $MCOORD_TOKEN)" };
        var interval = new Option<double>("--interval") { Description = "Seconds between posts", DefaultValueFactory = _ => 5 };
        var loop = new Option<bool>("--loop") { Description = "Replay the file again and again (boats drift between rounds)" };
        var file = new Argument<FileInfo>("file") { Description = "NDJSON file of sightings (see samples/sightings/)" };

        var sightings = new Command("sightings", "Post a file of sightings to the API, with idempotency keys and retries") { file, url, token, interval, loop };
        sightings.SetAction(async (parse, ct) =>
        {
            var bearer = parse.GetValue(token) ?? Environment.GetEnvironmentVariable("MCOORD_TOKEN");
            if (string.IsNullOrWhiteSpace(bearer)) { Console.Error.WriteLine("Pass --token or set MCOORD_TOKEN (mcoord token issue --role liaison --centre ...)."); return 2; }
            var path = parse.GetValue(file)!;
            if (!path.Exists) { Console.Error.WriteLine($"{path.FullName} does not exist."); return 2; }
            using var http = SightingFeed.CreateClient(new Uri(parse.GetValue(url)!), bearer);
            var feed = new SightingFeed(http, Console.Out);
            try
            {
                var posted = await feed.RunAsync(path.FullName, TimeSpan.FromSeconds(parse.GetValue(interval)), parse.GetValue(loop), ct);
                Console.WriteLine($"{posted} sightings posted");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
            return 0;
        });
        return new Command("feed", "Sample feeds for demos and tests") { sightings, BuildReplay(), BuildDemo() };
    }

    private static Command BuildReplay()
    {
        var file = new Argument<FileInfo>("file") { Description = "Capture of raw NMEA lines (.gz accepted)" };
        var tcp = new Option<string>("--tcp") { Description = "HOST:PORT of a TCP server-mode AIS feed", Required = true };
        var rate = new Option<string>("--rate")
        {
            Description = "original (capture timing from tag-block c: / $PGHP / USCG times), max (as fast as possible), or N lines per second",
            DefaultValueFactory = _ => "original",
        };
        var speed = new Option<double>("--speed") { Description = "Speed-up factor for --rate original", DefaultValueFactory = _ => 1 };
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds" };
        var loop = new Option<bool>("--loop") { Description = "Start the capture again at its end (until --duration or Ctrl+C)" };

        var replay = new Command("replay", "Replay an AIS capture to a TCP feed, with its original timing or as fast as possible") { file, tcp, rate, speed, duration, loop };
        replay.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) { Console.Error.WriteLine($"{path.FullName} does not exist."); return 2; }
            if (!TryParseEndpoint(parse.GetValue(tcp)!, out var host, out int port)) { Console.Error.WriteLine("--tcp must be HOST:PORT."); return 2; }
            if (!ReplayRate.TryParse(parse.GetValue(rate)!, out var parsedRate)) { Console.Error.WriteLine("--rate must be original, max or a positive number."); return 2; }
            var options = new ReplayOptions(parsedRate, Math.Max(1e-6, parse.GetValue(speed)),
                parse.GetValue(duration) is { } s ? TimeSpan.FromSeconds(s) : null, parse.GetValue(loop));
            try
            {
                var result = await NmeaReplay.ToTcpAsync(() => NmeaReplay.OpenCapture(path.FullName), host, port, options, ct);
                Console.WriteLine($"feed replay: {result.Lines} lines, {result.Bytes} bytes in {result.Elapsed.TotalSeconds:F2} s ({result.Lines / Math.Max(result.Elapsed.TotalSeconds, 1e-9):F0} lines/s)");
                return 0;
            }
            catch (System.Net.Sockets.SocketException e)
            {
                Console.Error.WriteLine($"feed replay: {e.Message}");
                return 1;
            }
        });
        return replay;
    }

    private static Command BuildDemo()
    {
        var tcp = new Option<string>("--tcp") { Description = "HOST:PORT of the server's TCP AIS feed (Ingest:Feeds)", DefaultValueFactory = _ => "127.0.0.1:10110" };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same fleet)", DefaultValueFactory = _ => 1 };
        var lanes = new Option<int>("--lane-vessels") { Description = "Ships in the lanes through the straits", DefaultValueFactory = _ => 2400 };
        var fishing = new Option<int>("--fishing-vessels") { Description = "Fishing boats on their grounds", DefaultValueFactory = _ => 600 };
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds (default: run until Ctrl+C)" };
        var demo = new Command("demo",
            "Demo AIS traffic for the region, time-shifted to now: ships in the straits' lanes, fishing fleets, a vessel that goes dark, " +
            "a rendezvous and a loitering boat off Kupang; sends the last hours first so the detectors find them at once, then live")
            { tcp, seed, lanes, fishing, duration };
        demo.SetAction(async (parse, ct) =>
        {
            if (!TryParseEndpoint(parse.GetValue(tcp)!, out var host, out int port)) { Console.Error.WriteLine("--tcp must be HOST:PORT."); return 2; }
            var traffic = Domain.Detection.Scenarios.DemoTraffic.Create(parse.GetValue(seed), parse.GetValue(lanes), parse.GetValue(fishing));
            try
            {
                await new DemoFeed(traffic, Console.Out, TimeProvider.System).RunAsync(host, port,
                    parse.GetValue(duration) is { } s ? TimeSpan.FromSeconds(s) : null, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
            return 0;
        });
        return demo;
    }

    public static bool TryParseEndpoint(string text, out string host, out int port)
    {
        host = "";
        port = 0;
        int colon = text.LastIndexOf(':');
        if (colon <= 0) return false;
        host = text[..colon];
        return int.TryParse(text[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536;
    }
}
