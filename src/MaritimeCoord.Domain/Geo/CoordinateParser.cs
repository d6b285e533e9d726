using System.Globalization;

namespace MaritimeCoord.Domain.Geo;

/// <summary>
/// Parses a position typed by a person in any common notation: decimal degrees (<c>-8.2083, 114.5033</c>),
/// degrees and decimal minutes (<c>08°12.5'S 114°30.2'E</c>, <c>S 08 12.5 E 114 30.2</c>) and degrees, minutes and
/// seconds (<c>8°12'30"S 114°30'12"E</c>). Liaison officers mostly write DDM (DOMAIN.md), so that is the reference case.
/// Ambiguous input is refused rather than guessed: a wrong position sends a ship to the wrong sea.
/// </summary>
public static class CoordinateParser
{
    public static CoordinateParseResult Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return CoordinateParseResult.Fail("Position text is empty.");
        if (text.Length > 100) return CoordinateParseResult.Fail("Position text is longer than 100 characters.");

        if (!TryTokenise(text, out var tokens, out var error)) return CoordinateParseResult.Fail(error);
        if (!TrySplitComponents(tokens, out var components, out error)) return CoordinateParseResult.Fail(error);
        if (components.Count != 2)
            return CoordinateParseResult.Fail($"Expected a latitude and a longitude, found {components.Count} coordinate(s).");

        var first = components[0];
        var second = components[1];
        if (!TryEvaluate(first, out var firstValue, out error) || !TryEvaluate(second, out var secondValue, out error))
            return CoordinateParseResult.Fail(error);

        var firstAxis = AxisOf(first.Hemisphere);
        var secondAxis = AxisOf(second.Hemisphere);
        if (firstAxis is not null && firstAxis == secondAxis)
            return CoordinateParseResult.Fail("Both coordinates name the same axis (two of N/S or two of E/W).");

        // Without hemisphere letters the convention is "latitude, longitude" (ISO 6709 order).
        var latitudeFirst = firstAxis switch
        {
            Axis.Latitude => true,
            Axis.Longitude => false,
            _ => secondAxis != Axis.Latitude,
        };
        var latitude = latitudeFirst ? firstValue : secondValue;
        var longitude = latitudeFirst ? secondValue : firstValue;

        if (!GeoPosition.IsValidLatitude(latitude)) return CoordinateParseResult.Fail("Latitude must be within 90° of the equator.");
        if (!GeoPosition.IsValidLongitude(longitude)) return CoordinateParseResult.Fail("Longitude must be within 180° of Greenwich.");
        return CoordinateParseResult.Ok(new GeoPosition(latitude, longitude));
    }

    private enum Axis { Latitude, Longitude }

    private enum TokenKind { Number, Degree, Minute, Second, Hemisphere, Separator }

    private readonly record struct Token(TokenKind Kind, double Value = 0, bool HasFraction = false, bool Negative = false, char Letter = '\0');

    private sealed class Component
    {
        public List<(double Value, bool HasFraction, TokenKind? Unit)> Parts { get; } = [];
        public char? Hemisphere { get; set; }
        public bool Negative { get; set; }
        public bool HemisphereFirst { get; set; }
        public bool IsEmpty => Parts.Count == 0;
    }

    private static Axis? AxisOf(char? hemisphere) => hemisphere switch
    {
        'N' or 'S' => Axis.Latitude,
        'E' or 'W' => Axis.Longitude,
        _ => null,
    };

    private static bool TryTokenise(string text, out List<Token> tokens, out string error)
    {
        tokens = [];
        error = "";
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is ',' or ';' or '/') { tokens.Add(new Token(TokenKind.Separator)); i++; continue; }
            if (c is '°' or 'º' or '˚' or '*') { tokens.Add(new Token(TokenKind.Degree)); i++; continue; }
            if (c is '\'' or '′' or '’' or '‘')
            {
                // Two apostrophes are often typed for seconds.
                if (i + 1 < text.Length && text[i + 1] is '\'' or '′' or '’') { tokens.Add(new Token(TokenKind.Second)); i += 2; continue; }
                tokens.Add(new Token(TokenKind.Minute)); i++; continue;
            }
            if (c is '"' or '″' or '”' or '“') { tokens.Add(new Token(TokenKind.Second)); i++; continue; }
            var upper = char.ToUpperInvariant(c);
            if (upper is 'N' or 'S' or 'E' or 'W')
            {
                if (i + 1 < text.Length && char.IsLetter(text[i + 1]))
                {
                    error = $"Unexpected word at character {i + 1}; use N, S, E or W for hemispheres.";
                    return false;
                }
                tokens.Add(new Token(TokenKind.Hemisphere, Letter: upper)); i++; continue;
            }
            if (char.IsAsciiDigit(c) || c is '-' or '+' or '−' or '.')
            {
                var start = i;
                var negative = false;
                if (c is '-' or '+' or '−') { negative = c is '-' or '−'; i++; }
                var numberStart = i;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
                var digits = text[numberStart..i];
                if (digits.Length == 0 || digits.Count(ch => ch == '.') > 1 || digits == "." ||
                    !double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ||
                    !double.IsFinite(value))
                {
                    error = $"'{text[start..Math.Max(i, start + 1)]}' is not a number.";
                    return false;
                }
                tokens.Add(new Token(TokenKind.Number, value, digits.Contains('.', StringComparison.Ordinal), negative));
                continue;
            }
            error = $"Unexpected character '{c}' at position {i + 1}.";
            return false;
        }
        return true;
    }

    private static bool TrySplitComponents(List<Token> tokens, out List<Component> components, out string error)
    {
        var found = new List<Component>();
        components = found;
        error = "";
        var current = new Component();

        void Close()
        {
            if (!current.IsEmpty || current.Hemisphere is not null) found.Add(current);
            current = new Component();
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            switch (token.Kind)
            {
                case TokenKind.Separator:
                    Close();
                    break;
                case TokenKind.Hemisphere:
                    if (current.IsEmpty)
                    {
                        if (current.Hemisphere is not null) { error = "Two hemisphere letters in a row."; return false; }
                        current.Hemisphere = token.Letter;
                        current.HemisphereFirst = true;
                    }
                    else if (current.HemisphereFirst)
                    {
                        // "S 08 12.5 E 114 30.2": a leading letter opens the next coordinate.
                        Close();
                        current.Hemisphere = token.Letter;
                        current.HemisphereFirst = true;
                    }
                    else
                    {
                        current.Hemisphere = token.Letter;
                        Close();
                    }
                    break;
                case TokenKind.Number:
                    var unit = i + 1 < tokens.Count && tokens[i + 1].Kind is TokenKind.Degree or TokenKind.Minute or TokenKind.Second
                        ? tokens[i + 1].Kind
                        : (TokenKind?)null;
                    if (!current.IsEmpty && StartsNewComponent(current, unit, token)) Close();
                    if (token.Negative)
                    {
                        if (!current.IsEmpty) { error = "A minus sign may only precede the degrees."; return false; }
                        current.Negative = true;
                    }
                    current.Parts.Add((token.Value, token.HasFraction, unit));
                    if (unit is not null) i++;
                    break;
                default:
                    error = "A unit symbol (°, ' or \") must follow a number.";
                    return false;
            }
        }
        Close();
        return true;
    }

    // Decides, without separators, whether a number begins the second coordinate ("-8.2083 114.5033", "8°12.5' 114°30.2'").
    private static bool StartsNewComponent(Component current, TokenKind? unit, Token token)
    {
        var last = current.Parts[^1];
        if (last.HasFraction) return true;                 // only the last part of a coordinate may have a fraction
        if (unit == TokenKind.Degree) return true;         // a second degrees value
        if (token.Negative) return true;
        if (current.Parts.Count == 3) return true;
        return last.Unit == TokenKind.Second;
    }

    private static bool TryEvaluate(Component component, out double value, out string error)
    {
        value = 0;
        error = "";
        if (component.IsEmpty) { error = "A hemisphere letter has no number."; return false; }
        if (component.Negative && component.Hemisphere is not null)
        {
            error = "Use either a minus sign or a hemisphere letter, not both.";
            return false;
        }

        double degrees = 0, minutes = 0, seconds = 0;
        var parts = component.Parts;
        for (var p = 0; p < parts.Count; p++)
        {
            var (partValue, hasFraction, unit) = parts[p];
            if (hasFraction && p != parts.Count - 1) { error = "Only the last part of a coordinate may have decimals."; return false; }
            var expected = p switch { 0 => TokenKind.Degree, 1 => TokenKind.Minute, _ => TokenKind.Second };
            if (unit is not null && unit != expected) { error = "Degrees, minutes and seconds are out of order."; return false; }
            switch (p)
            {
                case 0: degrees = partValue; break;
                case 1: minutes = partValue; break;
                default: seconds = partValue; break;
            }
        }
        if (parts.Count >= 2 && degrees != Math.Floor(degrees)) { error = "Degrees must be whole when minutes are given."; return false; }
        if (minutes >= 60) { error = "Minutes must be less than 60."; return false; }
        if (seconds >= 60) { error = "Seconds must be less than 60."; return false; }

        value = degrees + minutes / 60 + seconds / 3600;
        if (component.Negative || component.Hemisphere is 'S' or 'W') value = -value;
        return true;
    }
}

public sealed record CoordinateParseResult(GeoPosition? Position, string? Error)
{
    public bool Success => Position is not null;
    public static CoordinateParseResult Ok(GeoPosition position) => new(position, null);
    public static CoordinateParseResult Fail(string error) => new(null, error);
}
