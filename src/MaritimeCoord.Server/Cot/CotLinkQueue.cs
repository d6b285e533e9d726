using System.Threading.Channels;

namespace MaritimeCoord.Server.Cot;

/// <summary>
/// One outbound link's pending events, at most one per uid, in the order their uid first became pending. A newer event
/// for a uid that is still waiting replaces the waiting one in its place: a TAK client wants a marker's latest state, not
/// every state it passed through, so a reader that pauses (a burst of tracks, a picture at connect, a scheduling hiccup)
/// catches up with one event per marker instead of a backlog, and the queue can never hold more than the picture's
/// markers. How far behind a reader is, is the age of the oldest pending slot (<see cref="OldestWaiting"/>).
/// </summary>
internal sealed class CotLinkQueue(int capacity, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Slot> _pending = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    // A wake-up for the single reader: holds at most one token, written after every enqueue (see WaitAsync).
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite,
    });

    private sealed class Slot(byte[] encoded, long since)
    {
        public byte[] Encoded { get; set; } = encoded;
        public long Since { get; } = since;
    }

    public enum Outcome
    {
        Queued,
        /// <summary>The uid was already waiting: its pending event was replaced by this newer one.</summary>
        Superseded,
        /// <summary>More distinct markers waiting than the capacity: the reader is not keeping up.</summary>
        Full,
    }

    public int Capacity { get; } = capacity;

    public int Count
    {
        get
        {
            lock (_gate) return _order.Count;
        }
    }

    public Outcome Offer(string uid, byte[] encoded)
    {
        lock (_gate)
        {
            if (_pending.TryGetValue(uid, out var slot))
            {
                slot.Encoded = encoded;
                return Outcome.Superseded;
            }
            if (_order.Count >= Capacity) return Outcome.Full;
            _pending.Add(uid, new Slot(encoded, clock.GetTimestamp()));
            _order.Enqueue(uid);
        }
        _signal.Writer.TryWrite(true);
        return Outcome.Queued;
    }

    /// <summary>How long the oldest pending slot has waited (zero when nothing waits).</summary>
    public TimeSpan OldestWaiting()
    {
        lock (_gate)
        {
            if (!_order.TryPeek(out var uid)) return TimeSpan.Zero;
            return clock.GetElapsedTime(_pending[uid].Since);
        }
    }

    /// <summary>Moves up to <paramref name="max"/> pending events, oldest slot first, into <paramref name="into"/>.</summary>
    public int Take(List<byte[]> into, int max)
    {
        lock (_gate)
        {
            int n = 0;
            while (n < max && _order.TryDequeue(out var uid))
            {
                _pending.Remove(uid, out var slot);
                into.Add(slot!.Encoded);
                n++;
            }
            return n;
        }
    }

    /// <summary>
    /// Waits until something may be pending. Every enqueue writes the token after adding, and the reader consumes it
    /// before taking, so an event added after the reader found the queue empty always leaves a token to wake it.
    /// </summary>
    public async ValueTask WaitAsync(CancellationToken ct) => await _signal.Reader.ReadAsync(ct);
}
