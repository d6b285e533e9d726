using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Tests.Geo;

public sealed class GeodesicTests
{
    // GeographicLib's published WGS84 test cases (geographiclib-python test_geodesic.py, from Karney's GeodTest set):
    // lat1, lon1, azi1, lat2, lon2, azi2, s12. Longitudes beyond ±180 and negative azimuths are normalised in the test.
    public static TheoryData<double, double, double, double, double, double, double> KarneyTestCases => new()
    {
        { 35.60777, -139.44815, 111.098748429560326, -11.17491, -69.95921, 129.289270889708762, 8935244.5604818305 },
        { 55.52454, 106.05087, 22.020059880982801, 77.03196, 197.18234, 109.112041110671519, 4105086.1713924406 },
        { -21.97856, 142.59065, -32.44456876433189, 41.84138, 98.56635, -41.84359951440466, 8394328.894657671 },
        { -66.99028, 112.2363, 173.73491240878403, -12.70631, 285.90344, 2.512956620913668, 11150344.2312080241 },
        { -17.42761, 173.34268, -159.033557661192928, -15.84784, 5.93557, -20.787484651536988, 16076603.1631180673 },
        { 32.84994, 48.28919, 150.492927788121982, -56.28556, 202.29132, 48.113449399816759, 16727068.9438164461 },
        { 6.96833, 52.74123, 92.581585386317712, -7.39675, 206.17291, 90.721692165923907, 17102477.2496958388 },
        { -50.56724, -16.30485, -105.439679907590164, -33.56571, -94.97412, -47.348547835650331, 6455670.5118668696 },
        { -58.93002, -8.90775, 140.965397902500679, -8.91104, 133.13503, 19.255429433416599, 11756066.0219864627 },
        { -68.82867, -74.28391, 93.774347763114881, -50.63005, -8.36685, 34.65564085411343, 3956936.926063544 },
        { -10.62672, -32.0898, -86.426713286747751, 5.883, -134.31681, -80.473780971034875, 11470869.3864563009 },
        { -21.76221, 166.90563, 29.319421206936428, 48.72884, 213.97627, 43.508671946410168, 9098627.3986554915 },
        { -19.79938, -174.47484, 71.167275780171533, -11.99349, -154.35109, 65.589099775199228, 2319004.8601169389 },
        { -11.95887, -116.94513, 92.712619830452549, 4.57352, 7.16501, 78.64960934409585, 13834722.5801401374 },
        { -87.85331, 85.66836, -65.120313040242748, 66.48646, 16.09921, -4.888658719272296, 17286615.3147144645 },
        { 1.74708, 128.32011, -101.584843631173858, -11.16617, 11.87109, -86.325793296437476, 12942901.1241347408 },
        { -25.72959, -144.90758, -153.647468693117198, -57.70581, -269.17879, -48.343983158876487, 9413446.7452453107 },
        { -41.22777, 122.32875, 14.285113402275739, -7.57291, 130.37946, 10.805303085187369, 3812686.035106021 },
        { 11.01307, 138.25278, 79.43682622782374, 6.62726, 247.05981, 103.708090215522657, 11911190.819018408 },
        { -29.47124, 95.14681, -163.779130441688382, -27.46601, -69.15955, -15.909335945554969, 13487015.8381145492 },
    };

    [Theory]
    [MemberData(nameof(KarneyTestCases))]
    public void Inverse_matches_GeographicLib_reference_cases(double lat1, double lon1, double azi1, double lat2, double lon2, double azi2, double s12)
    {
        var r = Geodesic.Inverse(new GeoPosition(lat1, lon1), new GeoPosition(lat2, Geodesic.NormaliseLongitude(lon2)));

        Assert.Equal(s12, r.DistanceMetres, 1e-6);
        AssertBearing(azi1, r.InitialBearingDegrees, 1e-10);
        AssertBearing(azi2, r.FinalBearingDegrees, 1e-10);
    }

    [Theory]
    [MemberData(nameof(KarneyTestCases))]
    public void Direct_matches_GeographicLib_reference_cases(double lat1, double lon1, double azi1, double lat2, double lon2, double azi2, double s12)
    {
        var r = Geodesic.Direct(new GeoPosition(lat1, lon1), azi1, s12);

        Assert.Equal(lat2, r.Destination.Latitude, 1e-11);
        Assert.Equal(Geodesic.NormaliseLongitude(lon2), r.Destination.Longitude, 1e-11);
        AssertBearing(azi2, r.FinalBearingDegrees, 1e-10);
    }

    [Theory]
    // Wellington to Salamanca: a classic failure of Vincenty's inverse (GeodSolve76).
    [InlineData(-41.316666666666667, 174.816666666666667, 40.966666666666667, -5.5, 160.39137649664, 19.50042925176, 19960543.857179, 1e-6, 0.5e-11)]
    // Nearly antipodal; the NGS calculator does not converge (GeodSolve78).
    [InlineData(27.2, 0.0, -27.1, 179.5, 45.82468716758, 134.22776532670, 19974354.765767, 1e-6, 0.5e-11)]
    // Nearly antipodal, high latitudes (GeodSolve6, 9, 10, 11).
    [InlineData(88.202499451857, 0, -88.202499451857, 179.981022032992859592, double.NaN, double.NaN, 20003898.214, 0.5e-3, 0)]
    [InlineData(89.333123580033, 0, -89.333123580032997687, 179.99295812360148422, double.NaN, double.NaN, 20003926.881, 0.5e-3, 0)]
    [InlineData(56.320923501171, 0, -56.320923501171, 179.664747671772880215, double.NaN, double.NaN, 19993558.287, 0.5e-3, 0)]
    [InlineData(52.784459512564, 0, -52.784459512563990912, 179.634407464943777557, double.NaN, double.NaN, 19991596.095, 0.5e-3, 0)]
    [InlineData(48.522876735459, 0, -48.52287673545898293, 179.599720456223079643, double.NaN, double.NaN, 19989144.774, 0.5e-3, 0)]
    // New York JFK to Paris CDG (GeodSolve0).
    [InlineData(40.6, -73.8, 49.01666667, 2.55, 53.47022, 111.59367, 5853226, 0.5, 0.5e-5)]
    // Equatorial: along the equator, then past the point where the geodesic leaves it, then exactly antipodal (GeodSolve33).
    [InlineData(0, 0, 0, 179, 90.0, 90.0, 19926189, 0.5, 0.5e-5)]
    [InlineData(0, 0, 0, 179.5, 55.96650, 124.03350, 19980862, 0.5, 0.5e-5)]
    [InlineData(0, 0, 0, 180, 0.0, 180.0, 20003931, 0.5, 0.5e-5)]
    [InlineData(0, 0, 1, 180, 0.0, 180.0, 19893357, 0.5, 0.5e-5)]
    // Points close together but with longitudes 180° apart (GeodSolve59).
    [InlineData(5, 0.00000000000001, 10, 180, 0.000000000000035, 179.99999999999996, 18345191.174332713, 5e-9, 1.5e-14)]
    // Very short lines (GeodSolve4, 74, 92).
    [InlineData(36.493349428792, 0, 36.49334942879201, 0.0000008, double.NaN, double.NaN, 0.072, 0.5e-3, 0)]
    [InlineData(54.1589, 15.3872, 54.1591, 15.3877, 55.723110355, 55.723515675, 39.527686385, 5e-9, 5e-9)]
    [InlineData(37.757540000000006, -122.47018, 37.75754, -122.470177, 89.99999923, 90.00000106, 0.264, 0.5e-3, 1e-7)]
    // Pole to pole along a meridian: twice the WGS84 quarter meridian, 10 001 965.729 m.
    [InlineData(90, 0, -90, 0, 180.0, 180.0, 20003931.4586, 1e-3, 1e-12)]
    public void Inverse_matches_published_values_including_nearly_antipodal_pairs(
        double lat1, double lon1, double lat2, double lon2, double azi1, double azi2, double s12, double tolerance, double bearingTolerance)
    {
        var r = Geodesic.Inverse(new GeoPosition(lat1, lon1), new GeoPosition(lat2, lon2));

        Assert.Equal(s12, r.DistanceMetres, tolerance);
        if (!double.IsNaN(azi1)) AssertBearing(azi1, r.InitialBearingDegrees, bearingTolerance);
        if (!double.IsNaN(azi2)) AssertBearing(azi2, r.FinalBearingDegrees, bearingTolerance);
    }

    [Fact]
    public void Direct_from_JFK_matches_the_published_destination()
    {
        // GeodSolve1.
        var r = Geodesic.Direct(new GeoPosition(40.63972222, -73.77888889), 53.5, 5850e3);

        Assert.Equal(49.01467, r.Destination.Latitude, 0.5e-5);
        Assert.Equal(2.56106, r.Destination.Longitude, 0.5e-5);
        Assert.Equal(111.62947, r.FinalBearingDegrees, 0.5e-5);
    }

    [Fact]
    public void Direct_reaches_and_leaves_the_poles()
    {
        // GeodSolve5: due north to the pole.
        var toPole = Geodesic.Direct(new GeoPosition(0.01777745589997, 30), 0, 10e6);
        Assert.Equal(90, toPole.Destination.Latitude, 0.5e-5);

        // GeodSolve73: backwards from the pole.
        var fromPole = Geodesic.Direct(new GeoPosition(90, 10), 180, -1e6);
        Assert.Equal(81.04623, fromPole.Destination.Latitude, 0.5e-5);
        Assert.Equal(-170, fromPole.Destination.Longitude, 0.5e-5);
        AssertBearing(0, fromPole.FinalBearingDegrees, 0.5e-5);
    }

    [Fact]
    public void Crossing_the_antimeridian_gives_the_short_way_round_and_normalised_longitudes()
    {
        var west = Geodesic.Inverse(new GeoPosition(0, -0.5), new GeoPosition(0, 0.5));
        var across = Geodesic.Inverse(new GeoPosition(0, 179.5), new GeoPosition(0, -179.5));
        Assert.Equal(111319.49079327357, west.DistanceMetres, 1e-6); // a·π/180: one degree of the equator
        Assert.Equal(west.DistanceMetres, across.DistanceMetres, 1e-9);
        Assert.Equal(90, across.InitialBearingDegrees, 1e-12);

        var fiji = new GeoPosition(-17.0, 179.9);
        var east = Geodesic.Destination(fiji, 90, 50_000);
        Assert.InRange(east.Longitude, -179.7, -179.5); // 0.47° of longitude at 17°S
        Assert.Equal(50_000, Geodesic.Distance(fiji, east), 1e-6);

        var backWest = Geodesic.Destination(new GeoPosition(-17.0, -179.9), 270, 50_000);
        Assert.InRange(backWest.Longitude, 179.5, 179.7);
    }

    [Fact]
    public void Zero_distance_and_coincident_points()
    {
        var p = new GeoPosition(-8.2083, 114.5033);
        Assert.Equal(0, Geodesic.Distance(p, p));
        Assert.Equal(p, Geodesic.Destination(p, 123, 0));
        Assert.Equal(0, Geodesic.Distance(new GeoPosition(90, 0), new GeoPosition(90, 180)));
        Assert.Equal(0, Geodesic.Distance(new GeoPosition(0, 180), new GeoPosition(0, -180)));
    }

    [Fact]
    public void Meridional_and_equatorial_quarter_circles()
    {
        var quarterMeridian = Geodesic.Inverse(new GeoPosition(0, 10), new GeoPosition(90, 10));
        Assert.Equal(10001965.729, quarterMeridian.DistanceMetres, 1e-3);
        Assert.Equal(0, quarterMeridian.InitialBearingDegrees, 1e-12);

        var south = Geodesic.Inverse(new GeoPosition(10, 100), new GeoPosition(-10, 100));
        Assert.Equal(180, south.InitialBearingDegrees, 1e-12);
        Assert.Equal(180, south.FinalBearingDegrees, 1e-12);

        var equator = Geodesic.Inverse(new GeoPosition(0, 0), new GeoPosition(0, 90));
        Assert.Equal(Geodesic.EquatorialRadiusMetres * Math.PI / 2, equator.DistanceMetres, 1e-6);
        Assert.Equal(90, equator.FinalBearingDegrees, 1e-12);
    }

    [Fact]
    public void Direct_then_inverse_round_trips_on_random_pairs()
    {
        var random = new Random(20260501);
        double worstPosition = 0, worstDistance = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var a = RandomPosition(random);
            var b = i % 10 == 0 ? NearAntipode(a, random) : RandomPosition(random);
            var inverse = Geodesic.Inverse(a, b);
            var reached = Geodesic.Direct(a, inverse.InitialBearingDegrees, inverse.DistanceMetres);
            worstPosition = Math.Max(worstPosition, Geodesic.Distance(reached.Destination, b));

            // And the inverse of a direct solution gives back the distance (bearings can differ only for
            // antipodal-type pairs with several shortest paths, which random inputs do not hit).
            var bearing = random.NextDouble() * 360;
            var distance = random.NextDouble() * 19_000_000;
            var end = Geodesic.Destination(a, bearing, distance);
            worstDistance = Math.Max(worstDistance, Math.Abs(Geodesic.Distance(a, end) - distance));

            Assert.Equal(Geodesic.Distance(a, b), Geodesic.Distance(b, a), 1e-6);
        }
        Assert.InRange(worstPosition, 0, 1e-6);
        Assert.InRange(worstDistance, 0, 1e-6);
    }

    [Theory]
    [InlineData(double.NaN, 1000)]
    [InlineData(double.PositiveInfinity, 1000)]
    [InlineData(45, double.NaN)]
    [InlineData(45, double.NegativeInfinity)]
    public void Direct_rejects_non_finite_input(double bearing, double distance) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Geodesic.Destination(new GeoPosition(0, 0), bearing, distance));

    [Theory]
    [InlineData(190, -170)]
    [InlineData(-190, 170)]
    [InlineData(540, 180)]
    [InlineData(-180, -180)]
    [InlineData(180, 180)]
    [InlineData(359.5, -0.5)]
    public void Normalises_longitudes_to_plus_or_minus_180(double input, double expected) =>
        Assert.Equal(expected, Geodesic.NormaliseLongitude(input), 1e-12);

    internal static GeoPosition RandomPosition(Random random) =>
        new(Math.Asin(2 * random.NextDouble() - 1) * 180 / Math.PI, random.NextDouble() * 360 - 180);

    private static GeoPosition NearAntipode(GeoPosition p, Random random) =>
        new(Math.Clamp(-p.Latitude + (random.NextDouble() - 0.5), -90, 90),
            Geodesic.NormaliseLongitude(p.Longitude + 180 + (random.NextDouble() - 0.5)));

    private static void AssertBearing(double expected, double actual, double tolerance)
    {
        var difference = Math.Abs(Geodesic.NormaliseLongitude(expected - actual));
        Assert.True(difference <= tolerance, $"bearing {actual} differs from {expected} by {difference}°");
    }
}
