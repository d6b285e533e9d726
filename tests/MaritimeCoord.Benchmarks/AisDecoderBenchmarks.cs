using System.Text;
using BenchmarkDotNet.Attributes;
using MaritimeCoord.Ais;
using MaritimeCoord.Ais.Messages;
using MaritimeCoord.Ais.Nmea;

namespace MaritimeCoord.Benchmarks;

/// <summary>
/// Decoder throughput on real position reports (types 1/2/3 and 18, with and without tag blocks), one operation =
/// <see cref="SentencesPerInvoke"/> sentences framed, checksummed, dearmoured and decoded into structs.
/// </summary>
[MemoryDiagnoser]
public class AisDecoderBenchmarks
{
    public const int SentencesPerInvoke = 1000;

    private static readonly string[] Samples =
    [
        "!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30",
        "!AIVDM,1,1,,B,13aIkM@P00PJ@qPNL=e@0?wJ28JO,0*66",
        "!AIVDM,1,1,,A,33lP4T5P00QJoU6Fd1<v4?v>2D`Jal<,0*7F",
        "!BSVDM,1,1,,B,33aln011h00cmh2Qlbp5hWJj8000,0*5E",
        "!AIVDM,1,1,,B,B5MiOp0006g4up6:EV403wr5oP06,0*38",
        "!ABVDM,1,1,4,B,17P;HV?P008F98Il;EC1mOwL0@KP,0*22",
        "\\s:rORBCOMM104,q:u,c:1418172113,T:2014-12-10 00.41.53*55\\!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78",
        "!AIVDM,1,1,,A,144d5;0uiHQjSVjC6w:iL1Ab26a05d4,0*72",
    ];

    private byte[][] _lines = [];
    private AisStreamDecoder _decoder = new();

    [GlobalSetup]
    public void Setup()
    {
        _lines = Enumerable.Range(0, SentencesPerInvoke).Select(i => Encoding.ASCII.GetBytes(Samples[i % Samples.Length])).ToArray();
        _decoder = new AisStreamDecoder();
    }

    [Benchmark(OperationsPerInvoke = SentencesPerInvoke, Description = "Decode position report (stream decoder + struct)")]
    public long DecodePositionReports()
    {
        var sink = new PositionSink();
        foreach (var line in _lines)
        {
            _decoder.DecodeLine(line, ref sink);
        }

        return sink.Checksum;
    }

    [Benchmark(OperationsPerInvoke = SentencesPerInvoke, Description = "Frame only (NmeaParser.TryParse)")]
    public int FrameOnly()
    {
        int sum = 0;
        foreach (var line in _lines)
        {
            if (NmeaParser.TryParse(line, out var s, out _) == AisRejectReason.None)
            {
                sum += s.Payload.Length;
            }
        }

        return sum;
    }

    private struct PositionSink : IAisMessageSink
    {
        public long Checksum;

        public void OnMessage(scoped in NmeaSentence lastSentence, long receiveTimeMs, scoped AisPayload payload)
        {
            if (payload.MessageType == 18)
            {
                var b = PositionReportClassB.Decode(payload);
                Checksum += b.Latitude ^ b.Longitude ^ b.Speed;
            }
            else
            {
                var a = PositionReportClassA.Decode(payload);
                Checksum += a.Latitude ^ a.Longitude ^ a.Speed ^ a.Course ^ a.Turn;
            }
        }
    }
}
