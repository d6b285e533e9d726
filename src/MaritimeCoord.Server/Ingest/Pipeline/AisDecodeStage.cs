using MaritimeCoord.Ais;
using MaritimeCoord.Ais.Messages;
using MaritimeCoord.Ais.Nmea;
using MaritimeCoord.Domain.Vessels;

namespace MaritimeCoord.Server.Ingest.Pipeline;

/// <summary>
/// Stages "decode" and "validate" for one stream (a TCP connection or a UDP socket): each line goes through the pure
/// decoder (framing, tag blocks, reassembly keyed per stream, bit counts); position reports (types 1-3, 9, 18, 19,
/// 27) that pass <see cref="PositionRules"/> and static reports (5, 19, 24) are collected into the current
/// <see cref="IngestChunk"/>. Counters are kept locally and pushed to <see cref="IngestCounters"/> once per read.
/// No I/O, no clock: the feed sets <see cref="ArrivalMs"/>. Not thread-safe (one per stream).
/// </summary>
public sealed class AisDecodeStage : ILineSink
{
    private static readonly int AisReasonCount = Enum.GetValues<AisRejectReason>().Length;
    private readonly AisStreamDecoder _decoder = new();
    private readonly long[] _reportedAisRejects = new long[AisReasonCount];
    private readonly long[] _positionRejects = new long[Enum.GetValues<PositionRejectReason>().Length];
    private long _lines, _positions, _statics, _implausible, _reportedSentences, _reportedMessages, _reportedTagMismatches;

    /// <summary>Arrival time (Unix ms) used when a sentence carries no receive time of its own.</summary>
    public long ArrivalMs { get; set; }

    public IngestChunk Chunk { get; private set; } = new();

    public DecodeStats DecoderStats => _decoder.Stats;

    public void OnLine(ReadOnlySpan<byte> line)
    {
        _lines++;
        var sink = new Sink(this);
        _decoder.DecodeLine(line, ref sink);
    }

    /// <summary>Hands over the current chunk and starts a new one.</summary>
    public IngestChunk TakeChunk()
    {
        var chunk = Chunk;
        Chunk = new IngestChunk();
        return chunk;
    }

    /// <summary>Adds what happened since the last call to the process-wide counters.</summary>
    public void ReportTo(IngestCounters counters)
    {
        var stats = _decoder.Stats;
        counters.AddRead(_lines, stats.Sentences - _reportedSentences, stats.Messages - _reportedMessages, _positions, _statics,
            _implausible, stats.TagBlockChecksumMismatches - _reportedTagMismatches);
        _reportedSentences = stats.Sentences;
        _reportedMessages = stats.Messages;
        _reportedTagMismatches = stats.TagBlockChecksumMismatches;
        _lines = _positions = _statics = _implausible = 0;
        for (int i = 0; i < AisReasonCount; i++)
        {
            long delta = stats[(AisRejectReason)i] - _reportedAisRejects[i];
            if (delta == 0) continue;
            counters.Reject((AisRejectReason)i, delta);
            _reportedAisRejects[i] += delta;
        }

        for (int i = 1; i < _positionRejects.Length; i++)
        {
            if (_positionRejects[i] == 0) continue;
            counters.Reject((PositionRejectReason)i, _positionRejects[i]);
            _positionRejects[i] = 0;
        }
    }

    private void Handle(long receiveTimeMs, AisPayload p)
    {
        long t = PositionRules.ObservedAt(receiveTimeMs, ArrivalMs, out bool implausible);
        if (implausible) _implausible++;
        int type = p.MessageType;
        switch (type)
        {
            case 1 or 2 or 3:
            {
                var m = PositionReportClassA.Decode(p);
                AddPosition(m.Mmsi, t, type, m.LongitudeDegrees, m.LatitudeDegrees, Tenths(m.Speed, 1023), Tenths(m.Course, 3600),
                    Heading(m.Heading), (sbyte)m.Status, p);
                break;
            }

            case 9:
            {
                var m = SarAircraftPositionReport.Decode(p);
                AddPosition(m.Mmsi, t, type, Units.Degrees(m.Longitude, 181), Units.Degrees(m.Latitude, 91),
                    m.Speed == 1023 ? float.NaN : m.Speed, Tenths(m.Course, 3600), -1, -1, p);
                break;
            }

            case 18:
            {
                var m = PositionReportClassB.Decode(p);
                AddPosition(m.Mmsi, t, type, m.LongitudeDegrees, m.LatitudeDegrees, Tenths(m.Speed, 1023), Tenths(m.Course, 3600),
                    Heading(m.Heading), -1, p);
                break;
            }

            case 19:
            {
                var m = ExtendedPositionReportClassB.Decode(p);
                AddPosition(m.Mmsi, t, type, Units.Degrees(m.Longitude, 181), Units.Degrees(m.Latitude, 91), Tenths(m.Speed, 1023),
                    Tenths(m.Course, 3600), Heading(m.Heading), -1, p);
                AddStatic(new VesselStaticReport(m.Mmsi, t, 19)
                {
                    Name = Text(m.ShipName), ShipType = NonZero(m.ShipType),
                    ToBow = NonZero(m.ToBow), ToStern = NonZero(m.ToStern), ToPort = NonZero(m.ToPort), ToStarboard = NonZero(m.ToStarboard),
                });
                break;
            }

            case 27:
            {
                var m = LongRangePositionReport.Decode(p);
                AddPosition(m.Mmsi, t, type,
                    m.Longitude == 181 * 600 ? null : m.Longitude / 600.0,
                    m.Latitude == 91 * 600 ? null : m.Latitude / 600.0,
                    m.Speed == 63 ? float.NaN : m.Speed, m.Course == 511 ? float.NaN : m.Course, -1, (sbyte)m.Status, p);
                break;
            }

            case 5:
            {
                var m = StaticAndVoyageData.Decode(p);
                AddStatic(new VesselStaticReport(m.Mmsi, t, 5)
                {
                    Name = Text(m.ShipName), CallSign = Text(m.CallSign), Imo = m.Imo == 0 ? null : m.Imo, ShipType = NonZero(m.ShipType),
                    ToBow = NonZero(m.ToBow), ToStern = NonZero(m.ToStern), ToPort = NonZero(m.ToPort), ToStarboard = NonZero(m.ToStarboard),
                    Destination = Text(m.Destination),
                });
                break;
            }

            case 24:
            {
                var m = StaticDataReport.Decode(p);
                AddStatic(m.PartNumber == 0
                    ? new VesselStaticReport(m.Mmsi, t, 24) { Name = Text(m.ShipName) }
                    : new VesselStaticReport(m.Mmsi, t, 24)
                    {
                        ShipType = NonZero(m.ShipType), CallSign = Text(m.CallSign),
                        ToBow = NonZero(m.ToBow), ToStern = NonZero(m.ToStern), ToPort = NonZero(m.ToPort), ToStarboard = NonZero(m.ToStarboard),
                        MothershipMmsi = m.MothershipMmsi == 0 ? null : m.MothershipMmsi,
                    });
                break;
            }
        }
    }

    private void AddPosition(int mmsi, long t, int type, double? lon, double? lat, float speed, float course, short heading, sbyte status, AisPayload p)
    {
        var reason = PositionRules.Validate(mmsi, lon, lat);
        if (reason != PositionRejectReason.None)
        {
            _positionRejects[(int)reason]++;
            return;
        }

        if (Chunk.Positions.Count == 0) Chunk.AcceptedAtMs = ArrivalMs;
        Chunk.Positions.Add(new PositionReport(mmsi, t, (byte)type, lon!.Value, lat!.Value, speed, course, heading, status, PayloadHash(p)));
        _positions++;
    }

    private void AddStatic(VesselStaticReport report)
    {
        if (report.Mmsi is <= 0 or > 999_999_999) return;
        Chunk.Statics.Add(report);
        _statics++;
    }

    /// <summary>FNV-1a 64 over the armoured payload and its bit length: identifies one transmission.</summary>
    public static ulong PayloadHash(AisPayload p)
    {
        ulong h = 14695981039346656037UL ^ (ulong)p.BitLength;
        foreach (byte b in p.Armored) h = (h ^ b) * 1099511628211UL;
        return h;
    }

    private static float Tenths(int raw, int notAvailable) => raw >= notAvailable ? float.NaN : raw / 10f;

    private static short Heading(int raw) => raw is >= 0 and < 360 ? (short)raw : (short)-1;

    private static short? NonZero(int value) => value == 0 ? null : (short)value;

    private static string? Text(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private readonly struct Sink(AisDecodeStage stage) : IAisMessageSink
    {
        public void OnMessage(scoped in NmeaSentence lastSentence, long receiveTimeMs, scoped AisPayload payload) =>
            stage.Handle(receiveTimeMs, payload);
    }
}
