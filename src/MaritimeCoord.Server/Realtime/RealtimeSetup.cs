using MaritimeCoord.Server.Infrastructure;

namespace MaritimeCoord.Server.Realtime;

public static class RealtimeSetup
{
    public static WebApplicationBuilder AddRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RealtimeOptions>(builder.Configuration.GetSection(RealtimeOptions.Section));
        builder.Services.AddSingleton<LiveVesselFeeds>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveVesselFeeds>());
        var signalR = builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 32 * 1024)
            .AddJsonProtocol(o => HttpSetup.ConfigureJson(o.PayloadSerializerOptions))
            // Measured faster and smaller for position batches (docs/realtime.md); the console uses it.
            .AddMessagePackProtocol();
        // Several nodes serve one picture through the Redis backplane; a single node needs none.
        if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal(
                builder.Configuration["Realtime:RedisChannelPrefix"] is { Length: > 0 } prefix ? prefix : "maritimecoord"));
        return builder;
    }

    public static WebApplication MapRealtime(this WebApplication app)
    {
        // Stateful reconnect replays what a short WebSocket drop lost; the guarantee does not rest on it: numbered
        // streams and CatchUp cover any longer outage, a node restart or another transport.
        app.MapHub<SituationHub>(SituationHub.Path, o => o.AllowStatefulReconnects = true);
        return app;
    }
}
