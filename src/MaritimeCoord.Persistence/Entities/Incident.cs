using MaritimeCoord.Domain.Incidents;
using NetTopologySuite.Geometries;

namespace MaritimeCoord.Persistence.Entities;

public sealed class Incident
{
    public Guid Id { get; set; }
    public required string Reference { get; set; }
    public IncidentPhase Phase { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset LastSightingAt { get; set; }
    public required Point LastPosition { get; set; }
    public int? PersonsOnBoardEstimate { get; set; }

    /// <summary>Never null: the RCC that first receives an alert keeps it until another explicitly accepts (DOMAIN.md).</summary>
    public required string CoordinatingCentreCode { get; set; }
    public string? SarRegionCode { get; set; }
    public bool IsStale { get; set; }
    public DateTimeOffset? StaleSince { get; set; }

    /// <summary>PostgreSQL xmin: a stale update fails instead of silently overwriting.</summary>
    public uint Version { get; set; }

    public List<Sighting> Sightings { get; } = [];
    public List<IncidentTimelineEntry> Timeline { get; } = [];
}
