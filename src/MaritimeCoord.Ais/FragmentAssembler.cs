using MaritimeCoord.Ais.Nmea;

namespace MaritimeCoord.Ais;

/// <summary>
/// Reassembles multi-sentence messages. Groups are keyed by (source, sequence id, fragment count): the tag-block source
/// (empty when absent), the sequence id (or the tag-block group id when the sequence id is empty) and the fragment count.
/// The radio channel is deliberately not part of the key (part 1 on A and part 2 on B is a normal message).
/// Incomplete groups expire by receive time or, when no time is known, after a number of sentences; a flood of first
/// fragments evicts the oldest group. No clock: time comes in with every call.
/// </summary>
public sealed class FragmentAssembler
{
    private const int MaxPayloadChars = 9 * 82;

    private readonly Group[] _groups;
    private readonly long _maxAgeMs;
    private readonly long _maxAgeSentences;
    private readonly DecodeStats _stats;
    private readonly byte[] _output = new byte[MaxPayloadChars];
    private long _sentenceCounter;
    private int _pending;

    /// <summary>Creates an assembler.</summary>
    /// <param name="stats">Where dropped groups are counted.</param>
    /// <param name="maxPendingGroups">Groups held at once; beyond that the oldest is dropped.</param>
    /// <param name="maxAgeMs">Receive-time age after which an incomplete group is dropped.</param>
    /// <param name="maxAgeSentences">Sentence count after which an incomplete group is dropped (used for all groups).</param>
    public FragmentAssembler(DecodeStats stats, int maxPendingGroups = 64, long maxAgeMs = 60_000, long maxAgeSentences = 500)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPendingGroups, 1);
        _stats = stats;
        _maxAgeMs = maxAgeMs;
        _maxAgeSentences = maxAgeSentences;
        _groups = new Group[maxPendingGroups];
        for (int i = 0; i < _groups.Length; i++)
        {
            _groups[i] = new Group();
        }
    }

    /// <summary>Number of incomplete groups held.</summary>
    public int PendingGroups => _pending;

    /// <summary>
    /// Adds a fragment. Returns <see cref="AisRejectReason.None"/> with <paramref name="complete"/> true and the whole
    /// armoured payload when the message is complete; the span stays valid until the next call. Single-sentence messages
    /// pass straight through without copying.
    /// </summary>
    public AisRejectReason Add(in NmeaSentence sentence, long receiveTimeMs, out ReadOnlySpan<byte> payload, out int fillBits, out bool complete)
    {
        _sentenceCounter++;
        payload = default;
        fillBits = 0;
        complete = false;
        if (_pending > 0)
        {
            Expire(receiveTimeMs, sentence.TagBlock.Source);
        }

        if (sentence.FragmentCount == 1)
        {
            payload = sentence.Payload;
            fillBits = sentence.FillBits;
            complete = true;
            return AisRejectReason.None;
        }

        // An NMEA 4 tag-block group (g:n-m-id) identifies the message by itself: only its first sentence carries s: and c:.
        var origin = sentence.TagBlock.Source;
        bool grouped = sentence.TagBlock.GroupCount > 0;
        var source = grouped ? default : origin;
        int id = grouped ? 10 + sentence.TagBlock.GroupId : sentence.SequenceId;
        int count = sentence.FragmentCount;
        Group? group = Find(source, id, count);

        if (sentence.FragmentNumber == 1)
        {
            if (group is not null)
            {
                _stats.Reject(AisRejectReason.FragmentGroupDropped);
            }
            else
            {
                group = Allocate();
                _pending++;
            }

            group.Start(source, origin, id, count, receiveTimeMs, _sentenceCounter);
            return group.Append(sentence.Payload) ? AisRejectReason.None : Drop(group, AisRejectReason.PayloadTooLong);
        }

        if (group is null)
        {
            return AisRejectReason.FragmentWithoutFirst;
        }

        if (sentence.FragmentNumber != group.Next)
        {
            return Drop(group, AisRejectReason.FragmentOutOfOrder);
        }

        if (!group.Append(sentence.Payload))
        {
            return Drop(group, AisRejectReason.PayloadTooLong);
        }

        if (group.Next <= count)
        {
            return AisRejectReason.None;
        }

        group.Payload.CopyTo(_output);
        payload = _output.AsSpan(0, group.Length);
        fillBits = sentence.FillBits;
        complete = true;
        group.InUse = false;
        _pending--;
        return AisRejectReason.None;
    }

    private AisRejectReason Drop(Group group, AisRejectReason reason)
    {
        group.InUse = false;
        _pending--;
        return reason;
    }

    private Group? Find(ReadOnlySpan<byte> source, int id, int count)
    {
        if (_pending == 0) return null;
        foreach (var g in _groups)
        {
            if (g.InUse && g.Id == id && g.Count == count && g.Source.SequenceEqual(source))
            {
                return g;
            }
        }

        return null;
    }

    private Group Allocate()
    {
        Group? oldest = null;
        foreach (var g in _groups)
        {
            if (!g.InUse) return g;
            if (oldest is null || g.StartedAtSentence < oldest.StartedAtSentence) oldest = g;
        }

        // Flood: more open groups than slots. Dropping the oldest bounds memory and work.
        _stats.Reject(AisRejectReason.FragmentGroupDropped);
        oldest!.InUse = false;
        _pending--;
        return oldest;
    }

    private void Expire(long now, ReadOnlySpan<byte> source)
    {
        foreach (var g in _groups)
        {
            if (!g.InUse) continue;

            // Receive times are compared only within one source: merged feeds (satellite + terrestrial) interleave clocks
            // that are minutes or hours apart.
            bool tooOldByTime = now >= 0 && g.StartedAtMs >= 0 && now - g.StartedAtMs > _maxAgeMs && g.Origin.SequenceEqual(source);
            bool tooOldBySentences = _sentenceCounter - g.StartedAtSentence > _maxAgeSentences;
            if (tooOldByTime || tooOldBySentences)
            {
                g.InUse = false;
                _pending--;
                _stats.Reject(AisRejectReason.FragmentGroupExpired);
            }
        }
    }

    private sealed class Group
    {
        private readonly byte[] _buffer = new byte[MaxPayloadChars];
        private byte[] _source = new byte[32];
        private byte[] _origin = new byte[32];
        private int _sourceLength;
        private int _originLength;

        public bool InUse;
        public int Id;
        public int Count;
        public int Next;
        public int Length;
        public long StartedAtMs;
        public long StartedAtSentence;

        public ReadOnlySpan<byte> Source => _source.AsSpan(0, _sourceLength);

        public ReadOnlySpan<byte> Origin => _origin.AsSpan(0, _originLength);

        public ReadOnlySpan<byte> Payload => _buffer.AsSpan(0, Length);

        public void Start(ReadOnlySpan<byte> source, ReadOnlySpan<byte> origin, int id, int count, long now, long sentence)
        {
            _sourceLength = Copy(source, ref _source);
            _originLength = Copy(origin, ref _origin);
            InUse = true;
            Id = id;
            Count = count;
            Next = 1;
            Length = 0;
            StartedAtMs = now;
            StartedAtSentence = sentence;
        }

        private static int Copy(ReadOnlySpan<byte> from, ref byte[] to)
        {
            if (from.Length > to.Length)
            {
                to = new byte[from.Length];
            }

            from.CopyTo(to);
            return from.Length;
        }

        public bool Append(ReadOnlySpan<byte> part)
        {
            if (Length + part.Length > _buffer.Length) return false;
            part.CopyTo(_buffer.AsSpan(Length));
            Length += part.Length;
            Next++;
            return true;
        }
    }
}
