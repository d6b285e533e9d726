using System.Runtime.CompilerServices;

namespace MaritimeCoord.Ais;

/// <summary>The AIS payload armouring (ITU-R M.1371 / IEC 61162-1 6-bit ASCII) and the 6-bit text alphabet.</summary>
public static class SixBit
{
    /// <summary>True when every byte is a valid armoured character (<c>0</c>-<c>W</c> or <c>`</c>-<c>w</c>).</summary>
    public static bool IsValidPayload(ReadOnlySpan<byte> payload)
    {
        foreach (byte c in payload)
        {
            // Valid: 48..87 and 96..119. gpsd also takes 88..95 ('X'..'_'); they cannot be produced by armouring.
            if ((uint)(c - 48) > 71u || (uint)(c - 88) <= 7u)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The 6-bit value of an armoured character (assumes it is valid).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dearmor(byte c)
    {
        int v = c - 48;
        return v > 40 ? v - 8 : v;
    }

    /// <summary>The text character of a 6-bit value: 0-31 are <c>@</c>..<c>_</c>, 32-63 are space..<c>?</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static char ToChar(int sixBit) => (char)(sixBit < 32 ? sixBit + 64 : sixBit);
}

/// <summary>
/// A message payload: armoured characters plus its exact bit length, read as big-endian bit fields.
/// Bits past the end read as zero, so a decoder never fails on a short payload (lengths are checked by
/// <see cref="AisMessageTypes.CheckBitLength"/>).
/// </summary>
public readonly ref struct AisPayload
{
    private readonly ReadOnlySpan<byte> _armored;

    /// <summary>Wraps armoured payload characters with the given fill bits (0-5).</summary>
    public AisPayload(ReadOnlySpan<byte> armored, int fillBits)
    {
        _armored = armored;
        BitLength = Math.Max(0, (armored.Length * 6) - fillBits);
    }

    /// <summary>Number of payload bits.</summary>
    public int BitLength { get; }

    /// <summary>The armoured characters.</summary>
    public ReadOnlySpan<byte> Armored => _armored;

    /// <summary>Message type (bits 0-5).</summary>
    public int MessageType => (int)GetUInt(0, 6);

    /// <summary>Repeat indicator (bits 6-7).</summary>
    public int Repeat => (int)GetUInt(6, 2);

    /// <summary>MMSI of the sender (bits 8-37).</summary>
    public int Mmsi => (int)GetUInt(8, 30);

    /// <summary>Unsigned field of <paramref name="width"/> (1-32) bits starting at bit <paramref name="start"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint GetUInt(int start, int width)
    {
        int end = start + width;
        if (end > BitLength)
        {
            return GetTruncated(start, width);
        }

        int first = start / 6;
        int last = (end - 1) / 6;
        ulong acc = 0;
        var a = _armored;
        for (int i = first; i <= last; i++)
        {
            acc = (acc << 6) | (uint)SixBit.Dearmor(a[i]);
        }

        int shift = ((last + 1) * 6) - end;
        return (uint)((acc >> shift) & ((1UL << width) - 1));
    }

    // A field running past the last payload bit keeps only the bits present, right-aligned (what gpsd does with a
    // 163-bit type 1: radio = its 14 transmitted bits). Fill bits are never read.
    private uint GetTruncated(int start, int width)
    {
        int present = BitLength - start;
        return present <= 0 ? 0u : GetUInt(start, present);
    }

    /// <summary>Two's-complement signed field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetInt(int start, int width)
    {
        uint raw = GetUInt(start, width);
        int shift = 32 - width;
        return (int)(raw << shift) >> shift;
    }

    /// <summary>One-bit flag.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool GetBool(int start) => GetUInt(start, 1) != 0;

    /// <summary>
    /// 6-bit text of up to <paramref name="chars"/> characters, limited to the bits present. The text ends at the first
    /// <c>@</c> (padding) that follows a non-<c>@</c> character, and trailing spaces are removed; leading <c>@</c> are
    /// kept because real call signs such as <c>@@J130B</c> carry data after them.
    /// </summary>
    public string GetText(int start, int chars)
    {
        int available = Math.Max(0, (BitLength - start) / 6);
        chars = Math.Min(chars, available);
        Span<char> buffer = stackalloc char[64];
        if (chars > buffer.Length) chars = buffer.Length;
        int length = 0;
        for (int i = 0; i < chars; i++)
        {
            char c = SixBit.ToChar((int)GetUInt(start + (i * 6), 6));
            if (c == '@' && length > 0)
            {
                break;
            }

            buffer[i] = c;
            if (c != '@' && c != ' ')
            {
                length = i + 1;
            }
        }

        return length == 0 ? string.Empty : new string(buffer[..length]);
    }
}
