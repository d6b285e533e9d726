using MaritimeCoord.Cli.Commands;
using YamlDotNet.RepresentationModel;

namespace MaritimeCoord.ContainerTests;

/// <summary>
/// Static checks of the container path that need no engine: ops/Dockerfile's stages, .dockerignore, docker-compose.yml
/// (services, health checks, key volume, no secret in the file) and the shipped CLI's command tree. The image itself is
/// built and inspected by <see cref="ContainerImageTests"/> where podman runs.
/// </summary>
public sealed class ContainerFilesTests
{
    private static readonly Dockerfile File = Dockerfile.Parse(Repository.Read("ops/Dockerfile"));
    private const string KeyRing = "/var/lib/maritimecoord/personal-data-keys";

    private static YamlMappingNode Compose()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(Repository.Read("docker-compose.yml")));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static YamlNode? Get(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static IEnumerable<string> Scalars(YamlNode? node) => node switch
    {
        YamlScalarNode s => [s.Value ?? ""],
        YamlSequenceNode seq => seq.Children.SelectMany(Scalars),
        YamlMappingNode map => map.Children.SelectMany(kv => Scalars(kv.Key).Concat(Scalars(kv.Value))),
        _ => [],
    };

    [Fact]
    public void The_default_target_is_the_production_image_without_samples_or_development_state()
    {
        var production = File.Default;
        Assert.Equal("production", production.Name);
        Assert.Equal("${RUNTIME_IMAGE}", production.From);
        // Only the published application goes in: no samples, no ops/ folder (its .state holds the development keys).
        var copies = production.All("COPY").ToList();
        Assert.Equal(["--from=app /out/app /app"], copies);
        Assert.DoesNotContain(production.All("ENV"), e => e.Contains("Samples__", StringComparison.Ordinal) || e.Contains("ops/", StringComparison.Ordinal));
        Assert.Contains(production.All("ENV"), e => e.Contains($"PersonalData__KeyDirectory={KeyRing}", StringComparison.Ordinal));
        Assert.Equal([KeyRing], production.All("VOLUME"));
        Assert.Equal("app", production.All("USER").Last());
        Assert.Contains("/app/cli/mcoord.dll\", \"health\"", Assert.Single(production.All("HEALTHCHECK")), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_demo_target_carries_the_samples()
    {
        var demo = File.Named("demo");
        Assert.Equal("production", demo.From);
        Assert.Equal(["samples /app/samples"], demo.All("COPY"));
        Assert.DoesNotContain(File.Stages.Where(s => s.Name != "demo"), s => s.All("COPY").Any(c => c.Contains("samples", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_application_comes_from_a_build_stage_or_a_prebuilt_folder_and_never_includes_the_developer_tool()
    {
        Assert.Contains("APP_FROM=build", File.GlobalArgs);
        Assert.Equal("${APP_FROM}", File.Named("app").From);
        var publish = Assert.Single(File.Named("build").All("RUN"));
        Assert.Contains("src/MaritimeCoord.Server/MaritimeCoord.Server.csproj", publish, StringComparison.Ordinal);
        Assert.Contains("src/MaritimeCoord.Cli/MaritimeCoord.Cli.csproj", publish, StringComparison.Ordinal);
        Assert.DoesNotContain("DevTools", publish, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet publish MaritimeCoord.sln", publish, StringComparison.Ordinal);
        Assert.Equal(["artifacts/container/app /out/app"], File.Named("prebuilt").All("COPY"));
    }

    [Fact]
    public void The_build_context_excludes_the_development_state()
    {
        var ignored = Repository.Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains("ops/.state", ignored);
        Assert.Contains("**/bin", ignored);
        Assert.Contains("**/obj", ignored);
    }

    [Fact]
    public void Compose_runs_the_stack_with_health_checks_and_a_key_volume_and_no_secret_in_the_file()
    {
        var compose = Compose();
        var services = Map(compose, "services");
        Assert.Equal(["postgres", "rabbitmq", "redis", "server", "feed", "ais-feed", "urls"],
            services.Children.Keys.Select(k => ((YamlScalarNode)k).Value));

        Assert.Contains("pg_isready", string.Join(' ', Scalars(Get(Map(services, "postgres"), "healthcheck"))), StringComparison.Ordinal);
        Assert.Contains("rabbitmq-diagnostics", string.Join(' ', Scalars(Get(Map(services, "rabbitmq"), "healthcheck"))), StringComparison.Ordinal);

        var server = Map(services, "server");
        var build = Map(server, "build");
        Assert.Equal("ops/Dockerfile", Scalars(Get(build, "dockerfile")).Single());
        Assert.Equal("demo", Scalars(Get(build, "target")).Single());
        Assert.Equal(["CMD", "dotnet", "/app/cli/mcoord.dll", "health"], Scalars(Get(Map(server, "healthcheck"), "test")));
        Assert.Equal("service_healthy", Scalars(Get(Map(Map(server, "depends_on"), "postgres"), "condition")).Single());
        Assert.Contains($"keys:{KeyRing}", Scalars(Get(server, "volumes")));
        Assert.Contains("keys", Map(compose, "volumes").Children.Keys.Select(k => ((YamlScalarNode)k).Value));

        // The feeds start when the server is ready, not after a guessed delay.
        foreach (var name in new[] { "feed", "ais-feed", "urls" })
            Assert.Equal("service_healthy", Scalars(Get(Map(Map(Map(services, name), "depends_on"), "server"), "condition")).Single());

        // The signing key comes from the environment of `docker compose up`, never from the file.
        var environment = Map(server, "environment");
        var signingKey = environment.Children[new YamlScalarNode("Auth__SigningKey")];
        Assert.Equal("${MCOORD_SIGNING_KEY:?set MCOORD_SIGNING_KEY to a random string of at least 32 characters}", Scalars(signingKey).Single());
        Assert.DoesNotContain(Scalars(compose), v => v.Contains("ops/.state", StringComparison.Ordinal) || v.Contains("BEGIN PRIVATE KEY", StringComparison.Ordinal));
    }

    [Fact]
    public void The_shipped_cli_has_no_load_or_seed_command()
    {
        var names = MaritimeCli.Build().Subcommands.Select(c => c.Name).ToList();
        Assert.Contains("token", names);
        Assert.Contains("health", names);
        Assert.DoesNotContain("load", names);
        Assert.DoesNotContain(typeof(MaritimeCli).Assembly.GetTypes(), t => t.Namespace?.EndsWith(".Load", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:8080/health/ready")]
    [InlineData("5999", "http://127.0.0.1:5999/health/ready")]
    [InlineData("6001;6002", "http://127.0.0.1:6001/health/ready")]
    public void The_health_probe_asks_the_port_the_server_listens_on(string? ports, string expected) =>
        Assert.Equal(expected, HealthCommands.DefaultUrl(ports));
}
