namespace MaritimeCoord.Ais;

/// <summary>Counters of a decoding run: sentences seen, messages produced and rejects per <see cref="AisRejectReason"/>.</summary>
public sealed class DecodeStats
{
    private readonly long[] _rejects = new long[Enum.GetValues<AisRejectReason>().Length];
    private readonly long[] _messagesByType = new long[32];

    /// <summary>AIVDM/AIVDO sentences that passed framing (fragments included).</summary>
    public long Sentences { get; private set; }

    /// <summary>Messages delivered (after reassembly and bit-count checks).</summary>
    public long Messages { get; private set; }

    /// <summary>Tag blocks whose checksum was wrong; the sentence itself is still used (real feeds carry <c>*00</c>).</summary>
    public long TagBlockChecksumMismatches { get; private set; }

    /// <summary>Count for one reason.</summary>
    public long this[AisRejectReason reason] => _rejects[(int)reason];

    /// <summary>Messages delivered of one message type (1-27).</summary>
    public long MessagesOfType(int messageType) => (uint)messageType < 32u ? _messagesByType[messageType] : 0;

    /// <summary>All rejects except <see cref="AisRejectReason.Empty"/> and <see cref="AisRejectReason.NotAisSentence"/>.</summary>
    public long Corrupt
    {
        get
        {
            long sum = 0;
            for (int i = (int)AisRejectReason.Malformed; i < _rejects.Length; i++)
            {
                sum += _rejects[i];
            }

            return sum;
        }
    }

    /// <summary>Non-zero reject counters, in enum order.</summary>
    public IEnumerable<KeyValuePair<AisRejectReason, long>> Rejects()
    {
        for (int i = 1; i < _rejects.Length; i++)
        {
            if (_rejects[i] != 0)
            {
                yield return new((AisRejectReason)i, _rejects[i]);
            }
        }
    }

    internal void Reject(AisRejectReason reason) => _rejects[(int)reason]++;

    internal void Sentence() => Sentences++;

    internal void TagBlockChecksumMismatch() => TagBlockChecksumMismatches++;

    internal void Message(int messageType)
    {
        Messages++;
        _messagesByType[messageType & 31]++;
    }
}
