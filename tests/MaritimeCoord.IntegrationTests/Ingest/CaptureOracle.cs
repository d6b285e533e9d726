using System.Text;
using MaritimeCoord.Ais;
using MaritimeCoord.Ais.Messages;
using MaritimeCoord.Ais.Nmea;
using MaritimeCoord.Domain.Vessels;

namespace MaritimeCoord.IntegrationTests.Ingest;

/// <summary>
/// What the server should store for a capture, computed independently of the pipeline with the pure decoder: valid
/// position reports (types 1-3, 9, 18, 19, 27 with a fix and a valid MMSI), minus repeats of the same payload by the
/// same vessel within the dedup window (greedy per (MMSI, payload) in time order). Lines without a receive time count
/// as "arrival", i.e. all at one instant, as a max-rate replay delivers them.
/// </summary>
public sealed class CaptureOracle : IAisMessageSink
{
    private readonly List<(int Mmsi, string Payload, long Time)> _positions = [];
    private readonly HashSet<int> _staticVessels = [];

    public static CaptureOracle Of(string path, long windowMs = 30_000)
    {
        var oracle = new CaptureOracle { WindowMs = windowMs };
        var decoder = new AisStreamDecoder();
        foreach (var line in File.ReadAllLines(path, Encoding.Latin1))
        {
            decoder.DecodeLine(Encoding.Latin1.GetBytes(line), ref oracle);
        }

        return oracle;
    }

    public long WindowMs { get; private init; }

    public IReadOnlyCollection<int> StaticVessels => _staticVessels;

    public IEnumerable<int> Vessels => _positions.Select(p => p.Mmsi).Distinct();

    /// <summary>Positions the server must store.</summary>
    public int ExpectedRows => _positions.GroupBy(p => (p.Mmsi, p.Payload)).Sum(g =>
    {
        int kept = 0;
        long last = long.MinValue;
        foreach (var t in g.Select(p => p.Time).Order())
        {
            if (kept > 0 && t - last <= WindowMs) continue;
            kept++;
            last = t;
        }

        return kept;
    });

    public IEnumerable<DateOnly> Days => _positions.Where(p => p.Time > 0)
        .Select(p => DateOnly.FromDateTime(DateTime.UnixEpoch.AddMilliseconds(p.Time))).Distinct();

    public long NewestTimeOf(int mmsi) => _positions.Where(p => p.Mmsi == mmsi).Max(p => p.Time);

    public void OnMessage(scoped in NmeaSentence lastSentence, long receiveTimeMs, scoped AisPayload payload)
    {
        long time = receiveTimeMs < 0 ? 0 : receiveTimeMs;
        (int mmsi, double? lon, double? lat) = payload.MessageType switch
        {
            1 or 2 or 3 => Fix(PositionReportClassA.Decode(payload) is var a ? (a.Mmsi, a.LongitudeDegrees, a.LatitudeDegrees) : default),
            9 => Fix(SarAircraftPositionReport.Decode(payload) is var s ? (s.Mmsi, Units.Degrees(s.Longitude, 181), Units.Degrees(s.Latitude, 91)) : default),
            18 => Fix(PositionReportClassB.Decode(payload) is var b ? (b.Mmsi, b.LongitudeDegrees, b.LatitudeDegrees) : default),
            19 => Fix(ExtendedPositionReportClassB.Decode(payload) is var e ? (e.Mmsi, Units.Degrees(e.Longitude, 181), Units.Degrees(e.Latitude, 91)) : default),
            27 => Fix(LongRangePositionReport.Decode(payload) is var l
                ? (l.Mmsi, l.Longitude == 108600 ? null : l.Longitude / 600.0, l.Latitude == 54600 ? null : l.Latitude / 600.0) : default),
            _ => (0, null, null),
        };
        if (payload.MessageType is 5 or 19 or 24 && payload.Mmsi is > 0 and <= 999_999_999) _staticVessels.Add(payload.Mmsi);
        if (mmsi == 0 && lon is null) return;
        if (PositionRules.Validate(mmsi, lon, lat) != PositionRejectReason.None) return;
        _positions.Add((mmsi, Encoding.ASCII.GetString(payload.Armored) + "/" + payload.BitLength, time));
    }

    private static (int, double?, double?) Fix((int, double?, double?) value) => value;
}
