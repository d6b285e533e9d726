using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.IntegrationTests.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MaritimeCoord.IntegrationTests;

/// <summary>
/// Outside Development, an empty database stays empty unless demo mode is asked for: no approximate boundaries and no
/// fictional assets reach a production node by default, and the log says what to load and how. With --demo they load.
/// </summary>
public sealed class ProductionDefaultsTests
{
    public class App(bool demo) : MaritimeAppFactory
    {
        public CapturingLoggerProvider Logs { get; } = new();
        protected override bool UseRabbitMq => false;
        protected override bool LoadSamples => false;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            if (demo) builder.UseSetting("Demo:Enabled", "true");
            builder.ConfigureLogging(l => l.AddProvider(Logs));
        }
    }

    [Fact]
    public async Task A_production_start_on_an_empty_database_loads_no_samples_and_says_what_to_load()
    {
        await using var app = new App(demo: false);
        await ((IAsyncLifetime)app).InitializeAsync();
        try
        {
            Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM rescue_centres"));
            Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM sar_regions"));
            Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM response_assets"));
            var warning = Assert.Single(app.Logs.Lines, l => l.StartsWith("Warning MaritimeCoord.Database", StringComparison.Ordinal));
            Assert.Contains("mcoord geo load", warning, StringComparison.Ordinal);
            Assert.Contains("--sar-regions", warning, StringComparison.Ordinal);
            Assert.Contains("--assets", warning, StringComparison.Ordinal);
            Assert.Contains("--demo", warning, StringComparison.Ordinal);
            // The test host keeps the checkout's key directory: a production start says to set a real one.
            Assert.Single(app.Logs.Lines, l => l.StartsWith("Warning MaritimeCoord.PersonalData", StringComparison.Ordinal)
                && l.Contains("PersonalData:KeyDirectory is not set", StringComparison.Ordinal));
            Assert.DoesNotContain(app.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    [Fact]
    public async Task Demo_mode_loads_the_samples_into_an_empty_database_without_errors_or_warnings()
    {
        await using var app = new App(demo: true);
        await ((IAsyncLifetime)app).InitializeAsync();
        try
        {
            Assert.True(await app.ScalarAsync("SELECT count(*) FROM rescue_centres") > 0);
            Assert.True(await app.ScalarAsync("SELECT count(*) FROM response_assets") > 0);
            // A fresh database: the migration history did not exist before this start, and nothing was logged as a failure.
            Assert.DoesNotContain(app.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)
                || (l.StartsWith("Warning", StringComparison.Ordinal) && !l.Contains("DataProtection", StringComparison.Ordinal)));
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    [Fact]
    public void The_demo_switch_becomes_a_setting_and_other_arguments_pass_unchanged()
    {
        Assert.Equal(["--urls", "http://127.0.0.1:1", "--Demo:Enabled=true"],
            MaritimeCoord.Server.Infrastructure.DemoOptions.Arguments(["--urls", "http://127.0.0.1:1", "--demo"]));
    }
}
