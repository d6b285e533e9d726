namespace MaritimeCoord.Persistence.Entities;

/// <summary>Append-only (a trigger refuses UPDATE and DELETE): who did what to an incident, when and why.</summary>
public sealed class IncidentTimelineEntry
{
    public long Id { get; set; }
    public Guid IncidentId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Kind { get; set; }
    public required string Summary { get; set; }
    public Guid? SightingId { get; set; }
}

public static class TimelineKinds
{
    public const string Opened = "opened";
    public const string SightingAttached = "sighting-attached";
    public const string MarkedStale = "marked-stale";
    public const string PhaseChanged = "phase-changed";
    public const string PersonsOnBoardChanged = "persons-on-board-changed";
    public const string DistressIndicatorsChanged = "distress-indicators-changed";
    public const string HandoverSuggested = "handover-suggested";
    public const string Handover = "handover";
    public const string ResponderTasked = "responder-tasked";
    public const string SitrepIssued = "sitrep-issued";
    public const string PossiblySame = "possibly-same";
    public const string Merged = "merged";
    public const string MergedInto = "merged-into";
    public const string SightingSplit = "sighting-split";
    public const string SplitFrom = "split-from";
}
