using System.CommandLine;
using MaritimeCoord.Cli.Commands;
using MaritimeCoord.DevTools.Load;

namespace MaritimeCoord.DevTools.Commands;

/// <summary>`mcoord-dev load drift`: the drift-run figure through the API (docs/drift-runs.md).</summary>
internal static class DriftLoadCommands
{
    public static Command AddTo(Command load)
    {
        var url = ForcingCommands.Url();
        var key = ForcingCommands.Key();
        var particles = new Option<int>("--particles") { DefaultValueFactory = _ => 100_000 };
        var hours = new Option<int>("--hours") { DefaultValueFactory = _ => 72 };
        var step = new Option<int>("--step-minutes") { DefaultValueFactory = _ => 10 };
        var repeats = new Option<int>("--repeats") { Description = "Runs in a row (median and max reported)", DefaultValueFactory = _ => 3 };
        var drift = new Command("drift", "Drift-run figure through the API: gridded forcing uploaded, run posted, polled to completion, last hour fetched")
            { url, key, particles, hours, step, repeats };
        drift.SetAction(async (parse, ct) =>
        {
            var signing = ForcingCommands.SigningKey(parse.GetValue(key));
            if (string.IsNullOrEmpty(signing)) { Console.Error.WriteLine("--key (or $Auth__SigningKey) is required to issue tokens."); return 2; }
            return await DriftLoad.RunAsync(new DriftLoad.Options(new Uri(parse.GetValue(url)!), signing, parse.GetValue(particles), parse.GetValue(hours),
                parse.GetValue(step), Math.Max(1, parse.GetValue(repeats)), Console.Out), ct);
        });
        load.Subcommands.Add(drift);
        return load;
    }
}
