using System.Collections.Frozen;
using System.Globalization;

namespace MaritimeCoord.Domain.Drift;

/// <summary>
/// The 85 leeway object classes (leeway-classes.csv beside this file, embedded; provenance in Drift/PROVENANCE.md).
/// </summary>
public static class LeewayClasses
{
    private static readonly Lazy<(IReadOnlyList<LeewayClass> All, FrozenDictionary<string, LeewayClass> ByKey)> Table = new(Load);

    /// <summary>All classes in the table's order (by id).</summary>
    public static IReadOnlyList<LeewayClass> All => Table.Value.All;

    /// <summary>The class with this key (e.g. <c>FISHING-VESSEL-1</c>); keys compare case-insensitively.</summary>
    public static bool TryGet(string key, out LeewayClass leewayClass)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Table.Value.ByKey.TryGetValue(key.Trim(), out leewayClass!);
    }

    /// <summary>The class with this key, or an <see cref="ArgumentException"/> listing the valid keys.</summary>
    public static LeewayClass Get(string key) => TryGet(key, out var c)
        ? c
        : throw new ArgumentException($"Unknown leeway object class '{key}'. Valid keys: {string.Join(", ", Keys)}", nameof(key));

    /// <summary>The valid keys, in table order.</summary>
    public static IEnumerable<string> Keys
    {
        get
        {
            foreach (var c in All) yield return c.Key;
        }
    }

    private static (IReadOnlyList<LeewayClass>, FrozenDictionary<string, LeewayClass>) Load()
    {
        using var stream = typeof(LeewayClasses).Assembly.GetManifestResourceStream("MaritimeCoord.Domain.Drift.leeway-classes.csv")
            ?? throw new InvalidOperationException("Embedded resource leeway-classes.csv is missing.");
        using var reader = new StreamReader(stream);
        var list = new List<LeewayClass>(85);
        reader.ReadLine(); // header
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var f = SplitCsv(line);
            if (f.Count != 12) throw new InvalidOperationException($"leeway-classes.csv: expected 12 fields, got {f.Count}: {line}");
            double D(int i) => double.Parse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture);
            list.Add(new LeewayClass(int.Parse(f[0], CultureInfo.InvariantCulture), f[1], f[2],
                D(3), D(4), D(5), D(6), D(7), D(8), D(9), D(10), D(11)));
        }
        return (list, list.ToFrozenDictionary(c => c.Key, StringComparer.OrdinalIgnoreCase));
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>(12);
        var i = 0;
        while (i <= line.Length)
        {
            if (i < line.Length && line[i] == '"')
            {
                var sb = new System.Text.StringBuilder();
                i++;
                while (i < line.Length)
                {
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    sb.Append(line[i++]);
                }
                fields.Add(sb.ToString());
                i++; // the comma
            }
            else
            {
                var end = line.IndexOf(',', i);
                if (end < 0) end = line.Length;
                fields.Add(line[i..end]);
                i = end + 1;
            }
        }
        return fields;
    }
}
