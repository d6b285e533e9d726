using MaritimeCoord.DevTools.Commands;
using MaritimeCoord.DevTools.Load;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.IntegrationTests.Infrastructure;

namespace MaritimeCoord.IntegrationTests;

/// <summary>
/// `mcoord load seed-responders` and `mcoord load responders` at a small scale against the real server on a real port:
/// the tool that produces the nearest-responders figure (docs/responders-performance.md). No timing assertions.
/// </summary>
public sealed class ResponderLoadToolTests(ResponderLoadToolTests.App app) : IClassFixture<ResponderLoadToolTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;
        protected override bool RealKestrel => true;
    }

    private static readonly string SyntheticVessels = $"SELECT count(*) FROM vessel_states WHERE mmsi BETWEEN {SyntheticFleet.FirstMmsi} AND {SyntheticFleet.LastMmsi}";

    [Fact]
    public async Task Seeding_is_idempotent_and_a_short_open_loop_run_gets_synthetic_responders_without_errors()
    {
        // Twice: the second run replaces the first one's rows instead of adding to them.
        for (int run = 0; run < 2; run++)
        {
            var exit = await DevCli.Build()
                .Parse(["load", "seed-responders", "--connection", app.ConnectionString, "--vessels", "2000", "--assets", "50", "--seed", "7"])
                .InvokeAsync();
            Assert.Equal(0, exit);
        }

        Assert.Equal(2000, await app.ScalarAsync(SyntheticVessels));
        Assert.Equal(2000, await app.ScalarAsync($"SELECT count(*) FROM vessels WHERE mmsi BETWEEN {SyntheticFleet.FirstMmsi} AND {SyntheticFleet.LastMmsi}"));
        Assert.Equal(50, await app.ScalarAsync("SELECT count(*) FROM response_assets WHERE code LIKE 'SYN-%'"));
        Assert.Equal(0, await app.ScalarAsync($"""
            {SyntheticVessels} AND NOT (ST_Y(position::geometry) BETWEEN -50 AND 25 AND ST_X(position::geometry) BETWEEN 60 AND 170
                AND observed_at BETWEEN now() - interval '6 hours 5 minutes' AND now())
            """));
        Assert.True(await app.ScalarAsync("SELECT count(DISTINCT type) FROM response_assets WHERE code LIKE 'SYN-%'") >= 4);

        var output = new StringWriter();
        var result = await ResponderLoad.RunAsync(new ResponderLoad.Options(app.BaseAddress.ToString(),
            [app.Token(MaritimeRoles.Admin, null)], app.Token(MaritimeRoles.Liaison, "BASARNAS-IDN"), Rate: 20, Duration: TimeSpan.FromSeconds(3),
            Incidents: 5, Warmup: TimeSpan.FromSeconds(1), app.ConnectionString, QueryIterations: 20, Seed: 3, output), default);

        Assert.True(result.Errors == 0, output.ToString());
        Assert.Equal(60, result.Scheduled);
        Assert.InRange(result.Completed, 54, 66);
        Assert.True(result.Incidents > 0);
        Assert.Equal(result.Incidents, result.IncidentsWithSyntheticVessels);
        Assert.Equal(result.Completed, result.Http.Count);
        Assert.Equal(20, result.Query.Count);
        Assert.Contains("through HTTP", output.ToString(), StringComparison.Ordinal);

        var clean = await DevCli.Build().Parse(["load", "clean-responders", "--connection", app.ConnectionString]).InvokeAsync();
        Assert.Equal(0, clean);
        Assert.Equal(0, await app.ScalarAsync(SyntheticVessels));
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM response_assets WHERE code LIKE 'SYN-%'"));

        // A second run reuses the load-test incidents (they cannot be deleted: the timeline is append-only) instead of opening more.
        long incidents = await app.ScalarAsync("SELECT count(*) FROM incidents");
        var again = await ResponderLoad.RunAsync(new ResponderLoad.Options(app.BaseAddress.ToString(),
            [app.Token(MaritimeRoles.Admin, null)], app.Token(MaritimeRoles.Liaison, "BASARNAS-IDN"), Rate: 20, Duration: TimeSpan.FromSeconds(1),
            Incidents: result.Incidents, Warmup: TimeSpan.Zero, app.ConnectionString, QueryIterations: 0, Seed: 3, TextWriter.Null), default);
        Assert.Equal(0, again.Errors);
        Assert.Equal(incidents, await app.ScalarAsync("SELECT count(*) FROM incidents"));
    }
}
