using MaritimeCoord.Ais.Nmea;

namespace MaritimeCoord.Ais;

/// <summary>Receives each decoded message from <see cref="AisStreamDecoder"/>.</summary>
public interface IAisMessageSink
{
    /// <summary>
    /// Called once per complete message whose type and bit count are valid. <paramref name="payload"/> and
    /// <paramref name="lastSentence"/> are valid only during the call.
    /// </summary>
    void OnMessage(scoped in NmeaSentence lastSentence, long receiveTimeMs, scoped AisPayload payload);
}

/// <summary>
/// Line-in, messages-out AIS decoding: framing, tag blocks, <c>$PGHP</c> timestamps, reassembly and bit-count checks,
/// with every reject counted in <see cref="Stats"/>. Never throws on input. Not thread-safe (one per stream).
/// </summary>
public sealed class AisStreamDecoder
{
    private readonly FragmentAssembler _assembler;
    private long _pghpTimeMs = -1;

    /// <summary>Creates a decoder with its own <see cref="DecodeStats"/> and default reassembly limits.</summary>
    public AisStreamDecoder()
    {
        Stats = new DecodeStats();
        _assembler = new FragmentAssembler(Stats);
    }

    /// <summary>Creates a decoder around a custom assembler (which must share <paramref name="stats"/>).</summary>
    public AisStreamDecoder(DecodeStats stats, FragmentAssembler assembler)
    {
        Stats = stats;
        _assembler = assembler;
    }

    /// <summary>Counters for everything decoded and rejected so far.</summary>
    public DecodeStats Stats { get; }

    /// <summary>
    /// Decodes every sentence in one line (without its newline; a trailing CR is tolerated) and returns the number of
    /// messages passed to <paramref name="sink"/>.
    /// </summary>
    public int DecodeLine<TSink>(ReadOnlySpan<byte> line, ref TSink sink)
        where TSink : IAisMessageSink, allows ref struct
    {
        int delivered = 0;
        while (!line.IsEmpty)
        {
            var reason = NmeaParser.TryParse(line, out var sentence, out int consumed);
            line = line[Math.Max(consumed, 1)..];
            if (reason != AisRejectReason.None)
            {
                if (reason != AisRejectReason.Empty)
                {
                    Stats.Reject(reason);
                }

                continue;
            }

            if (sentence.Kind == NmeaSentenceKind.PghpTimestamp)
            {
                _pghpTimeMs = sentence.ReceiveTimeMs;
                continue;
            }

            Stats.Sentence();
            if (sentence.TagBlock.ChecksumMismatch)
            {
                Stats.TagBlockChecksumMismatch();
            }

            long time = sentence.ReceiveTimeMs >= 0 ? sentence.ReceiveTimeMs : _pghpTimeMs;
            _pghpTimeMs = -1;
            reason = _assembler.Add(sentence, time, out var armored, out int fill, out bool complete);
            if (reason != AisRejectReason.None)
            {
                Stats.Reject(reason);
                continue;
            }

            if (!complete)
            {
                continue;
            }

            var payload = new AisPayload(armored, fill);
            reason = AisMessageTypes.CheckBitLength(payload);
            if (reason != AisRejectReason.None)
            {
                Stats.Reject(reason);
                continue;
            }

            Stats.Message(payload.MessageType);
            sink.OnMessage(sentence, time, payload);
            delivered++;
        }

        return delivered;
    }
}
