using NetTopologySuite.Geometries;

namespace MaritimeCoord.Persistence.Entities;

/// <summary>A search-and-rescue region. Boundaries are data: every lookup reports the version and whether it is approximate.</summary>
public sealed class SarRegion
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string RescueCentreCode { get; set; }
    public RescueCentre? RescueCentre { get; set; }
    public required MultiPolygon Boundary { get; set; }
    public required string BoundaryVersion { get; set; }
    public bool Approximate { get; set; }
    public string? Source { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset LoadedAt { get; set; }
}
