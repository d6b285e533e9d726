using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Incidents;

/// <summary>
/// An open incident near a new sighting, as found by the spatial query: its boat descriptions (one per sighting the
/// incident holds, as reported) and the incident's own persons-on-board estimate.
/// </summary>
public sealed record IncidentCandidate(
    Guid IncidentId,
    IncidentPhase Phase,
    double DistanceMetres,
    DateTimeOffset LastSightingAt,
    IReadOnlyList<string>? BoatDescriptions = null,
    int? PersonsOnBoardEstimate = null,
    string? Reference = null);

/// <summary>What the new sighting reports about the boat.</summary>
public sealed record SightedBoat(string BoatDescription, int? PersonsOnBoard);

/// <summary>
/// When a new sighting belongs to an existing incident. 20 nm covers a boat drifting at 1–2 kn for the 12 h window
/// plus a verbal report's position error (docs/domain.md: "a verbal report much more" than GPS); both are configurable.
/// Near is not enough: the sighting must also describe the same boat (<see cref="SightingConsistency"/>), with the
/// persons-on-board tolerance given here.
/// </summary>
public sealed record CorrelationPolicy(double RadiusNauticalMiles, TimeSpan TimeWindow, PobTolerance PobTolerance)
{
    public CorrelationPolicy(double radiusNauticalMiles, TimeSpan timeWindow) : this(radiusNauticalMiles, timeWindow, PobTolerance.Default) { }

    public static CorrelationPolicy Default { get; } = new(20, TimeSpan.FromHours(12), PobTolerance.Default);

    public double RadiusMetres => Distances.NauticalMilesToMetres(RadiusNauticalMiles);

    /// <summary>The open incident is near enough in space and time to be this boat (consistency aside).</summary>
    public bool IsNear(IncidentCandidate c, DateTimeOffset observedAt) =>
        c.Phase.IsOpen() && c.DistanceMetres <= RadiusMetres && (observedAt - c.LastSightingAt).Duration() <= TimeWindow;
}

/// <summary>
/// Two head counts of one boat differ by at most <see cref="Absolute"/> persons or <see cref="Relative"/> of the larger
/// count, whichever is more: counting people on a crowded deck from a patrol boat or aircraft is rough, but 60 and 33 are
/// two boats, not one boat counted twice.
/// </summary>
public sealed record PobTolerance(int Absolute, double Relative)
{
    public static PobTolerance Default { get; } = new(5, 0.2);

    public bool Compatible(int? a, int? b)
    {
        if (a is not { } x || b is not { } y) return true; // an unknown count contradicts nothing
        var allowed = Math.Max(Absolute, Relative * Math.Max(x, y));
        return Math.Abs(x - y) <= allowed;
    }
}

/// <summary>A near incident the new sighting does not match, shown to the operator as "possibly the same as MC-…".</summary>
public sealed record CorrelationFlag(Guid IncidentId, string? Reference, double DistanceMetres, string Reason);

/// <summary>The outcome of correlation: attach to <see cref="AttachTo"/>, or open a new incident flagged with <see cref="PossiblySameAs"/>.</summary>
public sealed record CorrelationDecision(Guid? AttachTo, IReadOnlyList<CorrelationFlag> PossiblySameAs)
{
    public static CorrelationDecision Open(IReadOnlyList<CorrelationFlag> flags) => new(null, flags);
}

public static class IncidentCorrelation
{
    /// <summary>How many near but different incidents a new one is flagged against (the nearest first).</summary>
    public const int MaxFlags = 5;

    /// <summary>
    /// The nearest open incident within the policy's radius and time window whose boat the sighting describes
    /// (<see cref="SightingConsistency.Check"/>); when there is none, open a new incident, flagged as possibly the same
    /// as every near incident it does not match (nearest first, at most <see cref="MaxFlags"/>) so an operator decides.
    /// Correlation never changes what the incident already knows: a sighting keeps its own description and count.
    /// </summary>
    public static CorrelationDecision Decide(IEnumerable<IncidentCandidate> candidates, SightedBoat boat, DateTimeOffset observedAt, CorrelationPolicy policy)
    {
        var near = candidates.Where(c => policy.IsNear(c, observedAt)).OrderBy(c => c.DistanceMetres).ThenBy(c => c.IncidentId).ToList();
        var flags = new List<CorrelationFlag>();
        foreach (var candidate in near)
        {
            var verdict = SightingConsistency.Check(candidate, boat, policy.PobTolerance);
            if (verdict.Consistent) return new CorrelationDecision(candidate.IncidentId, []);
            if (flags.Count < MaxFlags) flags.Add(new CorrelationFlag(candidate.IncidentId, candidate.Reference, candidate.DistanceMetres, verdict.Reason));
        }
        return CorrelationDecision.Open(flags);
    }
}

/// <summary>An open incident with no sighting for this long is flagged stale for the operators' attention.</summary>
public sealed record StalePolicy(TimeSpan After)
{
    public static StalePolicy Default { get; } = new(TimeSpan.FromHours(6));

    public bool IsStale(IncidentPhase phase, DateTimeOffset lastSightingAt, DateTimeOffset now) =>
        phase.IsOpen() && now - lastSightingAt > After;
}
