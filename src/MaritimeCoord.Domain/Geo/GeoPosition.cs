using System.Globalization;

namespace MaritimeCoord.Domain.Geo;

/// <summary>A WGS84 position in decimal degrees. X = longitude, Y = latitude everywhere in this codebase.</summary>
public readonly record struct GeoPosition
{
    public GeoPosition(double latitude, double longitude)
    {
        if (!IsValidLatitude(latitude)) throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "Latitude must be within [-90, 90].");
        if (!IsValidLongitude(longitude)) throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Longitude must be within [-180, 180].");
        Latitude = latitude;
        Longitude = longitude;
    }

    public double Latitude { get; }
    public double Longitude { get; }

    // NaN fails both comparisons, so it is rejected here too.
    public static bool IsValidLatitude(double value) => value is >= -90 and <= 90;
    public static bool IsValidLongitude(double value) => value is >= -180 and <= 180;

    /// <summary>Degrees and decimal minutes as seafarers write them, e.g. <c>08°12.500'S 114°30.200'E</c>.</summary>
    public string ToDegreesDecimalMinutes() =>
        $"{FormatAxis(Latitude, 2, 'N', 'S')} {FormatAxis(Longitude, 3, 'E', 'W')}";

    private static string FormatAxis(double value, int degreeDigits, char positive, char negative)
    {
        var abs = Math.Abs(value);
        var degrees = (int)Math.Floor(abs);
        var minutes = Math.Round((abs - degrees) * 60, 3);
        if (minutes >= 60) { degrees += 1; minutes = 0; }
        var hemisphere = value < 0 ? negative : positive;
        return string.Create(CultureInfo.InvariantCulture,
            $"{degrees.ToString(new string('0', degreeDigits), CultureInfo.InvariantCulture)}°{minutes:00.000}'{hemisphere}");
    }

    public override string ToString() => ToDegreesDecimalMinutes();
}
