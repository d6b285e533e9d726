using System.Text.Json;

namespace MaritimeCoord.Domain.Tests.Geo;

/// <summary>
/// The position parser's worked cases (coordinate-cases.json beside this file): data rather than attributes, so the
/// browser's copy of the parser answers exactly the same texts (ConsoleScriptTests in the integration tests).
/// </summary>
public static class CoordinateCases
{
    public sealed record Case(string Text, double? Latitude, double? Longitude, string? Refused);

    public static string FilePath { get; } = Locate();

    public static double Tolerance { get; }

    public static IReadOnlyList<Case> All { get; }

    static CoordinateCases()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(FilePath));
        Tolerance = json.RootElement.GetProperty("tolerance").GetDouble();
        All = json.RootElement.GetProperty("cases").EnumerateArray().Select(c => new Case(
            c.GetProperty("text").GetString()!,
            c.TryGetProperty("latitude", out var lat) ? lat.GetDouble() : null,
            c.TryGetProperty("longitude", out var lon) ? lon.GetDouble() : null,
            c.TryGetProperty("refused", out var refused) ? refused.GetString() : null)).ToList();
    }

    public static IEnumerable<object[]> Accepted => All.Where(c => c.Refused is null).Select(c => new object[] { c.Text });

    public static IEnumerable<object[]> Refused => All.Where(c => c.Refused is not null).Select(c => new object[] { c.Text });

    public static Case Of(string text) => All.Single(c => c.Text == text);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "MaritimeCoord.Domain.Tests", "Geo", "coordinate-cases.json");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("tests/MaritimeCoord.Domain.Tests/Geo/coordinate-cases.json not found above " + AppContext.BaseDirectory);
    }
}
