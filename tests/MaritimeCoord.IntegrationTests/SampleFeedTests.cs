using MaritimeCoord.Cli.Commands;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.IntegrationTests.Infrastructure;

namespace MaritimeCoord.IntegrationTests;

/// <summary>`mcoord feed sightings` — what ops/run.sh starts — against the real server on a real port.</summary>
public sealed class SampleFeedTests(SampleFeedTests.App app) : IClassFixture<SampleFeedTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;
        protected override bool RealKestrel => true;
    }

    [Fact]
    public async Task The_sample_feed_posts_every_sighting_and_the_repeated_boat_joins_its_incident()
    {
        var file = Path.Combine(RepositoryRoot(), "samples", "sightings", "bali-process-demo.ndjson");
        var lines = File.ReadAllLines(file).Count(l => l.TrimStart().StartsWith('{'));
        var token = app.Token(MaritimeRoles.Liaison, "BASARNAS-IDN");

        var exit = await MaritimeCli.Build()
            .Parse(["feed", "sightings", file, "--url", app.BaseAddress.ToString(), "--token", token, "--interval", "0"])
            .InvokeAsync();

        Assert.Equal(0, exit);
        Assert.Equal(lines, await app.ScalarAsync("SELECT count(*) FROM sightings"));
        Assert.Equal(lines - 1, await app.ScalarAsync("SELECT count(*) FROM incidents")); // the Kupang boat is reported twice
    }

    [Fact]
    public async Task The_feed_refuses_a_malformed_url_without_posting()
    {
        var exit = await MaritimeCli.Build().Parse(["feed", "sightings", "x.ndjson", "--url", "not a url", "--token", "t"]).InvokeAsync();
        Assert.NotEqual(0, exit);
    }

    private static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "MaritimeCoord.sln"))) dir = Path.GetDirectoryName(dir)!;
        return dir;
    }
}
