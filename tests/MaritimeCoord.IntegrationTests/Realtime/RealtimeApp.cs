using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Realtime;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.IntegrationTests.Realtime;

/// <summary>The live-picture tests share one <see cref="RealtimeApp"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class RealtimeCollection : ICollectionFixture<RealtimeApp>
{
    public const string Name = "Realtime";
}

/// <summary>
/// The real server on Kestrel (real sockets and WebSockets), RabbitMQ, PostgreSQL. The live vessel feeds run on
/// <see cref="FeedClock"/>, a fake clock the tests move: per-vessel intervals and flush ticks happen when a test says so,
/// never because a busy machine was slow.
/// </summary>
public sealed class RealtimeApp : MaritimeAppFactory
{
    public FakeTimeProvider FeedClock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<LiveVesselFeeds>();
            services.AddSingleton(sp => ActivatorUtilities.CreateInstance<LiveVesselFeeds>(sp, (TimeProvider)FeedClock));
        });
    }

    protected override bool RealKestrel => true;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Realtime:VesselUpdateInterval"] = "00:00:03",
        ["Realtime:FlushInterval"] = "00:00:00.100",
        ["Realtime:CatchUpPageSize"] = "4", // small pages, so paging is exercised
    };

}
