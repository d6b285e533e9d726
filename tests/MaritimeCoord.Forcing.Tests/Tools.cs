using System.Diagnostics;

namespace MaritimeCoord.Forcing.Tests;

/// <summary>Runs ncgen and cdo (Debian netcdf-bin, cdo) in a scratch directory per test class.</summary>
public sealed class ScratchDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mcoord-forcing-" + Guid.NewGuid().ToString("N"));

    public ScratchDirectory() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes the CDL and runs <c>ncgen -k nc4</c> on it (or another kind); returns the .nc path.</summary>
    public string NcGen(string name, string cdl, string kind = "nc4")
    {
        var cdlPath = File(name + ".cdl");
        System.IO.File.WriteAllText(cdlPath, cdl);
        var nc = File(name + ".nc");
        Run("ncgen", "-k", kind, "-o", nc, cdlPath);
        return nc;
    }

    public void Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { WorkingDirectory = Path, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(120_000)) { process.Kill(true); throw new TimeoutException($"{tool} did not finish"); }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
