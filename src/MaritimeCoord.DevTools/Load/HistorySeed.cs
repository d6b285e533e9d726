using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Ais;
using MaritimeCoord.Persistence.Geo;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace MaritimeCoord.DevTools.Load;

/// <summary>
/// `mcoord load seed-history`: exactly N synthetic AIS positions over D days (binary COPY, one UTC day at a time in time
/// order, as ingest writes them, so the BRIN on observed_at stays tight), plus a few incidents with sightings on the
/// small-boat crossings. Deterministic: the same seed, counts and end day give the same rows.
/// Ships run back and forth along the lanes (Malacca, Singapore–South China Sea, Sunda, Java Sea, Lombok–Makassar,
/// Torres, the Timor Sea coast); small boats make one-way crossings (Java → Christmas Island, Roti → Ashmore Reef,
/// Sumbawa → Scott Reef). MMSIs 980 000 000.. (MID 000 is assigned to no country), so seeded ships are recognisable.
/// </summary>
public static class HistorySeed
{
    public const int FirstShipMmsi = 980_000_000;
    public const int FirstBoatMmsi = 981_000_000;

    public sealed record Options(string ConnectionString, long Positions, int Days, DateOnly LastDay, int Seed, int Incidents, bool Truncate, TextWriter Out);

    /// <summary>Lanes as (lon, lat) waypoints with a traffic weight and a cross-track spread (degrees).</summary>
    internal static readonly (string Name, double Weight, double Spread, (double Lon, double Lat)[] Points)[] Lanes =
    [
        ("malacca", 5.0, 0.10, [(95.0, 5.9), (97.5, 4.6), (100.3, 2.9), (102.5, 1.6), (103.8, 1.2)]),
        ("south-china-sea", 3.0, 0.30, [(104.3, 1.3), (105.5, 3.5), (108.0, 7.0), (110.5, 11.0), (112.5, 16.0)]),
        ("sunda", 2.0, 0.12, [(104.3, 1.0), (105.5, -2.5), (106.0, -5.5), (105.0, -7.0), (100.0, -11.0)]),
        ("java-sea", 2.5, 0.18, [(106.8, -5.9), (110.4, -6.5), (112.7, -6.8), (116.0, -6.3), (119.4, -5.2)]),
        ("lombok-makassar", 2.0, 0.15, [(118.8, 3.0), (118.0, 0.0), (117.5, -3.0), (116.3, -6.5), (115.8, -8.8), (115.0, -12.0), (114.0, -19.0)]),
        ("torres", 1.5, 0.12, [(146.0, -16.5), (144.5, -12.5), (143.0, -10.2), (142.2, -10.4), (138.0, -10.3)]),
        ("timor-sea", 1.5, 0.20, [(138.0, -10.3), (133.5, -10.8), (130.8, -12.3), (126.0, -12.0), (121.0, -15.5), (116.8, -20.5)]),
    ];

    /// <summary>Small-boat crossings: departure, destination (lon, lat).</summary>
    internal static readonly (string Name, (double Lon, double Lat) From, (double Lon, double Lat) To)[] Crossings =
    [
        ("java-christmas-island", (106.55, -7.05), (105.68, -10.42)),
        ("roti-ashmore-reef", (123.05, -10.85), (122.98, -12.23)),
        ("sumbawa-scott-reef", (118.40, -9.05), (121.80, -14.05)),
    ];

    private const int BoatIntervalMs = 300_000; // class B every few minutes while under way; thinned for storage

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var plan = Plan(o.Positions, o.Days, o.LastDay, o.Seed);
        var firstDay = o.LastDay.AddDays(-(o.Days - 1));
        o.Out.WriteLine($"seed-history: {o.Positions:N0} positions, {plan.Count:N0} vessels ({plan.Count(v => v.Crossing is not null):N0} small boats), {firstDay:yyyy-MM-dd}..{o.LastDay:yyyy-MM-dd}, seed {o.Seed}");

        var options = (DbContextOptions<MaritimeDbContext>)MaritimeDbContext.Configure(new DbContextOptionsBuilder<MaritimeDbContext>(), o.ConnectionString).Options;
        await using (var db = new MaritimeDbContext(options))
        {
            await db.Database.MigrateAsync(ct);
            if (!await db.RescueCentres.AnyAsync(ct) && SyntheticFleet.FindGeoFolder() is { } geo)
            {
                var loader = new GeoJsonBoundaryLoader(db, TimeProvider.System);
                await using (var s = File.OpenRead(Path.Combine(geo, "rescue-centres.geojson"))) await loader.LoadRescueCentresAsync(s, ct);
                await using (var s = File.OpenRead(Path.Combine(geo, "sar-regions.geojson"))) await loader.LoadSarRegionsAsync(s, ct);
            }
        }

        await using var dataSource = NpgsqlDataSource.Create(o.ConnectionString);
        if (o.Truncate)
        {
            await using var cmd = dataSource.CreateCommand("TRUNCATE ais_positions");
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await new AisPartitions(dataSource).EnsureRangeAsync(firstDay, o.Days, ct);
        await WriteVesselsAsync(dataSource, plan, ct);

        long written = 0;
        var rows = new List<Row>();
        for (var day = firstDay; day <= o.LastDay; day = day.AddDays(1))
        {
            rows.Clear();
            long dayStart = Ms(day), dayEnd = Ms(day.AddDays(1));
            foreach (var v in plan) v.AppendReports(dayStart, dayEnd, rows);
            rows.Sort(static (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Mmsi.CompareTo(b.Mmsi));
            written += await CopyAsync(dataSource, rows, ct);
            o.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {day:yyyy-MM-dd}: {rows.Count,9:N0} positions ({written:N0} in {started.Elapsed.TotalSeconds:F0} s)"));
        }

        int incidents = await WriteIncidentsAsync(dataSource, plan, o, ct);
        // Minutes on tens of millions of rows on a busy machine: no command timeout.
        await using (var analyze = dataSource.CreateCommand("ANALYZE ais_positions; ANALYZE vessels; ANALYZE sightings; ANALYZE incidents"))
        {
            analyze.CommandTimeout = 0;
            await analyze.ExecuteNonQueryAsync(ct);
        }
        o.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seed-history: {written:N0} positions and {incidents} incidents in {started.Elapsed.TotalSeconds:F1} s ({written / started.Elapsed.TotalSeconds:N0} positions/s)"));
        return written == o.Positions ? 0 : 1;
    }

    internal static long Ms(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    internal readonly record struct Row(int Mmsi, long At, double Lon, double Lat, float Sog, float Cog, short MessageType);

    /// <summary>
    /// Every vessel with its report schedule: small boats first (one crossing each, about one a day), then ships until
    /// the positions add up to exactly <paramref name="positions"/> (the last ship's schedule is cut short).
    /// </summary>
    internal static List<SeededVessel> Plan(long positions, int days, DateOnly lastDay, int seed)
    {
        var random = new Random(seed);
        long windowStart = Ms(lastDay.AddDays(-(days - 1))), windowEnd = Ms(lastDay.AddDays(1));
        var plan = new List<SeededVessel>();
        long planned = 0;
        int boats = Math.Max(1, days);
        for (int i = 0; i < boats && planned < positions; i++)
        {
            var crossing = Crossings[i % Crossings.Length];
            double knots = 4 + random.NextDouble() * 3;
            double km = HaversineKm(crossing.From, crossing.To);
            long duration = (long)(km / (knots * 1.852) * 3_600_000);
            long depart = windowStart + (long)(random.NextDouble() * Math.Max(1, windowEnd - windowStart - duration));
            long count = Math.Min(duration / BoatIntervalMs + 1, positions - planned);
            plan.Add(new SeededVessel(FirstBoatMmsi + i, $"SYN BOAT {i + 1:D3}", 30, depart, BoatIntervalMs, count, knots, 0, 0, 0, Lane: -1, Crossing: i % Crossings.Length));
            planned += count;
        }

        double totalWeight = Lanes.Sum(l => l.Weight);
        for (int i = 0; planned < positions; i++)
        {
            double pick = random.NextDouble() * totalWeight;
            int lane = 0;
            while (pick > Lanes[lane].Weight && lane < Lanes.Length - 1) pick -= Lanes[lane++].Weight;
            int interval = random.Next(60_000, 180_001); // class A at sea: every few seconds; thinned to 1–3 min for storage
            long start = windowStart + random.Next(interval);
            long count = Math.Min((windowEnd - 1 - start) / interval + 1, positions - planned);
            double knots = 10 + random.NextDouble() * 10;
            double offset = Gaussian(random) * Lanes[lane].Spread;
            double phaseKm = random.NextDouble() * 2 * LaneLengthKm(lane);
            plan.Add(new SeededVessel(FirstShipMmsi + i, $"SYN {Lanes[lane].Name.ToUpperInvariant()} {i + 1:D4}", (short)(random.Next(2) == 0 ? 70 : 80),
                start, interval, count, knots, offset, phaseKm, seed ^ i, lane, null));
            planned += count;
        }

        return plan;
    }

    internal sealed record SeededVessel(int Mmsi, string Name, short ShipType, long Start, int IntervalMs, long Count, double Knots,
        double OffsetDegrees, double PhaseKm, int NoiseSeed, int Lane, int? Crossing)
    {
        public void AppendReports(long from, long to, List<Row> rows)
        {
            long firstK = Math.Max(0, (from - Start + IntervalMs - 1) / IntervalMs);
            for (long k = firstK; k < Count; k++)
            {
                long at = Start + k * IntervalMs;
                if (at >= to) break;
                if (at < from) continue;
                rows.Add(At(at, k));
            }
        }

        public Row At(long at, long k)
        {
            double hours = (at - Start) / 3_600_000.0;
            double km = Knots * 1.852 * hours;
            if (Crossing is { } c)
            {
                var (_, a, b) = Crossings[c];
                double total = HaversineKm(a, b);
                double f = Math.Min(1, km / total);
                double lon = a.Lon + (b.Lon - a.Lon) * f, lat = a.Lat + (b.Lat - a.Lat) * f;
                return new Row(Mmsi, at, lon, lat, (float)Math.Round(Knots, 1), (float)Math.Round(Bearing(a, b), 1), 18);
            }

            double length = LaneLengthKm(Lane);
            double s = (PhaseKm + km) % (2 * length);
            bool back = s > length;
            var (p, bearing) = PointAlong(Lane, back ? 2 * length - s : s);
            if (back) bearing = (bearing + 180) % 360;
            // Ships keep to the right of the lane's centre line, each at its own offset, with a little noise per report.
            double side = back ? -1 : 1;
            double normal = (bearing + 90) * Math.PI / 180;
            double jitter = Noise(NoiseSeed, k) * 0.01;
            double lonOffset = (side * Math.Abs(OffsetDegrees) + jitter) * Math.Sin(normal) / Math.Cos(p.Lat * Math.PI / 180);
            double latOffset = (side * Math.Abs(OffsetDegrees) + jitter) * Math.Cos(normal);
            double sog = Math.Round(Knots + Noise(NoiseSeed + 1, k) * 0.5, 1);
            return new Row(Mmsi, at, Math.Clamp(p.Lon + lonOffset, -180, 180), Math.Clamp(p.Lat + latOffset, -90, 90), (float)sog,
                (float)Math.Round(bearing, 1), 1);
        }
    }

    private static readonly double[][] LaneCumulativeKm = Lanes.Select(l =>
    {
        var cumulative = new double[l.Points.Length];
        for (int i = 1; i < l.Points.Length; i++) cumulative[i] = cumulative[i - 1] + HaversineKm(l.Points[i - 1], l.Points[i]);
        return cumulative;
    }).ToArray();

    internal static double LaneLengthKm(int lane) => LaneCumulativeKm[lane][^1];

    private static ((double Lon, double Lat) Point, double Bearing) PointAlong(int lane, double km)
    {
        var points = Lanes[lane].Points;
        var cumulative = LaneCumulativeKm[lane];
        int i = 1;
        while (i < points.Length - 1 && cumulative[i] < km) i++;
        double f = Math.Clamp((km - cumulative[i - 1]) / (cumulative[i] - cumulative[i - 1]), 0, 1);
        var (a, b) = (points[i - 1], points[i]);
        return ((a.Lon + (b.Lon - a.Lon) * f, a.Lat + (b.Lat - a.Lat) * f), Bearing(a, b));
    }

    /// <summary>Deterministic noise in [-1, 1) from (seed, k) (SplitMix64), so a row never depends on generation order.</summary>
    private static double Noise(int seed, long k)
    {
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)k * 0xBF58476D1CE4E5B9UL + 0x94D049BB133111EBUL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53)) * 2 - 1;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    internal static double HaversineKm((double Lon, double Lat) a, (double Lon, double Lat) b)
    {
        double dLat = (b.Lat - a.Lat) * Math.PI / 180, dLon = (b.Lon - a.Lon) * Math.PI / 180;
        double h = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(a.Lat * Math.PI / 180) * Math.Cos(b.Lat * Math.PI / 180) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * 6371.0088 * Math.Asin(Math.Sqrt(h));
    }

    private static double Bearing((double Lon, double Lat) a, (double Lon, double Lat) b)
    {
        double φ1 = a.Lat * Math.PI / 180, φ2 = b.Lat * Math.PI / 180, Δλ = (b.Lon - a.Lon) * Math.PI / 180;
        double y = Math.Sin(Δλ) * Math.Cos(φ2), x = Math.Cos(φ1) * Math.Sin(φ2) - Math.Sin(φ1) * Math.Cos(φ2) * Math.Cos(Δλ);
        return (Math.Atan2(y, x) * 180 / Math.PI + 360) % 360;
    }

    private static async Task<long> CopyAsync(NpgsqlDataSource dataSource, List<Row> rows, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var importer = await conn.BeginBinaryImportAsync(
            "COPY ais_positions (mmsi, observed_at, message_type, position, speed_knots, course_degrees, heading, navigational_status) FROM STDIN (FORMAT BINARY)", ct);
        var ewkb = new byte[25];
        ewkb[0] = 1; // little-endian EWKB point with SRID 4326, as AisBatchWriter writes it
        BinaryPrimitives.WriteUInt32LittleEndian(ewkb.AsSpan(1), 0x2000_0001);
        BinaryPrimitives.WriteInt32LittleEndian(ewkb.AsSpan(5), 4326);
        foreach (var r in rows)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(ewkb.AsSpan(9), r.Lon);
            BinaryPrimitives.WriteDoubleLittleEndian(ewkb.AsSpan(17), r.Lat);
            await importer.StartRowAsync(ct);
            await importer.WriteAsync(r.Mmsi, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(DateTime.UnixEpoch.AddMilliseconds(r.At), NpgsqlDbType.TimestampTz, ct);
            await importer.WriteAsync(r.MessageType, NpgsqlDbType.Smallint, ct);
            await importer.WriteAsync(ewkb, NpgsqlDbType.Bytea, ct);
            await importer.WriteAsync(r.Sog, NpgsqlDbType.Real, ct);
            await importer.WriteAsync(r.Cog, NpgsqlDbType.Real, ct);
            if (r.MessageType == 1)
            {
                await importer.WriteAsync((short)(Math.Round(r.Cog) % 360), NpgsqlDbType.Smallint, ct);
                await importer.WriteAsync((short)0, NpgsqlDbType.Smallint, ct); // under way using engine
            }
            else
            {
                await importer.WriteNullAsync(ct);
                await importer.WriteNullAsync(ct);
            }
        }

        return (long)await importer.CompleteAsync(ct);
    }

    private static async Task WriteVesselsAsync(NpgsqlDataSource dataSource, List<SeededVessel> plan, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO vessels (mmsi, name, ship_type, reported_at, updated_at)
            SELECT m, n, t, now(), now() FROM unnest(@mmsi, @name, @type) AS u(m, n, t)
            ON CONFLICT (mmsi) DO UPDATE SET name = excluded.name, ship_type = excluded.ship_type
            """);
        cmd.Parameters.Add(new NpgsqlParameter<int[]>("mmsi", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. plan.Select(v => v.Mmsi)] });
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("name", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. plan.Select(v => v.Name)] });
        cmd.Parameters.Add(new NpgsqlParameter<short[]>("type", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { TypedValue = [.. plan.Select(v => v.ShipType)] });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Incidents on the first crossings: three sightings each at a quarter, half and three quarters of the way, with the
    /// boat's POB. Ids derive from the seed and the boat, so a re-seed inserts nothing twice (the timeline is append-only).
    /// </summary>
    private static async Task<int> WriteIncidentsAsync(NpgsqlDataSource dataSource, List<SeededVessel> plan, Options o, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        string centre;
        await using (var pick = new NpgsqlCommand("SELECT code FROM rescue_centres ORDER BY code = 'JRCC-AUS' DESC, code LIMIT 1", conn))
            centre = await pick.ExecuteScalarAsync(ct) as string ?? throw new InvalidOperationException("No rescue centre in the database (load samples/geo first).");

        int written = 0;
        foreach (var (boat, index) in plan.Where(v => v.Crossing is not null).Take(o.Incidents).Select((b, i) => (b, i)))
        {
            var id = DeterministicGuid(o.Seed, boat.Mmsi, 0);
            var reference = string.Create(CultureInfo.InvariantCulture, $"HIST-{o.Seed % 10000:D4}-{index + 1:D3}");
            int pob = 20 + (int)((Noise(o.Seed, boat.Mmsi) + 1) * 40);
            var points = SightingFractions.Select(f => boat.At(boat.Start + (long)(f * (boat.Count - 1)) * boat.IntervalMs, 0)).ToArray();
            await using var tx = await conn.BeginTransactionAsync(ct);
            await using (var cmd = new NpgsqlCommand("""
                INSERT INTO incidents (id, reference, phase, opened_at, last_sighting_at, last_position, persons_on_board_estimate,
                                       coordinating_centre_code, is_stale, distress_indicators, last_sitrep_number)
                VALUES (@id, @reference, 'alert', @opened, @last, ST_GeogFromText(@position), @pob, @centre, false, '{}', 0)
                ON CONFLICT (id) DO NOTHING
                """, conn, tx))
            {
                cmd.Parameters.AddWithValue("id", id);
                cmd.Parameters.AddWithValue("reference", reference);
                cmd.Parameters.AddWithValue("opened", DateTime.UnixEpoch.AddMilliseconds(points[0].At));
                cmd.Parameters.AddWithValue("last", DateTime.UnixEpoch.AddMilliseconds(points[^1].At));
                cmd.Parameters.AddWithValue("position", Wkt(points[^1]));
                cmd.Parameters.AddWithValue("pob", pob);
                cmd.Parameters.AddWithValue("centre", centre);
                if (await cmd.ExecuteNonQueryAsync(ct) == 0) { await tx.RollbackAsync(ct); continue; }
            }

            await InsertTimelineAsync(conn, tx, id, points[0].At, "opened", $"Incident opened from a sighting of a wooden boat ({boat.Name}).", null, ct);
            for (int s = 0; s < points.Length; s++)
            {
                var sightingId = DeterministicGuid(o.Seed, boat.Mmsi, s + 1);
                await using (var cmd = new NpgsqlCommand("""
                    INSERT INTO sightings (id, observed_at, received_at, position, boat_description, persons_on_board, condition, reporter,
                                           reported_by, incident_id, near_approximate_boundary)
                    VALUES (@id, @at, @at, ST_GeogFromText(@position), 'Wooden boat, about 15 m (synthetic)', @pob, 'overloaded',
                            'synthetic patrol', 'seed-history', @incident, false)
                    """, conn, tx))
                {
                    cmd.Parameters.AddWithValue("id", sightingId);
                    cmd.Parameters.AddWithValue("at", DateTime.UnixEpoch.AddMilliseconds(points[s].At));
                    cmd.Parameters.AddWithValue("position", Wkt(points[s]));
                    cmd.Parameters.AddWithValue("pob", pob);
                    cmd.Parameters.AddWithValue("incident", id);
                    await cmd.ExecuteNonQueryAsync(ct);
                }

                await InsertTimelineAsync(conn, tx, id, points[s].At, "sighting-attached", $"Sighting {s + 1} attached ({pob} persons on board).", sightingId, ct);
            }

            await tx.CommitAsync(ct);
            written++;
        }

        return written;
    }

    private static readonly double[] SightingFractions = [0.25, 0.5, 0.75];

    private static async Task InsertTimelineAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid incident, long at, string kind, string summary, Guid? sighting, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO incident_timeline (incident_id, at, actor, kind, summary, sighting_id) VALUES (@incident, @at, 'seed-history', @kind, @summary, @sighting)", conn, tx);
        cmd.Parameters.AddWithValue("incident", incident);
        cmd.Parameters.AddWithValue("at", DateTime.UnixEpoch.AddMilliseconds(at));
        cmd.Parameters.AddWithValue("kind", kind);
        cmd.Parameters.AddWithValue("summary", summary);
        cmd.Parameters.Add(new NpgsqlParameter<Guid?>("sighting", NpgsqlDbType.Uuid) { TypedValue = sighting });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string Wkt(Row r) => string.Create(CultureInfo.InvariantCulture, $"SRID=4326;POINT({r.Lon:R} {r.Lat:R})");

    private static Guid DeterministicGuid(int seed, int mmsi, int n)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, 0x48495354); // "HIST"
        BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], seed);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[8..], mmsi);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[12..], n);
        return new Guid(bytes);
    }
}
