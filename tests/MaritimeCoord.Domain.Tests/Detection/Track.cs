using MaritimeCoord.Domain.Detection;
using MaritimeCoord.Domain.Vessels;

namespace MaritimeCoord.Domain.Tests.Detection;

/// <summary>Builds positions for detector tests: times in minutes from a fixed origin.</summary>
internal static class Track
{
    public static readonly long T0 = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public static long Min(double minutes) => T0 + (long)(minutes * 60_000);

    public static PositionReport At(int mmsi, double minutes, double lat, double lon, float sog = 10, float cog = 0, sbyte status = 0) =>
        new(mmsi, Min(minutes), 1, lon, lat, sog, cog, -1, status, (ulong)(mmsi ^ (long)(minutes * 1000)));

    /// <summary>A vessel reporting every <paramref name="everyMinutes"/> from <paramref name="from"/> to <paramref name="to"/>, moving north at <paramref name="sog"/> kn.</summary>
    public static IEnumerable<PositionReport> Steady(int mmsi, double from, double to, double everyMinutes, double lat, double lon, float sog = 10, sbyte status = 0)
    {
        for (double m = from; m <= to; m += everyMinutes)
            yield return At(mmsi, m, lat + (sog * (m - from) / 60.0 / 60.0), lon, sog, 0, status);
    }

    public static IReadOnlyList<DetectionChange> Run(DetectionState state, IEnumerable<PositionReport> positions, double nowMinutes,
        params SightingObservation[] sightings) =>
        DetectionEngine.Process(state, positions.ToArray(), sightings, Min(nowMinutes));

    public static List<DetectionEvent> Active(DetectionState state, DetectionKind kind) =>
        [.. state.ActiveEvents.Where(e => e.Kind == kind).OrderBy(e => e.Id, StringComparer.Ordinal)];

    public static DetectionState NewState(DetectionSettings? settings = null) => new(settings ?? new DetectionSettings { WatchSarRegions = false });
}
