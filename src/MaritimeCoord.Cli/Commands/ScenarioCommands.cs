using System.CommandLine;
using System.Globalization;
using MaritimeCoord.Cli.Scenarios;
using MaritimeCoord.Domain.Detection.Scenarios;

namespace MaritimeCoord.Cli.Commands;

internal static class ScenarioCommands
{
    public static Command Build()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory to write scenario.nmea, sightings.ndjson and ground-truth.json", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same scenario)", DefaultValueFactory = _ => 1 };
        var start = new Option<string?>("--start") { Description = "Scenario start, ISO 8601 UTC (default: 26 hours ago, on the hour)" };

        var generate = new Command("generate", "Generate 24 h of AIS (NMEA with tag-block times) and sightings with planted behaviours, and their ground truth")
            { output, seed, start };
        generate.SetAction(parse =>
        {
            DateTimeOffset t0;
            if (parse.GetValue(start) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out t0))
                {
                    Console.Error.WriteLine("--start must be an ISO 8601 time.");
                    return 2;
                }
            }
            else
            {
                var now = DateTimeOffset.UtcNow;
                t0 = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-26);
            }

            var scenario = ScenarioGenerator.Generate(parse.GetValue(seed), t0);
            var dir = parse.GetValue(output)!.FullName;
            ScenarioWriter.Write(scenario, dir);
            Console.WriteLine($"scenario: {scenario.Deliveries.Count:N0} positions, {scenario.Vessels.Count} vessels, {scenario.Sightings.Count} sightings, " +
                $"{scenario.Planted.Count} planted events, {scenario.Start:u} – {scenario.End:u} → {dir}");
            return 0;
        });
        return new Command("scenario", "Detection scenarios for tests and demos") { generate };
    }
}
