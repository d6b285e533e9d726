using System.Diagnostics;
using System.Net;
using MaritimeCoord.Contracts.Auth;
using Xunit.Abstractions;
using static MaritimeCoord.IntegrationTests.History.HistoryFixture;

namespace MaritimeCoord.IntegrationTests.History;

/// <summary>
/// Every export read back by GDAL's ogrinfo (Debian gdal-bin; ops/test.sh installs it with MCOORD_WITH_GDAL=1):
/// feature counts and attributes. Window: the first hour; box 104,-9,111,-7 holds A (60 positions) and B (30).
/// </summary>
[Collection(HistoryCollection.Name)]
public sealed class HistoryExportTests(HistoryFixture app, ITestOutputHelper output)
{
    private const string Selection = "/api/history/positions?bbox=104,-9,111,-7&from=2026-11-01T00:00:00Z&to=2026-11-01T01:00:00Z";

    [Theory]
    [InlineData("geojson", "points", null, 90)]
    [InlineData("geojson", "tracks", null, 2)]
    [InlineData("csv", "points", null, 90)]
    [InlineData("csv", "tracks", null, 2)]
    [InlineData("kml", "points", null, 90)]
    [InlineData("kml", "tracks", null, 2)]
    [InlineData("gpx", "points", "waypoints", 90)]
    [InlineData("gpx", "tracks", "tracks", 2)]
    public async Task Export_is_read_by_ogrinfo_with_the_right_feature_count(string format, string shape, string? layer, int features)
    {
        var file = await DownloadAsync($"{Selection}&format={format}&shape={shape}", format);
        var summary = Ogrinfo("-ro", "-so", "-al", file);
        if (layer is not null) summary = Ogrinfo("-ro", "-so", file, layer);
        output.WriteLine(summary);
        Assert.Contains($"Feature Count: {features}", summary, StringComparison.Ordinal);
        var all = layer is null ? Ogrinfo("-ro", "-al", file) : Ogrinfo("-ro", file, layer);
        // Geometry as GDAL read it (CSV and KML layers declare no single geometry type, so look at the features).
        Assert.Contains(shape == "tracks" ? "LINESTRING (" : "POINT (", all, StringComparison.Ordinal);
        Assert.DoesNotContain(shape == "tracks" ? "POINT (" : "LINESTRING (", all, StringComparison.Ordinal);
        // The vessel identity is an attribute in every format (GPX: the name element).
        Assert.Contains($"{A}", all, StringComparison.Ordinal);
        Assert.Contains($"{B}", all, StringComparison.Ordinal);
        // Attributes by name (GeoJSON types them; CSV and KML ExtendedData read as strings).
        var attribute = (format, shape) switch
        {
            ("geojson", "points") => @"mmsi \(Integer\) = 111000001",
            ("geojson", "tracks") => @"positions \(Integer\) = 60",
            ("csv", "points") or ("kml", "points") => @"mmsi \(String\) = 111000001",
            ("csv", "tracks") or ("kml", "tracks") => @"positions \(String\) = 60",
            ("gpx", "points") => @"name \(String\) = 111000001",
            _ => @"name \(String\) = 111000001",
        };
        Assert.Matches(attribute, all);
        if (format is "geojson" && shape == "points") Assert.Matches(@"speedKnots \(Real\) = 12.5", all);
        if (format is "csv" or "kml" && shape == "points") Assert.Matches(@"speed_knots \(String\) = 12.5", all);
        File.Delete(file);
    }

    /// <summary>C sails from 179.5°E to 179.5°W: its track is cut at ±180° (RFC 7946 §3.1.9), not drawn round the world.</summary>
    [Theory]
    [InlineData("geojson", null)]
    [InlineData("csv", null)]
    [InlineData("kml", null)]
    [InlineData("gpx", "tracks")]
    public async Task A_track_across_the_antimeridian_is_cut_there_in_every_format(string format, string? layer)
    {
        var file = await DownloadAsync($"/api/history/vessels/{C}/positions?from=2026-11-01T00:00:00Z&to=2026-11-01T01:00:00Z&format={format}&shape=tracks", format);
        var all = layer is null ? Ogrinfo("-ro", "-al", file) : Ogrinfo("-ro", file, layer);
        output.WriteLine(all);
        Assert.Contains("Feature Count: 1", layer is null ? Ogrinfo("-ro", "-so", "-al", file) : Ogrinfo("-ro", "-so", file, layer), StringComparison.Ordinal);
        Assert.Contains("MULTILINESTRING ((", all, StringComparison.Ordinal);
        if (format == "gpx")
        {
            // GPX: two segments of reported positions only (10 on each side), nothing invented at the meridian.
            Assert.Matches(@"MULTILINESTRING \(\(179\.5 -17,[^)]*179\.5 -17\),\(-179\.5 -17,[^)]*-179\.5 -17\)\)", all);
            Assert.DoesNotContain("180 -17", all, StringComparison.Ordinal);
        }
        else
        {
            // The other formats meet the meridian at the crossing latitude from both sides.
            // (the great circle through two points at 17°S bulges poleward: the crossing is at 17.0006°S, the same on both sides).
            Assert.Matches(@"179\.5 -17,180(\.0)? (-17\.000\d+)\),\(-180 \2,-179\.5 -17", all.Replace(", ", ",", StringComparison.Ordinal));
        }

        File.Delete(file);
    }

    [Fact]
    public async Task Export_names_the_download_after_the_selection_and_window()
    {
        var response = await app.ClientAs(MaritimeRoles.Analyst, null).GetAsync($"/api/history/vessels/{A}/positions?from=2026-11-01T00:00:00Z&to=2026-11-01T01:00:00Z&format=gpx&shape=tracks");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("history-vessel-111000001-tracks-20261101T000000Z-20261101T010000Z.gpx", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
    }

    private async Task<string> DownloadAsync(string url, string extension)
    {
        var response = await app.ClientAs(MaritimeRoles.Analyst, null).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = Path.Combine(Path.GetTempPath(), $"mcoord-history-{Guid.NewGuid():N}.{extension}");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        return file;
    }

    private static string Ogrinfo(params string[] args)
    {
        var psi = new ProcessStartInfo("ogrinfo") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("ogrinfo (Debian gdal-bin) is required: MCOORD_WITH_GDAL=1 ops/services.sh start", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEnd();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"ogrinfo {string.Join(' ', args)} failed: {stderr}");
            return stdout + stderr;
        }
    }
}
