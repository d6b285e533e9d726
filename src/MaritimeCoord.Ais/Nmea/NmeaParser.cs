namespace MaritimeCoord.Ais.Nmea;

/// <summary>
/// Frames one NMEA 0183 sentence (with optional tag block and USCG trailer) out of a line. Allocation-free; never throws.
/// </summary>
public static class NmeaParser
{
    // A c: value above this is milliseconds: 10^11 s is the year 5138, 10^11 ms is 1973.
    private const long MillisecondThreshold = 100_000_000_000;

    /// <summary>
    /// Parses the first sentence in <paramref name="input"/>. <paramref name="consumed"/> is how many bytes it used, so a
    /// caller can parse what follows (two sentences on one line); it is always at least 1 for a non-empty input.
    /// </summary>
    public static AisRejectReason TryParse(ReadOnlySpan<byte> input, out NmeaSentence sentence, out int consumed)
    {
        sentence = default;
        int i = 0;
        while (i < input.Length && IsSpace(input[i]))
        {
            i++;
        }

        if (i == input.Length || input[i] == (byte)'#')
        {
            consumed = input.Length;
            return AisRejectReason.Empty;
        }

        var tag = default(TagBlock);
        if (input[i] == (byte)'\\')
        {
            int close = input[(i + 1)..].IndexOf((byte)'\\');
            if (close < 0)
            {
                consumed = input.Length;
                return AisRejectReason.BadTagBlock;
            }

            tag = ParseTagBlock(input.Slice(i + 1, close));
            i += close + 2;
        }

        // Resynchronise on the next sentence start: tolerates leading junk such as "!!AIVDM" (gpsd does the same).
        int start = i;
        while (true)
        {
            int rel = input[start..].IndexOfAny((byte)'!', (byte)'$', (byte)'\\');
            if (rel < 0 || input[start + rel] == (byte)'\\')
            {
                consumed = rel < 0 ? input.Length : Math.Max(start + rel, i + 1);
                return AisRejectReason.Malformed;
            }

            start += rel;
            if (input[start] == (byte)'$')
            {
                return ParseDollar(input, start, tag, out sentence, out consumed);
            }

            if (start + 7 <= input.Length && IsTalker(input[start + 1]) && IsTalker(input[start + 2]) &&
                input[start + 3] == (byte)'V' && input[start + 4] == (byte)'D' &&
                (input[start + 5] == (byte)'M' || input[start + 5] == (byte)'O') && input[start + 6] == (byte)',')
            {
                break;
            }

            if (start > i)
            {
                // Junk before this '!' and still no AIVDM address: the line is corrupt.
                consumed = NextSentenceStart(input, start + 1);
                return AisRejectReason.Malformed;
            }

            start++;
            if (start >= input.Length)
            {
                consumed = input.Length;
                return AisRejectReason.Malformed;
            }
        }

        return ParseVdm(input, start, tag, out sentence, out consumed);
    }

    private static AisRejectReason ParseVdm(ReadOnlySpan<byte> input, int start, TagBlock tag, out NmeaSentence sentence, out int consumed)
    {
        sentence = default;
        int end = NextSentenceStart(input, start + 1);
        consumed = end;
        var body = input[(start + 1)..end];
        int star = body.IndexOf((byte)'*');
        if (star < 0)
        {
            return AisRejectReason.MissingChecksum;
        }

        if (star + 3 > body.Length || !TryHex(body[star + 1], out int hi) || !TryHex(body[star + 2], out int lo))
        {
            return AisRejectReason.BadChecksum;
        }

        var checkedPart = body[..star];
        if (Checksum(checkedPart) != ((hi << 4) | lo))
        {
            return AisRejectReason.BadChecksum;
        }

        // Fields after the 6-byte address: count, number, seq id, channel, payload, fill bits.
        var fields = checkedPart[6..];
        int f0 = fields.IndexOf((byte)',');
        if (f0 < 0) return AisRejectReason.Malformed;
        var countField = fields[..f0];
        fields = fields[(f0 + 1)..];
        int f1 = fields.IndexOf((byte)',');
        if (f1 < 0) return AisRejectReason.Malformed;
        var numberField = fields[..f1];
        fields = fields[(f1 + 1)..];
        int f2 = fields.IndexOf((byte)',');
        if (f2 < 0) return AisRejectReason.Malformed;
        var seqField = fields[..f2];
        fields = fields[(f2 + 1)..];
        int f3 = fields.IndexOf((byte)',');
        if (f3 < 0) return AisRejectReason.Malformed;
        var channelField = fields[..f3];
        fields = fields[(f3 + 1)..];
        int f4 = fields.IndexOf((byte)',');
        if (f4 < 0) return AisRejectReason.Malformed;
        var payload = fields[..f4];
        var fillField = fields[(f4 + 1)..];

        if (countField.Length != 1 || numberField.Length != 1 || !IsDigit(countField[0]) || !IsDigit(numberField[0]))
        {
            return AisRejectReason.BadFragmentNumbers;
        }

        int count = countField[0] - '0';
        int number = numberField[0] - '0';
        if (count == 0 || number == 0 || number > count)
        {
            return AisRejectReason.BadFragmentNumbers;
        }

        int seq = -1;
        if (seqField.Length == 1 && IsDigit(seqField[0]))
        {
            seq = seqField[0] - '0';
        }
        else if (seqField.Length != 0)
        {
            return AisRejectReason.Malformed;
        }

        if (channelField.Length > 1)
        {
            return AisRejectReason.Malformed;
        }

        int fill = 0;
        if (fillField.Length == 1 && fillField[0] >= (byte)'0' && fillField[0] <= (byte)'5')
        {
            fill = fillField[0] - '0';
        }
        else if (fillField.Length != 0)
        {
            return AisRejectReason.BadFillBits;
        }

        if (!SixBit.IsValidPayload(payload))
        {
            return AisRejectReason.InvalidPayloadCharacter;
        }

        long receiveTime = tag.IsPresent ? tag.ReceiveTimeMs : -1;
        int afterChecksum = start + 1 + star + 3;
        if (receiveTime < 0 && afterChecksum < end && input[afterChecksum] == (byte)',')
        {
            receiveTime = UscgTimestamp(input[afterChecksum..end]);
        }

        sentence = new NmeaSentence
        {
            Kind = NmeaSentenceKind.Vdm,
            Talker = body.Slice(0, 2),
            IsOwnShip = body[4] == (byte)'O',
            FragmentCount = count,
            FragmentNumber = number,
            SequenceId = seq,
            Channel = channelField.Length == 1 ? channelField[0] : (byte)0,
            Payload = payload,
            FillBits = fill,
            TagBlock = tag,
            ReceiveTimeMs = receiveTime,
        };
        return AisRejectReason.None;
    }

    // USCG receivers append ",s1234,d-119,T12.34,r003669958,1085889680": the last all-digit field is Unix seconds.
    private static long UscgTimestamp(ReadOnlySpan<byte> trailer)
    {
        int lastComma = trailer.LastIndexOf((byte)',');
        var last = trailer[(lastComma + 1)..].TrimEnd("\r\n \t"u8);
        return last.Length is >= 9 and <= 10 && TryParseLong(last, out long seconds) ? seconds * 1000 : -1;
    }

    private static AisRejectReason ParseDollar(ReadOnlySpan<byte> input, int start, TagBlock tag, out NmeaSentence sentence, out int consumed)
    {
        sentence = default;
        int end = NextSentenceStart(input, start + 1);
        consumed = end;
        var body = input[(start + 1)..end];
        int star = body.IndexOf((byte)'*');
        if (star < 0 || star + 3 > body.Length || !TryHex(body[star + 1], out int hi) || !TryHex(body[star + 2], out int lo))
        {
            return AisRejectReason.NotAisSentence;
        }

        var fields = body[..star];
        if (Checksum(fields) != ((hi << 4) | lo))
        {
            return AisRejectReason.BadChecksum;
        }

        if (!fields.StartsWith("PGHP,1,"u8))
        {
            return AisRejectReason.NotAisSentence;
        }

        // $PGHP,1,<year>,<month>,<day>,<hour>,<minute>,<second>,<millisecond>,...
        Span<long> v = stackalloc long[7];
        var rest = fields[7..];
        for (int k = 0; k < 7; k++)
        {
            int comma = rest.IndexOf((byte)',');
            var field = comma < 0 ? rest : rest[..comma];
            if (!TryParseLong(field, out v[k]))
            {
                return AisRejectReason.Malformed;
            }

            rest = comma < 0 ? default : rest[(comma + 1)..];
        }

        long ms = ToUnixMs(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
        if (ms < 0)
        {
            return AisRejectReason.Malformed;
        }

        sentence = new NmeaSentence { Kind = NmeaSentenceKind.PghpTimestamp, ReceiveTimeMs = ms, TagBlock = tag, SequenceId = -1 };
        return AisRejectReason.None;
    }

    private static long ToUnixMs(long year, long month, long day, long hour, long minute, long second, long millisecond)
    {
        if (year is < 1970 or > 9999 || month is < 1 or > 12 || hour is < 0 or > 23 || minute is < 0 or > 59 ||
            second is < 0 or > 60 || millisecond is < 0 or > 999 || day < 1 || day > DateTime.DaysInMonth((int)year, (int)month))
        {
            return -1;
        }

        var date = new DateTime((int)year, (int)month, (int)day, (int)hour, (int)minute, 0, DateTimeKind.Utc);
        return ((date - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond) + (second * 1000) + millisecond;
    }

    private static TagBlock ParseTagBlock(ReadOnlySpan<byte> content)
    {
        bool mismatch = false;
        int star = content.LastIndexOf((byte)'*');
        if (star >= 0)
        {
            if (star + 3 == content.Length && TryHex(content[star + 1], out int hi) && TryHex(content[star + 2], out int lo))
            {
                mismatch = Checksum(content[..star]) != ((hi << 4) | lo);
            }

            content = content[..star];
        }

        ReadOnlySpan<byte> source = default;
        long time = -1;
        int groupSentence = 0, groupCount = 0, groupId = -1;
        while (!content.IsEmpty)
        {
            int comma = content.IndexOf((byte)',');
            var field = comma < 0 ? content : content[..comma];
            content = comma < 0 ? default : content[(comma + 1)..];
            if (field.Length < 2 || field[1] != (byte)':')
            {
                continue;
            }

            var value = field[2..];
            switch (field[0])
            {
                case (byte)'s':
                    source = value;
                    break;
                case (byte)'c':
                    if (TryParseLong(value, out long c))
                    {
                        time = c >= MillisecondThreshold ? c : c * 1000;
                    }

                    break;
                case (byte)'g':
                    ParseGroup(value, ref groupSentence, ref groupCount, ref groupId);
                    break;
            }
        }

        return new TagBlock
        {
            IsPresent = true,
            ChecksumMismatch = mismatch,
            Source = source,
            ReceiveTimeMs = time,
            GroupSentence = groupSentence,
            GroupCount = groupCount,
            GroupId = groupId,
        };
    }

    private static void ParseGroup(ReadOnlySpan<byte> value, ref int sentence, ref int count, ref int id)
    {
        int d1 = value.IndexOf((byte)'-');
        if (d1 < 0) return;
        int d2 = value[(d1 + 1)..].IndexOf((byte)'-');
        if (d2 < 0) return;
        if (TryParseLong(value[..d1], out long s) && TryParseLong(value.Slice(d1 + 1, d2), out long c) &&
            TryParseLong(value[(d1 + d2 + 2)..], out long g) && s is > 0 and < 100 && c is > 0 and < 100 && g < int.MaxValue)
        {
            sentence = (int)s;
            count = (int)c;
            id = (int)g;
        }
    }

    // Next '\' or '!' (a following tag block or sentence on the same line), or the end of the line.
    private static int NextSentenceStart(ReadOnlySpan<byte> input, int from)
    {
        if (from >= input.Length) return input.Length;
        int rel = input[from..].IndexOfAny((byte)'\\', (byte)'!');
        return rel < 0 ? input.Length : from + rel;
    }

    internal static int Checksum(ReadOnlySpan<byte> span)
    {
        int x = 0;
        foreach (byte b in span)
        {
            x ^= b;
        }

        return x;
    }

    private static bool TryParseLong(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 18) return false;
        foreach (byte b in s)
        {
            if (!IsDigit(b)) return false;
            value = (value * 10) + (b - '0');
        }

        return true;
    }

    private static bool TryHex(byte b, out int value)
    {
        value = b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            _ => -1,
        };
        return value >= 0;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsTalker(byte b) => (uint)(b - 'A') <= 25 || IsDigit(b);

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
