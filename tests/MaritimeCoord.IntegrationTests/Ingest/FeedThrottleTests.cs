using System.Text;
using MaritimeCoord.Server.Ingest;
using MaritimeCoord.Server.Ingest.Feeds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MaritimeCoord.IntegrationTests.Ingest;

/// <summary>The UDP admission of a feed cap, without a host: which bytes of a datagram are kept, what is counted.</summary>
public sealed class FeedThrottleTests
{
    private static (FeedThrottle Throttle, ServiceProvider Services) Throttle(int perSecond, int burst)
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var counters = new IngestCounters(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var feed = new FeedOptions { Name = "udp", Kind = FeedKind.Udp, MaxSentencesPerSecond = perSecond, Burst = burst };
        return (new FeedThrottle(feed, new IngestOptions(), counters, TimeProvider.System, NullLogger.Instance), services);
    }

    [Fact]
    public void A_datagram_larger_than_what_the_bucket_holds_keeps_its_first_lines_whole_and_counts_the_rest_dropped()
    {
        var (throttle, services) = Throttle(perSecond: 1, burst: 3);
        using var _ = services;
        using var __ = throttle;
        var datagram = Encoding.ASCII.GetBytes("!L1\r\n!L2\r\n!L3\r\n!L4\r\n!L5");

        int kept = throttle.AdmitDatagram(datagram);

        Assert.Equal("!L1\r\n!L2\r\n!L3\r\n", Encoding.ASCII.GetString(datagram, 0, kept));
        Assert.Equal(2, throttle.Counts.Dropped);
        Assert.Equal(0, throttle.Counts.Delayed);
    }

    [Fact]
    public void A_datagram_within_the_cap_is_kept_whole_and_an_empty_one_costs_nothing()
    {
        var (throttle, services) = Throttle(perSecond: 1000, burst: 1000);
        using var _ = services;
        using var __ = throttle;
        var datagram = Encoding.ASCII.GetBytes("!L1\r\n!L2");

        Assert.Equal(datagram.Length, throttle.AdmitDatagram(datagram));
        Assert.Equal(0, throttle.AdmitDatagram([]));
        Assert.Equal(0, throttle.Counts.Dropped);
    }
}
