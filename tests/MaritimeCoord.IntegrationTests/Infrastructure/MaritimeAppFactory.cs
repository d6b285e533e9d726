using System.Net;
using System.Net.Http.Headers;
using MaritimeCoord.Cli.Auth;
using MaritimeCoord.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MaritimeCoord.IntegrationTests.Infrastructure;

/// <summary>
/// The real server (Program) against real PostgreSQL+PostGIS and RabbitMQ, with its own database and queue prefix so
/// test classes running in parallel never see each other's data or messages.
/// </summary>
public class MaritimeAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string SigningKey { get; } = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray());
    public string ConnectionString { get; private set; } = "";
    protected virtual bool UseRabbitMq => true;
    protected virtual bool JobsEnabled => false;
    protected virtual bool RealKestrel => false;

    /// <summary>The sample boundaries and fictional assets most tests rely on (a non-Development host loads them only when asked).</summary>
    protected virtual bool LoadSamples => true;
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestServers.CreateDatabaseAsync("mct");
        if (RealKestrel)
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            StartServer();
        }
        else
        {
            _ = Server; // start the host now: migrations and sample loading happen here, not inside the first test
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (ConnectionString.Length > 0) await TestServers.DropDatabaseAsync(ConnectionString);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Maritime", ConnectionString);
        builder.UseSetting("ConnectionStrings:Redis", "");
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("Jobs:Enabled", JobsEnabled ? "true" : "false");
        builder.UseSetting("Server:Jobs", JobsEnabled ? "true" : "false");
        builder.UseSetting("Messaging:Transport", UseRabbitMq ? "RabbitMq" : "InMemory");
        builder.UseSetting("Messaging:RabbitMqHost", TestServers.RabbitMqHost);
        builder.UseSetting("Messaging:EndpointPrefix", $"t{Guid.NewGuid():N}"[..12] + "-");
        builder.UseSetting("Messaging:TemporaryEndpoints", "true");
        if (LoadSamples) builder.UseSetting("Samples:LoadOnStartup", "true");
        foreach (var (key, value) in ExtraSettings) builder.UseSetting(key, value);
    }

    public string Token(string role, string? centre, string? subject = null) =>
        DevelopmentTokenIssuer.Issue(SigningKey, role, centre, subject);

    public HttpClient ClientAs(string role, string? centre, string? subject = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, centre, subject));
        return client;
    }

    public Uri BaseAddress => ClientOptions.BaseAddress;

    /// <summary>A SignalR client over WebSockets, through the test server or real Kestrel.</summary>
    /// <summary>A client over real WebSockets (RealKestrel apps), JSON or MessagePack.</summary>
    public HubConnection Hub(string role, string? centre, bool messagePack = false)
    {
        var token = Token(role, centre);
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, "hubs/situation"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            });
        if (messagePack) builder.AddMessagePackProtocol();
        return builder.Build();
    }

    public HubConnection HubAs(string role, string? centre)
    {
        var token = Token(role, centre);
        return new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, "hubs/situation"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                if (!RealKestrel)
                {
                    o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
                    o.WebSocketFactory = async (ctx, ct) =>
                    {
                        var ws = Server.CreateWebSocketClient();
                        ws.ConfigureRequest = r => r.Headers.Authorization = $"Bearer {token}";
                        return await ws.ConnectAsync(ctx.Uri, ct);
                    };
                }
            })
            .Build();
    }

    public async Task<T> WithDbAsync<T>(Func<MaritimeDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<MaritimeDbContext>());
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }
}
