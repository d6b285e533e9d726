using MaritimeCoord.Ais.Messages;
using MaritimeCoord.Ais.Tests.Support;

namespace MaritimeCoord.Ais.Tests;

public sealed class MessageDecodingTests
{
    [Fact]
    public void Decodes_class_A_position_report_fields_in_raw_units()
    {
        var m = Decode.Single("!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30", PositionReportClassA.Decode);
        Assert.Equal((1, 367033650, -128, 86, false, -42208143, 25679130, 359, 511, 56), (m.MessageType, m.Mmsi, m.Turn, m.Speed, m.Accuracy, m.Longitude, m.Latitude, m.Course, m.Heading, m.Second));
        Assert.Equal(100422, m.Radio);
        Assert.Null(m.RateOfTurn);
        Assert.Equal(42.798550, m.LatitudeDegrees!.Value, 6);
        Assert.Equal(-70.346905, m.LongitudeDegrees!.Value, 6);
    }

    [Fact]
    public void Keeps_the_sign_of_the_rate_of_turn()
    {
        // gpsd: turn -9 (raw); scaled gpsd prints 4 and drops the sign.
        var m = Decode.Single("!AIVDM,1,1,,A,144d5;0uiHQjSVjC6w:iL1Ab26a05d4,0*72", PositionReportClassA.Decode);
        Assert.Equal(-9, m.Turn);
        Assert.True(m.RateOfTurn < -3.6 && m.RateOfTurn > -3.7);
    }

    [Fact]
    public void Decodes_base_station_report_with_not_available_time()
    {
        var m = Decode.Single("!AIVDM,1,1,,A,403Ovl@000Htt<tSF0l4Q@100`Pq,0*28", BaseStationReport.Decode);
        Assert.Equal((3669713, 0, 0, 0, 24, 60, 60), (m.Mmsi, m.Year, m.Month, m.Day, m.Hour, m.Minute, m.Second));
        Assert.Equal((108600000, 54600000, 1), (m.Longitude, m.Latitude, m.Epfd));
    }

    [Fact]
    public void Decodes_single_sentence_type_5_longer_than_82_characters()
    {
        var m = Decode.Single("!AIVDM,1,1,1,B,53eaFL02?;fwTPm7V219E@R1@PE8E<622222221@9hG1A7?@NCPSlm3kc5DhH8888888880,2*7F", StaticAndVoyageData.Decode);
        Assert.Equal((249190000, 9383663, "9HMQ9", "RUTH THERESA", 80, "BOSTON,USA"), (m.Mmsi, m.Imo, m.CallSign, m.ShipName, m.ShipType, m.Destination));
        Assert.Equal((78, 23, 1, 17, 78), (m.ToBow, m.ToStern, m.ToPort, m.ToStarboard, m.Draught));
        Assert.Equal((12, 30, 16, 30), (m.EtaMonth, m.EtaDay, m.EtaHour, m.EtaMinute));
    }

    [Fact]
    public void Reassembles_two_part_type_5()
    {
        var (messages, stats) = Decode.Lines(
            "!AIVDM,2,1,3,A,56=nR7D00003A<I@E=@TmDh637OS60mA:222220N1@6427?P00888888,0*66",
            "!AIVDM,2,2,3,A,888888888888880,2*27");
        var m = StaticAndVoyageData.Decode(new AisPayload(System.Text.Encoding.ASCII.GetBytes(Assert.Single(messages).Armored), 2));
        Assert.Equal(("4SFTEST", "IMULA 1781 MTR", 30), (m.CallSign, m.ShipName, m.ShipType));
        Assert.Equal(2, stats.Sentences);
    }

    [Fact]
    public void Decodes_class_B_position_report()
    {
        var m = Decode.Single("!AIVDM,1,1,,B,B5MiOp0006g4up6:EV403wr5oP06,0*38", PositionReportClassB.Decode);
        Assert.Equal((18, 366764000, 0, -42426640, 25843297, 0, 511, 52), (m.MessageType, m.Mmsi, m.Speed, m.Longitude, m.Latitude, m.Course, m.Heading, m.Second));
        Assert.True(m.CarrierSense && m.Dsc && m.Band && m.Msg22 && m.Raim);
        Assert.Equal(917510, m.Radio);
    }

    [Fact]
    public void Decodes_sar_aircraft_report()
    {
        var m = Decode.Single("!AIVDM,1,1,,A,91b563AqPqOebC:MWlIFmAh20<0I,0*26", SarAircraftPositionReport.Decode);
        Assert.Equal((9, 111232525, 486, 57, -2403739), (m.MessageType, m.Mmsi, m.Altitude, m.Speed, m.Longitude));
    }

    [Fact]
    public void Decodes_aid_to_navigation_report()
    {
        var m = Decode.Single("!BSVDM,1,1,,B,E>jQMD:Q7a2h97QUah@@@@@@@@@?i3KK>r0KP20@@@Uf@0,4*56", AidToNavigationReport.Decode);
        Assert.Equal((21, 992501072, 21), (m.MessageType, m.Mmsi, m.AidType));
    }

    [Fact]
    public void Decodes_static_data_report_part_A_name()
    {
        var m = Decode.Single("!AIVDM,1,1,,A,H42O55i18tMET00000000000000,2*6D", StaticDataReport.Decode);
        Assert.Equal((0, 271041815, "PROGUY"), (m.PartNumber, m.Mmsi, m.ShipName));
    }

    [Fact]
    public void Decodes_auxiliary_craft_part_B_with_mothership_mmsi_instead_of_dimensions()
    {
        var m = Decode.Single("!AIVDM,1,1,,B,H>cSnNTU7B=40058qpmjhh000004,0*31", StaticDataReport.Decode);
        Assert.True(m.IsAuxiliaryCraft);
        Assert.Equal((1, 985200250, 37, "GRM", "H985200"), (m.PartNumber, m.Mmsi, m.ShipType, m.VendorId, m.CallSign));
        Assert.Equal(0, m.ToBow);
    }

    [Fact]
    public void Decodes_long_range_report_in_tenths_of_minutes()
    {
        var m = Decode.Single("!AIVDM,1,1,,A,KvQ:1o`7EBrBQ`?w,0*37", LongRangePositionReport.Decode);
        Assert.Equal((27, 974291422, 0, 120139, -46781, 16, 255), (m.MessageType, m.Mmsi, m.Status, m.Longitude, m.Latitude, m.Speed, m.Course));
        Assert.True(m.Accuracy && m.PositionLatency && !m.Raim);
    }

    [Fact]
    public void Keeps_leading_at_signs_but_ends_text_at_padding()
    {
        Assert.Equal("@@J130B", TextOf("@@J130B"));
        Assert.Equal("YONGDUCK", TextOf("YONGDUCK@@@@@@@@@@@Q"));
        Assert.Equal("A B", TextOf("A B   "));
        Assert.Equal("_'", TextOf("_'"));
    }

    [Fact]
    public void Reads_fields_past_the_last_bit_as_the_bits_present()
    {
        // Same payload with 5 fill bits: radio keeps its 14 transmitted bits (as gpsd does).
        var full = Decode.Single("!AIVDM,1,1,,A,13aIkM@P00PJ@qPNL=e@0?wJ28JO,0*66", PositionReportClassA.Decode);
        var cut = Decode.Single("!AIVDM,1,1,,A,13aIkM@P00PJ@qPNL=e@0?wJ28JO,5*63", PositionReportClassA.Decode);
        Assert.Equal(full.Radio >> 5, cut.Radio);
        Assert.Equal(1076, cut.Radio);
    }

    private static string TextOf(string text)
    {
        var armored = new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            int v = text[i] >= 64 ? text[i] - 64 : text[i];
            armored[i] = (byte)(v < 40 ? v + 48 : v + 56);
        }

        return new AisPayload(armored, 0).GetText(0, text.Length);
    }
}
