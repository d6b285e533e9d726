using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Geo;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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
        // Interceptors registered as services (the outbox's commit signal) apply to every context.
        builder.Services.AddDbContext<MaritimeDbContext>((sp, o) => MaritimeDbContext.Configure(o, connectionString).AddInterceptors(sp.GetServices<IInterceptor>()));
        builder.Services.AddScoped<GeoJsonBoundaryLoader>();
        builder.Services.AddScoped<ResponseAssetLoader>();
        builder.Services.AddScoped<LandAreaLoader>();
        return builder;
    }

    /// <summary>
    /// Applies migrations (EF Core takes a database lock, so nodes starting together are safe) and, in Development or
    /// demo mode, loads the samples into an empty database; otherwise says what an empty database still needs.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaritimeDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("MaritimeCoord.Database");
        if (scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            // EF reads the history table before creating it and logs that failed read as an error on a fresh database:
            // the table is created first, so a first start logs no error.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync();
            await db.Database.MigrateAsync();
            log.LogInformation("Database schema is up to date");
        }

        var samples = scope.ServiceProvider.GetRequiredService<IOptions<SamplesOptions>>().Value;
        var demo = scope.ServiceProvider.GetRequiredService<IOptions<DemoOptions>>().Value;
        bool load = samples.LoadOnStartup ?? (app.Environment.IsDevelopment() || demo.Enabled);
        var missing = new List<(string What, string Option)>();
        if (!await db.RescueCentres.AnyAsync())
        {
            if (load)
            {
                var folder = Path.GetFullPath(samples.GeoPath, app.Environment.ContentRootPath);
                var loader = scope.ServiceProvider.GetRequiredService<GeoJsonBoundaryLoader>();
                await using (var centres = File.OpenRead(Path.Combine(folder, "rescue-centres.geojson")))
                    log.LogInformation("Loaded {Count} sample rescue centres", await loader.LoadRescueCentresAsync(centres, default));
                await using (var regions = File.OpenRead(Path.Combine(folder, "sar-regions.geojson")))
                    log.LogInformation("Loaded {Count} sample SAR regions (approximate)", await loader.LoadSarRegionsAsync(regions, default));
            }
            else missing.Add(("rescue centres and SAR regions (without them no sighting gets a jurisdiction)", "--centres centres.geojson --sar-regions srr.geojson"));
        }
        if (!await db.Database.SqlQuery<bool>($"SELECT EXISTS (SELECT 1 FROM territorial_seas) AS \"Value\"").SingleAsync())
        {
            if (load)
            {
                var folder = Path.GetFullPath(samples.GeoPath, app.Environment.ContentRootPath);
                var loader = scope.ServiceProvider.GetRequiredService<GeoJsonBoundaryLoader>();
                await using var seas = File.OpenRead(Path.Combine(folder, "territorial-sea-12nm.geojson"));
                log.LogInformation("Loaded {Count} sample territorial seas (12 nm, OpenStreetMap)", await loader.LoadTerritorialSeasAsync(seas, default));
            }
            else missing.Add(("12 nm territorial seas (watched by the area-entry detector)", "--territorial-seas seas.geojson"));
        }
        if (!await db.Database.SqlQuery<bool>($"SELECT EXISTS (SELECT 1 FROM land_areas) AS \"Value\"").SingleAsync())
        {
            if (load)
            {
                var folder = Path.GetFullPath(samples.GeoPath, app.Environment.ContentRootPath);
                await using var land = File.OpenRead(Path.Combine(folder, "coastline.geojson"));
                var count = await scope.ServiceProvider.GetRequiredService<LandAreaLoader>().LoadAsync(land, "samples/geo/coastline.geojson (Natural Earth 1:50m)", default);
                log.LogInformation("Loaded {Count} sample land polygons (Natural Earth 1:50m)", count);
            }
            else missing.Add(("land polygons (positions on land are flagged, drift particles strand)", "--land land.geojson"));
        }
        if (!await db.ResponseAssets.AnyAsync())
        {
            if (load)
            {
                var file = Path.GetFullPath(samples.AssetsPath, app.Environment.ContentRootPath);
                await using var assets = File.OpenRead(file);
                var count = await scope.ServiceProvider.GetRequiredService<ResponseAssetLoader>().LoadAsync(assets, default);
                log.LogInformation("Loaded {Count} sample response assets (fictional)", count);
            }
            else missing.Add(("the centre's own response assets (ranked as responders)", "--assets assets.geojson"));
        }
        if (missing.Count > 0)
        {
            // The command on a line of its own, so it can be copied as it is (the file names are placeholders).
            log.LogWarning(
                "The database lacks reference data: {Missing}. Load the centre's files (formats: docs/operations.md, " +
                "\"First start on an empty database\") with:\n  mcoord geo load --connection \"<connection string>\" {Options}\n" +
                "For a demonstration with the approximate samples and fictional assets instead, start the server with --demo",
                string.Join("; ", missing.Select(m => m.What)), string.Join(" ", missing.Select(m => m.Option)));
        }
    }
}
