namespace MaritimeCoord.Ais;

/// <summary>Bit-length rules per message type.</summary>
public static class AisMessageTypes
{
    // Minimum and maximum payload bits accepted per type. Chosen to match gpsd 3.22 (probed with gpsdecode), which
    // tolerates the odd lengths real transponders send: 163-bit type 1 (missing radio bits read as 0), 426-bit type 5,
    // 168-bit type 27. Index = message type.
    private static readonly short[] MinBits = [0, 163, 163, 163, 168, 420, 88, 72, 56, 168, 72, 168, 72, 72, 40, 88, 96, 80, 168, 312, 72, 272, 168, 160, 160, 40, 60, 96];
    private static readonly short[] MaxBits = [0, 1008, 1008, 1008, 1008, 1008, 1008, 168, 1008, 1008, 1008, 1008, 1008, 168, 1008, 168, 168, 816, 1008, 1008, 186, 368, 1008, 1008, 168, 168, 1008, 168];

    /// <summary>
    /// Checks that <paramref name="payload"/> has a known type and a bit count that type allows: returns
    /// <see cref="AisRejectReason.None"/>, <see cref="AisRejectReason.UnknownMessageType"/> or
    /// <see cref="AisRejectReason.WrongBitCount"/>.
    /// </summary>
    public static AisRejectReason CheckBitLength(AisPayload payload)
    {
        int bits = payload.BitLength;
        if (bits < 38)
        {
            return AisRejectReason.WrongBitCount;
        }

        int type = payload.MessageType;
        if (type is < 1 or > 27)
        {
            return AisRejectReason.UnknownMessageType;
        }

        if (type == 24)
        {
            if (bits < 40) return AisRejectReason.WrongBitCount;
            return payload.GetUInt(38, 2) switch
            {
                0 => bits is >= 160 and <= 168 ? AisRejectReason.None : AisRejectReason.WrongBitCount,
                1 => bits >= 168 ? AisRejectReason.None : AisRejectReason.WrongBitCount,
                _ => AisRejectReason.UnknownMessageType,
            };
        }

        if (type == 27)
        {
            // 96 bits per ITU; 168 (padded to a full slot) occurs in real feeds. Anything else is damaged (gpsd agrees).
            return bits is 96 or 168 ? AisRejectReason.None : AisRejectReason.WrongBitCount;
        }

        return bits >= MinBits[type] && bits <= MaxBits[type] ? AisRejectReason.None : AisRejectReason.WrongBitCount;
    }
}
