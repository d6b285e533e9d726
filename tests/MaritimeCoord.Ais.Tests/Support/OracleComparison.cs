using System.Text;
using System.Text.Json.Nodes;

namespace MaritimeCoord.Ais.Tests.Support;

/// <summary>Field-by-field comparison of our decode with an oracle's, with disagreements grouped by category.</summary>
internal sealed class OracleComparison
{
    // Types whose body we do not decode (header only): their other fields are out of scope, not disagreements.
    private static readonly HashSet<int> FullyDecoded = [1, 2, 3, 4, 5, 9, 11, 18, 19, 21, 24, 27];
    private static readonly HashSet<string> Header = ["class", "device", "type", "repeat", "mmsi", "scaled"];

    private readonly Dictionary<string, (int Count, List<string> Examples)> _categories = new(StringComparer.Ordinal);

    public string File { get; init; } = "";

    public int MessagesCompared { get; private set; }

    public int MessagesAgreeing { get; private set; }

    public int HeaderOnlyMessages { get; private set; }

    /// <summary>Messages (or missing/extra messages) with at least one disagreement.</summary>
    public int Disagreements { get; private set; }

    public IReadOnlyDictionary<string, (int Count, List<string> Examples)> Categories => _categories;

    /// <summary>Compares with a <c>gpsdecode -v</c> style file: echoed input lines, each followed by the JSON it produced.</summary>
    public static OracleComparison AgainstEchoedGpsd(string file, List<DecodedMessages.SentenceOutput> ours, IEnumerable<string> oracleLines)
    {
        var cmp = new OracleComparison { File = file };
        var queue = new Dictionary<string, Queue<DecodedMessages.SentenceOutput>>(StringComparer.Ordinal);
        foreach (var s in ours)
        {
            if (!queue.TryGetValue(s.Key, out var q)) queue[s.Key] = q = new();
            q.Enqueue(s);
        }

        string? key = null;
        var pending = new List<JsonObject>();
        void FlushEntry()
        {
            if (key is null) return;
            var mine = queue.TryGetValue(key, out var q) && q.Count > 0 ? q.Dequeue().Messages : [];
            cmp.CompareLists(key, ForGpsdWithoutSplit24(mine), pending);
            pending = [];
        }

        foreach (var line in oracleLines)
        {
            if (line.StartsWith('{'))
            {
                var obj = JsonNode.Parse(line)!.AsObject();
                if ((string?)obj["class"] == "AIS") pending.Add(obj);
                continue;
            }

            var k = DecodedMessages.SentenceKey(line);
            if (k is null) continue;
            FlushEntry();
            key = k;
        }

        FlushEntry();
        foreach (var (k, q) in queue)
        {
            foreach (var s in q)
            {
                cmp.CompareLists(k, ForGpsdWithoutSplit24(s.Messages), []);
            }
        }

        return cmp;
    }

    /// <summary>Compares with an oracle's messages in order (no echo), e.g. gpsd's sample.aivdm.ju.chk.</summary>
    public static OracleComparison InOrder(string file, List<JsonObject> ours, List<JsonObject> oracle)
    {
        var cmp = new OracleComparison { File = file };
        int j = 0;
        foreach (var o in oracle)
        {
            // Re-synchronise on (type, mmsi) within a small window so one missing or extra message does not shift the rest.
            int match = -1;
            for (int k = j; k < Math.Min(ours.Count, j + 8); k++)
            {
                if ((int?)ours[k]["type"] == (int?)o["type"] && (long?)ours[k]["mmsi"] == (long?)o["mmsi"]) { match = k; break; }
            }

            if (match < 0)
            {
                cmp.CompareLists("(in order)", [], [o]);
                continue;
            }

            for (int k = j; k < match; k++) cmp.CompareLists("(in order)", [ours[k]], []);
            cmp.CompareLists("(in order)", [ours[match]], [o]);
            j = match + 1;
        }

        for (int k = j; k < ours.Count; k++) cmp.CompareLists("(in order)", [ours[k]], []);
        return cmp;
    }

    // The shared expected files were made without gpsdecode -s: part A alone and a lone part B produce nothing there.
    public static List<JsonObject> ForGpsdWithoutSplit24(List<JsonObject> mine) =>
        mine.Where(m => !((int?)m["type"] == 24 && m.ContainsKey("part"))).ToList();

    public void CompareLists(string key, List<JsonObject> mine, List<JsonObject> oracle)
    {
        int n = Math.Max(mine.Count, oracle.Count);
        for (int i = 0; i < n; i++)
        {
            if (i >= mine.Count)
            {
                Disagree($"missing type {(int?)oracle[i]["type"]}", key + " => " + oracle[i].ToJsonString());
                continue;
            }

            if (i >= oracle.Count)
            {
                Disagree($"extra type {(int?)mine[i]["type"]}", key + " => " + mine[i].ToJsonString());
                continue;
            }

            CompareMessage(key, mine[i], oracle[i]);
        }
    }

    private void CompareMessage(string key, JsonObject mine, JsonObject oracle)
    {
        MessagesCompared++;
        int type = (int?)oracle["type"] ?? -1;
        bool full = FullyDecoded.Contains(type);
        if (!full) HeaderOnlyMessages++;
        var differing = new List<string>();
        foreach (var (name, value) in oracle)
        {
            if (name == "device") continue;
            if (!full && !Header.Contains(name)) continue;
            var ourValue = mine[name];
            if (ourValue is null)
            {
                differing.Add($"{name}(missing)");
            }
            else if (!JsonNode.DeepEquals(ourValue, value))
            {
                differing.Add(name);
            }
        }

        foreach (var (name, _) in mine)
        {
            if (name != "device" && !oracle.ContainsKey(name)) differing.Add($"{name}(extra)");
        }

        if (differing.Count == 0)
        {
            MessagesAgreeing++;
            return;
        }

        var sb = new StringBuilder(key);
        foreach (var d in differing)
        {
            var field = d.Split('(')[0];
            sb.Append($" | {field}: ours={mine[field]?.ToJsonString()} oracle={oracle[field]?.ToJsonString()}");
        }

        Disagree($"type {type}: " + string.Join(",", differing), sb.ToString());
    }

    private void Disagree(string category, string example)
    {
        Disagreements++;
        if (!_categories.TryGetValue(category, out var entry)) entry = (0, []);
        if (entry.Examples.Count < 3) entry.Examples.Add(example);
        _categories[category] = (entry.Count + 1, entry.Examples);
    }

    public string Report()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"## {File}: {MessagesCompared} compared, {MessagesAgreeing} agree ({HeaderOnlyMessages} header-only types), {Disagreements} disagreements");
        foreach (var (category, (count, examples)) in _categories.OrderByDescending(c => c.Value.Count))
        {
            sb.AppendLine($"- {count} x {category}");
            foreach (var e in examples) sb.AppendLine($"    {e}");
        }

        return sb.ToString();
    }
}
