namespace MaritimeCoord.Server.Cot;

public static class CotSetup
{
    /// <summary>Cursor-on-Target links (docs/tak.md), only when <c>Cot:Enabled</c> is set.</summary>
    public static WebApplicationBuilder AddCot(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(CotOptions.Section);
        builder.Services.Configure<CotOptions>(section);
        builder.Services.AddSingleton<CotCounters>();
        if (!section.GetValue<bool>(nameof(CotOptions.Enabled))) return builder;
        builder.Services.AddSingleton<CotUnitPositions>();
        builder.Services.AddSingleton<CotEmergencies>();
        builder.Services.AddSingleton<CotRuntime>();
        builder.Services.AddSingleton<CotPictureService>();
        builder.Services.AddHostedService(s => s.GetRequiredService<CotUnitPositions>());
        builder.Services.AddHostedService(s => s.GetRequiredService<CotEmergencies>());
        builder.Services.AddHostedService(s => s.GetRequiredService<CotRuntime>());
        builder.Services.AddHostedService(s => s.GetRequiredService<CotPictureService>());
        return builder;
    }
}
