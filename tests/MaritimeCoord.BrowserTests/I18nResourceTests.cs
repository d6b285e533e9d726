using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MaritimeCoord.Domain.Drift;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Domain.Jurisdiction;
using MaritimeCoord.Domain.Text;
using MaritimeCoord.Server.Features.Drift;
using MaritimeCoord.Server.Features.Incidents;
using MaritimeCoord.Server.Features.Jurisdiction;

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

    /// <summary>Every message code the server can send (the registries, enumerated) and every Leeway description key.</summary>
    private static List<string> ServerCodes() =>
        [.. IncidentMessages.All, .. JurisdictionMessages.All, .. ResponderMessages.All,
         .. LeewayClasses.All.Select(c => ObjectClassEndpoints.DescriptionKey(c.Key))];

    [Fact]
    public void Every_server_message_code_has_an_entry_in_every_language()
    {
        var codes = ServerCodes();
        Assert.True(codes.Count > 100, $"only {codes.Count} codes: are the registries still enumerated?");
        Assert.Contains(IncidentMessages.Assessment.ExplanationWithNotes, codes);
        Assert.Contains(JurisdictionMessages.InsideApproximate, codes);
        foreach (var language in Files())
        {
            var strings = Load(language);
            Assert.Equal(Array.Empty<string>(), codes.Where(c => !strings.ContainsKey(c)).Order(StringComparer.Ordinal).ToArray());
        }
    }

    /// <summary>
    /// en.json says each message exactly as the server's English text: an English user sees the same words whether
    /// the console renders the code or shows the text. Checked over every branch of the advice and random assessments.
    /// </summary>
    [Fact]
    public void English_renders_every_message_as_the_server_writes_it()
    {
        var en = Load("en");
        var random = new Random(16);
        var indicators = Enum.GetValues<DistressIndicator>();
        for (var n = 0; n < 500; n++)
        {
            var recorded = indicators.Where(_ => random.Next(4) == 0).ToHashSet();
            var pob = random.Next(3) == 0 ? null : new PersonsOnBoard(random.Next(60), null, random.Next(3) == 0 ? random.Next(5) : null,
                random.Next(3) == 0 ? random.Next(3) : null, random.Next(4) == 0 ? random.Next(2) : null);
            var phase = Enum.GetValues<IncidentPhase>()[random.Next(5)];
            var a = DistressAssessment.Assess(recorded, pob, phase);
            Assert.Equal(a.Explanation, Render(en, a.ExplanationMessage));
        }
        var alone = DistressAssessment.Assess(new HashSet<DistressIndicator> { DistressIndicator.RequestForAssistance },
            null, IncidentPhase.Uncertainty, DistressAssessmentPolicy.Default with { DistressFrom = 2 });
        Assert.Equal(IncidentMessages.Assessment.ExplanationWithNotes, alone.ExplanationMessage.Code);
        Assert.Equal(alone.Explanation, Render(en, alone.ExplanationMessage));

        var position = new GeoPosition(-8.2083, 114.5033);
        var own = new RegionProximity("IDN-SRR", "Indonesia SRR", "BASARNAS-IDN", "BASARNAS", "v1", true, true, 0);
        var other = own with { CentreCode = "JRCC-AUS", CentreName = "JRCC Australia", RegionName = "Australia SRR", Approximate = false };
        var seen = new HashSet<string>();
        foreach (var uncertain in new[] { false, true })
        {
            JurisdictionResult J(RegionProximity? r) => new(position, r, uncertain, [], []);
            var cases = new[]
            {
                HandoverAdvice.Advise("BASARNAS-IDN", IncidentPhase.Closed, J(own)),
                HandoverAdvice.Advise("BASARNAS-IDN", IncidentPhase.Alert, J(null)),
                HandoverAdvice.Advise("BASARNAS-IDN", IncidentPhase.Alert, J(own)),
                HandoverAdvice.Advise("BASARNAS-IDN", IncidentPhase.Alert, J(other), new HandoverOffer("BASARNAS-IDN", "JRCC-AUS", "op", "why", DateTimeOffset.UnixEpoch, null)),
                HandoverAdvice.Advise("BASARNAS-IDN", IncidentPhase.Alert, J(other), null, new AcceptedHandover("JRCC-AUS", DateTimeOffset.UnixEpoch)),
                HandoverAdvice.Advise("BASARNAS-IDN", IncidentPhase.Distress, J(other)),
            };
            foreach (var advice in cases)
            {
                Assert.Equal(advice.Explanation, Render(en, advice.ExplanationMessage));
                seen.Add(advice.ExplanationMessage.Code);
            }
            foreach (var region in new[] { null, own, other })
            {
                var dto = JurisdictionDto.From(J(region));
                Assert.Equal(dto.Note, Render(en, dto.NoteMessage!));
                seen.Add(dto.NoteMessage!.Code);
            }
        }
        foreach (var seconds in new[] { 0, 5, 59, 60, 61, 3599, 3600, 3661, 86399, 90061, 3_600_000 + 59 })
        {
            var span = TimeSpan.FromSeconds(seconds);
            Assert.Equal(ResponderEndpoints.FormatSpan(span), Render(en, ResponderMessages.Span(span)));
            seen.Add(ResponderMessages.Span(span).Code);
        }
        // Every advice, note and duration code was said at least once above.
        Assert.Empty(IncidentMessages.All.Where(c => c.StartsWith("handoverAdvice.", StringComparison.Ordinal))
            .Concat(JurisdictionMessages.All).Concat(ResponderMessages.All).Except(seen));

        foreach (var c in LeewayClasses.All)
            Assert.Equal(c.Description.TrimStart('>').Trim(), en[ObjectClassEndpoints.DescriptionKey(c.Key)]); // the API's description
    }

    /// <summary>The console's rendering (wwwroot/js/messages.js) in English, for comparing with the server's text.</summary>
    private static string Render(Dictionary<string, string> strings, Message message) =>
        Placeholder().Replace(strings[message.Code], m => Argument(strings, message.Args[m.Groups[1].Value]));

    private static string Argument(Dictionary<string, string> strings, object? value) => value switch
    {
        null => "",
        string s => s,
        int i => i.ToString("#,0", CultureInfo.InvariantCulture),
        double d => d.ToString("#,0.###", CultureInfo.InvariantCulture),
        Message m => Render(strings, m),
        IEnumerable<Message> list => string.Join("; ", list.Select(m => Render(strings, m))),
        MessagePosition p => new GeoPosition(p.Latitude, p.Longitude).ToString(),
        _ => throw new InvalidOperationException($"argument of type {value.GetType()}"),
    };

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
