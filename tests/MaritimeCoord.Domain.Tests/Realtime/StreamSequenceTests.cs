using MaritimeCoord.Domain.Realtime;

namespace MaritimeCoord.Domain.Tests.Realtime;

public sealed class StreamSequenceTests
{
    [Fact]
    public void Events_in_order_are_applied_and_repeats_are_ignored()
    {
        var stream = new StreamSequence(lastApplied: 4);
        var released = new List<(long, object?)>();
        Assert.Equal(SequenceVerdict.Next, stream.Offer(5, "e5", released));
        Assert.Equal(SequenceVerdict.Duplicate, stream.Offer(5, "e5 again", released));
        Assert.Equal(SequenceVerdict.Duplicate, stream.Offer(3, "old", released));
        Assert.Equal([(5L, (object?)"e5")], released);
        Assert.Equal(5, stream.LastApplied);
    }

    [Fact]
    public void An_event_after_a_gap_waits_until_the_gap_is_filled_then_all_are_released_in_order()
    {
        var stream = new StreamSequence();
        var released = new List<(long Seq, object? Item)>();
        stream.Offer(1, "e1", released);
        Assert.Equal(SequenceVerdict.Gap, stream.Offer(4, "e4", released));
        Assert.Equal(SequenceVerdict.Gap, stream.Offer(3, "e3", released));
        Assert.Equal(SequenceVerdict.Duplicate, stream.Offer(4, "e4 twice", released));
        Assert.Equal(2, stream.MissingFrom);
        Assert.Equal(2, stream.Waiting);

        Assert.Equal(SequenceVerdict.Next, stream.Offer(2, "e2", released)); // catch-up fills it
        Assert.Equal([1L, 2, 3, 4], released.Select(r => r.Seq));
        Assert.Equal(["e1", "e2", "e3", "e4"], released.Select(r => (string)r.Item!));
        Assert.Null(stream.MissingFrom);
        Assert.Equal(0, stream.Waiting);
    }
}
