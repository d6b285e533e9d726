using System.Text.Json;
using System.Text.RegularExpressions;

namespace MaritimeCoord.BrowserTests;

/// <summary>
/// The console's language files (wwwroot/i18n/*.json) without a browser: every language has exactly English's keys, the
/// same {{placeholders}} in each string, and every key the page (data-i18n) or the scripts (t("…"), message tables) name
/// exists. A language that lacks a key would show English in its place; these tests say which.
/// </summary>
public sealed partial class I18nResourceTests
{
    private static readonly string WwwRoot = FindWwwRoot();

    private static string FindWwwRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "MaritimeCoord.sln"))) dir = Path.GetDirectoryName(dir);
        return Path.Combine(dir ?? throw new InvalidOperationException("repository root not found"), "src", "MaritimeCoord.Server", "wwwroot");
    }

    private static Dictionary<string, string> Load(string language) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(WwwRoot, "i18n", $"{language}.json")))!;

    private static List<string> Files() =>
        Directory.GetFiles(Path.Combine(WwwRoot, "i18n"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> Languages()
    {
        var data = new TheoryData<string>();
        foreach (var language in Files().Where(l => l != "en")) data.Add(language);
        return data;
    }

    [Fact]
    public void Indonesian_is_served()
    {
        Assert.Contains("id", Files());
        // The picker offers what is there: every file is in i18n.js's LANGUAGES and the reverse.
        var picker = File.ReadAllText(Path.Combine(WwwRoot, "js", "i18n.js"));
        var offered = PickerEntry().Matches(picker).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Files(), offered);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void A_language_has_exactly_the_english_keys_with_the_same_placeholders(string language)
    {
        var en = Load("en");
        var other = Load(language);
        Assert.Empty(en.Keys.Except(other.Keys).Order(StringComparer.Ordinal)); // untranslated
        Assert.Empty(other.Keys.Except(en.Keys).Order(StringComparer.Ordinal)); // left over
        var differing = en.Where(kv => !Placeholders(kv.Value).SetEquals(Placeholders(other[kv.Key]))).Select(kv => kv.Key).ToList();
        Assert.Empty(differing);
        Assert.Empty(other.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key));
    }

    [Fact]
    public void Every_key_the_page_and_the_scripts_name_is_in_english()
    {
        var en = Load("en");
        var html = File.ReadAllText(Path.Combine(WwwRoot, "index.html"));
        var named = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in DataI18n().Matches(html)) named.Add(m.Groups[1].Value);
        foreach (Match m in DataI18nAttr().Matches(html))
            foreach (var pair in m.Groups[1].Value.Split(';')) named.Add(pair.Split(':')[1].Trim());
        var scripts = Directory.GetFiles(Path.Combine(WwwRoot, "js"), "*.js").Append(Path.Combine(WwwRoot, "app.js")).Select(File.ReadAllText).ToList();
        var prefixes = en.Keys.Select(k => k[..k.IndexOf('.', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        foreach (var script in scripts)
        {
            // Any string literal shaped like a key of a known namespace ("sighting.queued", `warning.${code}`).
            foreach (Match m in KeyLiteral().Matches(script))
            {
                var key = m.Groups[1].Value;
                if (!prefixes.Contains(key[..key.IndexOf('.', StringComparison.Ordinal)])) continue;
                if (key.Contains("${", StringComparison.Ordinal))
                    Assert.True(en.Keys.Any(k => k.StartsWith(key[..key.IndexOf("${", StringComparison.Ordinal)], StringComparison.Ordinal)), $"no key for {key}");
                else named.Add(key);
            }
        }
        Assert.Equal(Array.Empty<string>(), named.Where(k => !en.ContainsKey(k) && !en.ContainsKey(k + "_other")).ToArray());
        Assert.True(named.Count > 150, $"only {named.Count} keys found: is the pattern still right?");
    }

    private static HashSet<string> Placeholders(string text) => Placeholder().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\{\{\s*(\w+)\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("data-i18n=\"([^\"]+)\"")]
    private static partial Regex DataI18n();

    [GeneratedRegex("data-i18n-attr=\"([^\"]+)\"")]
    private static partial Regex DataI18nAttr();

    [GeneratedRegex("[\"`]([a-z]+\\.[A-Za-z0-9.${}_-]+)[\"`]")]
    private static partial Regex KeyLiteral();

    [GeneratedRegex(@"\[""([a-z]{2,3})"", ""[^""]+""\]")]
    private static partial Regex PickerEntry();
}
