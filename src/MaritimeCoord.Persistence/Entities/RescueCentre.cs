using NetTopologySuite.Geometries;

namespace MaritimeCoord.Persistence.Entities;

public sealed class RescueCentre
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Country { get; set; }
    public required Point Location { get; set; }
    public string? Operator { get; set; }
    public string? City { get; set; }
    public string? Contact { get; set; }
    public string? Verification { get; set; }
    public string? Source { get; set; }
}
