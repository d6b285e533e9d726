namespace MaritimeCoord.Contracts.Incidents;

/// <summary>A near open incident that a new incident may describe too ("possibly the same as MC-…"), for the operator to merge or not.</summary>
/// <param name="IncidentId">The other incident.</param>
/// <param name="Reference">Its human reference.</param>
/// <param name="DistanceNauticalMiles">Distance between the new sighting and the other incident's last position.</param>
/// <param name="Reason">Why correlation did not attach the sighting to it (different description, incompatible count).</param>
public sealed record PossibleDuplicate(Guid IncidentId, string Reference, double DistanceNauticalMiles, string Reason);
