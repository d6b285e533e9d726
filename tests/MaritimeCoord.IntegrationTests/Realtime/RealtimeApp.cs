using MaritimeCoord.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.IntegrationTests.Realtime;

/// <summary>The real server on Kestrel (real sockets and WebSockets), RabbitMQ, PostgreSQL; live-feed intervals made long enough to observe.</summary>
public sealed class RealtimeApp : MaritimeAppFactory
{
    protected override bool RealKestrel => true;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Realtime:VesselUpdateInterval"] = "00:00:03",
        ["Realtime:FlushInterval"] = "00:00:00.100",
        ["Realtime:CatchUpPageSize"] = "4", // small pages, so paging is exercised
    };

    /// <summary>A client over real WebSockets, JSON or MessagePack.</summary>
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
}
