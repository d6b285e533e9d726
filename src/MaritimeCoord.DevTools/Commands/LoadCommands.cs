using System.CommandLine;
using MaritimeCoord.Cli.Commands;
using MaritimeCoord.DevTools.Load;

namespace MaritimeCoord.DevTools.Commands;

internal static class LoadCommands
{
    public static Command Build()
    {
        var tcp = new Option<string>("--tcp") { Description = "HOST:PORT of the server's TCP server-mode feed", Required = true };
        var db = new Option<string>("--db") { Description = "Npgsql connection string of the server's database", Required = true };
        var pid = new Option<int?>("--server-pid") { Description = "Server process id, for its peak RSS (/proc/PID/status VmHWM)" };
        var duration = new Option<double>("--duration") { Description = "Seconds of replay", DefaultValueFactory = _ => 60 };
        var capture = new Option<string?>("--capture") { Description = "Capture to replay (default: a synthetic one is generated)" };
        var lines = new Option<long>("--lines") { Description = "Lines of the generated capture", DefaultValueFactory = _ => 8_000_000 };
        var vessels = new Option<int>("--vessels") { Description = "Vessels in the generated capture", DefaultValueFactory = _ => 20_000 };

        var ingest = new Command("ingest", "End-to-end ingest load: max-rate TCP replay, positions/s persisted, peak RSS, raw COPY limit")
            { tcp, db, pid, duration, capture, lines, vessels };
        ingest.SetAction(async (parse, ct) =>
        {
            if (!FeedCommands.TryParseEndpoint(parse.GetValue(tcp)!, out var host, out int port)) { Console.Error.WriteLine("--tcp must be HOST:PORT."); return 2; }
            var path = parse.GetValue(capture);
            if (path is null)
            {
                path = Path.Combine(Path.GetTempPath(), "mcoord-load-capture.nmea");
                // Starts 10 minutes before UTC midnight of yesterday, so a run spans two day partitions.
                var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1).AddHours(23).AddMinutes(50), TimeSpan.Zero);
                Console.WriteLine($"load ingest: generating {parse.GetValue(lines):N0} lines, {parse.GetValue(vessels):N0} vessels → {path}");
                SyntheticAis.Write(path, parse.GetValue(lines), parse.GetValue(vessels), start);
            }

            return await IngestLoad.RunAsync(new IngestLoad.Options(host, port, parse.GetValue(db)!, parse.GetValue(pid),
                TimeSpan.FromSeconds(parse.GetValue(duration)), path, Console.Out), ct);
        });
        return new Command("load", "Load generators") { ingest };
    }
}
