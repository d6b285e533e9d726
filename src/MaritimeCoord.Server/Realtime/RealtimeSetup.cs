using MaritimeCoord.Persistence.Realtime;
using MaritimeCoord.Server.Infrastructure;
using Npgsql;

namespace MaritimeCoord.Server.Realtime;

public static class RealtimeSetup
{
    private const string CurrentPictureDataSourceKey = "current-picture";
    private const int CurrentPictureConnections = 4;

    public static WebApplicationBuilder AddRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RealtimeOptions>(builder.Configuration.GetSection(RealtimeOptions.Section));
        builder.Services.AddSingleton<LiveVesselFeeds>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveVesselFeeds>());
        // The current picture sent on each new viewport: its own small pool, so a thousand clients connecting at once
        // queue for a few connections instead of taking the ones incident commands need (or swamping 2 cores).
        var pictureConnections = new NpgsqlConnectionStringBuilder(builder.Configuration.MaritimeConnectionString())
        {
            MaxPoolSize = CurrentPictureConnections,
        }.ConnectionString;
        builder.Services.AddKeyedSingleton(CurrentPictureDataSourceKey, (_, _) => NpgsqlDataSource.Create(pictureConnections));
        builder.Services.AddSingleton(sp => new CurrentVesselPicture(sp.GetRequiredKeyedService<NpgsqlDataSource>(CurrentPictureDataSourceKey)));
        builder.Services.AddSingleton<CurrentPictureSender>();
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
