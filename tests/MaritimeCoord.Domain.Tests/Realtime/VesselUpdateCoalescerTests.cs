using MaritimeCoord.Domain.Realtime;

namespace MaritimeCoord.Domain.Tests.Realtime;

public sealed class VesselUpdateCoalescerTests
{
    [Fact]
    public void A_vessel_is_sent_at_most_once_per_interval_and_its_newest_update_wins()
    {
        var coalescer = new VesselUpdateCoalescer<string>(1_000);
        var sent = new List<string>();

        coalescer.Offer(1, observedAtMs: 100, acceptedAtMs: 110, "v1@100");
        Assert.Equal(110, coalescer.TakeDue(200, sent));
        Assert.Equal(["v1@100"], sent);

        sent.Clear();
        coalescer.Offer(1, 300, 310, "v1@300");
        coalescer.Offer(1, 500, 510, "v1@500");
        coalescer.Offer(1, 400, 410, "v1@400 (late)");
        Assert.Equal(long.MaxValue, coalescer.TakeDue(900, sent)); // 700 ms after the last send: not yet
        Assert.Empty(sent);
        Assert.Equal(1, coalescer.PendingCount);

        Assert.Equal(310, coalescer.TakeDue(1_200, sent)); // latency counts from the first report that waited
        Assert.Equal(["v1@500"], sent);
        Assert.Equal(1, coalescer.Superseded);
    }

    [Fact]
    public void Vessels_are_independent_and_a_batch_is_capped()
    {
        var coalescer = new VesselUpdateCoalescer<int>(1_000);
        for (var mmsi = 1; mmsi <= 10; mmsi++) coalescer.Offer(mmsi, 0, 0, mmsi);
        var sent = new List<int>();
        coalescer.TakeDue(0, sent, max: 4);
        Assert.Equal(4, sent.Count);
        coalescer.TakeDue(0, sent);
        Assert.Equal(Enumerable.Range(1, 10), sent.Order());
        Assert.Equal(0, coalescer.PendingCount);
    }

    [Fact]
    public void A_slow_reader_gets_fewer_newer_updates_and_memory_stays_bounded()
    {
        var coalescer = new VesselUpdateCoalescer<long>(0);
        // 1,000 vessels reporting 100 times while nothing is taken: pending holds one per vessel.
        for (long t = 0; t < 100; t++)
            for (var mmsi = 0; mmsi < 1_000; mmsi++) coalescer.Offer(mmsi, t, t, t);
        Assert.Equal(1_000, coalescer.PendingCount);
        var sent = new List<long>();
        coalescer.TakeDue(100, sent);
        Assert.All(sent, t => Assert.Equal(99, t));

        // Vessels seen once long ago are forgotten, so the memory of sends does not grow with the fleet's history.
        var wide = new VesselUpdateCoalescer<int>(10);
        for (var mmsi = 0; mmsi < 50_000; mmsi++)
        {
            wide.Offer(mmsi, mmsi, mmsi, mmsi);
            wide.TakeDue(mmsi * 100L, []);
        }
        Assert.True(wide.RememberedCount < 5_000, $"{wide.RememberedCount} remembered");
    }

    [Fact]
    public void Pending_updates_outside_a_new_viewport_are_dropped()
    {
        var coalescer = new VesselUpdateCoalescer<(double Lat, double Lon)>(1_000);
        coalescer.Offer(1, 0, 0, (-8, 114));
        coalescer.Offer(2, 0, 0, (-17, 178));
        var fiji = Viewport.Create(170, -25, -170, 0, 6).Value!.Value;
        coalescer.RemovePendingWhere(p => !fiji.Contains(p.Lat, p.Lon));
        var sent = new List<(double, double)>();
        coalescer.TakeDue(0, sent);
        Assert.Equal([(-17.0, 178.0)], sent);
    }

    [Fact]
    public void A_stored_state_never_replaces_or_follows_a_newer_live_position_and_carries_no_acceptance_time()
    {
        var coalescer = new VesselUpdateCoalescer<string>(1_000);
        var sent = new List<string>();

        // Live 500 pending: the stored 400 (read a moment earlier) is dropped; a stored 600 replaces it.
        coalescer.Offer(1, observedAtMs: 500, acceptedAtMs: 510, "live@500");
        Assert.False(coalescer.OfferStored(1, 400, "stored@400"));
        // Vessel 2 only stored: sent, and a batch of stored states only has no acceptance time.
        Assert.True(coalescer.OfferStored(2, 300, "stored2@300"));
        Assert.Equal(510, coalescer.TakeDue(1_000, sent));
        Assert.Equal(["live@500", "stored2@300"], sent.Order(StringComparer.Ordinal));

        // Already sent 500: an older or equal stored state is not sent after it, even once the interval has passed.
        sent.Clear();
        Assert.False(coalescer.OfferStored(1, 500, "stored@500"));
        Assert.False(coalescer.OfferStored(1, 450, "stored@450"));
        Assert.Equal(long.MaxValue, coalescer.TakeDue(5_000, sent));
        Assert.Empty(sent);

        // Newer than what was sent: it goes, and counts no latency.
        Assert.True(coalescer.OfferStored(1, 700, "stored@700"));
        Assert.Equal(long.MaxValue, coalescer.TakeDue(6_000, sent));
        Assert.Equal(["stored@700"], sent);
    }
}
