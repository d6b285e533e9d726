using System.Globalization;
using System.Text;

namespace MaritimeCoord.DevTools.Load;

/// <summary>
/// A synthetic capture for load runs: <c>vessels</c> class A ships reporting every 10 s, each report a valid type 1
/// with a tag-block receive time, a moving position and a changing communication state, so no two lines are the
/// same transmission (a repeated real capture would be, rightly, de-duplicated by the server).
/// </summary>
public static class SyntheticAis
{
    public static void Write(string path, long lines, int vessels, DateTimeOffset start)
    {
        using var file = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\r\n" };
        long t0 = start.ToUnixTimeMilliseconds();
        var bits = new byte[168];
        for (long k = 0; k < lines; k++)
        {
            int v = (int)(k % vessels);
            long round = k / vessels;
            long seconds = (t0 + round * 10_000 + v * 10_000L / vessels) / 1000;
            int mmsi = 200_000_000 + v * 37;
            double lat = -15 + (v * 7919 % 25_000) / 1000.0 + round * 0.0005;
            double lon = 95 + (v * 104_729 % 45_000) / 1000.0 + round * 0.0005;
            int p = 0;
            Put(bits, ref p, 1, 6);                     // type
            Put(bits, ref p, 0, 2);                     // repeat
            Put(bits, ref p, mmsi, 30);
            Put(bits, ref p, 0, 4);                     // under way using engine
            Put(bits, ref p, 0, 8);                     // rate of turn
            Put(bits, ref p, 123, 10);                  // 12.3 kn
            Put(bits, ref p, 1, 1);
            Put(bits, ref p, (long)Math.Round(lon * 600_000), 28);
            Put(bits, ref p, (long)Math.Round(lat * 600_000), 27);
            Put(bits, ref p, 450, 12);                  // 45.0°
            Put(bits, ref p, 45, 9);
            Put(bits, ref p, seconds % 60, 6);
            Put(bits, ref p, 0, 2);
            Put(bits, ref p, 0, 3);
            Put(bits, ref p, 0, 1);
            Put(bits, ref p, round & 0x7FFFF, 19);      // communication state: differs every report
            var payload = new StringBuilder(28);
            for (int i = 0; i < 168; i += 6)
            {
                int six = 0;
                for (int b = 0; b < 6; b++) six = (six << 1) | bits[i + b];
                payload.Append((char)(six < 40 ? six + 48 : six + 56));
            }

            string tag = "c:" + seconds.ToString(CultureInfo.InvariantCulture);
            string body = "AIVDM,1,1,,A," + payload + ",0";
            file.WriteLine($"\\{tag}*{Checksum(tag)}\\!{body}*{Checksum(body)}");
        }
    }

    private static void Put(byte[] bits, ref int position, long value, int width)
    {
        for (int i = width - 1; i >= 0; i--) bits[position++] = (byte)((value >> i) & 1);
    }

    private static string Checksum(string body)
    {
        int c = 0;
        foreach (char ch in body) c ^= ch;
        return c.ToString("X2", CultureInfo.InvariantCulture);
    }
}
