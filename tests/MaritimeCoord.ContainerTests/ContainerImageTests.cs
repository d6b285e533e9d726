using System.Diagnostics;
using Xunit.Abstractions;

namespace MaritimeCoord.ContainerTests;

/// <summary>Runs only where podman can build and start images: ops/test.sh sets MCOORD_CONTAINER_TEST=1 there.</summary>
public sealed class ContainerFactAttribute : FactAttribute
{
    public ContainerFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("MCOORD_CONTAINER_TEST") != "1")
            Skip = "MCOORD_CONTAINER_TEST=1 runs the image test (podman; ops/test.sh sets it when podman is installed)";
    }
}

/// <summary>
/// ops/container.sh test: ops/Dockerfile built (prebuilt application on a base image made from Debian packages), started
/// against the loopback PostgreSQL on a fresh database as production starts it, ready on /health/ready and by the image's
/// own HEALTHCHECK, and its file system free of samples, development keys, load tools and tests. The script does the
/// work so a person can run exactly the same; this test keeps it in CI and shows its output.
/// </summary>
public sealed class ContainerImageTests(ITestOutputHelper output)
{
    [ContainerFact]
    public async Task The_image_builds_starts_ready_and_holds_no_development_material()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Repository.Root, "ops", "container.sh"), "test"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        var log = await stdout + await stderr;
        output.WriteLine(log);

        Assert.True(process.ExitCode == 0, log[^Math.Min(log.Length, 4000)..]);
        Assert.Contains("[container] ok: no sample data", log, StringComparison.Ordinal);
        Assert.Contains("[container] ok: no development keys", log, StringComparison.Ordinal);
        Assert.Contains("[container] ok: no load or seed tools", log, StringComparison.Ordinal);
        Assert.Contains("[container] HEALTHCHECK passed", log, StringComparison.Ordinal);
        Assert.Contains("[container] PASS", log, StringComparison.Ordinal);
    }
}
