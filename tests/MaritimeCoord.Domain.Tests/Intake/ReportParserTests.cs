using System.Globalization;
using System.Text;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Intake;
using MaritimeCoord.Domain.Sightings;
using MaritimeCoord.Domain.Tests.Geo;

namespace MaritimeCoord.Domain.Tests.Intake;

/// <summary>
/// The free-text report parser (docs/intake.md § Formats): the messenger and SMS formats by example, every notation of
/// the sighting form round-trips inside prose, and digit soup (phone numbers, times, dates, references) never becomes a
/// position.
/// </summary>
public sealed class ReportParserTests
{
    [Theory]
    // Iridium GO check-in: the format quoted in issue 18, with the map link the device appends (docs/intake.md, provenance).
    [InlineData("I am here Lat+35.777135 Lon+14.291735 Alt+0 ft GPS Sats seen 08 http://map.iridium.com/m?lat=35.777135&lon=14.291735 Sent via Iridium GO",
        35.777135, 14.291735)]
    // Garmin inReach message e-mail: the free text, then "… sent this message from: Lat … Lon …".
    [InlineData("Boat in trouble, 40 people, engine failure\r\n\r\nView the location or send a reply to Pak Budi: https://inreachlink.com/ABC123\r\n\r\nPak Budi sent this message from: Lat -8.208333 Lon 114.503333",
        -8.208333, 114.503333)]
    // SPOT-style "Latitude:… Longitude:…".
    [InlineData("Help message. Latitude:-8.20833 Longitude:114.50333 GPS location Date/Time:11/28/2026 06:30:00 WITA", -8.20833, 114.50333)]
    [InlineData("S 8 12.5 E 114 30.2 POB 40 BLUE WOODEN", -8.208333, 114.503333)]
    [InlineData("Perahu kayu biru 40 orang di 08°12.5' LS 114°30.2' BT, mesin mati", -8.208333, 114.503333)]
    [InlineData("Seen at 08°12.5'S 114°30.2'E at 0630 local, about 40 people", -8.208333, 114.503333)]
    [InlineData("https://www.google.com/maps?q=-8.208333,114.503333 blue boat", -8.208333, 114.503333)]
    [InlineData("https://www.google.com/maps/place/-8.208333,114.503333/@-8.208333,114.503333,12z", -8.208333, 114.503333)]
    [InlineData("I am here: https://maps.google.com/?q=-8.208333%2C114.503333", -8.208333, 114.503333)]
    [InlineData("geo:-8.208333,114.503333;u=35", -8.208333, 114.503333)]
    [InlineData("Position: -8.2083333, 114.5033333\nPOB 12", -8.208333, 114.503333)]
    [InlineData("lat 12.5 lon 114.5", 12.5, 114.5)]
    [InlineData("Lat 12.5N Lon 114.5E", 12.5, 114.5)]
    [InlineData("posisi 8.2083 S 114.5033 E", -8.2083, 114.5033)]
    public void Finds_the_position_in_each_known_format(string text, double latitude, double longitude)
    {
        var draft = ReportParser.Parse(text);

        Assert.False(draft.NeedsReview, string.Join("; ", draft.Notes));
        Assert.Equal(latitude, draft.Position!.Value.Latitude, 5);
        Assert.Equal(longitude, draft.Position!.Value.Longitude, 5);
    }

    [Fact]
    public void The_compact_sms_format_gives_position_persons_and_description()
    {
        var draft = ReportParser.Parse("S 8 12.5 E 114 30.2 POB 40 BLUE WOODEN 12M SINKING");

        Assert.Equal(40, draft.PersonsOnBoard);
        Assert.Equal("blue wooden boat, about 12 m", draft.BoatDescription);
        Assert.Equal(BoatCondition.Sinking, draft.Condition);
        Assert.Equal("S 8 12.5 E 114 30.2", draft.PositionText);
    }

    [Theory]
    [InlineData("POB 40", 40)]
    [InlineData("40 people on a boat", 40)]
    [InlineData("ada 40 orang", 40)]
    [InlineData("persons on board: 7", 7)]
    [InlineData("about 120 pax, POB 120", 120)]
    [InlineData("call +62 812 3456 7890 at 06:30", null)]
    public void Persons_on_board(string text, int? expected) => Assert.Equal(expected, ReportParser.Parse(text).PersonsOnBoard);

    [Theory]
    [InlineData("perahu kayu biru 10 m", "blue wooden boat, about 10 m")]
    [InlineData("white fibreglass fishing boat 30 ft", "white fibreglass fishing boat, about 9.1 m")]
    [InlineData("Lat+35.777135 Lon+14.291735 Alt+15 ft GPS Sats seen 08", null)]
    [InlineData("nothing about the hull", null)]
    public void Boat_description(string text, string? expected) => Assert.Equal(expected, ReportParser.Parse(text).BoatDescription);

    [Theory]
    [InlineData("Boat with 40 people, call +62 812 3456 7890, ref MC-2026-00012", ReviewReasons.NoPosition)]
    [InlineData("S 8 12.5 E 114 30.2 and later S 9 01.0 E 115 02.0", ReviewReasons.SeveralPositions)]
    [InlineData("Lat 95.5 Lon 114.5", ReviewReasons.InvalidPosition)]
    [InlineData("Lat+0.000000 Lon+0.000000 Alt+0 ft GPS Sats seen 00", ReviewReasons.NullIsland)]
    [InlineData("S 8 12.5 E 114 30.2 POB 40, 55 orang", ReviewReasons.ConflictingPersonsOnBoard)]
    public void Needs_review_with_a_reason(string text, string reason)
    {
        var draft = ReportParser.Parse(text);

        Assert.True(draft.NeedsReview);
        Assert.Contains(reason, draft.Reasons);
        Assert.Equal(draft.Reasons.Count, draft.Notes.Count);
        if (reason is not ReviewReasons.ConflictingPersonsOnBoard) Assert.Null(draft.Position);
    }

    [Fact]
    public void Every_form_notation_of_a_random_position_inside_prose_parses_back_within_its_rounding()
    {
        var random = new Random(20261208);
        for (var i = 0; i < 20_000; i++)
        {
            var expected = new GeoPosition(Math.Round(random.NextDouble() * 178 - 89, 7), Math.Round(random.NextDouble() * 358 - 179, 7));
            if (PositionWarnings.IsNullIsland(expected)) continue;
            var (position, tolerance) = PositionFormatter.Format(random, expected);
            var marked = position.Any(c => "NSEWnsew°º˚*".Contains(c, StringComparison.Ordinal));
            // Bare signed numbers are a position only under a label; marked ones are found anywhere in a sentence.
            var text = (marked ? random.Next(3) : 3) switch
            {
                0 => $"Boat seen at {position} this morning, POB 40, blue wooden",
                1 => $"{position}\nPOB 40 BLUE WOODEN",
                2 => $"Reported by port office (call +62 361 123 456) 06:30 28/11/2026: {position} 40 people",
                _ => $"Position: {position}\n40 orang",
            };

            var draft = ReportParser.Parse(text);

            Assert.False(draft.NeedsReview, $"'{text}' ({expected}): {string.Join("; ", draft.Notes)}");
            Assert.True(Math.Abs(draft.Position!.Value.Latitude - expected.Latitude) <= tolerance, $"'{text}' latitude {draft.Position} vs {expected}");
            Assert.True(Math.Abs(draft.Position!.Value.Longitude - expected.Longitude) <= tolerance, $"'{text}' longitude {draft.Position} vs {expected}");
            Assert.Equal(40, draft.PersonsOnBoard);
        }
    }

    private static readonly string[] Words =
    [
        "call", "me", "at", "on", "ref", "boat", "people", "tel", "phone", "hp", "jam", "tanggal", "nomor", "MC-2026-", "case", "id",
        "time", "date", "UTC", "WITA", "WIB", "Z", "hrs", "tomorrow", "harbour", "port", "office", "SAR", "no.", "#", "pax", "kapal",
    ];

    private const string Soup = "0123456789.,:;/-+() ";

    private static string DigitSoup(Random random)
    {
        var sb = new StringBuilder();
        var parts = random.Next(1, 14);
        for (var p = 0; p < parts; p++)
        {
            sb.Append(random.Next(9) switch
            {
                0 => $"+{random.Next(1, 99)} {random.Next(100, 999)} {random.Next(1000, 9999)} {random.Next(1000, 9999)}",           // phone
                1 => $"{random.Next(24):00}:{random.Next(60):00}" + (random.Next(2) == 0 ? $":{random.Next(60):00}" : ""),           // time
                2 => $"{random.Next(1, 29)}{"/.-"[random.Next(3)]}{random.Next(1, 13)}{"/.-"[random.Next(3)]}{random.Next(1990, 2030)}", // date
                3 => $"MC-{random.Next(2020, 2030)}-{random.Next(99999):00000}",                                                  // reference
                4 => random.Next(100_000).ToString(CultureInfo.InvariantCulture),
                5 => (random.NextDouble() * 400 - 200).ToString("F" + random.Next(0, 7), CultureInfo.InvariantCulture),
                6 => Words[random.Next(Words.Length)],
                7 => $"{random.Next(2400):0000}",                                                                                    // 0630 local
                _ => string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => Soup[random.Next(Soup.Length)])),   // soup
            });
            sb.Append(random.Next(4) switch { 0 => ", ", 1 => " ", 2 => "\n", _ => "; " });
        }
        return sb.ToString();
    }

    [Fact]
    public void Digit_soup_phone_numbers_times_dates_and_references_never_yield_a_position()
    {
        var random = new Random(7);
        for (var i = 0; i < 10_000; i++)
        {
            var text = DigitSoup(random);

            var draft = ReportParser.Parse(text);

            Assert.True(draft.Position is null, $"'{text}' gave {draft.Position} from '{draft.PositionText}'");
        }
    }

    [Fact]
    public void Random_printable_junk_never_yields_a_position_unless_it_has_hemisphere_letters_degree_signs_or_a_label()
    {
        var random = new Random(11);
        const string alphabet = "abcdfghijklmopqrtuvxyzABCDFGHIJKLMOPQRTUVXYZ0123456789 .,;:/-+()#@!?&=%\n";
        for (var i = 0; i < 10_000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 120)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());

            var draft = ReportParser.Parse(text);

            Assert.True(draft.Position is null, $"'{text}' gave {draft.Position} from '{draft.PositionText}'");
        }
    }

    [Fact]
    public void Overlong_text_is_cut_not_refused_and_parses_in_bounded_time()
    {
        var text = "S 8 12.5 E 114 30.2 " + new string('9', 100_000);

        var draft = ReportParser.Parse(text);

        Assert.Equal(-8.208333, draft.Position!.Value.Latitude, 5);
    }
}
