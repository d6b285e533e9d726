namespace MaritimeCoord.Domain.Incidents;

/// <summary>IAMSAR emergency phases (docs/domain.md): uncertainty → alert → distress, then resolved and closed.</summary>
public enum IncidentPhase
{
    Uncertainty,
    Alert,
    Distress,
    Resolved,
    Closed,
}

public static class IncidentPhases
{
    public static bool IsOpen(this IncidentPhase phase) => phase is IncidentPhase.Uncertainty or IncidentPhase.Alert or IncidentPhase.Distress;

    public static string WireName(this IncidentPhase phase) => phase.ToString().ToLowerInvariant();
}
