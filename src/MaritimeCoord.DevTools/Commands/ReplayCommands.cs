using System.CommandLine;
using MaritimeCoord.Cli.Auth;
using MaritimeCoord.DevTools.Load;
using MaritimeCoord.Contracts.Auth;

namespace MaritimeCoord.DevTools.Commands;

/// <summary>`mcoord load seed-replay | replay`: the replay figure of issue 6 (24 h around an incident, 50 nm, first frame ≤ 1 s).</summary>
internal static class ReplayCommands
{
    public static Command AddTo(Command load)
    {
        load.Subcommands.Add(Seed());
        load.Subcommands.Add(Measure());
        return load;
    }

    private static string? Key(string? given) =>
        given ?? Environment.GetEnvironmentVariable("Auth__SigningKey") ?? Environment.GetEnvironmentVariable("MCOORD_SIGNING_KEY");

    private static Command Seed()
    {
        var url = new Option<string>("--url") { Description = "Server base URL (incidents are opened through POST /api/sightings)", Required = true };
        var connection = new Option<string>("--connection") { Description = "Npgsql connection string of the server's database", Required = true };
        var key = new Option<string?>("--key") { Description = "Signing key for the liaison token (default: $Auth__SigningKey or $MCOORD_SIGNING_KEY)" };
        var incidents = new Option<int>("--incidents") { Description = "Incidents opened on shipping lanes", DefaultValueFactory = _ => 10 };
        var around = new Option<int>("--vessels-per-incident") { Description = "Vessels starting within 60 nm of each incident", DefaultValueFactory = _ => 150 };
        var background = new Option<int>("--background-vessels") { Description = "Vessels of the synthetic fleet over the whole region", DefaultValueFactory = _ => 3_000 };
        var hours = new Option<double>("--hours") { Description = "Hours of history up to now", DefaultValueFactory = _ => 24 };
        var interval = new Option<double>("--interval") { Description = "Seconds between a vessel's positions", DefaultValueFactory = _ => 120 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 6 };
        var command = new Command("seed-replay", $"Open incidents and write synthetic tracks (MMSI {ReplayLoad.FirstMmsi}..) into ais_positions by binary COPY")
            { url, connection, key, incidents, around, background, hours, interval, seed };
        command.SetAction(async (parse, ct) =>
        {
            if (Key(parse.GetValue(key)) is not { Length: > 0 } signingKey) { Console.Error.WriteLine("--key (or $Auth__SigningKey) is required."); return 2; }
            if (parse.GetValue(interval) < 1 || parse.GetValue(hours) is <= 0 or > 24 * 30) { Console.Error.WriteLine("--interval must be ≥ 1 s and --hours 0..720."); return 2; }
            await ReplayLoad.SeedAsync(new ReplayLoad.SeedOptions(parse.GetValue(url)!, parse.GetValue(connection)!,
                DevelopmentTokenIssuer.Issue(signingKey, MaritimeRoles.Liaison, "BASARNAS-IDN", "load-replay@liaison", "Replay load liaison"),
                parse.GetValue(incidents), parse.GetValue(around), parse.GetValue(background), TimeSpan.FromHours(parse.GetValue(hours)),
                TimeSpan.FromSeconds(parse.GetValue(interval)), parse.GetValue(seed), Console.Out), ct);
            return 0;
        });
        return command;
    }

    private static Command Measure()
    {
        var url = new Option<string>("--url") { Description = "Server base URL", Required = true };
        var connection = new Option<string>("--connection") { Description = "Npgsql connection string (finds the seeded incidents)", Required = true };
        var key = new Option<string?>("--key") { Description = "Signing key for an analyst token (default: $Auth__SigningKey or $MCOORD_SIGNING_KEY)" };
        var incidents = new Option<int>("--incidents") { Description = "Seeded incidents replayed", DefaultValueFactory = _ => 10 };
        var runs = new Option<int>("--runs") { Description = "Measured requests per incident", DefaultValueFactory = _ => 5 };
        var speed = new Option<double>("--speed") { Description = "Replay speed (3600: the warm-up plays each day to its end in 24 s)", DefaultValueFactory = _ => 3600 };
        var command = new Command("replay", "Time from GET /api/incidents/{id}/replay to its first frame (issue 6: ≤ 1 s); exit 1 when p95 > 1 s")
            { url, connection, key, incidents, runs, speed };
        command.SetAction(async (parse, ct) =>
        {
            if (Key(parse.GetValue(key)) is not { Length: > 0 } signingKey) { Console.Error.WriteLine("--key (or $Auth__SigningKey) is required."); return 2; }
            return await ReplayLoad.MeasureAsync(new ReplayLoad.MeasureOptions(parse.GetValue(url)!,
                DevelopmentTokenIssuer.Issue(signingKey, MaritimeRoles.Analyst, null, "load-replay@analyst", "Replay load analyst"),
                parse.GetValue(connection)!, parse.GetValue(incidents), parse.GetValue(runs), parse.GetValue(speed), Console.Out), ct);
        });
        return command;
    }
}
