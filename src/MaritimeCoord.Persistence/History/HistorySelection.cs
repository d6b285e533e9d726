using MaritimeCoord.Domain.History;

namespace MaritimeCoord.Persistence.History;

/// <summary>
/// What to read from <c>ais_positions</c>: always a time window, plus any of an area, a set of vessels, and "within
/// <see cref="NearMetres"/> of a geometry" (an incident's sightings). Build with the static helpers.
/// </summary>
public sealed record HistorySelection(HistoryWindow Window)
{
    public HistoryArea? Area { get; init; }
    public IReadOnlyList<int>? Mmsis { get; init; }

    /// <summary>WKT (lon lat, SRID 4326) of the geometry positions must come near, read as geography.</summary>
    public string? NearWkt { get; init; }
    public double NearMetres { get; init; }

    public static HistorySelection InArea(HistoryArea area, HistoryWindow window) => new(window) { Area = area };

    public static HistorySelection OfVessels(IReadOnlyList<int> mmsis, HistoryWindow window) => new(window) { Mmsis = mmsis };

    public static HistorySelection Near(string wkt, double metres, HistoryWindow window) => new(window) { NearWkt = wkt, NearMetres = metres };
}
