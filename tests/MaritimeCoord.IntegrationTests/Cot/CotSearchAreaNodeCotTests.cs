using System.Net.Sockets;
using System.Text;
using MaritimeCoord.Domain.Cot;
using MaritimeCoord.Domain.Search;

namespace MaritimeCoord.IntegrationTests.Cot;

/// <summary>
/// Search-plan areas as @tak-ps/node-cot (tests/cot-harness) reads them off a TCP stream: each event parses and passes
/// its schema check, and node-cot's own to_geojson makes the closed polygon ATAK draws from the <c>link</c> points, with
/// the same vertices, in order, and the shape's colours.
/// </summary>
public sealed class CotSearchAreaNodeCotTests
{
    [Fact]
    public async Task Node_cot_reads_each_search_area_as_the_closed_polygon_we_sent()
    {
        await using var node = await NodeCot.ReceiveAsync("tcp", "0");
        var now = DateTimeOffset.UtcNow;
        var random = new Random(18);
        var incident = Guid.CreateVersion7();
        var sent = Enumerable.Range(1, 20).Select(i => CotPicture.SearchPlanArea(new CotSearchArea(incident, "MC-2026-00018", 1, now.AddHours(1),
            -10.5 + random.NextDouble(), 112 + random.NextDouble() * 5,
            new SearchArea(random.NextDouble() * 40_000 - 20_000, random.NextDouble() * 40_000 - 20_000, 5_000 + random.NextDouble() * 30_000,
                3_000 + random.NextDouble() * 5_000, random.NextDouble() * 180), $"ASSET-{i}", $"Rescue {i} <\"&>", "parallel-sweep", 1852),
            now, TimeSpan.FromMinutes(5))).ToList();

        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", node.Port);
            await using var stream = client.GetStream();
            foreach (var e in sent) await stream.WriteAsync(Encoding.UTF8.GetBytes(CotXml.Write(e)));
        }

        foreach (var e in sent)
        {
            var got = await node.WaitForAsync(j => j.GetProperty("ok").GetBoolean() && j.GetProperty("uid").GetString() == e.Uid, TimeSpan.FromSeconds(30), e.Uid);
            Assert.Equal("u-d-f", got.GetProperty("type").GetString());
            Assert.Equal(e.Callsign, got.GetProperty("callsign").GetString());
            var geometry = got.GetProperty("geometry");
            Assert.Equal("Polygon", geometry.GetProperty("type").GetString());
            var ring = geometry.GetProperty("coordinates")[0].EnumerateArray().Select(p => (Lon: p[0].GetDouble(), Lat: p[1].GetDouble())).ToList();
            var expected = e.Shape!.ClosedRing();
            Assert.Equal(expected.Count, ring.Count);
            for (int k = 0; k < ring.Count; k++)
            {
                Assert.Equal(expected[k].Latitude, ring[k].Lat, 6);
                Assert.Equal(expected[k].Longitude, ring[k].Lon, 6);
            }
        }
        Assert.DoesNotContain(node.Events, j => j.TryGetProperty("ok", out var ok) && !ok.GetBoolean());
    }
}
