using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Responders;

namespace MaritimeCoord.Domain.Tests.Responders;

/// <summary>
/// Issue 15, item 1: the pruned search (seeds → threshold → bounded search → exact ranking) gives exactly the brute-force
/// top N by ETA over every candidate, on random fleets with fast aircraft, slow boats, stale and future fixes, across
/// ±180° and near the poles. Also item 7: rounded bearings stay in [0, 360), course changes in (−180, 180].
/// </summary>
public sealed class ResponderSearchTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Cluster centres of the random fleets: open ocean, both sides of the antimeridian, near both poles.</summary>
    private static readonly (double Lat, double Lon)[] Centres = [(-17, 179.9), (-17, -179.9), (0, 180), (89.9, 10), (-89.9, -170), (-8, 115), (35, -40)];

    private sealed record Fleet(List<GovernmentAsset> Assets, List<AisVessel> Vessels);

    private static GeoPosition Near(Random random, (double Lat, double Lon) centre, double spreadDegrees)
    {
        var lat = Math.Clamp(centre.Lat + (random.NextDouble() * 2 - 1) * spreadDegrees, -90, 90);
        var lon = Geodesic.NormaliseLongitude(centre.Lon + (random.NextDouble() * 2 - 1) * spreadDegrees * 2);
        return new GeoPosition(lat, lon);
    }

    private static Fleet RandomFleet(Random random, (double Lat, double Lon) centre, int vessels, int assets)
    {
        var types = Enum.GetValues<AssetType>();
        var fleetAssets = new List<GovernmentAsset>();
        for (int i = 0; i < assets; i++)
        {
            var type = types[random.Next(types.Length)];
            double speed = type switch
            {
                AssetType.FixedWingAircraft => 150 + random.NextDouble() * 100,
                AssetType.Helicopter => 110 + random.NextDouble() * 30,
                AssetType.LifeBoat => 15 + random.NextDouble() * 10,
                _ => random.Next(10) == 0 ? 0 : 8 + random.NextDouble() * 22,
            };
            var availability = random.Next(4) == 0 ? (AssetAvailability)(1 + random.Next(3)) : AssetAvailability.Available;
            fleetAssets.Add(new GovernmentAsset($"A{i:D4}", $"asset {i}", type, speed, availability, null, Near(random, centre, 12),
                Now.AddMinutes(-random.Next(600)), null));
        }
        var fleetVessels = new List<AisVessel>();
        for (int i = 0; i < vessels; i++)
        {
            double? sog = random.Next(10) switch
            {
                0 => null,                                     // not available
                1 => random.NextDouble() * 0.5,                // at anchor
                2 => 25 + random.NextDouble() * 20,            // fast craft
                _ => 3 + random.NextDouble() * 17,
            };
            double? cog = sog is null || random.Next(20) == 0 ? null : random.NextDouble() * 360;
            // Mostly fresh, a long tail of stale fixes (to 26 h: some beyond the window), a few stamped in the future.
            var age = random.Next(10) switch
            {
                < 5 => TimeSpan.FromMinutes(random.NextDouble() * 30),
                < 8 => TimeSpan.FromHours(random.NextDouble() * 6),
                8 => TimeSpan.FromHours(random.NextDouble() * 26),
                _ => TimeSpan.FromMinutes(-random.NextDouble() * 5),
            };
            fleetVessels.Add(new AisVessel(200_000_000 + i, null, Near(random, centre, 6), cog, sog, Now - age, null));
        }
        return new Fleet(fleetAssets, fleetVessels);
    }

    /// <summary>
    /// The search as the server runs it, with the database replaced by exact in-memory selections: the K nearest by chord
    /// as seeds, then every fix inside the ball of its age band's radius (the SQL box contains that ball, so it returns
    /// at least these) and every available asset inside the asset ball.
    /// </summary>
    private static ResponderRankingResult Searched(GeoPosition target, Fleet fleet, int n, int seedAssets = 50, int seedVessels = 60)
    {
        var fresh = fleet.Vessels.Where(v => v.FixTime > Now - TimeSpan.FromHours(24)).ToList();
        var seedA = fleet.Assets.OrderBy(a => ResponderSearch.ChordMetres(a.Position, target)).Take(seedAssets).ToList();
        var seedV = fresh.OrderBy(v => ResponderSearch.ChordMetres(v.Position, target)).Take(seedVessels).ToList();
        var threshold = ResponderSearch.Threshold(ResponderRanking.Rank(target, Now, seedA, seedV, maxRanked: n), n);

        var speed = ResponderSearch.VesselSpeedBound(fresh.Where(v => v.SpeedOverGroundKnots is { } s && double.IsFinite(s)).Select(v => v.SpeedOverGroundKnots).Max());
        var bands = ResponderSearch.AgeBandHours;
        var searchedVessels = new List<AisVessel>();
        foreach (var v in fresh)
        {
            var ageHours = Math.Max(0, (Now - v.FixTime).TotalHours);
            var band = Enumerable.Range(0, bands.Count).First(b => ageHours <= bands[b]);
            if (ResponderSearch.ChordMetres(v.Position, target) <= ResponderSearch.VesselSearchRadiusMetres(speed, threshold, bands[band]))
                searchedVessels.Add(v);
        }
        var available = fleet.Assets.Where(a => a.Availability == AssetAvailability.Available && a.CruiseSpeedKnots > 0).ToList();
        var assetRadius = available.Count == 0 ? 0 : ResponderSearch.AssetSearchRadiusMetres(available.Max(a => a.CruiseSpeedKnots), threshold);
        var searchedAssets = available.Where(a => ResponderSearch.ChordMetres(a.Position, target) <= assetRadius).ToList();
        return ResponderSearch.RankExact(target, Now, searchedAssets.Concat(seedA), searchedVessels.Concat(seedV), threshold, n);
    }

    private static ResponderRankingResult BruteForce(GeoPosition target, Fleet fleet, int n) =>
        ResponderRanking.Rank(target, Now, fleet.Assets, fleet.Vessels.Where(v => v.FixTime > Now - TimeSpan.FromHours(24)), maxRanked: n);

    [Theory]
    [InlineData(1, 20)]
    [InlineData(2, 1)]
    [InlineData(3, 50)]
    [InlineData(4, 200)]
    public void The_searched_top_n_is_the_brute_force_top_n_by_eta(int seed, int n)
    {
        var random = new Random(seed);
        int checkedIncidents = 0;
        foreach (var centre in Centres)
        {
            var fleet = RandomFleet(random, centre, vessels: 1500, assets: 120);
            for (int k = 0; k < 12; k++)
            {
                // Incidents at the cluster's centre and around it; for the antimeridian and pole clusters exactly on the line too.
                var target = k == 0 ? new GeoPosition(centre.Lat, centre.Lon) : Near(random, centre, 4);
                var expected = BruteForce(target, fleet, n).Ranked;
                var actual = Searched(target, fleet, n).Ranked;
                Assert.Equal(expected.Count, actual.Count);
                for (int i = 0; i < expected.Count; i++)
                {
                    Assert.Equal((expected[i].Kind, expected[i].Id, expected[i].Rank), (actual[i].Kind, actual[i].Id, actual[i].Rank));
                    Assert.Equal(expected[i].TimeToArrive, actual[i].TimeToArrive);
                    Assert.Equal(expected[i].Position, actual[i].Position);
                }
                checkedIncidents++;
            }
        }
        Assert.Equal(Centres.Length * 12, checkedIncidents);
    }

    [Fact]
    public void The_lower_bounds_never_exceed_the_ranking_s_own_eta()
    {
        var random = new Random(7);
        foreach (var centre in Centres)
        {
            var fleet = RandomFleet(random, centre, vessels: 400, assets: 60);
            var target = Near(random, centre, 3);
            var all = ResponderRanking.Rank(target, Now, fleet.Assets, fleet.Vessels);
            foreach (var r in all.Ranked)
            {
                var bound = r.Kind == ResponderKind.GovernmentAsset
                    ? ResponderSearch.AssetLowerBoundHours(fleet.Assets.Single(a => a.Id == r.Id), target)
                    : ResponderSearch.VesselLowerBoundHours(fleet.Vessels.Single(v => v.Mmsi.ToString(System.Globalization.CultureInfo.InvariantCulture) == r.Id), target, Now);
                Assert.True(bound <= r.TimeToArrive.TotalHours, $"{r.Id}: bound {bound} h > ETA {r.TimeToArrive.TotalHours} h");
            }
        }
    }

    [Fact]
    public void The_chord_is_never_longer_than_the_geodesic_and_close_to_it_when_short()
    {
        var random = new Random(11);
        for (int i = 0; i < 20_000; i++)
        {
            var a = new GeoPosition(random.NextDouble() * 180 - 90, random.NextDouble() * 360 - 180);
            var b = i % 2 == 0 ? Near(random, (a.Latitude, a.Longitude), 0.5) : new GeoPosition(random.NextDouble() * 180 - 90, random.NextDouble() * 360 - 180);
            var chord = ResponderSearch.ChordMetres(a, b);
            var geodesic = Geodesic.Distance(a, b);
            Assert.True(chord <= geodesic + 1e-6, $"{a} → {b}: chord {chord} > geodesic {geodesic}");
            if (geodesic < 200_000) Assert.True(chord >= geodesic * 0.9999, $"{a} → {b}: chord {chord} far below geodesic {geodesic}");
        }
        // Across the antimeridian and at the pole the chord is the short way.
        Assert.InRange(ResponderSearch.ChordMetres(new GeoPosition(-17, 179.99), new GeoPosition(-17, -179.99)), 2000, 2200);
        Assert.InRange(ResponderSearch.ChordMetres(new GeoPosition(89.99, 0), new GeoPosition(89.99, 180)), 2200, 2300);
    }

    [Fact]
    public void Rounded_bearings_stay_in_0_to_360_and_course_changes_in_minus_180_to_180()
    {
        var random = new Random(15);
        double[] edges = [359.95, 359.96, 359.9999999, -1e-12, -0.04, -0.05, 0, 360, 720, -360, 179.96, -179.96, -179.95, 180, -180, 540, -540];
        var inputs = edges.Concat(Enumerable.Range(0, 100_000).Select(_ => (random.NextDouble() * 2 - 1) * 1000));
        foreach (var x in inputs)
        {
            var bearing = ResponderRanking.RoundBearing(x);
            Assert.True(bearing is >= 0 and < 360, $"bearing {x} → {bearing}");
            Assert.False(double.IsNegative(bearing), $"bearing {x} → -0");
            Assert.Equal(bearing, Math.Round(bearing, 1));
            var change = ResponderRanking.RoundCourseChange(x);
            Assert.True(change is > -180 and <= 180, $"course change {x} → {change}");
            Assert.Equal(change, Math.Round(change, 1));
            // Within half a unit of the last digit of the true angle, modulo a full turn.
            Assert.True(Math.Abs(Geodesic.NormaliseLongitude(bearing - x)) <= 0.05 + 1e-9, $"bearing {x} → {bearing}");
            Assert.True(Math.Abs(Geodesic.NormaliseLongitude(change - x)) <= 0.05 + 1e-9, $"course change {x} → {change}");
        }
        Assert.Equal(0, ResponderRanking.RoundBearing(359.96));
        Assert.Equal(180, ResponderRanking.RoundCourseChange(-179.96));
    }

    [Fact]
    public void The_ranking_s_courses_and_course_changes_are_in_range_before_rounding()
    {
        var random = new Random(19);
        foreach (var centre in Centres)
        {
            var fleet = RandomFleet(random, centre, vessels: 300, assets: 30);
            var ranked = ResponderRanking.Rank(Near(random, centre, 3), Now, fleet.Assets, fleet.Vessels).Ranked;
            foreach (var r in ranked)
            {
                Assert.InRange(r.BearingToTargetDegrees, 0, 359.999999999999);
                Assert.InRange(r.CourseToSteerDegrees, 0, 359.999999999999);
                if (r.CurrentCourseDegrees is { } c) Assert.InRange(c, 0, 359.999999999999);
                if (r.CourseChangeDegrees is { } cc) Assert.True(cc is > -180 and <= 180, $"{cc}");
            }
        }
    }
}
