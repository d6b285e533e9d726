using MaritimeCoord.Cli.Auth;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Contracts.Sightings;
using MaritimeCoord.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace MaritimeCoord.IntegrationTests;

/// <summary>
/// Two server nodes on this machine serve one picture: shared PostgreSQL, RabbitMQ (competing consumers on one queue)
/// and the Redis backplane. An event raised through node A reaches a client connected to node B.
/// </summary>
public sealed class ScaleOutTests : IAsyncLifetime
{
    private readonly string signingKey = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
    private readonly string prefix = $"s{Guid.NewGuid():N}"[..12] + "-";
    private readonly string redisChannelPrefix = $"mct{Guid.NewGuid():N}";
    private string connectionString = "";
    private Node nodeA = null!;
    private Node nodeB = null!;

    private sealed class Node(string connectionString, string signingKey, string prefix, string redisChannelPrefix)
        : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Maritime", connectionString);
            builder.UseSetting("ConnectionStrings:Redis", TestServers.Redis);
            builder.UseSetting("Realtime:RedisChannelPrefix", redisChannelPrefix); // isolated from any other server on this Redis
            builder.UseSetting("Auth:SigningKey", signingKey);
            builder.UseSetting("Samples:LoadOnStartup", "true");
            builder.UseSetting("Jobs:Enabled", "false");
            builder.UseSetting("Messaging:Transport", "RabbitMq");
            builder.UseSetting("Messaging:RabbitMqHost", TestServers.RabbitMqHost);
            builder.UseSetting("Messaging:EndpointPrefix", prefix); // the same queue on both nodes: competing consumers
            builder.UseSetting("Messaging:TemporaryEndpoints", "false");
        }
    }

    public async Task InitializeAsync()
    {
        connectionString = await TestServers.CreateDatabaseAsync("mcs");
        nodeA = new Node(connectionString, signingKey, prefix, redisChannelPrefix);
        _ = nodeA.Server; // node A migrates and loads the samples first
        nodeB = new Node(connectionString, signingKey, prefix, redisChannelPrefix);
        _ = nodeB.Server;
    }

    public async Task DisposeAsync()
    {
        await nodeA.DisposeAsync();
        await nodeB.DisposeAsync();
        await TestServers.DropDatabaseAsync(connectionString);
        await TestServers.DeleteRabbitQueuesAsync(prefix);
    }

    [Fact]
    public async Task A_sighting_logged_on_node_A_reaches_an_operator_connected_to_node_B()
    {
        var operatorToken = DevelopmentTokenIssuer.Issue(signingKey, MaritimeRoles.Operator, "BASARNAS-IDN");
        await using var hubOnB = new HubConnectionBuilder()
            .WithUrl(new Uri(nodeB.Server.BaseAddress, "hubs/situation"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(operatorToken);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (ctx, ct) =>
                {
                    var ws = nodeB.Server.CreateWebSocketClient();
                    ws.ConfigureRequest = r => r.Headers.Authorization = $"Bearer {operatorToken}";
                    return await ws.ConnectAsync(ctx.Uri, ct);
                };
            })
            .Build();
        // Six events: with both nodes competing for the queue, some are consumed on node A and can only reach the client
        // on node B through the Redis backplane (the chance that node B consumes all six is 1 in 64).
        const int count = 6;
        var received = new List<string>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hubOnB.On<SightingLogged>("sightingLogged", e =>
        {
            // Other test classes publish to the same RabbitMQ exchanges, whose fan-out reaches this test's queue too.
            if (!e.BoatDescription.StartsWith("seen through node A", StringComparison.Ordinal)) return;
            lock (received)
            {
                received.Add(e.BoatDescription);
                if (received.Count == count) all.TrySetResult();
            }
        });
        await hubOnB.StartAsync();

        var clientOnA = nodeA.CreateClient();
        clientOnA.DefaultRequestHeaders.Authorization = new("Bearer", DevelopmentTokenIssuer.Issue(signingKey, MaritimeRoles.Liaison, "BASARNAS-IDN"));
        for (var i = 0; i < count; i++)
        {
            var response = await Sightings.PostAsync(clientOnA, Sightings.Valid(b =>
            {
                b["boatDescription"] = $"seen through node A #{i}";
                b.Remove("positionText"); b["latitude"] = -6.0 - i * 0.5; b["longitude"] = 108.0; // Java Sea, separate incidents
            }));
            response.EnsureSuccessStatusCode();
        }

        await all.Task.WaitAsync(TimeSpan.FromSeconds(60));
        lock (received) Assert.Equal(Enumerable.Range(0, count).Select(i => $"seen through node A #{i}").Order(), received.Order());
    }
}
