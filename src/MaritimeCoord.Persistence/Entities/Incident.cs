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
    public int? PersonsOnBoardAdults { get; set; }
    public int? PersonsOnBoardMinors { get; set; }
    public int? PersonsOnBoardMedical { get; set; }
    public int? PersonsOnBoardDeceased { get; set; }

    /// <summary>Set when resolved: rescued, disembarked, false-alarm, lost (Domain IncidentOutcome wire names).</summary>
    public string? Outcome { get; set; }

    /// <summary>Distress indicators (EU 656/2014 art. 9) as wire names.</summary>
    public List<string> DistressIndicators { get; set; } = [];
    public int LastSitrepNumber { get; set; }

    /// <summary>Never null: the RCC that first receives an alert keeps it until another explicitly accepts (docs/domain.md).</summary>
    public required string CoordinatingCentreCode { get; set; }
    public string? SarRegionCode { get; set; }
    public bool IsStale { get; set; }
    public DateTimeOffset? StaleSince { get; set; }

    /// <summary>PostgreSQL xmin: a stale update fails instead of silently overwriting.</summary>
    public uint Version { get; set; }

    public List<Sighting> Sightings { get; } = [];
    public List<IncidentTimelineEntry> Timeline { get; } = [];
}
