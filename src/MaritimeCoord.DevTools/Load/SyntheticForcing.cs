using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MaritimeCoord.DevTools.Load;

/// <summary>
/// A synthetic NetCDF-4/CF forcing file (10 m wind u10/v10 and surface current uo/vo, float, hourly) over a box, written
/// as CDL and compiled by Debian's <c>ncgen</c> (netcdf-bin), so the file is what a real tool writes. The wind turns
/// slowly with time and latitude, the current is weaker and turns the other way: smooth, non-trivial fields.
/// </summary>
public static class SyntheticForcing
{
    public static string Cdl(double south, double west, double north, double east, double cellDegrees, DateTimeOffset start, int hours,
        bool wind = true, bool current = true)
    {
        int ny = (int)Math.Round((north - south) / cellDegrees) + 1, nx = (int)Math.Round((east - west) / cellDegrees) + 1, nt = hours + 1;
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"netcdf synthetic {{\ndimensions: time = {nt} ; lat = {ny} ; lon = {nx} ;\nvariables:\n");
        sb.Append(c, $"  double time(time) ; time:standard_name = \"time\" ; time:units = \"hours since {start.UtcDateTime:yyyy-MM-dd HH:mm:ss}\" ;\n");
        sb.Append("  float lat(lat) ; lat:standard_name = \"latitude\" ; lat:units = \"degrees_north\" ;\n");
        sb.Append("  float lon(lon) ; lon:standard_name = \"longitude\" ; lon:units = \"degrees_east\" ;\n");
        if (wind)
        {
            sb.Append("  float u10(time, lat, lon) ; u10:standard_name = \"eastward_wind\" ; u10:units = \"m s-1\" ;\n");
            sb.Append("  float v10(time, lat, lon) ; v10:standard_name = \"northward_wind\" ; v10:units = \"m s-1\" ;\n");
        }
        if (current)
        {
            sb.Append("  float uo(time, lat, lon) ; uo:standard_name = \"eastward_sea_water_velocity\" ; uo:units = \"m s-1\" ;\n");
            sb.Append("  float vo(time, lat, lon) ; vo:standard_name = \"northward_sea_water_velocity\" ; vo:units = \"m s-1\" ;\n");
        }
        sb.Append("data:\n time = ").AppendJoin(", ", Enumerable.Range(0, nt)).Append(" ;\n");
        sb.Append(" lat = ").AppendJoin(", ", Enumerable.Range(0, ny).Select(j => (south + j * cellDegrees).ToString("0.#####", c))).Append(" ;\n");
        sb.Append(" lon = ").AppendJoin(", ", Enumerable.Range(0, nx).Select(i => (west + i * cellDegrees).ToString("0.#####", c))).Append(" ;\n");
        void Field(string name, Func<int, double, double, double> value)
        {
            sb.Append(' ').Append(name).Append(" = ");
            var first = true;
            for (int t = 0; t < nt; t++)
            for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++)
            {
                if (!first) sb.Append(',');
                first = false;
                sb.Append(value(t, south + j * cellDegrees, west + i * cellDegrees).ToString("0.###", c));
            }
            sb.Append(" ;\n");
        }
        // Wind 6–10 m/s blowing towards a direction that turns with time and latitude; current 0.2–0.4 m/s.
        double WindTowards(int t, double lat) => 0.6 + 0.03 * t + 0.2 * Math.Sin(lat);
        double WindSpeed(int t, double lon) => 8 + 2 * Math.Sin(0.1 * t + lon);
        if (wind)
        {
            Field("u10", (t, lat, lon) => WindSpeed(t, lon) * Math.Sin(WindTowards(t, lat)));
            Field("v10", (t, lat, lon) => WindSpeed(t, lon) * Math.Cos(WindTowards(t, lat)));
        }
        if (current)
        {
            Field("uo", (t, lat, lon) => (0.3 + 0.1 * Math.Cos(lat + lon)) * Math.Sin(2.5 - 0.02 * t));
            Field("vo", (t, lat, lon) => (0.3 + 0.1 * Math.Cos(lat + lon)) * Math.Cos(2.5 - 0.02 * t));
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>Compiles CDL into a NetCDF-4 file with <c>ncgen -k nc4</c>; returns the file's bytes.</summary>
    public static byte[] Compile(string cdl)
    {
        var dir = Path.Combine(Path.GetTempPath(), "mcoord-forcing-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var cdlPath = Path.Combine(dir, "forcing.cdl");
            var ncPath = Path.Combine(dir, "forcing.nc");
            File.WriteAllText(cdlPath, cdl);
            var start = new ProcessStartInfo("ncgen") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-k", "nc4", "-o", ncPath, cdlPath }) start.ArgumentList.Add(a);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("ncgen did not start (Debian package netcdf-bin).");
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(300_000)) { process.Kill(true); throw new TimeoutException("ncgen did not finish in 5 minutes."); }
            if (process.ExitCode != 0) throw new InvalidOperationException($"ncgen failed ({process.ExitCode}): {stderr.Result}");
            return File.ReadAllBytes(ncPath);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
