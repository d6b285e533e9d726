using System.CommandLine;
using System.Globalization;
using MaritimeCoord.DevTools.Load;

namespace MaritimeCoord.DevTools.Commands;

/// <summary>
/// `mcoord load seed-history | history`: the history figures of issue 6 (10,000,000 positions over 30 days; one-hour
/// 500 km × 500 km windows through the API beside the same query without it; ingest with and without analysts).
/// Added to the `load` group of <see cref="LoadCommands"/> by <see cref="AddTo"/>.
/// </summary>
internal static class HistoryCommands
{
    public static Command AddTo(Command load)
    {
        load.Subcommands.Add(Seed());
        load.Subcommands.Add(HistoryLoadCommand.Build());
        return load;
    }

    private static Command Seed()
    {
        var connection = new Option<string>("--connection") { Description = "Npgsql connection string (migrated here; use a dedicated database)", Required = true };
        var positions = new Option<long>("--positions") { Description = "Positions to write, exactly", DefaultValueFactory = _ => 10_000_000 };
        var days = new Option<int>("--days") { Description = "UTC days of history ending with --last-day", DefaultValueFactory = _ => 30 };
        var lastDay = new Option<string?>("--last-day") { Description = "Last UTC day (yyyy-MM-dd); default: yesterday" };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same rows)", DefaultValueFactory = _ => 20261128 };
        var incidents = new Option<int>("--incidents") { Description = "Incidents with sightings on the small-boat crossings", DefaultValueFactory = _ => 6 };
        var truncate = new Option<bool>("--truncate") { Description = "Empty ais_positions first (only on a dedicated database)" };

        var command = new Command("seed-history",
            "Synthetic AIS history by binary COPY: shipping lanes and small-boat crossings, day partitions created, plus incidents and sightings")
            { connection, positions, days, lastDay, seed, incidents, truncate };
        command.SetAction(async (parse, ct) =>
        {
            long n = parse.GetValue(positions);
            int d = parse.GetValue(days);
            if (n is < 1 or > 1_000_000_000 || d is < 1 or > 400)
            {
                Console.Error.WriteLine("--positions must be 1..1,000,000,000 and --days 1..400.");
                return 2;
            }

            var last = DateOnly.FromDateTime(DateTime.UtcNow.Date.AddDays(-1));
            if (parse.GetValue(lastDay) is { } text && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out last))
            {
                Console.Error.WriteLine("--last-day must be yyyy-MM-dd.");
                return 2;
            }

            return await HistorySeed.RunAsync(new HistorySeed.Options(parse.GetValue(connection)!, n, d, last, parse.GetValue(seed),
                Math.Max(0, parse.GetValue(incidents)), parse.GetValue(truncate), Console.Out), ct);
        });
        return command;
    }
}
