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

}
