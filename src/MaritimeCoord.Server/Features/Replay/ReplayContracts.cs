using MaritimeCoord.Domain.Replay;

namespace MaritimeCoord.Server.Features.Replay;

/// <summary>
/// A replay asked for: an incident (<see cref="IncidentId"/>, vessels within <see cref="RadiusNm"/>, 50 nm by default, of
/// its sightings) or an area (<see cref="West"/>..<see cref="North"/>, analysts and admins only), over [from, to], shown
/// from <see cref="Start"/> at <see cref="Speed"/>× (1..3600). Seeking or changing speed starts a new stream from there.
/// </summary>
public sealed record ReplayRequest(
    Guid? IncidentId = null,
    double? West = null, double? South = null, double? East = null, double? North = null,
    double? RadiusNm = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, DateTimeOffset? Start = null,
    double? Speed = null);

/// <summary>What is replayed: the incident and its circle, or the box. Sent in the first frame of a stream.</summary>
public sealed record ReplayTarget(string Kind, Guid? IncidentId, string? IncidentReference, double? RadiusNm,
    IReadOnlyList<double[]>? Centres, double[]? Box);

/// <summary>
/// One frame of a replay at <see cref="At"/>. The first frame of a stream is a snapshot (every vessel, sighting and
/// event as it was then, and the <see cref="Target"/>); the following ones are deltas: moved vessels, <see cref="Removed"/>
/// MMSIs (silent longer than <see cref="StaleAfterSeconds"/>), new sightings and events. <see cref="End"/> marks the last.
/// </summary>
public sealed record ReplayFrame(
    long Sequence, DateTimeOffset At, DateTimeOffset From, DateTimeOffset To, double Speed, bool Snapshot, bool End,
    double StaleAfterSeconds, IReadOnlyList<VesselFix> Vessels, IReadOnlyList<int> Removed, IReadOnlyList<ReplaySighting> Sightings,
    IReadOnlyList<ReplayEvent> Events, ReplayTarget? Target);

/// <summary>Replay:… configuration.</summary>
public sealed class ReplayOptions
{
    public const string Section = "Replay";

    /// <summary>The longest window one request may replay.</summary>
    public TimeSpan MaxWindow { get; set; } = ReplayLimits.Default.MaxWindow;
    public double MaxRadiusNm { get; set; } = ReplayLimits.Default.MaxRadiusNm;
    public double MaxAreaSideDegrees { get; set; } = ReplayLimits.Default.MaxAreaSideDegrees;

    /// <summary>A vessel silent for longer is dropped from the picture.</summary>
    public TimeSpan StaleAfter { get; set; } = ReplayLimits.Default.StaleAfter;

    /// <summary>Issue 6: "the 24-hour history of one incident (all vessels within 50 nm)".</summary>
    public double DefaultRadiusNm { get; set; } = 50;
    public TimeSpan DefaultWindow { get; set; } = TimeSpan.FromHours(24);
    public double DefaultSpeed { get; set; } = 60;

    /// <summary>Wall time between frames: 4 frames a second is smooth enough on a map and cheap to send.</summary>
    public TimeSpan FrameInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public ReplayLimits Limits => new(MaxWindow, MaxRadiusNm, MaxAreaSideDegrees, StaleAfter);
}
