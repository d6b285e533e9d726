using System.Globalization;
using MaritimeCoord.Domain.Geo;
using Xunit.Abstractions;

namespace MaritimeCoord.Domain.Tests.Geo;

public sealed class DeadReckoningTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Fix = new(2026, 3, 14, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Runs_speed_times_time_along_the_geodesic_on_the_course_over_ground()
    {
        var start = new GeoPosition(-8.5, 115.2);

        var projected = DeadReckoning.Project(start, Fix, 37.0, 12.0, Fix.AddHours(2.5));

        var run = Geodesic.Inverse(start, projected);
        Assert.Equal(30 * Distances.MetresPerNauticalMile, run.DistanceMetres, 1e-6);
        Assert.Equal(37.0, run.InitialBearingDegrees, 1e-9);
        Assert.Equal(Geodesic.Destination(start, 37.0, 30 * 1852.0), projected);
    }

    [Fact]
    public void Due_north_stays_on_the_meridian()
    {
        var projected = DeadReckoning.Project(new GeoPosition(0, 100), Fix, 0, 10, Fix.AddHours(6));

        Assert.Equal(100, projected.Longitude, 1e-12);
        // 60 nm of meridian arc from the equator: a little over 1° because meridian degrees are short near the equator.
        Assert.Equal(111_120, Geodesic.Distance(new GeoPosition(0, 100), projected), 1e-6);
        Assert.InRange(projected.Latitude, 1.0049, 1.0050);
    }

    [Fact]
    public void Stopped_vessels_stay_put_and_earlier_times_project_backwards()
    {
        var start = new GeoPosition(-12.3, 130.1);
        Assert.Equal(start, DeadReckoning.Project(start, Fix, 200, 0, Fix.AddHours(5)));

        var earlier = DeadReckoning.Project(start, Fix, 200, 8, Fix.AddHours(-3));
        var back = DeadReckoning.ProjectWithCourse(new KinematicFix(start, 200, 8, Fix), Fix.AddHours(-3));
        Assert.Equal(earlier, back.Position);
        // Steaming forward again from the back-projected point, on the course the geodesic had there, returns to the fix.
        var again = DeadReckoning.Project(back, Fix);
        Assert.InRange(Geodesic.Distance(again, start), 0, 1e-6);
    }

    [Fact]
    public void Crosses_the_antimeridian_and_reports_the_course_at_the_new_position()
    {
        var state = DeadReckoning.ProjectWithCourse(new KinematicFix(new GeoPosition(-16.5, 179.6), 80, 20, Fix), Fix.AddHours(3));

        Assert.InRange(state.Position.Longitude, -180, -179);
        Assert.Equal(Fix.AddHours(3), state.Time);
        // An east-north-easterly geodesic in the southern hemisphere is heading towards the equator, where
        // sin(course)·cos(latitude) stays constant (Clairaut): as cos(latitude) grows the course turns to the north.
        Assert.InRange(state.CourseOverGroundDegrees, 79, 79.99);
        Assert.Equal(Geodesic.Inverse(new GeoPosition(-16.5, 179.6), state.Position).FinalBearingDegrees, state.CourseOverGroundDegrees, 1e-9);
    }

    [Theory]
    [InlineData(double.NaN, 10)]
    [InlineData(double.PositiveInfinity, 10)]
    [InlineData(90, -1)]
    [InlineData(90, double.NaN)]
    [InlineData(90, double.PositiveInfinity)]
    public void Rejects_meaningless_course_or_speed(double course, double speed) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DeadReckoning.Project(new GeoPosition(0, 0), Fix, course, speed, Fix.AddHours(1)));

    // Quantifies the remark on DeadReckoning: geodesic versus constant-course rhumb line after the same run. Both on a
    // sphere of the mean Earth radius (the ellipsoid changes these separations by well under 1 %).
    [Fact]
    public void Geodesic_and_rhumb_line_separation_follows_s_squared_tan_latitude_over_2R()
    {
        const double r = 6_371_008.8;
        output.WriteLine("course 090: separation of great circle and rhumb line after a run (metres)");
        output.WriteLine("lat \\ run     10 nm     20 nm     50 nm    120 nm    300 nm");
        foreach (var latitude in new[] { 0.0, 10, 20, 35, 50, 60 })
        {
            var row = new List<string>();
            foreach (var runNm in new[] { 10.0, 20, 50, 120, 300 })
            {
                var s = runNm * Distances.MetresPerNauticalMile;
                var separation = SphericalDistance(GreatCircle(latitude, 90, s, r), Rhumb(latitude, 90, s, r), r);
                var predicted = s * s * Math.Tan(latitude * Math.PI / 180) / (2 * r);
                if (runNm <= 120 && latitude <= 60) Assert.Equal(predicted, separation, Math.Max(0.01, 0.25 * predicted));
                row.Add(separation.ToString("F0", CultureInfo.InvariantCulture).PadLeft(9));
            }
            output.WriteLine($"{latitude,3}°     {string.Join(" ", row)}");
        }
    }

    private static (double Lat, double Lon) GreatCircle(double latDeg, double courseDeg, double s, double r)
    {
        double lat = latDeg * Math.PI / 180, c = courseDeg * Math.PI / 180, d = s / r;
        var lat2 = Math.Asin(Math.Sin(lat) * Math.Cos(d) + Math.Cos(lat) * Math.Sin(d) * Math.Cos(c));
        var lon2 = Math.Atan2(Math.Sin(c) * Math.Sin(d) * Math.Cos(lat), Math.Cos(d) - Math.Sin(lat) * Math.Sin(lat2));
        return (lat2, lon2);
    }

    private static (double Lat, double Lon) Rhumb(double latDeg, double courseDeg, double s, double r)
    {
        double lat = latDeg * Math.PI / 180, c = courseDeg * Math.PI / 180, d = s / r;
        var lat2 = lat + d * Math.Cos(c);
        var dPsi = Math.Log(Math.Tan(Math.PI / 4 + lat2 / 2) / Math.Tan(Math.PI / 4 + lat / 2));
        var q = Math.Abs(dPsi) > 1e-12 ? (lat2 - lat) / dPsi : Math.Cos(lat);
        return (lat2, d * Math.Sin(c) / q);
    }

    private static double SphericalDistance((double Lat, double Lon) a, (double Lat, double Lon) b, double r)
    {
        var h = Math.Pow(Math.Sin((b.Lat - a.Lat) / 2), 2) + Math.Cos(a.Lat) * Math.Cos(b.Lat) * Math.Pow(Math.Sin((b.Lon - a.Lon) / 2), 2);
        return 2 * r * Math.Asin(Math.Sqrt(h));
    }
}
