using System.Globalization;
using System.Text;
using MaritimeCoord.Domain.Detection.Scenarios;
using MaritimeCoord.Domain.Vessels;

namespace MaritimeCoord.Cli.Scenarios;

/// <summary>
/// A small AIVDM encoder (ITU-R M.1371 bit layouts, IEC 61162-1 6-bit armouring) for type 1 position reports and type 5
/// static and voyage data, each line behind a tag block carrying the receive time (<c>c:</c>, Unix milliseconds).
/// </summary>
public static class AivdmEncoder
{
    private const int MaxPayloadChars = 60;

    /// <summary>One line: a type 1 report of <paramref name="p"/> received at its observed time.</summary>
    public static string PositionReport(in PositionReport p)
    {
        var bits = new BitWriter(168);
        bits.Put(1, 6).Put(0, 2).Put(p.Mmsi, 30)
            .Put(p.NavigationalStatus is >= 0 and <= 15 ? p.NavigationalStatus : 15, 4)
            .Put(-128, 8)                                                                    // rate of turn: not available
            .Put(float.IsFinite(p.SpeedKnots) ? Math.Min(1022, (int)Math.Round(p.SpeedKnots * 10)) : 1023, 10)
            .Put(1, 1)
            .Put((long)Math.Round(p.Longitude * 600_000), 28)
            .Put((long)Math.Round(p.Latitude * 600_000), 27)
            .Put(float.IsFinite(p.CourseDegrees) ? (int)Math.Round(p.CourseDegrees * 10) % 3600 : 3600, 12)
            .Put(p.Heading is >= 0 and < 360 ? p.Heading : 511, 9)
            .Put(p.ObservedAtMs / 1000 % 60, 6)
            .Put(0, 2).Put(0, 3).Put(0, 1)
            .Put((long)(p.PayloadHash & 0x7FFFF), 19);                                       // communication state
        return string.Join("\r\n", Sentences(bits, p.ObservedAtMs, 'A', null));
    }

    /// <summary>Lines (two fragments) of a type 5 report for <paramref name="v"/>, received at <paramref name="timeMs"/>.</summary>
    public static IEnumerable<string> StaticAndVoyage(ScenarioVessel v, long timeMs, string destination, int sequenceId)
    {
        var bits = new BitWriter(424);
        bits.Put(5, 6).Put(0, 2).Put(v.Mmsi, 30).Put(0, 2).Put(0, 30)
            .Text(v.CallSign, 7).Text(v.Name, 20).Put(v.ShipType, 8)
            .Put(v.ShipType == 30 ? 10 : 120, 9).Put(v.ShipType == 30 ? 5 : 40, 9).Put(v.ShipType == 30 ? 2 : 10, 6).Put(v.ShipType == 30 ? 2 : 10, 6)
            .Put(1, 4).Put(0, 4).Put(0, 5).Put(24, 5).Put(60, 6)
            .Put(v.ShipType == 30 ? 15 : 80, 8).Text(destination, 20).Put(0, 1).Put(0, 1);
        return Sentences(bits, timeMs, 'A', sequenceId);
    }

    private static IEnumerable<string> Sentences(BitWriter bits, long timeMs, char channel, int? sequenceId)
    {
        var (payload, fill) = bits.Armour();
        int count = (payload.Length + MaxPayloadChars - 1) / MaxPayloadChars;
        string tag = "c:" + timeMs.ToString(CultureInfo.InvariantCulture);
        string tagBlock = $"\\{tag}*{Checksum(tag)}\\";
        for (int i = 0; i < count; i++)
        {
            string part = payload.Substring(i * MaxPayloadChars, Math.Min(MaxPayloadChars, payload.Length - (i * MaxPayloadChars)));
            string body = string.Create(CultureInfo.InvariantCulture,
                $"AIVDM,{count},{i + 1},{(count > 1 ? sequenceId : null)},{channel},{part},{(i == count - 1 ? fill : 0)}");
            yield return $"{tagBlock}!{body}*{Checksum(body)}";
        }
    }

    private static string Checksum(string body)
    {
        int c = 0;
        foreach (char ch in body) c ^= ch;
        return c.ToString("X2", CultureInfo.InvariantCulture);
    }

    private sealed class BitWriter(int length)
    {
        private readonly byte[] bits = new byte[length];
        private int position;

        public BitWriter Put(long value, int width)
        {
            for (int i = width - 1; i >= 0; i--) bits[position++] = (byte)((value >> i) & 1);
            return this;
        }

        // 6-bit text: '@'..'_' are 0..31, ' '..'?' are 32..63; padded with '@'.
        public BitWriter Text(string text, int chars)
        {
            var upper = text.ToUpperInvariant();
            for (int i = 0; i < chars; i++)
            {
                char c = i < upper.Length ? upper[i] : '@';
                int six = c is >= '@' and <= '_' ? c - 64 : c is >= ' ' and <= '?' ? c : 32;
                Put(six, 6);
            }
            return this;
        }

        public (string Payload, int Fill) Armour()
        {
            int chars = (position + 5) / 6;
            int fill = (chars * 6) - position;
            var sb = new StringBuilder(chars);
            for (int i = 0; i < chars * 6; i += 6)
            {
                int six = 0;
                for (int b = 0; b < 6; b++) six = (six << 1) | (i + b < position ? bits[i + b] : 0);
                sb.Append((char)(six < 40 ? six + 48 : six + 56));
            }
            return (sb.ToString(), fill);
        }
    }
}
