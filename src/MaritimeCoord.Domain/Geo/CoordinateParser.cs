using System.Globalization;

namespace MaritimeCoord.Domain.Geo;

/// <summary>
/// Parses a position typed by a person, by a small grammar that accepts the notations people write and nothing else
/// (docs/geodesy.md § Position notation). Liaison officers mostly write DDM (docs/domain.md), so that is the reference case.
/// Ambiguous input is refused rather than guessed: a wrong position sends a ship to the wrong sea.
/// <code>
/// position   = ws? coordinate ( ws? separator ws? | ws ) coordinate ws?        separator: , ; /
/// coordinate = hemisphere ws? body | body ws? hemisphere | sign? body         hemisphere: N S E W (either case)
/// body       = part ( (unit ws? | ws) part ){0,2} unit?                        parts: degrees, minutes, seconds
/// part       = digits ( "." digits )?                                          only the last part has decimals
/// </code>
/// Both coordinates carry a hemisphere letter or neither does (then: latitude first, signed). Without a separator the
/// split must be plain: letters before (or after) both coordinates, a degree sign on both, or exactly two bare numbers.
/// A hemisphere letter or a number glued to the other coordinate (<c>7s8e</c>, <c>1e3</c>) is refused, so scientific
/// notation can never be read as a position. Units follow their number directly: ° º ˚ * for degrees, ' ′ ’ ‘ ´ ʹ for
/// minutes, " ″ ” “ ˝ ʺ or two apostrophes for seconds. The browser's copy is wwwroot/js/geo.js (same grammar, same
/// messages): ConsoleScriptTests runs it in Node on the worked cases (coordinate-cases.json) and a random sample,
/// InputChecksTests in Chromium on a generated corpus, and both require this parser's answers.
/// </summary>
public static class CoordinateParser
{
    public const int MaxLength = 100;
    public const string DegreeSigns = "°º˚*";
    public const string MinuteSigns = "'′’‘´ʹ";
    public const string SecondSigns = "\"″”“˝ʺ";
    /// <summary>A minute sign followed by one of these is a seconds sign (<c>12''</c>).</summary>
    public const string SecondApostrophes = "'′’´ʹ";
    public const string Separators = ",;/";

    public static CoordinateParseResult Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return CoordinateParseResult.Fail("Position text is empty.");
        if (text.Length > MaxLength) return CoordinateParseResult.Fail($"Position text is longer than {MaxLength} characters.");

        if (!TryTokenise(text, out var tokens, out var error)) return CoordinateParseResult.Fail(error);
        if (!TrySplit(tokens, out var first, out var second, out error)) return CoordinateParseResult.Fail(error);
        if (!TryCoordinate(first, out var a, out error) || !TryCoordinate(second, out var b, out error))
            return CoordinateParseResult.Fail(error);

        if ((a.Hemisphere is null) != (b.Hemisphere is null))
            return CoordinateParseResult.Fail("Give a hemisphere letter (N/S, E/W) for both coordinates or for neither.");
        var firstAxis = AxisOf(a.Hemisphere);
        if (firstAxis is not null && firstAxis == AxisOf(b.Hemisphere))
            return CoordinateParseResult.Fail("Both coordinates name the same axis (two of N/S or two of E/W).");

        // Without hemisphere letters the convention is "latitude, longitude" (ISO 6709 order).
        var latitudeFirst = firstAxis is null or Axis.Latitude;
        var latitude = latitudeFirst ? a.Value : b.Value;
        var longitude = latitudeFirst ? b.Value : a.Value;

        if (!GeoPosition.IsValidLatitude(latitude)) return CoordinateParseResult.Fail("Latitude must be within 90° of the equator.");
        if (!GeoPosition.IsValidLongitude(longitude)) return CoordinateParseResult.Fail("Longitude must be within 180° of Greenwich.");
        return CoordinateParseResult.Ok(new GeoPosition(latitude, longitude));
    }

    private enum Axis { Latitude, Longitude }

    private enum Kind { Number, Sign, Degree, Minute, Second, Hemisphere, Separator }

    /// <summary><paramref name="SpaceBefore"/>: whitespace (or the start of the text) comes right before the token.</summary>
    private readonly record struct Token(Kind Kind, bool SpaceBefore, int Position, string Text = "", char Letter = '\0', bool Negative = false);

    private readonly record struct Coordinate(double Value, char? Hemisphere);

    private static Axis? AxisOf(char? hemisphere) => hemisphere switch
    {
        'N' or 'S' => Axis.Latitude,
        'E' or 'W' => Axis.Longitude,
        _ => null,
    };

    private static bool IsUnit(Kind kind) => kind is Kind.Degree or Kind.Minute or Kind.Second;

    private static bool TryTokenise(string text, out List<Token> tokens, out string error)
    {
        tokens = [];
        error = "";
        var space = true;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { space = true; i++; continue; }
            var at = i + 1;
            if (Separators.Contains(c, StringComparison.Ordinal)) { tokens.Add(new Token(Kind.Separator, space, at)); i++; }
            else if (DegreeSigns.Contains(c, StringComparison.Ordinal)) { tokens.Add(new Token(Kind.Degree, space, at)); i++; }
            else if (MinuteSigns.Contains(c, StringComparison.Ordinal))
            {
                var seconds = i + 1 < text.Length && SecondApostrophes.Contains(text[i + 1], StringComparison.Ordinal);
                tokens.Add(new Token(seconds ? Kind.Second : Kind.Minute, space, at));
                i += seconds ? 2 : 1;
            }
            else if (SecondSigns.Contains(c, StringComparison.Ordinal)) { tokens.Add(new Token(Kind.Second, space, at)); i++; }
            else if (char.ToUpperInvariant(c) is var upper && upper is 'N' or 'S' or 'E' or 'W' && c < 128)
            {
                if (i + 1 < text.Length && char.IsLetter(text[i + 1]))
                {
                    error = $"Unexpected word at character {at}; use N, S, E or W for hemispheres.";
                    return false;
                }
                tokens.Add(new Token(Kind.Hemisphere, space, at, Letter: upper));
                i++;
            }
            else if (c is '-' or '+' or '−')
            {
                tokens.Add(new Token(Kind.Sign, space, at, Negative: c != '+'));
                i++;
            }
            else if (char.IsAsciiDigit(c) || c == '.')
            {
                var start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                var wholeDigits = i - start;
                var fractionDigits = -1;
                if (i < text.Length && text[i] == '.')
                {
                    var fractionStart = ++i;
                    while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                    fractionDigits = i - fractionStart;
                }
                if (wholeDigits == 0 || fractionDigits == 0 || (i < text.Length && text[i] == '.'))
                {
                    while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
                    error = $"'{text[start..i]}' is not a number.";
                    return false;
                }
                tokens.Add(new Token(Kind.Number, space, at, text[start..i]));
                space = false;
                continue;
            }
            else
            {
                error = $"Unexpected character '{c}' at position {at}.";
                return false;
            }
            space = false;
        }
        return true;
    }

    private static bool TrySplit(List<Token> tokens, out List<Token> first, out List<Token> second, out string error)
    {
        first = [];
        second = [];
        error = "";
        var separators = tokens.Count(t => t.Kind == Kind.Separator);
        if (separators > 1)
        {
            error = "Expected a latitude and a longitude: use one comma (or ; or /) between them, no more.";
            return false;
        }
        int split;
        if (separators == 1)
        {
            var at = tokens.FindIndex(t => t.Kind == Kind.Separator);
            first = tokens[..at];
            second = tokens[(at + 1)..];
            if (first.Count == 0 || second.Count == 0)
            {
                error = $"Expected a latitude and a longitude, found {(first.Count + second.Count == 0 ? 0 : 1)} coordinate(s).";
                return false;
            }
            return true;
        }

        var hemispheres = tokens.Select((t, i) => (t, i)).Where(x => x.t.Kind == Kind.Hemisphere).Select(x => x.i).ToList();
        var degrees = tokens.Select((t, i) => (t, i)).Where(x => x.t.Kind == Kind.Degree).Select(x => x.i).ToList();
        var numbers = tokens.Select((t, i) => (t, i)).Where(x => x.t.Kind == Kind.Number).Select(x => x.i).ToList();
        if (hemispheres.Count > 0)
        {
            if (hemispheres.Count != 2)
            {
                error = hemispheres.Count == 1
                    ? "Give a hemisphere letter (N/S, E/W) for both coordinates or for neither."
                    : "Expected a latitude and a longitude: more than two hemisphere letters.";
                return false;
            }
            if (hemispheres[0] == 0 && hemispheres[1] != tokens.Count - 1) split = hemispheres[1];          // S 8 12.5 E 114 30.2
            else if (hemispheres[1] == tokens.Count - 1 && hemispheres[0] != 0) split = hemispheres[0] + 1; // 8 12.5 S 114 30.2 E
            else
            {
                error = "Put the hemisphere letter either before both coordinates or after both (or separate them with a comma).";
                return false;
            }
        }
        else if (degrees.Count > 0)
        {
            if (degrees.Count != 2 || degrees[1] < 1 || tokens[degrees[1] - 1].Kind != Kind.Number)
            {
                error = "Mark the degrees of both coordinates (°) or separate the coordinates with a comma.";
                return false;
            }
            split = degrees[1] - 1;
            if (split > 0 && tokens[split - 1].Kind == Kind.Sign) split--;
        }
        else
        {
            if (numbers.Count != 2)
            {
                error = numbers.Count < 2
                    ? $"Expected a latitude and a longitude, found {numbers.Count} coordinate(s)."
                    : "Without hemisphere letters or degree signs, separate the latitude and the longitude with a comma.";
                return false;
            }
            split = numbers[1];
            if (tokens[split - 1].Kind == Kind.Sign) split--;
        }
        if (split <= 0 || split >= tokens.Count)
        {
            error = "Expected a latitude and a longitude, found 1 coordinate(s).";
            return false;
        }
        if (!tokens[split].SpaceBefore)
        {
            error = $"Put a space or a comma between the latitude and the longitude (at character {tokens[split].Position}).";
            return false;
        }
        first = tokens[..split];
        second = tokens[split..];
        return true;
    }

    private static bool TryCoordinate(List<Token> tokens, out Coordinate coordinate, out string error)
    {
        coordinate = default;
        error = "";
        char? hemisphere = null;
        var from = 0;
        var to = tokens.Count;
        if (tokens[0].Kind == Kind.Hemisphere) { hemisphere = tokens[0].Letter; from = 1; }
        if (to - from > 0 && tokens[to - 1].Kind == Kind.Hemisphere)
        {
            if (hemisphere is not null) { error = "Two hemisphere letters for one coordinate."; return false; }
            hemisphere = tokens[to - 1].Letter;
            to--;
        }
        var negative = false;
        if (from < to && tokens[from].Kind == Kind.Sign)
        {
            if (hemisphere is not null) { error = "Use either a minus sign or a hemisphere letter, not both."; return false; }
            if (from + 1 >= to || tokens[from + 1].Kind != Kind.Number || tokens[from + 1].SpaceBefore)
            {
                error = $"A sign must be followed directly by a number (character {tokens[from].Position}).";
                return false;
            }
            negative = tokens[from].Negative;
            from++;
        }
        if (from >= to) { error = "A hemisphere letter has no number."; return false; }

        var parts = new List<(string Digits, Kind? Unit)>();
        for (var i = from; i < to; i++)
        {
            var token = tokens[i];
            switch (token.Kind)
            {
                case Kind.Number:
                    if (parts.Count > 0 && parts[^1].Unit is null && !token.SpaceBefore)
                    {
                        error = $"Unexpected number at character {token.Position}.";
                        return false;
                    }
                    Kind? unit = null;
                    if (i + 1 < to && IsUnit(tokens[i + 1].Kind))
                    {
                        if (tokens[i + 1].SpaceBefore)
                        {
                            error = $"Write the unit sign right after its number (character {tokens[i + 1].Position}).";
                            return false;
                        }
                        unit = tokens[++i].Kind;
                    }
                    parts.Add((token.Text, unit));
                    break;
                case Kind.Hemisphere:
                    error = $"A hemisphere letter goes before or after a coordinate, not inside it (character {token.Position}).";
                    return false;
                case Kind.Sign:
                    error = $"A minus sign may only precede the degrees (character {token.Position}).";
                    return false;
                default:
                    error = $"A unit symbol (°, ' or \") must follow a number (character {token.Position}).";
                    return false;
            }
        }
        if (parts.Count > 3) { error = "A coordinate has at most degrees, minutes and seconds."; return false; }

        var values = new double[3];
        for (var p = 0; p < parts.Count; p++)
        {
            var (digits, unit) = parts[p];
            var expected = p switch { 0 => Kind.Degree, 1 => Kind.Minute, _ => Kind.Second };
            if (unit is not null && unit != expected) { error = "Degrees, minutes and seconds are out of order."; return false; }
            var dot = digits.IndexOf('.', StringComparison.Ordinal);
            if (dot >= 0 && p != parts.Count - 1) { error = "Only the last part of a coordinate may have decimals."; return false; }
            var whole = dot >= 0 ? dot : digits.Length;
            if (whole > (p == 0 ? 3 : 2))
            {
                error = p == 0 ? "Degrees have at most three digits." : p == 1 ? "Minutes have at most two digits." : "Seconds have at most two digits.";
                return false;
            }
            values[p] = double.Parse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        }
        if (values[1] >= 60) { error = "Minutes must be less than 60."; return false; }
        if (values[2] >= 60) { error = "Seconds must be less than 60."; return false; }

        var value = values[0] + values[1] / 60 + values[2] / 3600;
        if (negative || hemisphere is 'S' or 'W') value = -value;
        coordinate = new Coordinate(value, hemisphere);
        return true;
    }
}

public sealed record CoordinateParseResult(GeoPosition? Position, string? Error)
{
    public bool Success => Position is not null;
    public static CoordinateParseResult Ok(GeoPosition position) => new(position, null);
    public static CoordinateParseResult Fail(string error) => new(null, error);
}
