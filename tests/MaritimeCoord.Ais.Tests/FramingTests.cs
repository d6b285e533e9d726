using System.Text;
using MaritimeCoord.Ais.Nmea;
using MaritimeCoord.Ais.Tests.Support;

namespace MaritimeCoord.Ais.Tests;

public sealed class FramingTests
{
    private static AisRejectReason Parse(string line, out long receiveTime, out string source)
    {
        var bytes = Encoding.ASCII.GetBytes(line);
        var reason = NmeaParser.TryParse(bytes, out var s, out _);
        receiveTime = s.ReceiveTimeMs;
        source = Encoding.ASCII.GetString(s.TagBlock.Source);
        return reason;
    }

    [Fact]
    public void Reads_tag_block_source_and_receive_time_in_seconds()
    {
        Assert.Equal(AisRejectReason.None, Parse(@"\s:rORBCOMM104,q:u,c:1418172113,T:2014-12-10 00.41.53*55\!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78", out var t, out var src));
        Assert.Equal(1418172113000, t);
        Assert.Equal("rORBCOMM104", src);
    }

    [Fact]
    public void Reads_tag_block_receive_time_in_milliseconds()
    {
        Parse(@"\c:1599239526500,s:sdr-experiments,T:2020-09-04 18.12.06*5D\!AIVDM,1,1,,A,B>cSnNP00FVur7UaC7WQ3wS1jCJJ,0*73", out var t, out _);
        Assert.Equal(1599239526500, t);
    }

    [Fact]
    public void Uses_a_wrong_tag_block_checksum_but_counts_it()
    {
        var (messages, stats) = Decode.Lines(@"\c:1420030798*00\!ABVDM,1,1,4,B,17P;HV?P008F98Il;EC1mOwL0@KP,0*22");
        Assert.Single(messages);
        Assert.Equal(1, stats.TagBlockChecksumMismatches);
        Assert.Equal("AB", messages[0].Talker);
    }

    [Fact]
    public void Reads_uscg_trailer_time_after_the_checksum()
    {
        Assert.Equal(AisRejectReason.None, Parse("!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30,d-080,S2118,t050056.00,T56.4837741,r003669946,1325394060,1325394001", out var t, out _));
        Assert.Equal(1325394001000, t);
    }

    [Fact]
    public void Stamps_the_next_sentence_with_a_pghp_timestamp()
    {
        var (messages, _) = Decode.Lines("$PGHP,1,2010,6,11,11,46,13,554,244,0,,1,25*27", "!AIVDM,1,1,,,13aDAB5P1K0Bg8DMg@eis1rF0000,0*25");
        Assert.Equal(new DateTimeOffset(2010, 6, 11, 11, 46, 13, 554, TimeSpan.Zero).ToUnixTimeMilliseconds(), Assert.Single(messages).Time);
    }

    [Theory]
    [InlineData("!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*31", AisRejectReason.BadChecksum)]
    [InlineData("!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0", AisRejectReason.MissingChecksum)]
    [InlineData("!=IVDM,1,1,,B,18JSmJ001I8FrFslKlEAL1EV0@NK,0", AisRejectReason.Malformed)]
    [InlineData("garbage \u0001\u0002", AisRejectReason.Malformed)]
    [InlineData("$GPRMC,213950.00,A,5250.53669,N,00542.34920,E,0.020,,070420,,,A*7D", AisRejectReason.NotAisSentence)]
    [InlineData("", AisRejectReason.Empty)]
    [InlineData("# comment", AisRejectReason.Empty)]
    public void Classifies_bad_lines_by_reason(string line, AisRejectReason expected)
    {
        Assert.Equal(expected, Parse(line, out _, out _));
    }

    [Fact]
    public void Rejects_payload_characters_outside_the_armouring_alphabet()
    {
        var body = "AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQX,0";
        Assert.Equal(AisRejectReason.InvalidPayloadCharacter, Parse($"!{body}*{Checksum(body):X2}", out _, out _));
    }

    [Fact]
    public void Decodes_two_sentences_on_one_line()
    {
        var (messages, _) = Decode.Lines(@"\s:rMT694,c:1699401978*7B\!AIVDM,1,1,,B,133g`DP000PCJC>MEj=8do>N0H:Q,0*1C\s:rMT4097,c:1697012399*7E\!AIVDM,1,1,,A,13UuUj0P00QgDCLEiGAcOOwl2<0Igw;,0*28");
        Assert.Equal(2, messages.Count);
    }

    [Fact]
    public void Accepts_any_talker_and_own_ship_vdo()
    {
        var (messages, _) = Decode.Lines("!AIVDO,1,1,,,11auciwP00GRV:4CBpKHN?wH2000,0*2F", "!SSVDM,1,1,,A,13P;BWP000OaCS4MUB7nGr0T0<0G,0*11");
        Assert.Equal(2, messages.Count);
    }

    [Fact]
    public void Counts_a_type_1_shorter_than_163_bits_as_wrong_bit_count()
    {
        var body = "AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIww,0";
        var (messages, stats) = Decode.Lines($"!{body}*{Checksum(body):X2}");
        Assert.Empty(messages);
        Assert.Equal(1, stats[AisRejectReason.WrongBitCount]);
    }

    internal static int Checksum(string body) => body.Aggregate(0, (x, c) => x ^ c);
}
