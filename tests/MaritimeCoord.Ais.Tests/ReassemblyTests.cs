using MaritimeCoord.Ais.Tests.Support;

namespace MaritimeCoord.Ais.Tests;

public sealed class ReassemblyTests
{
    private const string Part1 = "!AIVDM,2,1,3,A,56=nR7D00003A<I@E=@TmDh637OS60mA:222220N1@6427?P00888888,0*66";
    private const string Part2 = "!AIVDM,2,2,3,A,888888888888880,2*27";

    [Fact]
    public void Joins_parts_received_on_different_channels()
    {
        var (messages, _) = Decode.Lines(Part1, "!AIVDM,2,2,3,B,888888888888880,2*24");
        Assert.Single(messages);
    }

    [Fact]
    public void Keeps_interleaved_messages_apart_by_sequence_id()
    {
        var (messages, _) = Decode.Lines(
            "!AIVDM,2,1,6,B,542M92h00001@<7;?G0PD4i@R0<tqA8tj37>220o0h:2240Ht50000000000,0*3B",
            "!AIVDM,2,1,2,A,542M92h00001@<7;?G0PD4i@R0<tqA8tj37>220o0h:2240Ht500000000000000,0*3C",
            "!AIVDM,2,2,2,A,0000002,2*24",
            "!AIVDM,2,2,6,B,00000000000,2*21");
        Assert.Equal(2, messages.Count);
    }

    [Fact]
    public void Keeps_groups_from_different_sources_apart()
    {
        var (messages, stats) = Decode.Lines(
            @"\s:a*00\" + Part1,
            @"\s:b*00\" + Part2);
        Assert.Empty(messages);
        Assert.Equal(1, stats[AisRejectReason.FragmentWithoutFirst]);
    }

    [Fact]
    public void Joins_tag_block_groups_whose_later_parts_carry_no_source()
    {
        var (messages, _) = Decode.Lines(
            @"\g:1-2-1278,s:66,c:1661782369*43\!AIVDM,2,1,3,A,56=nR7D00003A<I@E=@TmDh637OS60mA:222220N1@6427?P00888888,0*66",
            @"\g:2-2-1278*51\!AIVDM,2,2,3,A,888888888888880,2*27");
        Assert.Single(messages);
    }

    [Fact]
    public void Counts_a_fragment_without_its_first_part()
    {
        var (messages, stats) = Decode.Lines(Part2);
        Assert.Empty(messages);
        Assert.Equal(1, stats[AisRejectReason.FragmentWithoutFirst]);
    }

    [Fact]
    public void Expires_an_incomplete_group_after_a_minute_of_its_source_time()
    {
        var (messages, stats) = Decode.Lines(
            @"\s:r1,c:1000*00\" + Part1,
            @"\s:r1,c:1100*00\!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78",
            @"\s:r1,c:1101*00\" + Part2);
        Assert.Single(messages);
        Assert.Equal(1, stats[AisRejectReason.FragmentGroupExpired]);
        Assert.Equal(1, stats[AisRejectReason.FragmentWithoutFirst]);
    }

    [Fact]
    public void Survives_a_flood_of_first_parts_with_bounded_state()
    {
        var lines = new List<string>();
        for (int i = 0; i < 1000; i++) lines.Add($@"\s:r{i}*00\" + Part1);
        var (_, stats) = Decode.Lines([.. lines]);
        Assert.True(stats[AisRejectReason.FragmentGroupDropped] >= 1000 - 64);
    }
}
