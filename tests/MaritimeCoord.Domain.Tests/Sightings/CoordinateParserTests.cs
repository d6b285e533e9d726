using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Tests.Geo;

namespace MaritimeCoord.Domain.Tests.Sightings;

/// <summary>
/// The parser's worked cases (Geo/coordinate-cases.json, shared with the browser's copy of the parser) and DDM formatting.
/// </summary>
public sealed class CoordinateParserTests
{
    [Theory]
    [MemberData(nameof(CoordinateCases.Accepted), MemberType = typeof(CoordinateCases))]
    public void Parses_positions_in_the_notations_people_write(string text)
    {
        var expected = CoordinateCases.Of(text);

        var result = CoordinateParser.Parse(text);

        Assert.True(result.Success, result.Error);
        Assert.Equal(expected.Latitude!.Value, result.Position!.Value.Latitude, CoordinateCases.Tolerance);
        Assert.Equal(expected.Longitude!.Value, result.Position!.Value.Longitude, CoordinateCases.Tolerance);
    }

    [Theory]
    [MemberData(nameof(CoordinateCases.Refused), MemberType = typeof(CoordinateCases))]
    public void Refuses_ambiguous_impossible_or_junk_positions_with_a_reason(string text)
    {
        var result = CoordinateParser.Parse(text);

        Assert.False(result.Success, $"'{text}' parsed as {result.Position}");
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        Assert.Contains(CoordinateCases.Of(text).Refused!, result.Error, StringComparison.OrdinalIgnoreCase);
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
