using System.CommandLine;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Geo;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Cli.Commands;

internal static class GeoCommands
{
    public static Command Build()
    {
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL connection string (default: $ConnectionStrings__Maritime)" };
        var centres = new Option<FileInfo?>("--centres") { Description = "GeoJSON of rescue centres (Point features: code, name, country, ...)" };
        var regions = new Option<FileInfo?>("--sar-regions") { Description = "GeoJSON of SAR regions (Polygon/MultiPolygon: code, name, centreCode, approximate, boundaryVersion)" };
        var seas = new Option<FileInfo?>("--territorial-seas") { Description = "GeoJSON of 12 nm territorial seas (Polygon/MultiPolygon per country: country, boundaryVersion), watched by the area-entry detector" };
        var land = new Option<FileInfo?>("--land") { Description = "GeoJSON of land polygons (replaces the land layer: positions on land are flagged, drift particles strand)" };
        var assets = new Option<FileInfo?>("--assets") { Description = "GeoJSON of the centre's response assets (see samples/responders/README.md), ranked as responders" };
        var migrate = new Option<bool>("--migrate") { Description = "Apply database migrations first" };

        var load = new Command("load", "Import rescue centres, SAR-region boundaries, 12 nm limits, land and response assets, e.g. authoritative ones replacing the samples")
            { connection, centres, regions, seas, land, assets, migrate };
        load.SetAction(async (parse, ct) =>
        {
            var cs = parse.GetValue(connection) ?? Environment.GetEnvironmentVariable("ConnectionStrings__Maritime");
            if (string.IsNullOrWhiteSpace(cs)) { Console.Error.WriteLine("Pass --connection or set ConnectionStrings__Maritime."); return 2; }
            var centresFile = parse.GetValue(centres);
            var regionsFile = parse.GetValue(regions);
            var seasFile = parse.GetValue(seas);
            var landFile = parse.GetValue(land);
            var assetsFile = parse.GetValue(assets);
            if (centresFile is null && regionsFile is null && seasFile is null && landFile is null && assetsFile is null)
            {
                Console.Error.WriteLine("Nothing to load: pass --centres, --sar-regions, --territorial-seas, --land and/or --assets.");
                return 2;
            }

            var options = (DbContextOptions<MaritimeDbContext>)MaritimeDbContext.Configure(new DbContextOptionsBuilder<MaritimeDbContext>(), cs).Options;
            await using var db = new MaritimeDbContext(options);
            if (parse.GetValue(migrate)) await db.Database.MigrateAsync(ct);
            var loader = new GeoJsonBoundaryLoader(db, TimeProvider.System);
            try
            {
                if (centresFile is not null)
                {
                    await using var s = centresFile.OpenRead();
                    Console.WriteLine($"rescue centres loaded: {await loader.LoadRescueCentresAsync(s, ct)}");
                }
                if (regionsFile is not null)
                {
                    await using var s = regionsFile.OpenRead();
                    Console.WriteLine($"SAR regions loaded: {await loader.LoadSarRegionsAsync(s, ct)}");
                }
                if (seasFile is not null)
                {
                    await using var s = seasFile.OpenRead();
                    Console.WriteLine($"territorial seas loaded: {await loader.LoadTerritorialSeasAsync(s, ct)} (the detection job picks them up on its next run)");
                }
                if (landFile is not null)
                {
                    await using var s = landFile.OpenRead();
                    Console.WriteLine($"land polygons loaded: {await new LandAreaLoader(db, TimeProvider.System).LoadAsync(s, landFile.Name, ct)}");
                }
                if (assetsFile is not null)
                {
                    await using var s = assetsFile.OpenRead();
                    Console.WriteLine($"response assets loaded: {await new ResponseAssetLoader(db, TimeProvider.System).LoadAsync(s, ct)}");
                }
            }
            catch (BoundaryFileException e)
            {
                Console.Error.WriteLine($"error: {e.Message} (nothing from this file was written)");
                return 1;
            }
            return 0;
        });
        return new Command("geo", "Boundary data") { load };
    }
}
