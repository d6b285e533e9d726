using MaritimeCoord.Server.Infrastructure;

namespace MaritimeCoord.Server.Realtime;

public static class RealtimeSetup
{
    public static WebApplicationBuilder AddRealtime(this WebApplicationBuilder builder)
    {
        var signalR = builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 32 * 1024)
            .AddJsonProtocol(o => HttpSetup.ConfigureJson(o.PayloadSerializerOptions));
        // Several nodes serve one picture through the Redis backplane; a single node needs none.
        if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal(
                builder.Configuration["Realtime:RedisChannelPrefix"] is { Length: > 0 } prefix ? prefix : "maritimecoord"));
        return builder;
    }

    public static WebApplication MapRealtime(this WebApplication app)
    {
        app.MapHub<SituationHub>(SituationHub.Path);
        return app;
    }
}
