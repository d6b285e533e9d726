namespace MaritimeCoord.Server.Outbox;

public static class OutboxSetup
{
    public static WebApplicationBuilder AddOutbox(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddScoped<OutboxWriter>();
        builder.Services.AddHostedService<OutboxDispatcher>();
        return builder;
    }
}
