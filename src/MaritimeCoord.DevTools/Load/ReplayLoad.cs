using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MaritimeCoord.Persistence.Ais;
using Npgsql;
using NpgsqlTypes;

namespace MaritimeCoord.DevTools.Load;

/// <summary>
/// Issue 6's replay figure: "the 24-hour history of one incident (all vessels within 50 nm): replay starts within 1 s".
/// <see cref="SeedAsync"/> opens incidents on the shipping lanes (POST /api/sightings) and writes 24 h of tracks by binary
/// COPY into ais_positions: vessels around each incident plus a background fleet (<see cref="SyntheticFleet"/>), each
/// dead-reckoned every <c>interval</c> with small course and speed changes. <see cref="MeasureAsync"/> asks
/// GET /api/incidents/{id}/replay (defaults: the incident's last 24 h, 50 nm) and times the request to its first frame.
/// </summary>
public static class ReplayLoad
{
    public const string Reporter = "mcoord load seed-replay (synthetic)";
    public const int FirstMmsi = 991_000_000;
    public const int LastMmsi = 991_999_999;

    public sealed record SeedOptions(string Url, string ConnectionString, string LiaisonToken, int Incidents, int VesselsPerIncident,
        int BackgroundVessels, TimeSpan History, TimeSpan Interval, int Seed, TextWriter Out);

    public static async Task SeedAsync(SeedOptions o, CancellationToken ct)
    {
        var fleet = new SyntheticFleet(o.Seed, SyntheticFleet.FindGeoFolder());
        var random = new Random(o.Seed);
        var now = DateTimeOffset.UtcNow;
        using var http = new HttpClient { BaseAddress = new Uri(o.Url.TrimEnd('/') + "/") };

        var incidents = new List<(double Lat, double Lon)>();
        for (var i = 0; i < o.Incidents; i++)
        {
            var (lon, lat, _) = fleet.AlongLane();
            var body = new JsonObject
            {
                // An hour ago: the incident's default replay window (24 h ending 6 h after the last sighting, or now) is the seeded day.
                ["observedAt"] = now.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["latitude"] = Math.Round(lat, 5), ["longitude"] = Math.Round(lon, 5),
                ["boatDescription"] = $"Synthetic replay-load boat {i + 1}", ["personsOnBoard"] = 10 + random.Next(90),
                ["condition"] = "underway", ["reporter"] = Reporter,
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/sightings") { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.LiaisonToken);
            request.Headers.Add("Idempotency-Key", $"mcoord-replay-{Guid.NewGuid():N}");
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"POST /api/sightings answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            incidents.Add((lat, lon));
        }
        o.Out.WriteLine($"seed-replay: {incidents.Count} incidents opened on shipping lanes");

        var partitions = new AisPartitions(NpgsqlDataSource.Create(o.ConnectionString));
        var firstDay = DateOnly.FromDateTime((now - o.History).UtcDateTime);
        await partitions.EnsureRangeAsync(firstDay, (int)Math.Ceiling(o.History.TotalDays) + 2, ct);

        await using var conn = new NpgsqlConnection(o.ConnectionString);
        await conn.OpenAsync(ct);
        await using (var delete = new NpgsqlCommand($"DELETE FROM ais_positions WHERE mmsi BETWEEN {FirstMmsi} AND {LastMmsi}", conn) { CommandTimeout = 0 })
            o.Out.WriteLine($"  removed {await delete.ExecuteNonQueryAsync(ct):N0} positions of an earlier seed");

        var watch = Stopwatch.StartNew();
        long rows = 0;
        var mmsi = FirstMmsi;
        // Binary COPY cannot write geography from coordinates: copy them into a temporary table, then one INSERT … SELECT.
        await using (var create = new NpgsqlCommand(
                         "CREATE TEMP TABLE syn_replay (mmsi integer, observed_at timestamptz, lon double precision, lat double precision, sog real, cog real, heading smallint)", conn))
            await create.ExecuteNonQueryAsync(ct);
        await using (var import = await conn.BeginBinaryImportAsync(
                         "COPY syn_replay (mmsi, observed_at, lon, lat, sog, cog, heading) FROM STDIN (FORMAT BINARY)", ct))
        {
            var starts = new List<(double Lat, double Lon, float Sog, float Cog)>();
            foreach (var (lat, lon) in incidents)
                for (var v = 0; v < o.VesselsPerIncident; v++)
                {
                    // Within 60 nm of the incident (some cross the 50 nm circle during the day).
                    var r = Math.Sqrt(random.NextDouble()) * 1.0;
                    var a = random.NextDouble() * 2 * Math.PI;
                    starts.Add((lat + r * Math.Cos(a), lon + r * Math.Sin(a) / Math.Cos(lat * Math.PI / 180),
                        (float)(random.NextDouble() < 0.15 ? random.NextDouble() * 0.5 : 4 + random.NextDouble() * 14), (float)(random.NextDouble() * 360)));
                }
            foreach (var s in fleet.Vessels(o.BackgroundVessels, now))
                starts.Add((s.Latitude, s.Longitude, s.SpeedKnots ?? 0, s.CourseDegrees ?? 0));

            var steps = (int)(o.History / o.Interval);
            foreach (var start in starts)
            {
                double lat = start.Lat, lon = start.Lon, sog = start.Sog, cog = start.Cog;
                var phase = random.NextDouble() * o.Interval.TotalSeconds;
                for (var k = 0; k <= steps; k++)
                {
                    var t = now - o.History + TimeSpan.FromSeconds(k * o.Interval.TotalSeconds + phase);
                    if (t > now) break;
                    await import.StartRowAsync(ct);
                    await import.WriteAsync(mmsi, NpgsqlDbType.Integer, ct);
                    await import.WriteAsync(t, NpgsqlDbType.TimestampTz, ct);
                    await import.WriteAsync(Math.Round(lon, 6), NpgsqlDbType.Double, ct);
                    await import.WriteAsync(Math.Round(lat, 6), NpgsqlDbType.Double, ct);
                    await import.WriteAsync((float)Math.Round(sog, 1), NpgsqlDbType.Real, ct);
                    await import.WriteAsync((float)Math.Round(cog, 1), NpgsqlDbType.Real, ct);
                    await import.WriteAsync((short)((int)Math.Round(cog) % 360), NpgsqlDbType.Smallint, ct);
                    rows++;
                    // Dead reckoning on a sphere, small turns and speed changes between reports.
                    var nm = sog * o.Interval.TotalHours;
                    lat += nm / 60 * Math.Cos(cog * Math.PI / 180);
                    lon += nm / 60 * Math.Sin(cog * Math.PI / 180) / Math.Cos(lat * Math.PI / 180);
                    lat = Math.Clamp(lat, -80, 80);
                    lon = lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
                    cog = (cog + (random.NextDouble() - 0.5) * 6 + 360) % 360;
                    sog = Math.Max(0, sog + (random.NextDouble() - 0.5) * 0.4);
                }
                mmsi++;
            }
            await import.CompleteAsync(ct);
        }
        await using (var insert = new NpgsqlCommand("""
                         INSERT INTO ais_positions (mmsi, observed_at, message_type, position, speed_knots, course_degrees, heading)
                         SELECT mmsi, observed_at, 1, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, sog, cog, heading FROM syn_replay
                         """, conn) { CommandTimeout = 0 })
            await insert.ExecuteNonQueryAsync(ct);
        await using (var analyze = new NpgsqlCommand("ANALYZE ais_positions", conn) { CommandTimeout = 0 }) await analyze.ExecuteNonQueryAsync(ct);
        o.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {rows:N0} positions of {mmsi - FirstMmsi:N0} vessels over {o.History.TotalHours:0} h (every {o.Interval.TotalSeconds:0} s) in {watch.Elapsed.TotalSeconds:F1} s (binary COPY, ANALYZE)"));
    }

    public sealed record MeasureOptions(string Url, string Token, string ConnectionString, int Incidents, int Runs, double Speed, TextWriter Out);

    public static async Task<int> MeasureAsync(MeasureOptions o, CancellationToken ct)
    {
        var incidents = new List<(Guid Id, string Reference)>();
        await using (var conn = new NpgsqlConnection(o.ConnectionString))
        {
            await conn.OpenAsync(ct);
            // Incidents of `load seed-replay` or `load seed-history` (any incident with sightings; the seeders' first).
            await using var cmd = new NpgsqlCommand("""
                SELECT i.id, i.reference FROM incidents i
                WHERE EXISTS (SELECT 1 FROM sightings s WHERE s.incident_id = i.id)
                ORDER BY EXISTS (SELECT 1 FROM sightings s WHERE s.incident_id = i.id AND s.reporter IN ($1, 'synthetic patrol')) DESC, i.opened_at DESC
                LIMIT $2
                """, conn);
            cmd.Parameters.AddWithValue(Reporter);
            cmd.Parameters.AddWithValue(o.Incidents);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) incidents.Add((reader.GetGuid(0), reader.GetString(1)));
        }
        if (incidents.Count == 0) { Console.Error.WriteLine("No incidents: run `mcoord load seed-history` or `mcoord load seed-replay` first."); return 2; }

        using var http = new HttpClient { BaseAddress = new Uri(o.Url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", o.Token);
        var speed = o.Speed.ToString(CultureInfo.InvariantCulture);

        async Task<(double Ms, int Vessels, DateTimeOffset From, DateTimeOffset To, int Frames)> OnceAsync(Guid id, bool readAll)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync($"api/incidents/{id}/replay?speed={speed}", HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"GET replay of {id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            var line = await reader.ReadLineAsync(ct) ?? throw new InvalidOperationException("The replay sent no frame.");
            var ms = watch.Elapsed.TotalMilliseconds;
            var frame = JsonNode.Parse(line)!;
            var frames = 1;
            if (readAll)
                while (await reader.ReadLineAsync(ct) is not null) frames++;
            // Disposing the response ends the request: the server cancels the stream and its query.
            return (ms, frame["vessels"]!.AsArray().Count, frame["from"]!.GetValue<DateTimeOffset>(), frame["to"]!.GetValue<DateTimeOffset>(), frames);
        }

        o.Out.WriteLine($"load replay: {incidents.Count} incidents × {o.Runs} runs, GET /api/incidents/{{id}}/replay?speed={speed} (default window and 50 nm), time to the first frame");
        // Unmeasured: one request per incident (warms JIT, pools, caches); the first incident's is played to its end, to
        // check that the stream runs through the whole window.
        var vessels = new List<int>();
        foreach (var (id, reference) in incidents)
        {
            var (_, count, from, to, frames) = await OnceAsync(id, readAll: o.Speed >= 3600 && vessels.Count == 0);
            vessels.Add(count);
            o.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {reference}: window {from:yyyy-MM-dd HH:mm}Z – {to:yyyy-MM-dd HH:mm}Z, {count} vessels in the first frame{(frames > 1 ? $", {frames} frames to the end" : "")}"));
        }
        var samples = new List<double>();
        for (var run = 0; run < o.Runs; run++)
            foreach (var (id, _) in incidents)
                samples.Add((await OnceAsync(id, readAll: false)).Ms);
        var sorted = samples.Order().ToArray();
        vessels.Sort();
        o.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  first frame: n={sorted.Length} p50={LatencySummary.Percentile(sorted, 50):F1} ms p95={LatencySummary.Percentile(sorted, 95):F1} ms max={sorted[^1]:F1} ms; vessels in it: min {vessels[0]}, median {vessels[vessels.Count / 2]}, max {vessels[^1]}"));
        return LatencySummary.Percentile(sorted, 95) <= 1000 ? 0 : 1;
    }
}
