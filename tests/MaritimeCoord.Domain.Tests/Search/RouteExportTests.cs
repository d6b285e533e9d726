using System.Globalization;
using System.Xml.Linq;
using MaritimeCoord.Domain.Search;

namespace MaritimeCoord.Domain.Tests.Search;

public class RouteExportTests
{
    private const double Nm = 1852;

    private static IReadOnlyList<SearchWaypoint> Waypoints()
    {
        // Astride the antimeridian, so both signs of longitude appear.
        var grid = new ProbabilityGrid(new LocalProjection(-16.5, 180), -5 * Nm, -5 * Nm, Nm, 10, 10, Enumerable.Repeat(0.01, 100).ToArray(), 1, 0);
        var assignment = new AssetAssignment(new SearchAsset("PB-1", 12, 2, 1), new SearchArea(0, 0, 4 * Nm, 3 * Nm, 90), SearchPattern.ParallelSweep, Nm);
        return SearchPatterns.Waypoints(grid, assignment, new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.FromHours(8)), SearchPatterns.ConstantDrift(0.2, 0.1));
    }

    [Fact]
    public void Rtz_is_an_IEC_61174_route_with_every_waypoint_leg_and_eta()
    {
        var waypoints = Waypoints();
        using var stream = new MemoryStream();
        RouteExport.WriteRtz(stream, "Search 1 PB-1", "JRCC-AUS", waypoints, 12);
        stream.Position = 0;
        var doc = XDocument.Load(stream);
        XNamespace ns = RouteExport.RtzNamespace;
        var route = doc.Root!;
        Assert.Equal(ns + "route", route.Name);
        Assert.Equal("1.1", (string?)route.Attribute("version"));
        Assert.Equal("Search 1 PB-1", (string?)route.Element(ns + "routeInfo")!.Attribute("routeName"));
        var points = route.Element(ns + "waypoints")!.Elements(ns + "waypoint").ToList();
        Assert.Equal(waypoints.Count, points.Count);
        for (int i = 0; i < points.Count; i++)
        {
            Assert.Equal((i + 1).ToString(CultureInfo.InvariantCulture), (string?)points[i].Attribute("id"));
            var position = points[i].Element(ns + "position")!;
            Assert.Equal(waypoints[i].Position.Latitude, double.Parse((string)position.Attribute("lat")!, CultureInfo.InvariantCulture), 1e-6);
            Assert.Equal(waypoints[i].Position.Longitude, double.Parse((string)position.Attribute("lon")!, CultureInfo.InvariantCulture), 1e-6);
            Assert.Equal(i > 0, points[i].Element(ns + "leg") is not null);
        }
        Assert.Contains(points, p => double.Parse((string)p.Element(ns + "position")!.Attribute("lon")!, CultureInfo.InvariantCulture) < 0);
        var schedule = route.Element(ns + "schedules")!.Element(ns + "schedule")!.Element(ns + "calculated")!.Elements(ns + "sheduleElement").ToList();
        Assert.Equal(waypoints.Count, schedule.Count);
        Assert.Equal(waypoints[^1].Time, DateTimeOffset.Parse((string)schedule[^1].Attribute("eta")!, CultureInfo.InvariantCulture));
        Assert.EndsWith("Z", (string)schedule[0].Attribute("etd")!, StringComparison.Ordinal);
    }

    [Fact]
    public void Gpx_is_a_1_1_route_of_rtept_with_times()
    {
        var waypoints = Waypoints();
        var text = new StringWriter();
        RouteExport.WriteGpx(text, "Search 1 PB-1", "parallel sweep, S 1.0 nm", waypoints);
        var doc = XDocument.Parse(text.ToString());
        XNamespace ns = RouteExport.GpxNamespace;
        Assert.Equal(ns + "gpx", doc.Root!.Name);
        Assert.Equal("1.1", (string?)doc.Root.Attribute("version"));
        var points = doc.Root.Element(ns + "rte")!.Elements(ns + "rtept").ToList();
        Assert.Equal(waypoints.Count, points.Count);
        for (int i = 0; i < points.Count; i++)
        {
            Assert.Equal(waypoints[i].Position.Latitude, double.Parse((string)points[i].Attribute("lat")!, CultureInfo.InvariantCulture), 1e-6);
            Assert.Equal(waypoints[i].Time, DateTimeOffset.Parse((string)points[i].Element(ns + "time")!, CultureInfo.InvariantCulture));
        }
    }
}
