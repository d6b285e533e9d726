using MaritimeCoord.Server.Infrastructure;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MaritimeCoord.Server.Outbox;

public static class OutboxSetup
{
    public static WebApplicationBuilder AddOutbox(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection(OutboxOptions.Section));
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxCommitInterceptor>();
        builder.Services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<OutboxCommitInterceptor>());
        builder.Services.AddSingleton<OutboxHealth>();
        builder.Services.AddScoped<OutboxWriter>();
        builder.Services.AddHostedService<OutboxDispatcher>();
        builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox", tags: [HealthSetup.ReadyTag]);
        return builder;
    }
}
