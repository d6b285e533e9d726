namespace MaritimeCoord.Ais.Nmea;

/// <summary>What <see cref="NmeaParser"/> recognised.</summary>
public enum NmeaSentenceKind
{
    /// <summary>Nothing usable (see the reject reason).</summary>
    None = 0,

    /// <summary>An <c>!xxVDM</c> (other ships) or <c>!xxVDO</c> (own ship) sentence.</summary>
    Vdm,

    /// <summary>A <c>$PGHP,1,...</c> timestamp sentence (Gatehouse) stamping the sentence that follows it.</summary>
    PghpTimestamp,
}

/// <summary>
/// One framed AIVDM/AIVDO sentence. Spans point into the caller's line and are valid only while that buffer is.
/// </summary>
public readonly ref struct NmeaSentence
{
    /// <summary>Kind of sentence.</summary>
    public NmeaSentenceKind Kind { get; init; }

    /// <summary>Two-character talker (<c>AI</c>, <c>AB</c>, <c>BS</c>, ...).</summary>
    public ReadOnlySpan<byte> Talker { get; init; }

    /// <summary>True for <c>VDO</c> (own-ship report), false for <c>VDM</c>.</summary>
    public bool IsOwnShip { get; init; }

    /// <summary>Number of fragments of the message (1-9).</summary>
    public int FragmentCount { get; init; }

    /// <summary>This fragment's number (1..<see cref="FragmentCount"/>).</summary>
    public int FragmentNumber { get; init; }

    /// <summary>Sequential message id 0-9, or -1 when the field is empty.</summary>
    public int SequenceId { get; init; }

    /// <summary>Radio channel byte (<c>A</c>, <c>B</c>, <c>1</c>, <c>2</c>, ...), or 0 when empty.</summary>
    public byte Channel { get; init; }

    /// <summary>The armoured 6-bit payload characters (validated).</summary>
    public ReadOnlySpan<byte> Payload { get; init; }

    /// <summary>Fill bits (0-5) padding the last payload character.</summary>
    public int FillBits { get; init; }

    /// <summary>Tag-block fields, if the sentence had a tag block.</summary>
    public TagBlock TagBlock { get; init; }

    /// <summary>
    /// Receive time in Unix milliseconds from the tag block <c>c:</c> field, the USCG trailer or a <c>$PGHP</c> sentence;
    /// -1 when the sentence carries none.
    /// </summary>
    public long ReceiveTimeMs { get; init; }
}

/// <summary>Fields of an NMEA 4.x tag block <c>\s:source,c:time,g:n-m-id*hh\</c>.</summary>
public readonly ref struct TagBlock
{
    /// <summary>Source / station (<c>s:</c>), empty when absent.</summary>
    public ReadOnlySpan<byte> Source { get; init; }

    /// <summary>Receive time (<c>c:</c>) in Unix milliseconds (seconds are scaled up), or -1.</summary>
    public long ReceiveTimeMs { get; init; }

    /// <summary>Group sentence number (<c>g:n-m-id</c>), 0 when absent.</summary>
    public int GroupSentence { get; init; }

    /// <summary>Group sentence count, 0 when absent.</summary>
    public int GroupCount { get; init; }

    /// <summary>Group id (meaningful only when <see cref="GroupCount"/> is above 0).</summary>
    public int GroupId { get; init; }

    /// <summary>True when a tag block was present.</summary>
    public bool IsPresent { get; init; }

    /// <summary>True when the tag block had a checksum and it did not match (the block is used anyway).</summary>
    public bool ChecksumMismatch { get; init; }
}
