using System.Text.Json;
using MaritimeCoord.Cli.Commands;

namespace MaritimeCoord.Forcing.Tests;

/// <summary><c>mcoord drift run</c> exactly as the shell runs it (MaritimeCli.Build()).</summary>
public sealed class DriftCliTests : IDisposable
{
    private readonly ScratchDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<int> Mcoord(params string[] args) => MaritimeCli.Build().Parse(args).InvokeAsync();

    private static List<(double Lon, double Lat, bool Stranded, string Side)> Particles(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal("FeatureCollection", doc.RootElement.GetProperty("type").GetString());
        var list = new List<(double, double, bool, string)>();
        foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var g = f.GetProperty("geometry");
            Assert.Equal("Point", g.GetProperty("type").GetString());
            var c = g.GetProperty("coordinates");
            var p = f.GetProperty("properties");
            list.Add((c[0].GetDouble(), c[1].GetDouble(), p.GetProperty("stranded").GetBoolean(), p.GetProperty("side").GetString()!));
        }
        return list;
    }

    [Fact]
    public async Task Writes_the_final_particles_with_stranded_and_side()
    {
        var output = _dir.File("out.geojson");
        var rc = await Mcoord("drift", "run", "--object", "FISHING-VESSEL-1", "--lat", "60.05", "--lon", "4.6", "--time", "2015-01-01T00:00:00Z",
            "--radius-m", "500", "--particles", "400", "--hours", "24", "--step-minutes", "10", "--wind-speed", "10", "--wind-from", "180",
            "--seed", "3", "--out", output);
        Assert.Equal(0, rc);
        var particles = Particles(output);
        Assert.Equal(400, particles.Count);
        Assert.Contains(particles, p => p.Stranded);          // onto the islands west of Bergen
        Assert.Contains(particles, p => !p.Stranded);
        Assert.Contains(particles, p => p.Side == "right");
        Assert.Contains(particles, p => p.Side == "left");
        Assert.All(particles, p => Assert.Contains(p.Side, new[] { "right", "left" }));
        // Adrift particles went north with the wind (about 21 km downwind in 24 h).
        var adrift = particles.Where(p => !p.Stranded).ToList();
        Assert.InRange(adrift.Average(p => p.Lat), 60.05 + 0.12, 60.05 + 0.28);
        // Stranded ones lie on the east (coast) side, right of downwind mostly.
        Assert.True(particles.Where(p => p.Stranded).Average(p => p.Lon) > 4.8);
    }

    [Fact]
    public async Task Backward_and_with_a_forcing_file()
    {
        var nc = _dir.NcGen("wind", """
            netcdf wind {
            dimensions: time = 2 ; lat = 3 ; lon = 3 ;
            variables:
              double time(time) ; time:units = "hours since 2026-02-01 00:00:00" ;
              double lat(lat) ; lat:standard_name = "latitude" ;
              double lon(lon) ; lon:standard_name = "longitude" ;
              float u10(time, lat, lon) ; float v10(time, lat, lon) ;
              float uo(time, lat, lon) ; uo:_FillValue = -999.f ; float vo(time, lat, lon) ; vo:_FillValue = -999.f ;
            data:
              time = 0, 48 ; lat = -12, -11, -10 ; lon = 104, 105, 106 ;
              u10 = 8, 8, 8, 8, 8, 8, 8, 8, 8,   8, 8, 8, 8, 8, 8, 8, 8, 8 ;
              v10 = 0, 0, 0, 0, 0, 0, 0, 0, 0,   0, 0, 0, 0, 0, 0, 0, 0, 0 ;
              uo = 0, 0, 0, 0, 0, 0, 0, 0, -999,  0, 0, 0, 0, 0, 0, 0, 0, -999 ;
              vo = 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, -999,  0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, -999 ;
            }
            """);
        var forward = _dir.File("f.geojson");
        Assert.Equal(0, await Mcoord("drift", "run", "--object", "PIW-1", "--lat", "-11", "--lon", "105", "--time", "2026-02-01T06:00:00Z",
            "--particles", "200", "--hours", "12", "--forcing", nc, "--out", forward));
        var f = Particles(forward);
        // Wind blows east, current sets north 0.2 m/s: 8.6 km north in 12 h, and east with the leeway.
        Assert.InRange(f.Average(p => p.Lat), -11 + 0.06, -11 + 0.1);
        Assert.True(f.Average(p => p.Lon) > 105.03);

        var back = _dir.File("b.geojson");
        Assert.Equal(0, await Mcoord("drift", "run", "--object", "PIW-1", "--lat", "-11", "--lon", "105", "--time", "2026-02-01T18:00:00Z",
            "--particles", "200", "--hours", "12", "--forcing", nc, "--backward", "--out", back));
        var b = Particles(back);
        Assert.InRange(b.Average(p => p.Lat), -11 - 0.1, -11 - 0.06);
        Assert.True(b.Average(p => p.Lon) < 104.97);

        // A forcing file that misses the run in time is refused.
        Assert.NotEqual(0, await Mcoord("drift", "run", "--object", "PIW-1", "--lat", "-11", "--lon", "105", "--time", "2026-05-01T00:00:00Z",
            "--forcing", nc, "--out", _dir.File("x.geojson")));
        var notNc = _dir.File("not.nc");
        File.WriteAllText(notNc, "not a netcdf file at all");
        Assert.NotEqual(0, await Mcoord("drift", "run", "--object", "PIW-1", "--lat", "-11", "--lon", "105", "--time", "2026-02-01T06:00:00Z",
            "--forcing", notNc, "--out", _dir.File("x.geojson")));
    }

    [Theory]
    [InlineData("--object", "NO-SUCH-CLASS")]
    [InlineData("--hours", "0")]
    [InlineData("--hours", "169")]
    [InlineData("--particles", "99")]
    [InlineData("--particles", "200001")]
    [InlineData("--wind-speed", "60.5")]
    [InlineData("--current-speed", "5.5")]
    [InlineData("--lat", "91")]
    [InlineData("--time", "yesterday")]
    public async Task Bad_input_is_a_clear_error_and_a_non_zero_exit(string option, string value)
    {
        var args = new Dictionary<string, string>
        {
            ["--object"] = "PIW-1", ["--lat"] = "-11", ["--lon"] = "105", ["--time"] = "2026-02-01T06:00:00Z", ["--hours"] = "2",
            ["--particles"] = "100", ["--wind-speed"] = "10", ["--wind-from"] = "90", ["--current-speed"] = "0.5", ["--current-to"] = "0",
        };
        args[option] = value;
        var output = _dir.File("bad.geojson");
        var list = new List<string> { "drift", "run", "--out", output };
        foreach (var (k, v) in args) { list.Add(k); list.Add(v); }
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        int rc;
        try { rc = await Mcoord([.. list]); }
        finally { Console.SetError(previous); }
        Assert.NotEqual(0, rc);
        Assert.False(File.Exists(output));
        Assert.Contains(option, error.ToString());
        if (value == "NO-SUCH-CLASS") Assert.Contains("FISHING-VESSEL-1", error.ToString());
    }
}
