using System.CommandLine;
using MaritimeCoord.Cli.Feeds;

namespace MaritimeCoord.Cli.Commands;

internal static class FeedCommands
{
    public static Command Build()
    {
        var url = new Option<Uri>("--url") { Description = "Server base URL", DefaultValueFactory = _ => new Uri("http://127.0.0.1:5080/") };
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
            using var http = SightingFeed.CreateClient(parse.GetValue(url)!, bearer);
            var feed = new SightingFeed(http, Console.Out);
            try
            {
                var posted = await feed.RunAsync(path.FullName, TimeSpan.FromSeconds(parse.GetValue(interval)), parse.GetValue(loop), ct);
                Console.WriteLine($"{posted} sightings posted");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
            return 0;
        });
        return new Command("feed", "Sample feeds for demos and tests") { sightings };
    }
}
