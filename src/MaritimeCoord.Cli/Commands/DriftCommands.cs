using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MaritimeCoord.Domain.Drift;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Forcing;

namespace MaritimeCoord.Cli.Commands;

/// <summary><c>mcoord drift run</c>: the Leeway drift model offline (docs/drift.md).</summary>
internal static class DriftCommands
{
    public static Command Build()
    {
        var objectClass = new Option<string>("--object") { Description = "Leeway object class key, e.g. PIW-1, FISHING-VESSEL-1, SKIFF-2", Required = true };
        var lat = new Option<double>("--lat") { Description = "Seeding latitude, decimal degrees", Required = true };
        var lon = new Option<double>("--lon") { Description = "Seeding longitude, decimal degrees", Required = true };
        var time = new Option<string>("--time") { Description = "Seeding time, ISO 8601 (UTC unless an offset is given)", Required = true };
        var radius = new Option<double>("--radius-m") { Description = "Position error: particles uniform in a disc of this radius (m)", DefaultValueFactory = _ => 0 };
        var particles = new Option<int>("--particles") { Description = $"Number of particles ({DriftRequest.MinParticles}–{DriftRequest.MaxParticles})", DefaultValueFactory = _ => 1000 };
        var hours = new Option<double>("--hours") { Description = $"Hours to run ({DriftRequest.MinHours}–{DriftRequest.MaxHours})", DefaultValueFactory = _ => 24 };
        var stepMinutes = new Option<double>("--step-minutes") { Description = "Time step (minutes)", DefaultValueFactory = _ => 10 };
        var windSpeed = new Option<double?>("--wind-speed") { Description = $"On-scene wind speed 10 m above the sea, m/s (0–{OnSceneForcing.MaxWindSpeed})" };
        var windFrom = new Option<double?>("--wind-from") { Description = "Direction the wind blows from, degrees true" };
        var currentSpeed = new Option<double?>("--current-speed") { Description = $"On-scene surface current, m/s (0–{OnSceneForcing.MaxCurrentSpeed})" };
        var currentTo = new Option<double?>("--current-to") { Description = "Direction the current sets to, degrees true" };
        var forcing = new Option<FileInfo?>("--forcing") { Description = "NetCDF-4/CF file of 10 m wind (u10/v10) and/or surface current (uo/vo); on-scene values fill where it has none" };
        var backward = new Option<bool>("--backward") { Description = "Run backward in time: where did it come from" };
        var seed = new Option<ulong>("--seed") { Description = "Random seed (same seed, same run)", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo>("--out") { Description = "GeoJSON FeatureCollection of the final particles (Point; stranded, side)", Required = true };
        var land = new Option<FileInfo?>("--land") { Description = "Land polygons GeoJSON (default: the bundled Natural Earth 1:50m land)" };

        var run = new Command("run", "Run the Leeway Monte Carlo drift model from a point and write the final particles")
            { objectClass, lat, lon, time, radius, particles, hours, stepMinutes, windSpeed, windFrom, currentSpeed, currentTo, forcing, backward, seed, output, land };
        run.SetAction((parse, ct) => Task.FromResult(Run(parse, objectClass, lat, lon, time, radius, particles, hours, stepMinutes, windSpeed, windFrom,
            currentSpeed, currentTo, forcing, backward, seed, output, land, ct)));
        return new Command("drift", "Drift of search objects (Leeway model)") { run };
    }

    private static int Run(ParseResult parse, Option<string> objectClass, Option<double> lat, Option<double> lon, Option<string> time, Option<double> radius,
        Option<int> particles, Option<double> hours, Option<double> stepMinutes, Option<double?> windSpeed, Option<double?> windFrom,
        Option<double?> currentSpeed, Option<double?> currentTo, Option<FileInfo?> forcing, Option<bool> backward, Option<ulong> seed,
        Option<FileInfo> output, Option<FileInfo?> land, CancellationToken ct)
    {
        int Fail(string message)
        {
            Console.Error.WriteLine($"error: {message}");
            return 2;
        }

        var key = parse.GetValue(objectClass)!;
        if (!LeewayClasses.TryGet(key, out var leeway))
            return Fail($"--object: unknown leeway object class '{key}'. Valid keys: {string.Join(", ", LeewayClasses.Keys)}");
        var latitude = parse.GetValue(lat);
        var longitude = parse.GetValue(lon);
        if (!GeoPosition.IsValidLatitude(latitude)) return Fail($"--lat must be within −90..90, was {latitude}");
        if (!GeoPosition.IsValidLongitude(longitude)) return Fail($"--lon must be within −180..180, was {longitude}");
        if (!DateTimeOffset.TryParse(parse.GetValue(time), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var seedTime))
            return Fail("--time must be an ISO 8601 time, e.g. 2026-03-01T06:00:00Z");
        var h = parse.GetValue(hours);
        if (!(h is >= DriftRequest.MinHours and <= DriftRequest.MaxHours)) return Fail($"--hours must be within {DriftRequest.MinHours}–{DriftRequest.MaxHours}, was {h}");
        var n = parse.GetValue(particles);
        if (n is < DriftRequest.MinParticles or > DriftRequest.MaxParticles) return Fail($"--particles must be within {DriftRequest.MinParticles}–{DriftRequest.MaxParticles}, was {n}");
        var step = parse.GetValue(stepMinutes);
        if (!(step is >= 1 and <= 360)) return Fail($"--step-minutes must be within 1–360, was {step}");
        var r = parse.GetValue(radius);
        if (!(r is >= 0 and <= 1_000_000)) return Fail($"--radius-m must be within 0–1,000,000, was {r}");
        var ws = parse.GetValue(windSpeed);
        var wf = parse.GetValue(windFrom);
        var cs = parse.GetValue(currentSpeed);
        var cto = parse.GetValue(currentTo);
        if (ws is { } w && !(w is >= 0 and <= OnSceneForcing.MaxWindSpeed)) return Fail($"--wind-speed must be within 0–{OnSceneForcing.MaxWindSpeed} m/s, was {w}");
        if (cs is { } c && !(c is >= 0 and <= OnSceneForcing.MaxCurrentSpeed)) return Fail($"--current-speed must be within 0–{OnSceneForcing.MaxCurrentSpeed} m/s, was {c}");
        if ((ws is null) != (wf is null)) return Fail("--wind-speed and --wind-from go together");
        if ((cs is null) != (cto is null)) return Fail("--current-speed and --current-to go together");
        var forcingFile = parse.GetValue(forcing);
        if (ws is null && forcingFile is null) return Fail("no wind: give --wind-speed and --wind-from, or a --forcing file with 10 m wind");

        var request = new DriftRequest
        {
            ObjectClass = leeway,
            Seeding = new PointSeeding(new GeoPosition(latitude, longitude), r, seedTime),
            Particles = n,
            Duration = TimeSpan.FromHours(h),
            TimeStep = TimeSpan.FromMinutes(step),
            OutputInterval = TimeSpan.FromMinutes(step * Math.Max(1, Math.Round(60 / step))),
            Direction = parse.GetValue(backward) ? DriftDirection.Backward : DriftDirection.Forward,
            Seed = parse.GetValue(seed),
        };
        var problems = request.Validate();
        if (problems.Count > 0) return Fail(string.Join("; ", problems.Select(p => $"{p.Field} {p.Message}")));

        var onScene = OnSceneForcing.Constant(ws, wf ?? 0, cs, cto ?? 0);
        IDriftForcing model = onScene;
        var maxSpeed = DriftRegion.MaxSpeed(leeway, ws ?? 0, cs ?? 0);
        if (forcingFile is not null)
        {
            try
            {
                var file = NetCdfForcingReader.Read(forcingFile.FullName);
                if (file.Wind is null && ws is null) return Fail($"--forcing {forcingFile.Name} has no 10 m wind and no --wind-speed was given");
                var gridded = file.ToForcing(onScene);
                var (south, west, north, east) = DriftRegion.Reachable(request, maxSpeed);
                var first = request.StartTime < request.EndTime ? request.StartTime : request.EndTime;
                var last = request.StartTime < request.EndTime ? request.EndTime : request.StartTime;
                if (gridded.CoverageProblem(south, west, north, east, first, last) is { } problem) return Fail($"--forcing: {problem}");
                Console.WriteLine($"forcing: {file.Describe()}");
                model = gridded;
                // Gridded winds can be far stronger than the on-scene one: size the land mask for a storm.
                maxSpeed = Math.Max(maxSpeed, DriftRegion.MaxSpeed(leeway, file.Wind is null ? ws ?? 0 : 30, file.Current is null ? cs ?? 0 : 2.5));
            }
            catch (ForcingFileException e)
            {
                return Fail($"--forcing: {e.Message}");
            }
        }

        var landFile = parse.GetValue(land)?.FullName ?? LandPolygons.DefaultPath;
        if (!File.Exists(landFile)) return Fail($"land file {landFile} not found (--land)");
        var mask = LandPolygons.MaskFor(LandPolygons.Read(landFile), request, maxSpeed);
        DriftResult result;
        try
        {
            result = DriftModel.Run(request, model, mask, new DriftRunOptions { KeepSnapshots = false, CancellationToken = ct });
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        var outFile = parse.GetValue(output)!;
        WriteGeoJson(outFile.FullName, result);
        Console.WriteLine($"{leeway.Key}: {result.Final.Count} particles, {result.Final.Active} adrift, {result.Final.Stranded} stranded at {result.Final.Time:yyyy-MM-dd'T'HH:mm'Z'} → {outFile.FullName}");
        if (result.Fallbacks.Any) Console.WriteLine($"forcing fell back: {result.Fallbacks}");
        return 0;
    }

    /// <summary>The final particles as a GeoJSON FeatureCollection of Points with <c>stranded</c> and <c>side</c>.</summary>
    internal static void WriteGeoJson(string path, DriftResult result)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        var s = result.Final;
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartObject("properties");
        json.WriteString("objectClass", result.Request.ObjectClass.Key);
        json.WriteString("time", s.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        json.WriteString("direction", result.Request.Direction == DriftDirection.Forward ? "forward" : "backward");
        json.WriteNumber("seed", result.Request.Seed);
        json.WriteEndObject();
        json.WriteStartArray("features");
        for (var i = 0; i < s.Count; i++)
        {
            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WriteStartObject("geometry");
            json.WriteString("type", "Point");
            json.WriteStartArray("coordinates");
            json.WriteNumberValue(Math.Round(s.Longitudes[i], 6));
            json.WriteNumberValue(Math.Round(s.Latitudes[i], 6));
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteBoolean("stranded", s.Status[i] == ParticleStatus.Stranded);
            json.WriteString("side", s.Sides[i] == ParticleSide.Right ? "right" : "left");
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
