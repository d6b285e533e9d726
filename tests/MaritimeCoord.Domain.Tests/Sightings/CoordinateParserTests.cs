using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Tests.Sightings;

public sealed class CoordinateParserTests
{
    [Theory]
    [InlineData("08°12.5'S 114°30.2'E", -8.208333, 114.503333)]
    [InlineData("08°12.5′S 114°30.2′E", -8.208333, 114.503333)]
    [InlineData("8 12.5 S 114 30.2 E", -8.208333, 114.503333)]
    [InlineData("S 08 12.5 E 114 30.2", -8.208333, 114.503333)]
    [InlineData("S08°12.5' E114°30.2'", -8.208333, 114.503333)]
    [InlineData("114°30.2'E 08°12.5'S", -8.208333, 114.503333)]
    [InlineData("8°12'30\"S 114°30'12\"E", -8.208333, 114.503333)]
    [InlineData("-8.208333, 114.503333", -8.208333, 114.503333)]
    [InlineData("-8.208333 114.503333", -8.208333, 114.503333)]
    [InlineData("8.208333S 114.503333E", -8.208333, 114.503333)]
    [InlineData("12°N 179°59.9'W", 12.0, -179.998333)]
    [InlineData("0°00.0'N 0°00.0'E", 0.0, 0.0)]
    [InlineData("90S 180E", -90.0, 180.0)]
    [InlineData("6° 27.0' N, 097° 21.0' E", 6.45, 97.35)]
    public void Parses_positions_in_the_notations_liaison_officers_use(string text, double latitude, double longitude)
    {
        var result = CoordinateParser.Parse(text);

        Assert.True(result.Success, result.Error);
        Assert.Equal(latitude, result.Position!.Value.Latitude, 5);
        Assert.Equal(longitude, result.Position!.Value.Longitude, 5);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("somewhere off Bali", "Unexpected")]
    [InlineData("08°72.5'S 114°30.2'E", "Minutes")]
    [InlineData("08°12.5'S 114°30.2'E 5", "before both coordinates or after both")]
    [InlineData("08°12.5'S", "both coordinates")]
    [InlineData("08°12.5'S 10°00.0'N", "same axis")]
    [InlineData("91°00.0'S 114°30.2'E", "Latitude")]
    [InlineData("-8.2S 114.5E", "either a minus sign or a hemisphere")]
    [InlineData("8.5°12'S 114°30.2'E", "decimals")]
    [InlineData("8 12 114 30", "comma")]
    [InlineData("1.2.3, 4", "not a number")]
    public void Refuses_ambiguous_or_impossible_positions_with_a_reason(string text, string reason)
    {
        var result = CoordinateParser.Parse(text);

        Assert.False(result.Success);
        Assert.Contains(reason, result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Formats_degrees_and_decimal_minutes_as_seafarers_write_them()
    {
        Assert.Equal("08°12.500'S 114°30.200'E", new GeoPosition(-8.2083333333, 114.5033333333).ToDegreesDecimalMinutes());
        Assert.Equal("00°00.000'N 180°00.000'W", new GeoPosition(0, -179.99999999).ToDegreesDecimalMinutes());
    }

    [Fact]
    public void Formatted_positions_parse_back_to_the_same_place()
    {
        var random = new Random(42);
        for (var i = 0; i < 10_000; i++)
        {
            var p = new GeoPosition(random.NextDouble() * 180 - 90, random.NextDouble() * 360 - 180);
            var back = CoordinateParser.Parse(p.ToDegreesDecimalMinutes()).Position!.Value;
            Assert.True(Math.Abs(p.Latitude - back.Latitude) <= 1.0 / 60_000, $"{p} lat");   // 0.001' ≈ 1.9 m
            Assert.True(Math.Abs(p.Longitude - back.Longitude) <= 1.0 / 60_000, $"{p} lon");
        }
    }
}
