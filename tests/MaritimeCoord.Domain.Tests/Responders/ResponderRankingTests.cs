using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Responders;

namespace MaritimeCoord.Domain.Tests.Responders;

public sealed class ResponderRankingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
    private static readonly GeoPosition Target = new(-10.5, 113.75);
    private const double Nm = Distances.MetresPerNauticalMile;

    private static GeoPosition NorthOfTarget(double nauticalMiles) => Geodesic.Destination(Target, 0, nauticalMiles * Nm);

    private static GovernmentAsset Asset(string id, GeoPosition at, double knots, AssetAvailability availability = AssetAvailability.Available,
        DateTimeOffset? positionTime = null, string? note = null) =>
        new(id, "KN " + id, AssetType.PatrolBoat, knots, availability, "Benoa", at, positionTime ?? Now, "+62 21 000 " + id, note);

    private static AisVessel Ship(long mmsi, GeoPosition at, double? cog, double? sog, DateTimeOffset fixTime, string? name = "MV EXAMPLE") =>
        new(mmsi, name, at, cog, sog, fixTime, "INMARSAT C 4" + mmsi, "cargo");

    private static ResponderRankingResult Rank(IEnumerable<GovernmentAsset>? assets = null, IEnumerable<AisVessel>? vessels = null, ResponderRankingPolicy? policy = null) =>
        ResponderRanking.Rank(Target, Now, assets ?? [], vessels ?? [], policy);

    [Fact]
    public void A_ship_60_nm_due_north_at_12_knots_is_5_hours_away_steering_south()
    {
        var r = Assert.Single(Rank([Asset("301", NorthOfTarget(60), 12)]).Ranked);

        Assert.Equal(1, r.Rank);
        Assert.Equal(60, r.DistanceNauticalMiles, 1e-6);
        Assert.Equal(60 * Nm, r.DistanceMetres, 1e-3);
        Assert.Equal(180, r.BearingToTargetDegrees, 1e-6);
        Assert.Equal(r.BearingToTargetDegrees, r.CourseToSteerDegrees);
        Assert.Equal(TimeSpan.FromHours(5).TotalSeconds, r.TimeToArrive.TotalSeconds, 1e-3);
        Assert.Equal(Now.AddHours(5), r.EstimatedArrival, TimeSpan.FromMilliseconds(1));
        Assert.Equal((12.0, false), (r.SpeedKnots, r.SpeedAssumed));
        Assert.Null(r.CourseChangeDegrees);
        Assert.Equal("+62 21 000 301", r.Contact);
    }

    [Fact]
    public void An_ais_ship_is_dead_reckoned_from_its_last_fix_to_now()
    {
        // 1 h ago 72 nm north, heading south at 12 kn: now 60 nm north.
        var r = Assert.Single(Rank(vessels: [Ship(525_000_001, NorthOfTarget(72), 180, 12, Now.AddHours(-1))]).Ranked);

        Assert.True(r.DeadReckoned);
        Assert.Equal(60, r.DistanceNauticalMiles, 1e-6);
        Assert.Equal(5, r.TimeToArrive.TotalHours, 1e-6);
        Assert.Equal(0, r.CourseChangeDegrees!.Value, 1e-6);
        Assert.Equal(TimeSpan.FromHours(1), r.PositionAge);
        Assert.Equal("525000001", r.Id);
    }

    [Fact]
    public void A_dead_reckoned_ais_ship_overtakes_an_asset_whose_position_is_nearer_than_the_ship_s_last_fix()
    {
        var asset = Asset("301", NorthOfTarget(40), 20);                                        // 2 h away
        var ship = Ship(525_000_002, NorthOfTarget(90), 180, 20, Now.AddHours(-3));             // last fix 4.5 h away, now 1.5 h

        var ranked = Rank([asset], [ship]).Ranked;

        Assert.Equal(["525000002", "301"], ranked.Select(r => r.Id));
        Assert.Equal(30, ranked[0].DistanceNauticalMiles, 1e-6);
        Assert.Equal(1.5, ranked[0].TimeToArrive.TotalHours, 1e-6);
        Assert.Equal(2, ranked[1].TimeToArrive.TotalHours, 1e-6);
    }

    [Theory]
    [InlineData(90, 90)]     // heading east, north of the target: turn 90° to starboard
    [InlineData(270, -90)]   // heading west: turn 90° to port
    [InlineData(0, 180)]     // heading away: turn round
    [InlineData(200, -20)]
    public void Course_change_is_the_signed_turn_from_the_current_course_to_the_course_to_steer(double cog, double expectedChange)
    {
        var r = Assert.Single(Rank(vessels: [Ship(1, NorthOfTarget(60), cog, 12, Now)]).Ranked);

        Assert.Equal(180, r.CourseToSteerDegrees, 1e-6);
        Assert.Equal(expectedChange, r.CourseChangeDegrees!.Value, 1e-6);
    }

    [Theory]
    [InlineData(350, 10, 20)]
    [InlineData(10, 350, -20)]
    [InlineData(90, 270, 180)]
    [InlineData(270, 90, 180)]
    [InlineData(45, 45, 0)]
    public void Course_change_wraps_through_north(double from, double to, double expected)
    {
        Assert.Equal(expected, ResponderRanking.CourseChange(from, to), 1e-9);
    }

    [Theory]
    [InlineData(0.2, 123.0)]
    [InlineData(null, 123.0)]
    [InlineData(14.0, null)]
    public void A_ship_stopped_or_without_course_and_speed_gets_the_assumed_speed_and_stays_where_it_was(double? sog, double? cog)
    {
        var fix = NorthOfTarget(60);
        var policy = ResponderRankingPolicy.Default with { AssumedSpeedKnots = 15 };

        var r = Assert.Single(Rank(vessels: [Ship(2, fix, cog, sog, Now.AddHours(-1))], policy: policy).Ranked);

        Assert.Equal((15.0, true), (r.SpeedKnots, r.SpeedAssumed));
        Assert.False(r.DeadReckoned);
        Assert.Equal(fix, r.Position);
        Assert.Null(r.CourseChangeDegrees);
        Assert.Equal(4, r.TimeToArrive.TotalHours, 1e-6);
    }

    [Fact]
    public void Unavailable_assets_are_listed_apart_with_the_reason()
    {
        var result = Rank([
            Asset("301", NorthOfTarget(10), 12, AssetAvailability.Maintenance, note: "engine overhaul until 3 Dec"),
            Asset("302", NorthOfTarget(20), 12, AssetAvailability.Tasked),
            Asset("303", NorthOfTarget(30), 0),
            Asset("304", NorthOfTarget(40), 12),
        ]);

        Assert.Equal(["304"], result.Ranked.Select(r => r.Id));
        Assert.Equal(
            [("301", "in maintenance: engine overhaul until 3 Dec"), ("302", "on another task"), ("303", "no cruise speed recorded")],
            result.Excluded.Select(e => (e.Id, e.Reason)));
    }

    [Fact]
    public void Positions_older_than_the_threshold_are_flagged_stale()
    {
        var result = Rank(
            [Asset("301", NorthOfTarget(10), 12, positionTime: Now.AddHours(-3))],
            [Ship(3, NorthOfTarget(20), 180, 10, Now.AddMinutes(-90))],
            ResponderRankingPolicy.Default with { StaleAfter = TimeSpan.FromHours(2) });

        var asset = result.Ranked.Single(r => r.Id == "301");
        var ship = result.Ranked.Single(r => r.Id == "3");
        Assert.Equal((TimeSpan.FromHours(3), true), (asset.PositionAge, asset.Stale));
        Assert.Equal((TimeSpan.FromMinutes(90), false), (ship.PositionAge, ship.Stale));
    }

    [Fact]
    public void A_fix_stamped_after_now_is_not_projected_backwards_and_has_no_age()
    {
        var fix = NorthOfTarget(60);
        var r = Assert.Single(Rank(vessels: [Ship(4, fix, 90, 12, Now.AddMinutes(2))]).Ranked);

        Assert.Equal(fix, r.Position);
        Assert.Equal(TimeSpan.Zero, r.PositionAge);
        Assert.Equal(90, r.CourseChangeDegrees!.Value, 1e-6);
    }

    [Fact]
    public void Equal_arrival_times_are_ordered_by_distance_then_id()
    {
        var ranked = Rank([
            Asset("B", NorthOfTarget(60), 12),
            Asset("A", NorthOfTarget(30), 6),
            Asset("C", NorthOfTarget(30), 6),
        ]).Ranked;

        Assert.Equal(["A", "C", "B"], ranked.Select(r => r.Id));
        Assert.Equal([1, 2, 3], ranked.Select(r => r.Rank));
    }

    [Fact]
    public void Distance_and_bearing_are_ellipsoidal_across_the_antimeridian()
    {
        var target = new GeoPosition(-17.0, -179.9);
        var result = ResponderRanking.Rank(target, Now, [Asset("F", new GeoPosition(-17.0, 179.9), 10)], []);

        var r = Assert.Single(result.Ranked);
        Assert.Equal(Geodesic.Distance(new GeoPosition(-17.0, 179.9), target), r.DistanceMetres);
        Assert.InRange(r.DistanceNauticalMiles, 11.4, 11.6);
        Assert.InRange(r.BearingToTargetDegrees, 89.9, 90.1);
    }

    [Fact]
    public void A_vessel_without_a_name_is_named_by_its_mmsi()
    {
        Assert.Equal("MMSI 525000009", Assert.Single(Rank(vessels: [Ship(525_000_009, NorthOfTarget(5), 0, 10, Now, name: " ")]).Ranked).Name);
    }

    [Fact]
    public void The_top_n_are_the_first_n_of_the_whole_ranking_with_the_same_ranks_and_ties_in_the_same_order()
    {
        var random = new Random(4);
        var assets = Enumerable.Range(0, 40).Select(i => Asset($"A{i:00}", Geodesic.Destination(Target, random.Next(360), random.Next(5, 200) * Nm),
            random.Next(5, 30), i % 7 == 0 ? AssetAvailability.Maintenance : AssetAvailability.Available)).ToList();
        var vessels = Enumerable.Range(0, 100).Select(i => Ship(990_000_000 + i, Geodesic.Destination(Target, random.Next(360), random.Next(5, 200) * Nm),
            i % 5 == 0 ? null : random.Next(360), i % 5 == 0 ? null : random.Next(0, 20), Now.AddMinutes(-random.Next(0, 300)), name: i % 3 == 0 ? null : $"MV {i}")).ToList();
        // Exact ties on ETA and distance, separated by id: a vessel (MMSI as id) and two assets at the same place and speed.
        var tied = NorthOfTarget(1);
        assets.Add(Asset("999999999", tied, 10));
        assets.Add(Asset("000000001", tied, 10));
        vessels.Add(Ship(123_456_789, tied, null, null, Now));

        var all = ResponderRanking.Rank(Target, Now, assets, vessels);
        var top = ResponderRanking.Rank(Target, Now, assets, vessels, maxRanked: 20);

        Assert.Equal(all.Ranked.Count, assets.Count(a => a.Availability == AssetAvailability.Available) + vessels.Count);
        Assert.Equal(all.Ranked.Take(20), top.Ranked);
        Assert.Equal(["000000001", "123456789", "999999999"], top.Ranked.Take(3).Select(r => r.Id));
        Assert.Equal(all.Excluded, top.Excluded);
        Assert.Empty(ResponderRanking.Rank(Target, Now, assets, vessels, maxRanked: 0).Ranked);
        Assert.Throws<ArgumentOutOfRangeException>(() => ResponderRanking.Rank(Target, Now, assets, vessels, maxRanked: -1));
    }
}
