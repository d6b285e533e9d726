using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.IntegrationTests.ConsoleScripts;

/// <summary>
/// The web console's JavaScript without a browser, in Node (tests/console-scripts, installed by ops/web-deps.sh):
/// the TypeScript compiler finds no error in src/MaritimeCoord.Server/wwwroot (// @ts-check, JSDoc types,
/// wwwroot/jsconfig.json), and the browser's copy of the position parser (wwwroot/js/geo.js) answers the server
/// parser's worked cases (tests/MaritimeCoord.Domain.Tests/Geo/coordinate-cases.json) and a random sample of
/// formatted positions exactly as CoordinateParser does.
/// </summary>
public sealed class ConsoleScriptTests
{
    [Fact]
    public async Task The_typescript_compiler_finds_no_error_in_the_console_scripts()
    {
        var tsc = Path.Combine(Root, "tests", "console-scripts", "node_modules", "typescript", "bin", "tsc");
        Assert.True(File.Exists(tsc), $"{tsc} is missing: run ops/web-deps.sh (npm ci in tests/console-scripts).");
        Assert.True(Directory.Exists(Path.Combine(Root, "src", "MaritimeCoord.Server", "node_modules", "maplibre-gl")),
            "src/MaritimeCoord.Server/node_modules is missing (the MapLibre and SignalR types): run ops/web-deps.sh.");

        var (exitCode, output) = await NodeAsync([tsc, "-p", Path.Combine(Root, "src", "MaritimeCoord.Server", "wwwroot", "jsconfig.json"), "--pretty", "false"]);

        Assert.True(exitCode == 0 && output.Trim().Length == 0, $"tsc exited {exitCode}:\n{output}");
    }

    [Fact]
    public async Task The_browser_parser_answers_the_worked_cases_exactly_as_the_server_parser()
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Root, "tests", "MaritimeCoord.Domain.Tests", "Geo", "coordinate-cases.json")));
        var tolerance = json.RootElement.GetProperty("tolerance").GetDouble();
        var cases = json.RootElement.GetProperty("cases").EnumerateArray().ToList();
        var texts = cases.Select(c => c.GetProperty("text").GetString()!).ToList();

        var browser = await BrowserParserAsync(texts, []);

        for (var i = 0; i < cases.Count; i++)
        {
            var server = CoordinateParser.Parse(texts[i]);
            AssertSameAnswer(texts[i], server, browser.Parsed[i]);
            if (cases[i].TryGetProperty("refused", out var reason))
            {
                Assert.False(server.Success, $"'{texts[i]}' parsed as {server.Position}");
                Assert.Contains(reason.GetString()!, server.Error, StringComparison.OrdinalIgnoreCase);
            }
            else
            {
                Assert.True(server.Success, $"'{texts[i]}': {server.Error}");
                Assert.Equal(cases[i].GetProperty("latitude").GetDouble(), server.Position!.Value.Latitude, tolerance);
                Assert.Equal(cases[i].GetProperty("longitude").GetDouble(), server.Position!.Value.Longitude, tolerance);
            }
        }
    }

    [Fact]
    public async Task Random_positions_round_trip_through_both_parsers_and_both_ddm_formatters_alike()
    {
        var random = new Random(20261208);
        var positions = Enumerable.Range(0, 5_000).Select(i => i switch
        {
            0 => new GeoPosition(0, 0),
            1 => new GeoPosition(-90, 180),
            2 => new GeoPosition(90, -180),
            _ => new GeoPosition(random.NextDouble() * 180 - 90, random.NextDouble() * 360 - 180),
        }).ToList();
        var texts = new List<string>();
        var tolerances = new List<double>();
        foreach (var p in positions)
        {
            var (text, tolerance) = Format(random, p);
            texts.Add(text);
            tolerances.Add(tolerance);
        }

        var browser = await BrowserParserAsync(texts, positions);

        for (var i = 0; i < positions.Count; i++)
        {
            var server = CoordinateParser.Parse(texts[i]);
            Assert.True(server.Success, $"'{texts[i]}': {server.Error}");
            Assert.True(Math.Abs(server.Position!.Value.Latitude - positions[i].Latitude) <= tolerances[i], $"'{texts[i]}' latitude vs {positions[i].Latitude}");
            Assert.True(Math.Abs(server.Position!.Value.Longitude - positions[i].Longitude) <= tolerances[i], $"'{texts[i]}' longitude vs {positions[i].Longitude}");
            AssertSameAnswer(texts[i], server, browser.Parsed[i]);
            // The form shows positions with toDdm and the server writes them with ToDegreesDecimalMinutes: the same text.
            Assert.Equal(positions[i].ToDegreesDecimalMinutes(), browser.Ddm[i]);
        }
    }

    /// <summary>A position in one of the notations people write (DDM as the server formats it, DMS, signed or lettered decimal).</summary>
    private static (string Text, double Tolerance) Format(Random random, GeoPosition p)
    {
        var lat = p.Latitude;
        var lon = p.Longitude;
        switch (random.Next(4))
        {
            case 0:
                return (p.ToDegreesDecimalMinutes(), 0.0005 / 60 + 1e-9);
            case 1:
                return (string.Create(CultureInfo.InvariantCulture, $"{lat:F6}, {lon:F6}"), 0.0000005 + 1e-12);
            case 2:
                return (string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(lat):F5}{(lat < 0 ? 'S' : 'N')} {Math.Abs(lon):F5}{(lon < 0 ? 'W' : 'E')}"), 0.000005 + 1e-12);
            default:
            {
                string Dms(double value, char positive, char negative)
                {
                    var totalSeconds = Math.Round(Math.Abs(value) * 3600, 1);
                    var degrees = (int)Math.Floor(totalSeconds / 3600);
                    var minutes = (int)Math.Floor((totalSeconds - degrees * 3600) / 60);
                    var seconds = Math.Max(0, totalSeconds - degrees * 3600 - minutes * 60);
                    return string.Create(CultureInfo.InvariantCulture, $"{degrees}°{minutes:00}'{seconds:00.0}\"{(value < 0 ? negative : positive)}");
                }
                return (Dms(lat, 'N', 'S') + " " + Dms(lon, 'E', 'W'), 0.05 / 3600 + 1e-9);
            }
        }
    }

    private static void AssertSameAnswer(string text, CoordinateParseResult server, JsonElement browser)
    {
        if (server.Success)
        {
            Assert.True(browser.TryGetProperty("position", out var position), $"'{text}': server {server.Position}, browser {browser}");
            Assert.Equal(server.Position!.Value.Latitude, position.GetProperty("latitude").GetDouble(), 1e-12);
            Assert.Equal(server.Position!.Value.Longitude, position.GetProperty("longitude").GetDouble(), 1e-12);
        }
        else
        {
            Assert.True(browser.TryGetProperty("error", out var error), $"'{text}': server refused ({server.Error}), browser {browser}");
            Assert.Equal(server.Error, error.GetString());
        }
    }

    private sealed record BrowserAnswers(List<JsonElement> Parsed, List<string> Ddm);

    /// <summary>tests/console-scripts/parse-positions.mjs: wwwroot/js/geo.js's parseCoordinates and toDdm in Node.</summary>
    private static async Task<BrowserAnswers> BrowserParserAsync(List<string> texts, List<GeoPosition> toDdm)
    {
        var input = JsonSerializer.Serialize(new { parse = texts, toDdm = toDdm.Select(p => new[] { p.Latitude, p.Longitude }) });
        var (exitCode, output) = await NodeAsync([Path.Combine(Root, "tests", "console-scripts", "parse-positions.mjs")], input);
        Assert.True(exitCode == 0, $"parse-positions.mjs exited {exitCode}:\n{output}");
        using var json = JsonDocument.Parse(output);
        var parsed = json.RootElement.GetProperty("parse").EnumerateArray().Select(e => e.Clone()).ToList();
        var ddm = json.RootElement.GetProperty("toDdm").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(texts.Count, parsed.Count);
        Assert.Equal(toDdm.Count, ddm.Count);
        return new BrowserAnswers(parsed, ddm);
    }

    private static async Task<(int ExitCode, string Output)> NodeAsync(IEnumerable<string> arguments, string? stdin = null)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = Root, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {string.Join(' ', arguments)} did not finish in 5 minutes");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MaritimeCoord.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("MaritimeCoord.sln above " + AppContext.BaseDirectory);
    }
}
