using System.Globalization;
using System.Text.RegularExpressions;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Sightings;

namespace MaritimeCoord.Domain.Intake;

/// <summary>Why a report cannot become a sighting without a person looking at it (codes are the API's).</summary>
public static class ReviewReasons
{
    public const string NoPosition = "noPosition";
    public const string SeveralPositions = "severalPositions";
    public const string InvalidPosition = "invalidPosition";
    public const string NullIsland = "nullIsland";
    public const string ConflictingPersonsOnBoard = "conflictingPersonsOnBoard";
    /// <summary>Added at the edge (PostGIS land_areas), never here: the domain does no I/O.</summary>
    public const string PositionOnLand = "positionOnLand";
}

/// <summary>What a free-text report says, or why it needs review. <see cref="Notes"/> explain each reason to the operator.</summary>
public sealed record ReportDraft(
    GeoPosition? Position,
    string? PositionText,
    int? PersonsOnBoard,
    string? BoatDescription,
    BoatCondition Condition,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> Notes)
{
    public bool NeedsReview => Reasons.Count > 0;
}

/// <summary>
/// One parser for reports that arrive as free text (e-mail, SMS, satellite messengers): a position, persons on board, a
/// boat description and its condition (docs/intake.md § Formats). Pure: the land check is the caller's.
/// <para>
/// A position is only taken from text that says it is one: a <c>Lat … Lon …</c> (or Latitude/Longitude, Lintang/Bujur)
/// label, a map link or <c>geo:</c> URI, or a coordinate pair in the sighting form's grammar (CoordinateParser) that
/// carries hemisphere letters or degree signs on both coordinates. Bare numbers are never a position: phone numbers,
/// times, dates and reference numbers are digits too, and a wrong position sends a ship to the wrong sea.
/// </para>
/// </summary>
public static partial class ReportParser
{
    public const int MaxLength = 4000;

    // Positions found twice (an Iridium GO message repeats its fix in the map link) agree to far better than this (~50 m).
    private const double SamePositionDegrees = 0.0005;

    public static ReportDraft Parse(string? text)
    {
        var reasons = new List<string>();
        var notes = new List<string>();
        text ??= "";
        if (text.Length > MaxLength) text = text[..MaxLength];
        var normalised = Normalise(text);

        var (position, positionText) = FindPosition(normalised, reasons, notes);
        var pob = FindPersonsOnBoard(normalised, reasons, notes);
        var description = DescribeBoat(normalised);
        var condition = FindCondition(normalised);
        return new ReportDraft(position, positionText, pob, description, condition, reasons, notes);
    }

    /// <summary>Indonesian hemisphere abbreviations (LU/LS lintang utara/selatan, BT/BB bujur timur/barat) after a number become N/S/E/W.</summary>
    private static string Normalise(string text) =>
        IndonesianHemisphere().Replace(text, m => m.Groups[2].Value.ToUpperInvariant() switch
        {
            "LU" => m.Groups[1].Value + "N",
            "LS" => m.Groups[1].Value + "S",
            "BT" => m.Groups[1].Value + "E",
            _ => m.Groups[1].Value + "W",
        });

    private readonly record struct Candidate(GeoPosition Position, string Text);

    private static (GeoPosition?, string?) FindPosition(string text, List<string> reasons, List<string> notes)
    {
        var found = new List<Candidate>();
        var invalid = new List<string>();
        var covered = new bool[text.Length];

        void Try(Match m, string candidateText)
        {
            for (var i = m.Index; i < m.Index + m.Length; i++) covered[i] = true;
            var parsed = CoordinateParser.Parse(candidateText);
            if (parsed.Success) found.Add(new Candidate(parsed.Position!.Value, m.Value.Trim()));
            else invalid.Add($"'{Shorten(m.Value.Trim())}': {parsed.Error}");
        }

        foreach (Match m in LabelledPosition().Matches(text)) Try(m, m.Groups["lat"].Value + ", " + m.Groups["lon"].Value);
        foreach (Match m in MapLink().Matches(text)) Try(m, m.Groups["lat"].Value + ", " + m.Groups["lon"].Value);
        // "Position: -8.2083, 114.5033": the label vouches for bare numbers, but only when all that follows it on the line
        // (up to a word) is one position in the form's grammar; never a prefix of it.
        foreach (Match m in PositionLabel().Matches(text))
        {
            var parsed = CoordinateParser.Parse(m.Groups["p"].Value.Trim().TrimEnd(',', ';', '/', '.').Trim());
            if (parsed.Success) found.Add(new Candidate(parsed.Position!.Value, m.Groups["p"].Value.Trim()));
        }
        foreach (var regex in new[] { HemispheresBefore(), HemispheresAfter(), DegreeSigns() })
            foreach (Match m in regex.Matches(text))
                if (!Enumerable.Range(m.Index, m.Length).Any(i => covered[i])) Try(m, m.Value);

        var distinct = new List<Candidate>();
        foreach (var c in found)
            if (!distinct.Any(d => Math.Abs(d.Position.Latitude - c.Position.Latitude) <= SamePositionDegrees &&
                                   Math.Abs(d.Position.Longitude - c.Position.Longitude) <= SamePositionDegrees))
                distinct.Add(c);

        if (distinct.Count > 1)
        {
            reasons.Add(ReviewReasons.SeveralPositions);
            notes.Add("The report gives several different positions: " + string.Join("; ", distinct.Select(d => $"'{Shorten(d.Text)}' ({d.Position})")) + ".");
            return (null, null);
        }
        if (distinct.Count == 1)
        {
            var only = distinct[0];
            if (PositionWarnings.IsNullIsland(only.Position))
            {
                reasons.Add(ReviewReasons.NullIsland);
                notes.Add("The position is 0°N 0°E: a messenger without a GPS fix sends this.");
                return (null, null);
            }
            return (only.Position, only.Text);
        }
        if (invalid.Count > 0)
        {
            reasons.Add(ReviewReasons.InvalidPosition);
            notes.Add("Something like a position could not be read: " + string.Join("; ", invalid) + ".");
            return (null, null);
        }
        reasons.Add(ReviewReasons.NoPosition);
        notes.Add("No position found (give one as e.g. S 8 12.5 E 114 30.2, 08°12.5'S 114°30.2'E or Lat -8.2083 Lon 114.5033).");
        return (null, null);
    }

    private static int? FindPersonsOnBoard(string text, List<string> reasons, List<string> notes)
    {
        var values = new List<int>();
        foreach (var regex in new[] { PobBefore(), PobAfter() })
            foreach (Match m in regex.Matches(text))
                if (int.TryParse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= SightingRules.Default.MaxPersonsOnBoard)
                    values.Add(n);
        var distinct = values.Distinct().ToList();
        if (distinct.Count > 1)
        {
            reasons.Add(ReviewReasons.ConflictingPersonsOnBoard);
            notes.Add($"The report gives different numbers of persons on board: {string.Join(", ", distinct)}.");
            return null;
        }
        return distinct.Count == 1 ? distinct[0] : null;
    }

    private static readonly (string Word, string Colour)[] Colours =
    [
        ("blue", "blue"), ("biru", "blue"), ("red", "red"), ("merah", "red"), ("white", "white"), ("putih", "white"),
        ("green", "green"), ("hijau", "green"), ("yellow", "yellow"), ("kuning", "yellow"), ("black", "black"), ("hitam", "black"),
        ("grey", "grey"), ("gray", "grey"), ("orange", "orange"), ("oranye", "orange"), ("brown", "brown"), ("coklat", "brown"),
    ];

    private static readonly (string Word, string Material)[] Materials =
    [
        ("wooden", "wooden"), ("wood", "wooden"), ("kayu", "wooden"), ("fibreglass", "fibreglass"), ("fiberglass", "fibreglass"),
        ("grp", "fibreglass"), ("steel", "steel"), ("besi", "steel"), ("rubber", "rubber"), ("inflatable", "rubber"), ("karet", "rubber"),
        ("aluminium", "aluminium"), ("aluminum", "aluminium"),
    ];

    private static readonly (string Word, string Kind)[] Kinds =
    [
        ("fishing boat", "fishing boat"), ("kapal nelayan", "fishing boat"), ("perahu", "boat"), ("kapal", "boat"), ("dinghy", "dinghy"),
        ("canoe", "canoe"), ("outrigger", "outrigger"), ("jukung", "outrigger"), ("raft", "raft"), ("yacht", "yacht"),
    ];

    /// <summary>"blue wooden boat, about 12 m" from the words the report uses; null when it names none.</summary>
    private static string? DescribeBoat(string text)
    {
        var words = Words().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToList();
        var joined = " " + string.Join(' ', words) + " ";
        var colours = Colours.Where(c => words.Contains(c.Word)).Select(c => c.Colour).Distinct().ToList();
        var material = Materials.FirstOrDefault(m => words.Contains(m.Word)).Material;
        var kind = Kinds.FirstOrDefault(k => joined.Contains(" " + k.Word + " ", StringComparison.Ordinal)).Kind;
        string? length = null;
        var lm = BoatLength().Match(text);
        if (lm.Success && double.TryParse(lm.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            var metres = lm.Groups["unit"].Value.StartsWith('f') || lm.Groups["unit"].Value.StartsWith('F') ? value * 0.3048 : value;
            if (metres is >= 2 and <= 150) length = string.Create(CultureInfo.InvariantCulture, $"about {metres:0.#} m");
        }
        if (colours.Count == 0 && material is null && kind is null && length is null) return null;
        var head = string.Join(' ', colours.Append(material).Append(kind ?? "boat").Where(s => s is not null));
        return length is null ? head : $"{head}, {length}";
    }

    private static readonly (string Phrase, BoatCondition Condition)[] Conditions =
    [
        ("capsized", BoatCondition.Capsized), ("terbalik", BoatCondition.Capsized),
        ("sinking", BoatCondition.Sinking), ("tenggelam", BoatCondition.Sinking),
        ("taking water", BoatCondition.TakingWater), ("taking on water", BoatCondition.TakingWater), ("bocor", BoatCondition.TakingWater),
        ("engine failure", BoatCondition.Disabled), ("engine fail", BoatCondition.Disabled), ("disabled", BoatCondition.Disabled),
        ("adrift", BoatCondition.Disabled), ("mesin mati", BoatCondition.Disabled), ("mati mesin", BoatCondition.Disabled),
        ("overloaded", BoatCondition.Overloaded), ("penuh", BoatCondition.Overloaded),
    ];

    /// <summary>The gravest condition the report names (the list is ordered gravest first).</summary>
    private static BoatCondition FindCondition(string text)
    {
        var joined = " " + string.Join(' ', Words().Matches(text).Select(m => m.Value.ToLowerInvariant())) + " ";
        foreach (var (phrase, condition) in Conditions)
            if (joined.Contains(" " + phrase + " ", StringComparison.Ordinal)) return condition;
        return BoatCondition.Unknown;
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "…";

    // One coordinate body of CoordinateParser's grammar; decimals only on the last part, a unit or a space between parts,
    // never followed by more digits (so a longer number is never cut into a coordinate).
    private const string Deg = "[°º˚*]";
    private const string Min = "(?:['′’‘´ʹ](?!['′’´ʹ]))";
    private const string Sec = "(?:''|['′’´ʹ]['′’´ʹ]|[\"″”“˝ʺ])";
    private const string Body =
        $@"(?:\d{{1,3}}(?:{Deg}\s*|\s+)\d{{1,2}}(?:{Min}\s*|\s+)\d{{1,2}}(?:\.\d+)?{Sec}?" +
        $@"|\d{{1,3}}(?:{Deg}\s*|\s+)\d{{1,2}}(?:\.\d+)?{Min}?" +
        $@"|\d{{1,3}}(?:\.\d+)?{Deg}?)(?![\d.]\d)";
    // A coordinate whose degrees carry their sign.
    private const string DegreeBody =
        $@"(?:\d{{1,3}}{Deg}\s*\d{{1,2}}(?:{Min}\s*|\s+)\d{{1,2}}(?:\.\d+)?{Sec}?|\d{{1,3}}{Deg}\s*\d{{1,2}}(?:\.\d+)?{Min}?|\d{{1,3}}(?:\.\d+)?{Deg})(?![\d.]\d)";
    private const string Sep = @"\s*[,;/]?\s*";
    private const string CountWords = "people|persons|pax|souls|orang|jiwa|penumpang|passengers|migrants|adults";
    // "S 8 12 E 114 30 40 people": the 40 is a head count, not seconds of longitude.
    private const string NotACount = $@"(?!\s*(?:{CountWords})\b)";

    [GeneratedRegex($@"(?<![A-Za-z0-9])[NSns]\s?{Body}{Sep}[EWew]\s?{Body}{NotACount}(?![A-Za-z0-9])|(?<![A-Za-z0-9])[EWew]\s?{Body}{Sep}[NSns]\s?{Body}{NotACount}(?![A-Za-z0-9])")]
    private static partial Regex HemispheresBefore();

    [GeneratedRegex($@"(?<![A-Za-z0-9.])(?:{Body}\s?[NSns]{Sep}{Body}\s?[EWew]|{Body}\s?[EWew]{Sep}{Body}\s?[NSns])(?![A-Za-z0-9])")]
    private static partial Regex HemispheresAfter();

    [GeneratedRegex($@"(?<![A-Za-z0-9.])[-+−]?{DegreeBody}{Sep}[-+−]?{DegreeBody}{NotACount}(?![A-Za-z0-9])")]
    private static partial Regex DegreeSigns();

    // Iridium GO "Lat+35.777135 Lon+14.291735", inReach "Lat 12.5 Lon 114.5", SPOT "Latitude:-8.2 Longitude:114.5",
    // Indonesian "Lintang … Bujur …", and the lat=…&lon=… of a map link.
    [GeneratedRegex($@"(?<![A-Za-z])(?:lat(?:itude)?|lintang)\s*[:=]?\s*(?<lat>[-+−]?{Body}(?:\s?[NSns](?![A-Za-z]))?)\s*[,;&]?\s*(?:lon(?:g(?:itude)?)?|lng|bujur)\s*[:=]?\s*(?<lon>[-+−]?{Body}(?:\s?[EWew](?![A-Za-z]))?){NotACount}", RegexOptions.IgnoreCase)]
    private static partial Regex LabelledPosition();

    // Google Maps (?q=, ?query=, ?ll=, /@lat,lon, /place/lat,lon, /search/lat,lon) and geo: URIs (RFC 5870).
    [GeneratedRegex(@"(?:(?:google\.[a-z.]+/maps|maps\.google\.[a-z.]+|maps\.app\.goo\.gl)\S*?(?:[?&](?:q|query|ll|daddr|center)=(?:loc:)?|/@|/place/|/search/)|geo:)(?<lat>[-+]?\d{1,2}(?:\.\d+)?)(?:,|%2C)(?:\+|%20)?(?<lon>[-+]?\d{1,3}(?:\.\d+)?)(?![\d])", RegexOptions.IgnoreCase)]
    private static partial Regex MapLink();

    [GeneratedRegex(@"(?<![A-Za-z])(?:position|pos|posisi|koordinat|coordinates?|location|loc)\s*[:=]?\s*(?<p>[-+−]?\d[^\r\nA-DF-MO-RT-VX-Za-df-mo-rt-vx-z]{0,80})", RegexOptions.IgnoreCase)]
    private static partial Regex PositionLabel();

    [GeneratedRegex(@"\b(?:POB|persons? on board|people on board|souls on board|SOB)\s*[:=]?\s*(?<n>\d{1,4})\b", RegexOptions.IgnoreCase)]
    private static partial Regex PobBefore();

    [GeneratedRegex($@"(?<![\d.:/+-])(?<n>\d{{1,4}})[ \t]*(?:{CountWords})\b", RegexOptions.IgnoreCase)]
    private static partial Regex PobAfter();

    [GeneratedRegex(@"(?<!alt\S{0,3}\s?)(?<![\d.])(?<n>\d{1,3}(?:\.\d)?)\s?(?<unit>m|metres?|meters?|meter|ft|feet)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BoatLength();

    [GeneratedRegex(@"([\d°º˚*'′’‘´ʹ""″”“˝ʺ]\s?)(LU|LS|BT|BB)(?![A-Za-z])", RegexOptions.IgnoreCase)]
    private static partial Regex IndonesianHemisphere();

    [GeneratedRegex(@"[A-Za-z]+")]
    private static partial Regex Words();
}
