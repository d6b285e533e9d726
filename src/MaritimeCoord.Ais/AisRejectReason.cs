namespace MaritimeCoord.Ais;

/// <summary>Why an input line, sentence or message was not turned into a decoded message.</summary>
public enum AisRejectReason
{
    /// <summary>Accepted.</summary>
    None = 0,

    /// <summary>Blank line or comment (<c>#</c>); not an error and not counted as corrupt.</summary>
    Empty,

    /// <summary>A well-formed NMEA sentence that is not AIVDM/AIVDO (e.g. <c>$GPRMC</c>); skipped, not corrupt.</summary>
    NotAisSentence,

    /// <summary>No recognisable sentence start, address or field layout (random bytes, <c>!=IVDM</c>, truncated lines).</summary>
    Malformed,

    /// <summary>The <c>*hh</c> checksum does not match the sentence.</summary>
    BadChecksum,

    /// <summary>The sentence has no <c>*hh</c> checksum (often a truncated line).</summary>
    MissingChecksum,

    /// <summary>A tag block (<c>\...\</c>) is not closed.</summary>
    BadTagBlock,

    /// <summary>The payload holds a character outside the AIS 6-bit armouring alphabet.</summary>
    InvalidPayloadCharacter,

    /// <summary>The fill-bit field is not 0-5.</summary>
    BadFillBits,

    /// <summary>Fragment count or number out of range (count 1-9, number 1..count).</summary>
    BadFragmentNumbers,

    /// <summary>A later fragment arrived with no pending first fragment for its group.</summary>
    FragmentWithoutFirst,

    /// <summary>A fragment arrived out of sequence; its group is dropped.</summary>
    FragmentOutOfOrder,

    /// <summary>An incomplete group was dropped because it grew too old.</summary>
    FragmentGroupExpired,

    /// <summary>An incomplete group was dropped because a new first fragment reused its key, or because too many groups were pending (flood).</summary>
    FragmentGroupDropped,

    /// <summary>The reassembled payload exceeds the assembler's buffer.</summary>
    PayloadTooLong,

    /// <summary>The payload's bit count is outside what its message type allows.</summary>
    WrongBitCount,

    /// <summary>Message type 0 or above 27, or type 24 with part number 2 or 3.</summary>
    UnknownMessageType,
}
