using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Incidents;

/// <summary>An open incident near a new sighting, as found by the spatial query.</summary>
public sealed record IncidentCandidate(Guid IncidentId, IncidentPhase Phase, double DistanceMetres, DateTimeOffset LastSightingAt);

/// <summary>
/// When a new sighting belongs to an existing incident. 20 nm covers a boat drifting at 1–2 kn for the 12 h window
/// plus a verbal report's position error (DOMAIN.md: "a verbal report much more" than GPS); both are configurable.
/// </summary>
public sealed record CorrelationPolicy(double RadiusNauticalMiles, TimeSpan TimeWindow)
{
    public static CorrelationPolicy Default { get; } = new(20, TimeSpan.FromHours(12));

    public double RadiusMetres => Distances.NauticalMilesToMetres(RadiusNauticalMiles);
}

public static class IncidentCorrelation
{
    /// <summary>The nearest open incident within the policy's radius and time window, or null to open a new one.</summary>
    public static Guid? ChooseIncident(IEnumerable<IncidentCandidate> candidates, DateTimeOffset observedAt, CorrelationPolicy policy) =>
        candidates
            .Where(c => c.Phase.IsOpen()
                        && c.DistanceMetres <= policy.RadiusMetres
                        && (observedAt - c.LastSightingAt).Duration() <= policy.TimeWindow)
            .OrderBy(c => c.DistanceMetres)
            .ThenBy(c => c.IncidentId)
            .Select(c => (Guid?)c.IncidentId)
            .FirstOrDefault();
}

/// <summary>An open incident with no sighting for this long is flagged stale for the operators' attention.</summary>
public sealed record StalePolicy(TimeSpan After)
{
    public static StalePolicy Default { get; } = new(TimeSpan.FromHours(6));

    public bool IsStale(IncidentPhase phase, DateTimeOffset lastSightingAt, DateTimeOffset now) =>
        phase.IsOpen() && now - lastSightingAt > After;
}
