namespace MaritimeCoord.Domain.History;

/// <summary>
/// Bounds on what one history request may ask for, so a single analyst query cannot scan the whole position table
/// (configurable per deployment: <c>History:*</c>).
/// </summary>
public sealed record HistoryLimits
{
    public TimeSpan MaxWindow { get; init; } = TimeSpan.FromDays(7);
    public int MaxPolygonVertices { get; init; } = 2_000;

    /// <summary>About 10 × the Bali Process sea area of one SAR region; a box of 3,000 km × 3,000 km is 9 million km².</summary>
    public double MaxAreaSquareKilometres { get; init; } = 25_000_000;
    public int MaxPageSize { get; init; } = 10_000;
    public int DefaultPageSize { get; init; } = 1_000;

    /// <summary>Around an incident: the largest distance from its sightings a vessel may be looked for (200 nm).</summary>
    public double MaxDistanceMetres { get; init; } = 370_400;
}
