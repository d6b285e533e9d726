using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Geo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Infrastructure;

public static class DatabaseSetup
{
    public static string MaritimeConnectionString(this IConfiguration config) =>
        config.GetConnectionString("Maritime")
        ?? throw new InvalidOperationException("ConnectionStrings:Maritime is not configured (see README: ops/run.sh sets it).");

    public static WebApplicationBuilder AddMaritimeDatabase(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.MaritimeConnectionString();
        builder.Services.AddDbContext<MaritimeDbContext>(o => MaritimeDbContext.Configure(o, connectionString));
        builder.Services.AddScoped<GeoJsonBoundaryLoader>();
        builder.Services.AddScoped<ResponseAssetLoader>();
        builder.Services.AddScoped<LandAreaLoader>();
        return builder;
    }

    /// <summary>Applies migrations (EF Core takes a database lock, so nodes starting together are safe) and loads samples into an empty database.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaritimeDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("MaritimeCoord.Database");
        if (scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            await db.Database.MigrateAsync();
            log.LogInformation("Database schema is up to date");
        }

        var samples = scope.ServiceProvider.GetRequiredService<IOptions<SamplesOptions>>().Value;
        if (samples.LoadOnStartup && !await db.RescueCentres.AnyAsync())
        {
            var folder = Path.GetFullPath(samples.GeoPath, app.Environment.ContentRootPath);
            var loader = scope.ServiceProvider.GetRequiredService<GeoJsonBoundaryLoader>();
            await using (var centres = File.OpenRead(Path.Combine(folder, "rescue-centres.geojson")))
                log.LogInformation("Loaded {Count} sample rescue centres", await loader.LoadRescueCentresAsync(centres, default));
            await using (var regions = File.OpenRead(Path.Combine(folder, "sar-regions.geojson")))
                log.LogInformation("Loaded {Count} sample SAR regions (approximate)", await loader.LoadSarRegionsAsync(regions, default));
        }
        if (samples.LoadOnStartup && !await db.Database.SqlQuery<bool>($"SELECT EXISTS (SELECT 1 FROM territorial_seas) AS \"Value\"").SingleAsync())
        {
            var folder = Path.GetFullPath(samples.GeoPath, app.Environment.ContentRootPath);
            var loader = scope.ServiceProvider.GetRequiredService<GeoJsonBoundaryLoader>();
            await using var seas = File.OpenRead(Path.Combine(folder, "territorial-sea-12nm.geojson"));
            log.LogInformation("Loaded {Count} sample territorial seas (12 nm, OpenStreetMap)", await loader.LoadTerritorialSeasAsync(seas, default));
        }
        if (samples.LoadOnStartup && !await db.Database.SqlQuery<bool>($"SELECT EXISTS (SELECT 1 FROM land_areas) AS \"Value\"").SingleAsync())
        {
            var folder = Path.GetFullPath(samples.GeoPath, app.Environment.ContentRootPath);
            await using var land = File.OpenRead(Path.Combine(folder, "coastline.geojson"));
            var count = await scope.ServiceProvider.GetRequiredService<LandAreaLoader>().LoadAsync(land, "samples/geo/coastline.geojson (Natural Earth 1:50m)", default);
            log.LogInformation("Loaded {Count} sample land polygons (Natural Earth 1:50m)", count);
        }
        if (samples.LoadOnStartup && !await db.ResponseAssets.AnyAsync())
        {
            var file = Path.GetFullPath(samples.AssetsPath, app.Environment.ContentRootPath);
            await using var assets = File.OpenRead(file);
            var count = await scope.ServiceProvider.GetRequiredService<ResponseAssetLoader>().LoadAsync(assets, default);
            log.LogInformation("Loaded {Count} sample response assets (fictional)", count);
        }
    }
}
