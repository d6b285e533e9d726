using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Search;

namespace MaritimeCoord.Domain.Tests.Search;

public class SearchPriorsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);

    private static (double[] Lat, double[] Lon) Cloud(Random rng, int n, double lat = -9.5, double lon = 113)
    {
        var la = new double[n];
        var lo = new double[n];
        for (int i = 0; i < n; i++)
        {
            // Box–Muller: an elongated normal cloud, tens of kilometres across.
            double u = 1 - rng.NextDouble(), v = rng.NextDouble();
            double a = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v), b = Math.Sqrt(-2 * Math.Log(u)) * Math.Sin(2 * Math.PI * v);
            la[i] = lat + (0.1 * a);
            lo[i] = lon + (0.25 * b);
        }
        return (la, lo);
    }

    [Fact]
    public void Particles_weighted_by_a_searchs_misses_and_rebinned_into_its_grid_are_its_posterior_on_random_clouds()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 30; trial++)
        {
            var (lat, lon) = Cloud(rng, rng.Next(200, 3000));
            var grid = ProbabilityGrid.FromParticles(lat, lon, default, default, new ProbabilityGridOptions { CellsAcross = rng.Next(8, 40), Stranded = StrandedRule.Include });
            var coverage = Enumerable.Range(0, grid.CellCount).Select(_ => rng.NextDouble() < 0.5 ? 0 : 3 * rng.NextDouble()).ToArray();
            var update = SearchResults.FromCoverage(grid, coverage);

            var weights = Enumerable.Repeat(1.0, lat.Length).ToArray();
            SearchPriors.ApplyMisses(grid, update.ProbabilityOfDetection, lat, lon, weights);
            var rebinned = SearchPriors.Rebin(grid, lat, lon, weights);

            Assert.Equal((grid.Columns, grid.Rows, grid.OriginX, grid.OriginY), (rebinned.Columns, rebinned.Rows, rebinned.OriginX, rebinned.OriginY));
            for (int i = 0; i < grid.CellCount; i++) Assert.Equal(update.Updated.Probabilities[i], rebinned.Probabilities[i], 12);
            // The weight left is the mass not found: ProbabilityInGrid × (1 − POS).
            Assert.Equal(update.Updated.ProbabilityInGrid, rebinned.ProbabilityInGrid, 9);
        }
    }

    [Fact]
    public void Without_misses_the_rebinned_grid_is_the_grid()
    {
        var (lat, lon) = Cloud(new Random(6), 1000);
        var grid = ProbabilityGrid.FromParticles(lat, lon, default, default, new ProbabilityGridOptions { Stranded = StrandedRule.Include });
        var rebinned = SearchPriors.Rebin(grid, lat, lon, Enumerable.Repeat(1.0, lat.Length).ToArray());
        for (int i = 0; i < grid.CellCount; i++) Assert.Equal(grid.Probabilities[i], rebinned.Probabilities[i], 12);
        Assert.Equal(1, rebinned.ProbabilityInGrid, 12);
    }

    [Fact]
    public void A_drift_path_is_linear_between_hours_and_continues_beyond_them()
    {
        var plane = new LocalProjection(-9.5, 113);
        var start = new GeoPosition(-9.5, 113);
        // 1 km/h to the east for 3 hours (means listed out of order: a backward run's hours run back in time).
        var means = Enumerable.Range(0, 4).Reverse().Select(h =>
        {
            var p = Geodesic.Destination(start, 90, 1000 * h);
            return (T0.AddHours(h), p.Latitude, p.Longitude);
        }).ToList();
        var path = new DriftPath(plane, means);
        var since = path.Since(T0.AddHours(1), T0.AddHours(1));
        // Plane metres are the sphere's: within 0.5 % of the ellipsoid's here.
        var (east, north) = since(TimeSpan.FromMinutes(90));
        Assert.InRange(east, 1500 * 0.995, 1500 * 1.005);
        Assert.InRange(north, -10, 10);
        (east, _) = since(TimeSpan.FromHours(4)); // past the last hour: the last hour's velocity
        Assert.InRange(east, 4000 * 0.995, 4000 * 1.005);
        (east, _) = path.Since(T0, T0)(TimeSpan.FromMinutes(-30)); // before the first
        Assert.InRange(east, -500 * 1.005, -500 * 0.995);
    }

    [Fact]
    public void Moving_the_track_with_the_drift_path_brings_a_drifting_asset_back_onto_its_pattern()
    {
        // An asset flies the moving-datum waypoints; reported as its actual track, the coverage is the plan's own.
        var rng = new Random(8);
        var grid = SearchTestGrids.Random(rng, 12, 12, -9.5, 113);
        var centre = grid.Projection;
        var means = Enumerable.Range(0, 6).Select(h =>
        {
            var p = Geodesic.Destination(new GeoPosition(centre.CentreLatitude, centre.CentreLongitude), 45, 700 * h);
            return (T0.AddHours(h), p.Latitude, p.Longitude);
        });
        var path = new DriftPath(grid.Projection, means);
        var assignment = new AssetAssignment(new SearchAsset("A", 8, 2, 0.5), new SearchArea(0, 0, 5 * 1852, 3 * 1852, 0), SearchPattern.ParallelSweep, 0.5 * 1852);
        var start = T0.AddHours(1);
        var waypoints = SearchPatterns.Waypoints(grid, assignment, start, path.Since(start, start));
        var track = waypoints.Select(w => new TrackPoint(w.Position.Latitude, w.Position.Longitude, w.Time)).ToList();
        var flown = SearchResults.Coverage(grid, [AssetSearchReport.FromTrack("A", 0.5, track)], start, path.Since(start, start));
        var planned = SearchResults.Coverage(grid, [AssetSearchReport.FromPlan(assignment, 1)], start);
        // Straight legs between drifted turn points are not quite the drifted legs: within a few percent per cell.
        Assert.Equal(planned.Sum(), flown.Sum(), 1);
        for (int i = 0; i < planned.Length; i++) Assert.True(Math.Abs(planned[i] - flown[i]) < 0.05 + (0.05 * planned[i]), $"cell {i}: {planned[i]} vs {flown[i]}");
    }

    [Fact]
    public void A_gpx_track_is_read_with_its_times_and_a_bad_one_is_refused_saying_why()
    {
        var track = GpxTrack.Parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1">
              <trk><name>t</name><trkseg>
                <trkpt lat="-9.5" lon="113.0"><ele>0</ele><time>2026-12-07T06:00:00Z</time></trkpt>
                <trkpt lat="-9.45" lon="113.05"><time>2026-12-07T06:30:00Z</time><name>b</name></trkpt>
                <trkpt lat="-9.40" lon="113.05"><time>2026-12-07T08:00:00+01:00</time></trkpt>
              </trkseg></trk>
            </gpx>
            """);
        Assert.Equal(3, track.Count);
        Assert.Equal(-9.45, track[1].Latitude);
        Assert.Equal(T0.AddMinutes(30), track[1].Time);
        Assert.Equal(T0.AddHours(1), track[2].Time);

        // A route (what RouteExport writes) is read too.
        using var gpx = new StringWriter();
        RouteExport.WriteGpx(gpx, "r", "d", [new SearchWaypoint(new GeoPosition(1, 2), T0, 0, 0), new SearchWaypoint(new GeoPosition(1.1, 2), T0.AddHours(1), 0, 0)]);
        Assert.Equal(2, GpxTrack.Parse(gpx.ToString()).Count);

        Assert.Contains("no <time>", Assert.Throws<FormatException>(() => GpxTrack.Parse("""<gpx><trk><trkseg><trkpt lat="1" lon="2"/><trkpt lat="1" lon="2"/></trkseg></trk></gpx>""")).Message, StringComparison.Ordinal);
        Assert.Contains("lat", Assert.Throws<FormatException>(() => GpxTrack.Parse("""<gpx><trk><trkseg><trkpt lat="91" lon="2"><time>2026-12-07T06:00:00Z</time></trkpt></trkseg></trk></gpx>""")).Message, StringComparison.Ordinal);
        Assert.Contains("earlier", Assert.Throws<FormatException>(() => GpxTrack.Parse("""<gpx><trk><trkseg><trkpt lat="1" lon="2"><time>2026-12-07T06:00:00Z</time></trkpt><trkpt lat="1" lon="2"><time>2026-12-07T05:00:00Z</time></trkpt></trkseg></trk></gpx>""")).Message, StringComparison.Ordinal);
        Assert.Contains("well-formed", Assert.Throws<FormatException>(() => GpxTrack.Parse("<gpx><trk>")).Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => GpxTrack.Parse("""<!DOCTYPE gpx [<!ENTITY x "y">]><gpx/>"""));
        Assert.Throws<FormatException>(() => GpxTrack.Parse("<kml/>"));
    }
}
