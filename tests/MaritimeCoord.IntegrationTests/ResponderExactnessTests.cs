using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Responders;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Persistence.Spatial;
using Npgsql;
using NpgsqlTypes;

namespace MaritimeCoord.IntegrationTests;

/// <summary>
/// Issue 15, item 1 against real PostGIS: the nearest responders the server finds (the statements, their n-D GiST
/// searches and the exact ranking; and the endpoint's JSON) are the brute-force top N by ETA over every available asset
/// and every AIS fix within the freshness window, dead-reckoned to now, read straight from the same tables. Random
/// fleets (fixed seeds) with fast aircraft, slow boats, stale, missing and future fixes, around the antimeridian, the
/// poles and open sea; many incidents each.
/// </summary>
public sealed class ResponderExactnessTests(ResponderExactnessTests.App app) : IClassFixture<ResponderExactnessTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;

        // The snapshot is refreshed by the tests themselves, at the times they choose.
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Responders:Snapshot:Enabled"] = "false" };
    }

    private const string Idn = "BASARNAS-IDN";

    private static readonly (double Lat, double Lon)[] Centres = [(-17, 180), (-17, -180), (0, 179.95), (89.9, 20), (-89.9, -160), (-9, 112)];

    private static string F(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static GeoPosition Near(Random random, (double Lat, double Lon) centre, double spreadDegrees) =>
        new(Math.Clamp(centre.Lat + (random.NextDouble() * 2 - 1) * spreadDegrees, -90, 90),
            Geodesic.NormaliseLongitude(centre.Lon + (random.NextDouble() * 2 - 1) * spreadDegrees * 2));

    private async Task<Guid> OpenIncidentAsync()
    {
        var response = await Sightings.PostAsync(app.ClientAs(MaritimeRoles.Liaison, Idn, $"liaison-{Guid.NewGuid():N}"),
            Sightings.Valid(b => { b.Remove("positionText"); b["latitude"] = -9.5; b["longitude"] = 112.5; }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetGuid();
    }

    /// <summary>Replaces this test's rows (MMSI 7xx, assets EXA-…) by a random fleet around <paramref name="centre"/>.</summary>
    private async Task SeedFleetAsync(NpgsqlConnection conn, Random random, (double Lat, double Lon) centre, DateTimeOffset now, int vessels, int assets)
    {
        await using (var clear = new NpgsqlCommand("""
            DELETE FROM vessel_states WHERE mmsi BETWEEN 700000000 AND 709999999;
            DELETE FROM vessels WHERE mmsi BETWEEN 700000000 AND 709999999;
            DELETE FROM response_assets WHERE code LIKE 'EXA-%';
            """, conn)) await clear.ExecuteNonQueryAsync();

        var types = new[] { "patrol-boat", "cutter", "life-boat", "fixed-wing-aircraft", "helicopter", "other" };
        var availabilities = new[] { "available", "available", "available", "tasked", "maintenance", "off-duty" };
        var (codes, aTypes, aLats, aLons, speeds, avail) = (new string[assets], new string[assets], new double[assets], new double[assets], new double[assets], new string[assets]);
        for (int i = 0; i < assets; i++)
        {
            var type = types[random.Next(types.Length)];
            var p = Near(random, centre, 12);
            (codes[i], aTypes[i], aLats[i], aLons[i], avail[i]) = ($"EXA-{i:D4}", type, p.Latitude, p.Longitude, availabilities[random.Next(availabilities.Length)]);
            speeds[i] = type switch
            {
                "fixed-wing-aircraft" => 150 + random.NextDouble() * 100,
                "helicopter" => 110 + random.NextDouble() * 30,
                _ => random.Next(12) == 0 ? 0 : 8 + random.NextDouble() * 22,
            };
        }
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO response_assets (code, name, type, owner_centre_code, home_base, position, position_at, cruise_speed_knots, availability, contact)
            SELECT c, 'Exactness ' || c, t, 'BASARNAS-IDN', 'test', ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, $7, s, a, 'none'
            FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::text[]) AS x(c, t, lat, lon, s, a)
            """, conn)
        {
            Parameters = { new() { Value = codes }, new() { Value = aTypes }, new() { Value = aLats }, new() { Value = aLons }, new() { Value = speeds }, new() { Value = avail },
                new() { Value = now.AddHours(-1) } },
        }) await insert.ExecuteNonQueryAsync();

        var (mmsis, lats, lons, sogs, cogs, times) = (new int[vessels], new double[vessels], new double[vessels], new float?[vessels], new float?[vessels], new DateTime[vessels]);
        for (int i = 0; i < vessels; i++)
        {
            var p = Near(random, centre, 6);
            float? sog = random.Next(10) switch
            {
                0 => null,
                1 => (float)(random.NextDouble() * 0.5),
                2 => (float)(25 + random.NextDouble() * 20),
                _ => (float)(3 + random.NextDouble() * 17),
            };
            float? cog = sog is null || random.Next(20) == 0 ? null : (float)(random.NextDouble() * 360);
            var age = random.Next(10) switch
            {
                < 5 => TimeSpan.FromMinutes(random.NextDouble() * 30),
                < 8 => TimeSpan.FromHours(random.NextDouble() * 6),
                8 => TimeSpan.FromHours(random.NextDouble() * 26),
                _ => TimeSpan.FromMinutes(-random.NextDouble() * 5),
            };
            (mmsis[i], lats[i], lons[i], sogs[i], cogs[i], times[i]) = (700_000_000 + i, p.Latitude, p.Longitude, sog, cog, (now - age).UtcDateTime);
        }
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO vessel_states (mmsi, observed_at, message_type, position, speed_knots, course_degrees, updated_at)
            SELECT m, t, 1, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, s, c, now()
            FROM unnest($1::int[], $2::float8[], $3::float8[], $4::real[], $5::real[], $6::timestamptz[]) AS x(m, lat, lon, s, c, t)
            """, conn)
        {
            Parameters =
            {
                new() { Value = mmsis }, new() { Value = lats }, new() { Value = lons },
                new() { Value = sogs.Select(s => s is { } v ? (object)v : DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Real },
                new() { Value = cogs.Select(s => s is { } v ? (object)v : DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Real },
                new() { Value = times, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
            },
        }) await insert.ExecuteNonQueryAsync();
        await using (var names = new NpgsqlCommand("""
            INSERT INTO vessels (mmsi, name, call_sign, ship_type, reported_at, updated_at)
            SELECT m, 'EXACT ' || m, 'X' || m % 100000, 70, now(), now() FROM unnest($1::int[]) AS x(m) WHERE m % 3 <> 0
            """, conn) { Parameters = { new() { Value = mmsis } } }) await names.ExecuteNonQueryAsync();
        await using (var analyze = new NpgsqlCommand("ANALYZE vessel_states; ANALYZE response_assets;", conn)) await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>Every asset and every fix within the window, read with plain SQL (no index, no bound), ranked by the Domain.</summary>
    private static async Task<ResponderRankingResult> BruteForceAsync(NpgsqlConnection conn, GeoPosition target, DateTimeOffset now, int n)
    {
        var assets = new List<GovernmentAsset>();
        await using (var cmd = new NpgsqlCommand(
                         "SELECT code, ST_Y(position::geometry), ST_X(position::geometry), cruise_speed_knots, availability, position_at FROM response_assets", conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
                assets.Add(new GovernmentAsset(r.GetString(0), r.GetString(0), AssetType.Other, r.GetDouble(3), EnumWire.Parse<AssetAvailability>(r.GetString(4)), null,
                    new GeoPosition(r.GetDouble(1), r.GetDouble(2)), r.GetFieldValue<DateTimeOffset>(5), null));
        var vessels = new List<AisVessel>();
        await using (var cmd = new NpgsqlCommand("""
                         SELECT mmsi, ST_Y(position::geometry), ST_X(position::geometry), speed_knots::float8, course_degrees::float8, observed_at
                         FROM vessel_states WHERE observed_at > $1
                         """, conn) { Parameters = { new() { Value = now - ResponderCandidates.AisMaxAge } } })
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
                vessels.Add(new AisVessel(r.GetInt32(0), null, new GeoPosition(r.GetDouble(1), r.GetDouble(2)), r.IsDBNull(4) ? null : r.GetDouble(4),
                    r.IsDBNull(3) ? null : r.GetDouble(3), r.GetFieldValue<DateTimeOffset>(5), null));
        return ResponderRanking.Rank(target, now, assets, vessels, maxRanked: n);
    }

    private static async Task MoveIncidentAsync(NpgsqlConnection conn, Guid id, GeoPosition to)
    {
        await using var cmd = new NpgsqlCommand($"UPDATE incidents SET last_position = ST_SetSRID(ST_MakePoint({F(to.Longitude)}, {F(to.Latitude)}), 4326)::geography WHERE id = $1", conn)
        { Parameters = { new() { Value = id } } };
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
    }

    [Theory]
    [InlineData(101, 20)]
    [InlineData(102, 5)]
    [InlineData(103, 60)]
    public async Task The_ranking_from_postgis_is_the_brute_force_top_n_on_random_fleets(int seed, int n)
    {
        var random = new Random(seed);
        var id = await OpenIncidentAsync();
        await using var dataSource = ResponderCandidates.CreateDataSource(app.ConnectionString);
        var candidates = new ResponderCandidates(dataSource);
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        int compared = 0;
        foreach (var centre in Centres)
        {
            var now = DateTimeOffset.UtcNow;
            await SeedFleetAsync(conn, random, centre, now, vessels: 2500, assets: 150);
            for (int k = 0; k < 8; k++)
            {
                var target = k == 0 ? new GeoPosition(centre.Lat, centre.Lon) : Near(random, centre, 4);
                await MoveIncidentAsync(conn, id, target);
                var found = await candidates.RankForIncidentAsync(id, seesAllCentres: true, centreCode: null, now, n, CancellationToken.None);
                Assert.NotNull(found);
                var expected = (await BruteForceAsync(conn, found.Result.Target, now, n)).Ranked;
                var actual = found.Result.Ranked;
                Assert.True(expected.Count == actual.Count, $"seed {seed}, {target}: {actual.Count} ranked, brute force {expected.Count}");
                for (int i = 0; i < expected.Count; i++)
                {
                    Assert.True((expected[i].Kind, expected[i].Id, expected[i].Rank) == (actual[i].Kind, actual[i].Id, actual[i].Rank),
                        $"seed {seed}, target {target}, #{i + 1}: {actual[i].Id} ({actual[i].TimeToArrive}), brute force {expected[i].Id} ({expected[i].TimeToArrive})");
                    Assert.Equal(expected[i].TimeToArrive, actual[i].TimeToArrive);
                }
                compared++;
            }
        }
        Assert.Equal(Centres.Length * 8, compared);
    }

    /// <summary>
    /// After the snapshot: 6 % of the fleet gets a new fix (near the centre or anywhere, fresh, late by up to 20 h, in the
    /// future, some at an implausible 102.3 kn), 1 % is deleted, 20 vessels are new.
    /// </summary>
    private static async Task ChangeFleetAfterSnapshotAsync(NpgsqlConnection conn, Random random, (double Lat, double Lon) centre, DateTimeOffset now, int vessels)
    {
        var (mmsis, lats, lons, sogs, cogs, times) = (new List<int>(), new List<double>(), new List<double>(), new List<float?>(), new List<float?>(), new List<DateTime>());
        var deleted = new List<int>();
        for (int i = 0; i < vessels + 20; i++)
        {
            var roll = random.Next(100);
            if (i < vessels && roll == 0) { deleted.Add(700_000_000 + i); continue; }
            if (i < vessels && roll > 6) continue;
            var p = Near(random, centre, random.Next(2) == 0 ? 0.5 : 6);
            float? sog = random.Next(8) switch { 0 => null, 1 => 102.3f, 2 => 0.2f, _ => (float)(3 + random.NextDouble() * 30) };
            var age = random.Next(6) switch
            {
                0 => TimeSpan.FromHours(random.NextDouble() * 20),
                1 => TimeSpan.FromMinutes(-random.NextDouble() * 3),
                _ => TimeSpan.FromMinutes(random.NextDouble() * 10),
            };
            mmsis.Add(i < vessels ? 700_000_000 + i : 709_000_000 + i);
            lats.Add(p.Latitude);
            lons.Add(p.Longitude);
            sogs.Add(sog);
            cogs.Add(sog is null ? null : (float)(random.NextDouble() * 360));
            times.Add((now - age).UtcDateTime);
        }
        await using (var delete = new NpgsqlCommand("DELETE FROM vessel_states WHERE mmsi = ANY($1)", conn) { Parameters = { new() { Value = deleted.ToArray() } } })
            await delete.ExecuteNonQueryAsync();
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO vessel_states (mmsi, observed_at, message_type, position, speed_knots, course_degrees, updated_at)
            SELECT m, t, 1, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, s, c, now()
            FROM unnest($1::int[], $2::float8[], $3::float8[], $4::real[], $5::real[], $6::timestamptz[]) AS x(m, lat, lon, s, c, t)
            ON CONFLICT (mmsi) DO UPDATE SET observed_at = excluded.observed_at, position = excluded.position,
                speed_knots = excluded.speed_knots, course_degrees = excluded.course_degrees, updated_at = excluded.updated_at
            """, conn)
        {
            Parameters =
            {
                new() { Value = mmsis.ToArray() }, new() { Value = lats.ToArray() }, new() { Value = lons.ToArray() },
                new() { Value = sogs.Select(s => s is { } v ? (object)v : DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Real },
                new() { Value = cogs.Select(s => s is { } v ? (object)v : DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Real },
                new() { Value = times.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
            },
        };
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task AssertBruteForceAsync(NpgsqlConnection conn, IncidentResponders found, DateTimeOffset now, int n, string context)
    {
        var expected = (await BruteForceAsync(conn, found.Result.Target, now, n)).Ranked;
        var actual = found.Result.Ranked;
        Assert.True(expected.Count == actual.Count, $"{context}: {actual.Count} ranked, brute force {expected.Count}");
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True((expected[i].Kind, expected[i].Id, expected[i].Rank) == (actual[i].Kind, actual[i].Id, actual[i].Rank),
                $"{context}, #{i + 1}: {actual[i].Id} ({actual[i].TimeToArrive}), brute force {expected[i].Id} ({expected[i].TimeToArrive})");
            Assert.Equal(expected[i].TimeToArrive, actual[i].TimeToArrive);
        }
    }

    [Theory]
    [InlineData(111, 20, -4.0)]
    [InlineData(112, 5, 1.5)]
    [InlineData(113, 60, 4.5)]
    public async Task The_ranking_over_the_snapshot_of_dead_reckoned_positions_is_the_brute_force_top_n(int seed, int n, double snapshotAgeMinutes)
    {
        var random = new Random(seed);
        var id = await OpenIncidentAsync();
        await using var dataSource = ResponderCandidates.CreateDataSource(app.ConnectionString);
        int wanted = 0;
        var candidates = new ResponderCandidates(dataSource, () => Interlocked.Increment(ref wanted));
        await using var snapshotSource = ResponderSnapshot.CreateDataSource(app.ConnectionString);
        var snapshot = new ResponderSnapshot(snapshotSource);
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        int compared = 0;
        foreach (var centre in Centres)
        {
            var now = DateTimeOffset.UtcNow;
            await SeedFleetAsync(conn, random, centre, now, vessels: 2500, assets: 150);
            var refresh = await snapshot.RefreshAsync(now - TimeSpan.FromMinutes(snapshotAgeMinutes), CancellationToken.None);
            Assert.True(refresh.Refreshed);
            Assert.InRange(refresh.Fixes, 2000, 2500);
            await ChangeFleetAfterSnapshotAsync(conn, random, centre, now, 2500);
            for (int k = 0; k < 8; k++)
            {
                var target = k == 0 ? new GeoPosition(centre.Lat, centre.Lon) : Near(random, centre, k < 4 ? 0.5 : 4);
                await MoveIncidentAsync(conn, id, target);
                var found = await candidates.RankForIncidentAsync(id, seesAllCentres: true, centreCode: null, now, n, CancellationToken.None);
                Assert.NotNull(found);
                Assert.True(found.FromSnapshot, $"seed {seed}, {target}: not searched on the snapshot ({found.FreshFixes} fresh fixes)");
                Assert.InRange(found.FreshFixes, 20, ResponderCandidates.FreshLimit);
                await AssertBruteForceAsync(conn, found, now, n, $"seed {seed}, target {target}");
                // Asked again: seeded with the previous answer's vessels (the earlier targets' answers seeded the first ask).
                var again = await candidates.RankForIncidentAsync(id, seesAllCentres: true, centreCode: null, now, n, CancellationToken.None);
                await AssertBruteForceAsync(conn, again!, now, n, $"seed {seed}, target {target}, asked again");
                if (found.Result.Ranked.Any(r => r.Kind == ResponderKind.AisVessel))
                    Assert.True(again!.PreviousSeeds > 0, $"seed {seed}, {target}: the previous answer did not seed the second ask");
                compared++;
            }
        }
        Assert.Equal(Centres.Length * 8, compared);
        Assert.Equal(0, wanted);
    }

    [Fact]
    public async Task A_stale_or_overtaken_snapshot_is_not_used_the_answer_stays_exact_and_a_refresh_is_asked_for()
    {
        var random = new Random(121);
        var id = await OpenIncidentAsync();
        await using var dataSource = ResponderCandidates.CreateDataSource(app.ConnectionString);
        int wanted = 0;
        var candidates = new ResponderCandidates(dataSource, () => Interlocked.Increment(ref wanted));
        await using var snapshotSource = ResponderSnapshot.CreateDataSource(app.ConnectionString);
        var snapshot = new ResponderSnapshot(snapshotSource);
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        var centre = Centres[0];
        var now = DateTimeOffset.UtcNow;
        await SeedFleetAsync(conn, random, centre, now, vessels: 2500, assets: 150);
        await MoveIncidentAsync(conn, id, new GeoPosition(centre.Lat, centre.Lon));

        // Too old (and, the other way, taken after now by more than the bound).
        foreach (var at in new[] { now - ResponderCandidates.MaxSnapshotAge - TimeSpan.FromSeconds(1), now + ResponderCandidates.MaxSnapshotAge + TimeSpan.FromSeconds(1) })
        {
            Assert.True((await snapshot.RefreshAsync(at, CancellationToken.None)).Refreshed);
            var found = await candidates.RankForIncidentAsync(id, seesAllCentres: true, centreCode: null, now, 20, CancellationToken.None);
            Assert.NotNull(found);
            Assert.False(found.FromSnapshot);
            await AssertBruteForceAsync(conn, found, now, 20, $"snapshot at {at:O}");
        }
        Assert.Equal(2, wanted);

        // Fresh, then more than FreshLimit fixes written since.
        Assert.True((await snapshot.RefreshAsync(now, CancellationToken.None)).Refreshed);
        var usable = await candidates.RankForIncidentAsync(id, seesAllCentres: true, centreCode: null, now, 20, CancellationToken.None);
        Assert.True(usable!.FromSnapshot);
        await using (var touch = new NpgsqlCommand("UPDATE vessel_states SET updated_at = now() WHERE mmsi BETWEEN 700000000 AND 709999999", conn))
            Assert.True(await touch.ExecuteNonQueryAsync() > ResponderCandidates.FreshLimit);
        var overtaken = await candidates.RankForIncidentAsync(id, seesAllCentres: true, centreCode: null, now, 20, CancellationToken.None);
        Assert.False(overtaken!.FromSnapshot);
        Assert.Equal(ResponderCandidates.FreshLimit + 1, overtaken.FreshFixes);
        await AssertBruteForceAsync(conn, overtaken, now, 20, "overtaken snapshot");
        Assert.Equal(3, wanted);

        // Only one refresh at a time: another session holding the lock makes this one skip.
        await using (var other = new NpgsqlConnection(app.ConnectionString))
        {
            await other.OpenAsync();
            await using (var hold = new NpgsqlCommand($"SELECT pg_advisory_lock({ResponderSnapshot.AdvisoryLockKey})", other)) await hold.ExecuteNonQueryAsync();
            Assert.False((await snapshot.RefreshAsync(now, CancellationToken.None)).Refreshed);
        }
    }

    [Fact]
    public async Task The_endpoint_answers_the_brute_force_top_n_with_bearings_in_range_at_the_antimeridian_and_the_poles()
    {
        var random = new Random(104);
        var id = await OpenIncidentAsync();
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        var admin = app.ClientAs(MaritimeRoles.Admin, null);
        await using var snapshotSource = ResponderSnapshot.CreateDataSource(app.ConnectionString);
        foreach (var centre in Centres)
        {
            await SeedFleetAsync(conn, random, centre, DateTimeOffset.UtcNow, vessels: 1500, assets: 100);
            // Half the centres searched on a snapshot of dead-reckoned positions, half on the fixes (none usable).
            if (Array.IndexOf(Centres, centre) % 2 == 0)
                Assert.True((await new ResponderSnapshot(snapshotSource).RefreshAsync(DateTimeOffset.UtcNow, CancellationToken.None)).Refreshed);
            foreach (var target in new[] { new GeoPosition(centre.Lat, centre.Lon), Near(random, centre, 2), Near(random, centre, 4) })
            {
                await MoveIncidentAsync(conn, id, target);
                var response = await admin.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}/responders?limit=30");
                var at = response.GetProperty("at").GetDateTimeOffset();
                var expected = (await BruteForceAsync(conn, new GeoPosition(response.GetProperty("targetLatitude").GetDouble(),
                    response.GetProperty("targetLongitude").GetDouble()), at, 30)).Ranked;
                var ranked = response.GetProperty("ranked").EnumerateArray().ToList();
                Assert.Equal(expected.Select(e => e.Id), ranked.Select(r => r.GetProperty("id").GetString()));
                foreach (var r in ranked)
                {
                    foreach (var name in new[] { "bearingDegrees", "courseToSteerDegrees", "currentCourseDegrees" })
                        if (r.GetProperty(name).ValueKind == JsonValueKind.Number) Assert.InRange(r.GetProperty(name).GetDouble(), 0, 359.9);
                    if (r.GetProperty("courseChangeDegrees").ValueKind == JsonValueKind.Number)
                        Assert.InRange(r.GetProperty("courseChangeDegrees").GetDouble(), -179.9, 180);
                }
            }
        }
    }
}
