using System.IO.Compression;
using System.Text;

namespace MaritimeCoord.Ais.Tests.Support;

internal static class Corpus
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static byte[] ReadBytes(string relative)
    {
        var path = PathOf(relative);
        if (!path.EndsWith(".gz", StringComparison.Ordinal))
        {
            return File.ReadAllBytes(path);
        }

        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    public static List<byte[]> ReadLines(string relative)
    {
        var bytes = ReadBytes(relative);
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i <= bytes.Length; i++)
        {
            if (i == bytes.Length || bytes[i] == (byte)'\n')
            {
                if (i == bytes.Length && start == i) break;
                int end = i > start && bytes[i - 1] == (byte)'\r' ? i - 1 : i;
                lines.Add(bytes[start..end]);
                start = i + 1;
            }
        }

        return lines;
    }

    public static List<string> ReadTextLines(string relative) =>
        ReadLines(relative).Select(l => Encoding.Latin1.GetString(l)).ToList();
}
