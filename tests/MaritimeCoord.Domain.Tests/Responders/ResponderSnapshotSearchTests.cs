using System.Globalization;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Responders;

namespace MaritimeCoord.Domain.Tests.Responders;

/// <summary>
/// The nearest-responder search over a snapshot of dead-reckoned positions (docs/responders-performance.md, "Snapshot of
/// dead-reckoned positions"): the snapshot is taken at T, the query runs at now (before or after T); vessels whose fix
/// changed after the snapshot are read from the fresh list, vessels deleted since are dropped by the join to the current
/// fixes. The top N equals the brute force over the current fixes, on random fleets with implausible speeds (102.3 kn),
/// stale and future fixes, across ±180° and near the poles.
/// </summary>
public sealed class ResponderSnapshotSearchTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static readonly (double Lat, double Lon)[] Centres = [(-17, 179.9), (-17, -179.9), (0, 180), (89.9, 10), (-89.9, -170), (-8, 115)];

    private static GeoPosition Near(Random random, (double Lat, double Lon) centre, double spreadDegrees) =>
        new(Math.Clamp(centre.Lat + (random.NextDouble() * 2 - 1) * spreadDegrees, -90, 90),
            Geodesic.NormaliseLongitude(centre.Lon + (random.NextDouble() * 2 - 1) * spreadDegrees * 2));

    private static AisVessel RandomFix(Random random, long mmsi, GeoPosition position, DateTimeOffset newest)
    {
        double? sog = random.Next(12) switch
        {
            0 => null,
            1 => random.NextDouble() * 0.5,
            2 => 25 + random.NextDouble() * 20,
            3 => random.Next(4) == 0 ? 102.3 : 3 + random.NextDouble() * 17,
            _ => 3 + random.NextDouble() * 17,
        };
        double? cog = sog is null || random.Next(20) == 0 ? null : random.NextDouble() * 360;
        var age = random.Next(10) switch
        {
            < 5 => TimeSpan.FromMinutes(random.NextDouble() * 30),
            < 8 => TimeSpan.FromHours(random.NextDouble() * 6),
            8 => TimeSpan.FromHours(random.NextDouble() * 26),
            _ => TimeSpan.FromMinutes(-random.NextDouble() * 5),
        };
        return new AisVessel(mmsi, null, position, cog, sog, newest - age, null);
    }

    private sealed record Row(long Mmsi, SnapshotEntry Entry);

    /// <summary>
    /// The server's snapshot path with the database replaced by exact in-memory selections: seeds (the nearest current
    /// fixes) set U; every snapshot row inside its speed band's box and passing the per-row bound, joined to the current
    /// fix of its MMSI; every fresh fix; then the exact ranking.
    /// </summary>
    private static ResponderRankingResult Searched(GeoPosition target, IReadOnlyList<AisVessel> current, IReadOnlyList<Row> snapshot, DateTimeOffset snapshotTime,
        IReadOnlyList<AisVessel> fresh, int n, Func<double, double> ageForRadius)
    {
        var window = current.Where(v => v.FixTime > Now - TimeSpan.FromHours(24)).ToList();
        var seeds = window.OrderBy(v => ResponderSearch.ChordMetres(v.Position, target)).Take(60).ToList();
        var threshold = ResponderSearch.Threshold(ResponderRanking.Rank(target, Now, [], seeds, maxRanked: n), n);
        var ageHours = ageForRadius((Now - snapshotTime).TotalHours);
        var bands = ResponderSearch.SpeedBandKnots;
        var fastest = snapshot.Count == 0 ? 0 : snapshot.Max(r => r.Entry.SpeedKnots);
        var (tx, ty, tz) = ResponderSearch.Ecef(target);
        var byMmsi = window.ToDictionary(v => v.Mmsi);
        var found = new List<AisVessel>();
        foreach (var row in snapshot)
        {
            var band = Enumerable.Range(0, bands.Count).FirstOrDefault(b => row.Entry.SpeedKnots <= bands[b], -1);
            var cap = band < 0 ? fastest : bands[band];
            var r = ResponderSearch.SnapshotSearchRadiusMetres(cap, threshold, ageHours);
            if (Math.Abs(row.Entry.X - tx) > r || Math.Abs(row.Entry.Y - ty) > r || Math.Abs(row.Entry.Z - tz) > r) continue;
            if (ResponderSearch.SnapshotLowerBoundHours(row.Entry, target, ageHours) > threshold) continue;
            if (byMmsi.TryGetValue(row.Mmsi, out var v)) found.Add(v);
        }
        return ResponderSearch.RankExact(target, Now, [], found.Concat(fresh.Where(v => v.FixTime > Now - TimeSpan.FromHours(24))).Concat(seeds), threshold, n);
    }

    [Theory]
    [InlineData(21, 20, -5.0)]
    [InlineData(22, 1, 1.0)]
    [InlineData(23, 50, 4.0)]
    [InlineData(24, 20, 30.0)]
    [InlineData(25, 200, 0.0)]
    public void The_top_n_over_the_snapshot_and_the_fresh_fixes_is_the_brute_force_top_n(int seed, int n, double snapshotAgeMinutes)
    {
        var random = new Random(seed);
        int compared = 0;
        foreach (var centre in Centres)
        {
            var (current, snapshot, snapshotTime, fresh) = Fleet(random, centre, snapshotAgeMinutes);
            for (int k = 0; k < 10; k++)
            {
                var target = k == 0 ? new GeoPosition(centre.Lat, centre.Lon) : Near(random, centre, 4);
                var expected = ResponderRanking.Rank(target, Now, [], current.Where(v => v.FixTime > Now - TimeSpan.FromHours(24)), maxRanked: n).Ranked;
                var actual = Searched(target, current, snapshot, snapshotTime, fresh, n, a => a).Ranked;
                Assert.Equal(expected.Count, actual.Count);
                for (int i = 0; i < expected.Count; i++)
                {
                    Assert.True(expected[i].Id == actual[i].Id, $"seed {seed}, {target}, #{i + 1}: {actual[i].Id}, brute force {expected[i].Id}");
                    Assert.Equal(expected[i].TimeToArrive, actual[i].TimeToArrive);
                }
                compared++;
            }
        }
        Assert.Equal(Centres.Length * 10, compared);
    }

    [Fact]
    public void Leaving_the_snapshot_age_out_of_the_bound_loses_responders()
    {
        // The test above must be able to fail: with the age of the snapshot dropped from the radius and the per-row bound,
        // vessels that moved towards the target since T are missed somewhere.
        var random = new Random(24);
        int wrong = 0;
        foreach (var centre in Centres)
        {
            var (current, snapshot, snapshotTime, fresh) = Fleet(random, centre, 30);
            for (int k = 0; k < 10; k++)
            {
                var target = k == 0 ? new GeoPosition(centre.Lat, centre.Lon) : Near(random, centre, 4);
                var expected = ResponderRanking.Rank(target, Now, [], current.Where(v => v.FixTime > Now - TimeSpan.FromHours(24)), maxRanked: 20).Ranked;
                var actual = Searched(target, current, snapshot, snapshotTime, fresh, 20, _ => 0).Ranked;
                if (!expected.Select(e => e.Id).SequenceEqual(actual.Select(a => a.Id))) wrong++;
            }
        }
        Assert.True(wrong > 0, "dropping the snapshot's age changed no answer: the exactness test could not fail");
    }

    [Fact]
    public void The_snapshot_bound_never_exceeds_the_ranking_s_own_eta_either_side_of_the_snapshot()
    {
        var random = new Random(27);
        foreach (var centre in Centres)
        {
            foreach (var ageMinutes in new[] { -5.0, 0, 0.5, 5, 60 })
            {
                var snapshotTime = Now - TimeSpan.FromMinutes(ageMinutes);
                var vessels = Enumerable.Range(0, 300).Select(i => RandomFix(random, 300_000_000 + i, Near(random, centre, 6), snapshotTime)).ToList();
                var target = Near(random, centre, 3);
                var entries = vessels.ToDictionary(v => v.Mmsi.ToString(CultureInfo.InvariantCulture),
                    v => ResponderSearch.Snapshot(v.Position, v.CourseOverGroundDegrees, v.SpeedOverGroundKnots, v.FixTime, snapshotTime));
                foreach (var r in ResponderRanking.Rank(target, Now, [], vessels).Ranked)
                {
                    var entry = entries[r.Id];
                    var bound = ResponderSearch.SnapshotLowerBoundHours(entry, target, (Now - snapshotTime).TotalHours);
                    Assert.True(bound <= r.TimeToArrive.TotalHours, $"{r.Id}: bound {bound} h > ETA {r.TimeToArrive.TotalHours} h");
                    Assert.Equal(r.SpeedKnots, entry.SpeedKnots);
                    Assert.True(entry.MovingKnots is 0 || entry.MovingKnots == entry.SpeedKnots);
                }
            }
        }
    }

    [Fact]
    public void A_snapshot_entry_is_the_ranking_s_own_estimated_position_at_the_snapshot_time()
    {
        var random = new Random(29);
        foreach (var centre in Centres)
        {
            var vessels = Enumerable.Range(0, 200).Select(i => RandomFix(random, 310_000_000 + i, Near(random, centre, 6), Now)).ToList();
            foreach (var r in ResponderRanking.Rank(Near(random, centre, 3), Now, [], vessels).Ranked)
            {
                var v = vessels.Single(x => x.Mmsi.ToString(CultureInfo.InvariantCulture) == r.Id);
                var entry = ResponderSearch.Snapshot(v.Position, v.CourseOverGroundDegrees, v.SpeedOverGroundKnots, v.FixTime, Now);
                Assert.Equal(ResponderSearch.Ecef(r.Position), (entry.X, entry.Y, entry.Z));
            }
        }
    }

    /// <summary>
    /// A fleet as the snapshot saw it at T = now − age, then changed: 6 % of the vessels got a new fix after the snapshot
    /// (some near the centre, some late, stamped hours ago), 2 % were deleted, 2 % are new.
    /// </summary>
    private static (List<AisVessel> Current, List<Row> Snapshot, DateTimeOffset SnapshotTime, List<AisVessel> Fresh) Fleet(Random random, (double Lat, double Lon) centre,
        double snapshotAgeMinutes)
    {
        var snapshotTime = Now - TimeSpan.FromMinutes(snapshotAgeMinutes);
        var seen = Enumerable.Range(0, 1500).Select(i => RandomFix(random, 200_000_000 + i, Near(random, centre, 6), snapshotTime)).ToList();
        var snapshot = seen.Where(v => v.FixTime > snapshotTime - TimeSpan.FromHours(25))
            .Select(v => new Row(v.Mmsi, ResponderSearch.Snapshot(v.Position, v.CourseOverGroundDegrees, v.SpeedOverGroundKnots, v.FixTime, snapshotTime))).ToList();
        var current = new List<AisVessel>();
        var fresh = new List<AisVessel>();
        foreach (var v in seen)
        {
            switch (random.Next(50))
            {
                case 0: break; // deleted
                case 1 or 2 or 3:
                    var moved = RandomFix(random, v.Mmsi, Near(random, centre, random.Next(2) == 0 ? 0.5 : 6), Now);
                    current.Add(moved);
                    fresh.Add(moved);
                    break;
                default:
                    current.Add(v);
                    break;
            }
        }
        for (int i = 0; i < 30; i++)
        {
            var added = RandomFix(random, 209_000_000 + i, Near(random, centre, 3), Now);
            current.Add(added);
            fresh.Add(added);
        }
        return (current, snapshot, snapshotTime, fresh);
    }
}
