using System.Text.Json.Nodes;
using MaritimeCoord.Ais.Tests.Support;
using Xunit.Abstractions;

namespace MaritimeCoord.Ais.Tests;

/// <summary>
/// Every corpus file decoded and compared field by field with gpsd 3.22 (-u) and libais. The expected disagreement
/// counts are the documented, explained ones (docs/ais-decoder.md, "Correctness against peers"): a change in either
/// direction fails, so a regression cannot hide and a fix must update the table.
/// </summary>
public sealed class CorpusComparisonTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("amsa-risky/ais.txt.gz", "amsa-risky_ais.txt", 65)]
    [InlineData("amsa-risky/nmea-timestamped.txt", "amsa-risky_nmea-timestamped.txt", 1)]
    [InlineData("dma-aislib/ais250.txt", "dma-aislib_ais250.txt", 8)]
    [InlineData("dma-aislib/decode_encode_messages.txt", "dma-aislib_decode_encode_messages.txt", 0)]
    [InlineData("dma-aislib/stream_example.txt", "dma-aislib_stream_example.txt", 15)]
    [InlineData("gfw-ais-tools/bad-type5.nmea", "gfw-ais-tools_bad-type5.nmea", 2)]
    [InlineData("gfw-ais-tools/ee-multiline.nmea", "gfw-ais-tools_ee-multiline.nmea", 0)]
    [InlineData("gfw-ais-tools/errors.nmea", "gfw-ais-tools_errors.nmea", 1)]
    [InlineData("gfw-ais-tools/mixed_types.nmea", "gfw-ais-tools_mixed_types.nmea", 1)]
    [InlineData("gfw-ais-tools/multi-part.nmea", "gfw-ais-tools_multi-part.nmea", 0)]
    [InlineData("gfw-ais-tools/sample.nmea", "gfw-ais-tools_sample.nmea", 1)]
    [InlineData("gfw-ais-tools/type1-bad-bitcount.nmea", "gfw-ais-tools_type1-bad-bitcount.nmea", 0)]
    [InlineData("kystverket-norway/Ais1000Lines.nm4", "kystverket-norway_Ais1000Lines.nm4", 1)]
    [InlineData("libais/tagblock.nmea", "libais_tagblock.nmea", 0)]
    [InlineData("libais/test.aivdm", "libais_test.aivdm", 3)]
    [InlineData("libais/typeexamples.nmea", "libais_typeexamples.nmea", 0)]
    [InlineData("pyais/mixed.txt", "pyais_mixed.txt", 0)]
    [InlineData("pyais/nmea_data_sample.txt", "pyais_nmea_data_sample.txt", 1)]
    [InlineData("pyais/sentences_from_tests.nmea", "pyais_sentences_from_tests.nmea", 1)]
    public void Decoding_agrees_with_gpsdecode_except_for_documented_disagreements(string input, string expectedPrefix, int knownDisagreements)
    {
        var ours = DecodedMessages.DecodePerSentence(Corpus.ReadLines(input), scaled: false, out var stats);
        var oracle = Corpus.ReadTextLines($"expected/{expectedPrefix}.gpsd322-u-v.jsonl.gz");
        var cmp = OracleComparison.AgainstEchoedGpsd(input, ours, oracle);
        Report(cmp, stats);
        Assert.Equal(knownDisagreements, cmp.Disagreements);
    }

    [Theory]
    [InlineData("gpsd/release-3.22/ais-nmea.log", "gpsd/release-3.22/ais-nmea.log.chk", 0)]
    [InlineData("gpsd/release-3.22/ais_unpack_sixbit.log", "gpsd/release-3.22/ais_unpack_sixbit.log.chk", 0)]
    public void Decoding_agrees_with_gpsd_regression_chk_files(string input, string chk, int knownDisagreements)
    {
        var ours = DecodedMessages.DecodePerSentence(Corpus.ReadLines(input), scaled: false, out var stats);
        var cmp = OracleComparison.AgainstEchoedGpsd(input, ours, Corpus.ReadTextLines(chk));
        Report(cmp, stats);
        Assert.Equal(knownDisagreements, cmp.Disagreements);
    }

    [Fact]
    public void Decoding_sample_aivdm_matches_gpsd_unscaled_json_chk()
    {
        var ours = OracleComparison.ForGpsdWithoutSplit24(DecodedMessages.DecodeAll(Corpus.ReadLines("gpsd/release-3.22/sample.aivdm"), scaled: false));
        var oracle = Corpus.ReadTextLines("gpsd/release-3.22/sample.aivdm.ju.chk")
            .Where(l => l.StartsWith('{')).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var cmp = OracleComparison.InOrder("gpsd/release-3.22/sample.aivdm (.ju.chk)", ours, oracle);
        output.WriteLine(cmp.Report());
        Assert.Equal(0, cmp.Disagreements);
    }

    private void Report(OracleComparison cmp, DecodeStats stats)
    {
        var text = cmp.Report() + $"  stats: sentences={stats.Sentences} messages={stats.Messages} corrupt={stats.Corrupt} " +
                   string.Join(" ", stats.Rejects().Select(r => $"{r.Key}={r.Value}"));
        output.WriteLine(text);
        var dir = Path.Combine(Path.GetTempPath(), "ais-corpus-report");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, cmp.File.Replace('/', '_') + ".md"), text);
    }
}
