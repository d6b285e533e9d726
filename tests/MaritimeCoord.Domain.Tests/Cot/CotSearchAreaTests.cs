using System.Xml.Linq;
using MaritimeCoord.Domain.Cot;
using MaritimeCoord.Domain.Search;

namespace MaritimeCoord.Domain.Tests.Cot;

/// <summary>An issued search plan's sub-area as a TAK shape (docs/tak.md § Types): a closed u-d-f polygon with the asset.</summary>
public sealed class CotSearchAreaTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Incident = Guid.Parse("0193a0d2-0000-7000-8000-000000000001");

    private static CotSearchArea Area(double cx = 12_000, double cy = -8_000, double length = 20_000, double width = 10_000, double orientation = 30) =>
        new(Incident, "MC-2026-00012", 2, T.AddHours(1), -10.5, 112.4, new SearchArea(cx, cy, length, width, orientation), "AUS-RESCUE-1", "Rescue 1",
            "parallel-sweep", 1852);

    [Fact]
    public void The_area_is_a_closed_freeform_polygon_with_a_stable_uid_the_asset_and_a_stale_time()
    {
        var e = CotPicture.SearchPlanArea(Area(), T, TimeSpan.FromMinutes(5));
        Assert.Equal($"mcoord.search.{Incident:D}.2.AUS-RESCUE-1", e.Uid);
        Assert.Equal(e.Uid, CotPicture.SearchPlanArea(Area(cx: 0, orientation: 80), T.AddMinutes(1), TimeSpan.FromMinutes(5)).Uid);
        Assert.Equal("u-d-f", e.Type);
        Assert.Equal(T.AddMinutes(5), e.Stale);
        Assert.Contains("Rescue 1", e.Callsign);
        Assert.Contains("AUS-RESCUE-1", e.Remarks);
        Assert.Contains("parallel-sweep", e.Remarks);

        var xml = XDocument.Parse(CotXml.Write(e));
        var links = xml.Root!.Element("detail")!.Elements("link").Select(l => l.Attribute("point")!.Value).ToList();
        Assert.Equal(5, links.Count);
        Assert.Equal(links[0], links[^1]);
        Assert.NotNull(xml.Root.Element("detail")!.Element("strokeColor")?.Attribute("value"));
        // What the service reads back is still a well-formed event (its own echo is ignored by prefix).
        Assert.Equal(CotRejectReason.None, CotXml.TryRead(CotXml.Write(e), 16_384, out var read));
        Assert.Equal(CotInboundKind.Ignored, CotInbound.Classify(read!));
    }

    [Fact]
    public void Its_sides_and_centre_are_where_the_plan_puts_them_by_great_circle_distance()
    {
        var random = new Random(18);
        for (int i = 0; i < 200; i++)
        {
            double length = 2_000 + random.NextDouble() * 60_000, width = 1_000 + random.NextDouble() * length;
            var area = Area(cx: random.NextDouble() * 80_000 - 40_000, cy: random.NextDouble() * 80_000 - 40_000, length: length, width: width,
                orientation: random.NextDouble() * 180);
            var e = CotPicture.SearchPlanArea(area, T, TimeSpan.FromMinutes(5));
            var v = e.Shape!.ClosedRing();
            Assert.Equal(5, v.Count);
            // Sides alternate length, width (corner order of SearchArea.Corners); the local projection is within 0.5 %.
            for (int k = 0; k < 4; k++)
            {
                double side = Haversine(v[k], v[k + 1]), expected = k % 2 == 0 ? length : width;
                Assert.InRange(side, expected * 0.995, expected * 1.005);
            }
            // The event's point is the centre: the diagonals' midpoint.
            var (mLat, mLon) = ((v[0].Latitude + v[2].Latitude) / 2, (v[0].Longitude + v[2].Longitude) / 2);
            Assert.InRange(Haversine((e.Latitude, e.Longitude), (mLat, mLon)), 0, 0.01 * length + 50);
        }
    }

    private static double Haversine((double Latitude, double Longitude) a, (double Latitude, double Longitude) b)
    {
        const double R = 6_371_008.8;
        double p1 = a.Latitude * Math.PI / 180, p2 = b.Latitude * Math.PI / 180, dp = p2 - p1, dl = (b.Longitude - a.Longitude) * Math.PI / 180;
        double h = Math.Sin(dp / 2) * Math.Sin(dp / 2) + Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2);
        return 2 * R * Math.Asin(Math.Sqrt(h));
    }
}
