using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Tests.Geo;

/// <summary>
/// The position grammar (CoordinateParser) against independent answers: positions formatted in every notation parse
/// back to themselves, junk made by construction is refused, and on random near-valid strings the parser accepts
/// exactly what an independent regular expression of the documented grammar accepts, with the same value. The worked
/// cases are data (coordinate-cases.json, run by CoordinateParserTests and against the browser's copy of the parser).
/// </summary>
public sealed partial class CoordinateGrammarTests
{
    [Fact]
    public void Every_notation_and_variant_of_a_random_position_parses_back_to_it()
    {
        var random = new Random(20261207);
        for (var i = 0; i < 50_000; i++)
        {
            var expected = RandomPosition(random);
            var (text, tolerance) = PositionFormatter.Format(random, expected);

            var result = CoordinateParser.Parse(text);

            Assert.True(result.Success, $"'{text}' ({expected.Latitude}, {expected.Longitude}): {result.Error}");
            var back = result.Position!.Value;
            Assert.True(Math.Abs(back.Latitude - expected.Latitude) <= tolerance, $"'{text}' latitude {back.Latitude} vs {expected.Latitude}");
            Assert.True(Math.Abs(back.Longitude - expected.Longitude) <= tolerance, $"'{text}' longitude {back.Longitude} vs {expected.Longitude}");
        }
    }

    [Fact]
    public void Junk_made_from_valid_positions_is_always_refused()
    {
        var random = new Random(7180);
        const string foreign = "abcdfghijklmopqrtuvxyzABCDFGHIJKLMOPQRTUVXYZ#?!@%&()[]{}_=<>|~^$\\\0é";
        for (var i = 0; i < 50_000; i++)
        {
            var (text, _) = PositionFormatter.Format(random, RandomPosition(random));
            string junk;
            switch (i % 5)
            {
                case 0: // a character outside the grammar, anywhere
                    junk = text.Insert(random.Next(text.Length + 1), foreign[random.Next(foreign.Length)].ToString());
                    break;
                case 1: // scientific notation: an exponent on a number
                {
                    var numbers = NumberRegex().Matches(text);
                    var n = numbers[random.Next(numbers.Count)];
                    var exponent = (random.Next(2) == 0 ? "e" : "E") + (random.Next(3) switch { 0 => "-", 1 => "+", _ => "" }) + random.Next(1, 40);
                    junk = text.Insert(n.Index + n.Length, exponent);
                    break;
                }
                case 2: // the two coordinates glued together (no space, no separator)
                    junk = PositionFormatter.Glued(random, RandomPosition(random));
                    break;
                case 3: // a third hemisphere letter glued inside a number
                {
                    var numbers = NumberRegex().Matches(text);
                    var n = numbers[random.Next(numbers.Count)];
                    if (n.Length < 2) { i--; continue; }
                    junk = text.Insert(n.Index + 1 + random.Next(n.Length - 1), "NSEWnsew"[random.Next(8)].ToString());
                    break;
                }
                default: // a part out of range: minutes or seconds of 60 or more
                    junk = PositionFormatter.WithMinutes(random, 60 + random.Next(0, 40));
                    break;
            }

            var result = CoordinateParser.Parse(junk);

            Assert.False(result.Success, $"'{junk}' (from '{text}') parsed as {result.Position?.Latitude}, {result.Position?.Longitude}");
        }
    }

    [Fact]
    public void On_random_near_valid_strings_the_parser_accepts_exactly_what_the_grammar_describes()
    {
        var random = new Random(180180);
        var accepted = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var text = i % 2 == 0 ? RandomFragments(random) : Mutate(random, PositionFormatter.Format(random, RandomPosition(random)).Text);

            var parser = CoordinateParser.Parse(text);
            var oracle = GrammarOracle.Parse(text);

            Assert.True(parser.Success == oracle.HasValue,
                $"'{Escape(text)}': parser {(parser.Success ? $"accepted {parser.Position}" : $"refused ({parser.Error})")}, grammar {(oracle.HasValue ? "accepts" : "refuses")}");
            if (oracle is { } o)
            {
                accepted++;
                Assert.Equal(o.Latitude, parser.Position!.Value.Latitude, 9);
                Assert.Equal(o.Longitude, parser.Position!.Value.Longitude, 9);
            }
        }
        // The corpus must exercise both answers, or the comparison proves nothing.
        Assert.InRange(accepted, 20_000, 180_000);
    }

    private static GeoPosition RandomPosition(Random random) => random.Next(20) switch
    {
        0 => new GeoPosition(random.Next(2) == 0 ? 90 : -90, random.NextDouble() * 360 - 180),
        1 => new GeoPosition(random.NextDouble() * 180 - 90, random.Next(2) == 0 ? 180 : -180),
        2 => new GeoPosition(0, 0),
        _ => new GeoPosition(random.NextDouble() * 180 - 90, random.NextDouble() * 360 - 180),
    };

    private static string RandomFragments(Random random)
    {
        string[] fragments =
        [
            "8", "08", "114", "12.5", "30", "59.99", "60", "1234", "0", "180", "90.5", "7.", ".5", "1.2.3",
            "°", "º", "˚", "*", "'", "′", "’", "‘", "\"", "″", "”", "''", "´",
            "N", "S", "E", "W", "n", "s", "e", "w", "e3", "x",
            " ", " ", " ", "  ", "\u00a0", ",", ", ", ";", "/", "-", "+", "−",
        ];
        var sb = new StringBuilder();
        var count = random.Next(1, 12);
        for (var f = 0; f < count; f++) sb.Append(fragments[random.Next(fragments.Length)]);
        return sb.ToString();
    }

    private static string Mutate(Random random, string text)
    {
        const string alphabet = "0123456789.°'\"′″NSEWnsewe ,;/-+";
        var chars = new StringBuilder(text);
        var edits = random.Next(1, 3);
        for (var e = 0; e < edits && chars.Length > 0; e++)
        {
            var at = random.Next(chars.Length);
            switch (random.Next(3))
            {
                case 0: chars.Remove(at, 1); break;
                case 1: chars.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                default: chars[at] = alphabet[random.Next(alphabet.Length)]; break;
            }
        }
        return chars.ToString();
    }

    private static string Escape(string text) => text.Replace("\u00a0", "<nbsp>", StringComparison.Ordinal).Replace("\t", "<tab>", StringComparison.Ordinal);

    [GeneratedRegex("[0-9]+(?:\\.[0-9]+)?")]
    private static partial Regex NumberRegex();
}

/// <summary>Formats a position in one of the notations people use, chosen at random; returns the rounding tolerance.</summary>
internal static class PositionFormatter
{
    private static readonly string[] Degrees = ["°", "º", "˚", "*"];
    private static readonly string[] Minutes = ["'", "′", "’", "‘", "´", "ʹ"];
    private static readonly string[] Seconds = ["\"", "″", "”", "“", "˝", "ʺ", "''", "′′", "’’"];
    private static readonly string[] Separators = [" ", "  ", ", ", ",", "; ", " / ", "\u00a0", "\t", " , "];

    public static (string Text, double Tolerance) Format(Random random, GeoPosition p)
    {
        var notation = random.Next(3); // 0 decimal, 1 DDM, 2 DMS
        var decimals = random.Next(0, 7);
        var letters = random.Next(3); // 0 signed, 1 letters after, 2 letters before
        var units = random.Next(3) != 0;
        var lowercase = random.Next(4) == 0;
        var longitudeFirst = letters != 0 && random.Next(4) == 0;
        var separator = Separators[random.Next(Separators.Length)];
        if (!units && letters == 0 && notation != 0) separator = random.Next(2) == 0 ? ", " : "; ";
        var letterSpace = random.Next(2) == 0 ? "" : " ";
        var partSpace = units ? (random.Next(2) == 0 ? "" : " ") : " ";
        var leadingZeros = random.Next(2) == 0;
        var degreeSign = Degrees[random.Next(Degrees.Length)];
        var minuteSign = Minutes[random.Next(Minutes.Length)];
        var secondSign = Seconds[random.Next(Seconds.Length)];
        var lastUnit = units && random.Next(3) != 0;

        string Axis(double value, int width, char positive, char negative)
        {
            var abs = Math.Abs(value);
            var scale = Math.Pow(10, decimals);
            string body;
            switch (notation)
            {
                case 0:
                {
                    var text = abs.ToString("F" + decimals, CultureInfo.InvariantCulture);
                    if (leadingZeros) text = text.PadLeft(width + (decimals > 0 ? decimals + 1 : 0), '0');
                    body = text + (units && lastUnit ? degreeSign : "");
                    break;
                }
                case 1:
                {
                    var totalMinutes = Math.Round(abs * 60 * scale) / scale;
                    var deg = (int)Math.Floor(totalMinutes / 60);
                    var min = totalMinutes - deg * 60;
                    if (min < 0) min = 0;
                    body = Deg(deg, width) + (units ? degreeSign : "") + partSpace + Two(min) + (units && lastUnit ? minuteSign : "");
                    break;
                }
                default:
                {
                    var totalSeconds = Math.Round(abs * 3600 * scale) / scale;
                    var deg = (int)Math.Floor(totalSeconds / 3600);
                    var min = (int)Math.Floor((totalSeconds - deg * 3600) / 60);
                    var sec = totalSeconds - deg * 3600 - min * 60;
                    if (sec < 0) sec = 0;
                    body = Deg(deg, width) + (units ? degreeSign : "") + partSpace + min.ToString(leadingZeros ? "00" : "0", CultureInfo.InvariantCulture) +
                           (units ? minuteSign : "") + partSpace + Two(sec) + (units && lastUnit ? secondSign : "");
                    break;
                }
            }
            var letter = value < 0 ? negative : positive;
            if (lowercase) letter = char.ToLowerInvariant(letter);
            return letters switch
            {
                0 => (value < 0 ? (random.Next(2) == 0 ? "-" : "−") : random.Next(4) == 0 ? "+" : "") + body,
                1 => body + letterSpace + letter,
                _ => letter + letterSpace + body,
            };
        }

        string Deg(int deg, int width) => deg.ToString(leadingZeros ? new string('0', width) : "0", CultureInfo.InvariantCulture);

        string Two(double v)
        {
            var text = v.ToString("F" + decimals, CultureInfo.InvariantCulture);
            return leadingZeros && v < 10 ? "0" + text : text;
        }

        var lat = Axis(p.Latitude, 2, 'N', 'S');
        var lon = Axis(p.Longitude, 3, 'E', 'W');
        var text = (longitudeFirst ? lon + separator + lat : lat + separator + lon);
        if (random.Next(5) == 0) text = " " + text + " ";
        var unit = notation switch { 0 => 1.0, 1 => 1.0 / 60, _ => 1.0 / 3600 };
        return (text, unit * 0.5 / Math.Pow(10, decimals) + 1e-9);
    }

    /// <summary>Two coordinates with nothing between them: never one position.</summary>
    public static string Glued(Random random, GeoPosition p)
    {
        var lat = Math.Abs(p.Latitude).ToString("F" + random.Next(0, 4), CultureInfo.InvariantCulture);
        var lon = Math.Abs(p.Longitude).ToString("F" + random.Next(0, 4), CultureInfo.InvariantCulture);
        var ns = p.Latitude < 0 ? "S" : "N";
        var ew = p.Longitude < 0 ? "W" : "E";
        return random.Next(4) switch
        {
            0 => lat + ns + lon + ew,
            1 => ns + lat + ew + lon,
            2 => lat + "°" + ns + lon + "°" + ew,
            _ => lat + "°" + lon + "°",
        };
    }

    public static string WithMinutes(Random random, int minutes) => random.Next(2) == 0
        ? $"08°{minutes}.5'S 114°30.2'E"
        : $"8 12 {minutes}.5 S 114 30 12 E";
}

/// <summary>
/// The grammar of CoordinateParser's documentation written as one regular expression (an independent implementation),
/// with the arithmetic and range checks applied to its groups.
/// </summary>
internal static partial class GrammarOracle
{
    private const string Deg = "[°º˚*]";
    private const string Min = "['′’‘´ʹ](?!['′’´ʹ])";
    private const string Sec = "(?:[\"″”“˝ʺ]|['′’‘´ʹ]['′’´ʹ])";

    private static string Body(int k, bool degreeSignRequired)
    {
        var degreesThen = degreeSignRequired ? $"{Deg}\\s*" : $"(?:{Deg}\\s*|\\s+)";
        var degreesAlone = degreeSignRequired ? Deg : $"(?:{Deg})?";
        return $"(?:(?<d{k}>[0-9]{{1,3}}){degreesThen}(?<m{k}>[0-9]{{1,2}})(?:{Min}\\s*|\\s+)(?<s{k}>[0-9]{{1,2}}(?:\\.[0-9]+)?)(?:{Sec})?" +
               $"|(?<d{k}>[0-9]{{1,3}}){degreesThen}(?<m{k}>[0-9]{{1,2}}(?:\\.[0-9]+)?)(?:{Min})?" +
               $"|(?<d{k}>[0-9]{{1,3}}(?:\\.[0-9]+)?){degreesAlone})";
    }

    private static string Hemisphere(int k) => $"(?<h{k}>[NSEWnsew])";
    private static string Sign(int k) => $"(?<g{k}>[-+−])?";

    private static readonly Regex[] Grammar =
    [
        // With a separator: each side lettered (before or after) or signed.
        new($"^\\s*(?:{Hemisphere(1)}\\s*{Body(1, false)}|{Body(1, false)}\\s*{Hemisphere(1)})\\s*[,;/]\\s*(?:{Hemisphere(2)}\\s*{Body(2, false)}|{Body(2, false)}\\s*{Hemisphere(2)})\\s*$"),
        new($"^\\s*{Sign(1)}{Body(1, false)}\\s*[,;/]\\s*{Sign(2)}{Body(2, false)}\\s*$"),
        // Without one: letters before both, letters after both, degree signs on both, or two bare numbers.
        new($"^\\s*{Hemisphere(1)}\\s*{Body(1, false)}\\s+{Hemisphere(2)}\\s*{Body(2, false)}\\s*$"),
        new($"^\\s*{Body(1, false)}\\s*{Hemisphere(1)}\\s+{Body(2, false)}\\s*{Hemisphere(2)}\\s*$"),
        new($"^\\s*{Sign(1)}{Body(1, true)}\\s+{Sign(2)}{Body(2, true)}\\s*$"),
        new($"^\\s*{Sign(1)}(?<d1>[0-9]{{1,3}}(?:\\.[0-9]+)?)\\s+{Sign(2)}(?<d2>[0-9]{{1,3}}(?:\\.[0-9]+)?)\\s*$"),
    ];

    public static (double Latitude, double Longitude)? Parse(string text)
    {
        if (text.Length > CoordinateParser.MaxLength) return null;
        foreach (var grammar in Grammar)
        {
            var match = grammar.Match(text);
            if (!match.Success) continue;
            var first = Value(match, 1);
            var second = Value(match, 2);
            if (first is null || second is null) return null;
            var h1 = match.Groups["h1"].Success ? char.ToUpperInvariant(match.Groups["h1"].Value[0]) : (char?)null;
            var h2 = match.Groups["h2"].Success ? char.ToUpperInvariant(match.Groups["h2"].Value[0]) : (char?)null;
            var firstIsLatitude = h1 is null or 'N' or 'S';
            if (h1 is not null && firstIsLatitude == (h2 is 'N' or 'S')) return null;
            var (lat, lon) = firstIsLatitude ? (first.Value, second.Value) : (second.Value, first.Value);
            return lat is >= -90 and <= 90 && lon is >= -180 and <= 180 ? (lat, lon) : null;
        }
        return null;
    }

    private static double? Value(Match match, int k)
    {
        double Group(string name) => match.Groups[name + k].Success ? double.Parse(match.Groups[name + k].Value, CultureInfo.InvariantCulture) : 0;
        var (d, m, s) = (Group("d"), Group("m"), Group("s"));
        if (m >= 60 || s >= 60) return null;
        var value = d + m / 60 + s / 3600;
        var negative = match.Groups["g" + k].Value is "-" or "−" || match.Groups["h" + k].Value is "S" or "s" or "W" or "w";
        return negative ? -value : value;
    }
}
