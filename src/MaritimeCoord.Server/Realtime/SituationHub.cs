using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace MaritimeCoord.Server.Realtime;

/// <summary>Client-side method names pushed by the server.</summary>
public static class SituationEvents
{
    public const string SightingLogged = "sightingLogged";
    public const string IncidentOpened = "incidentOpened";
    public const string IncidentMarkedStale = "incidentMarkedStale";
    public const string IncidentPhaseChanged = "incidentPhaseChanged";
    public const string IncidentHandoverChanged = "incidentHandoverChanged";
    public const string HandoverSuggested = "handoverSuggested";
    public const string ResponderTasked = "responderTasked";
    public const string VesselPositionsUpdated = "vesselPositionsUpdated";
    public const string DetectionEventRaised = "detectionEventRaised";
    public const string DetectionEventWithdrawn = "detectionEventWithdrawn";
    public const string IncidentEscalated = "incidentEscalated";
}

/// <summary>
/// Live situational picture. A client is placed in its own rescue centre's group on connect; it may only join other
/// centres' groups as an administrator. Events reach a centre's group when the position lies in its SAR region or
/// near its boundary (see JurisdictionRules.CentresToNotify).
/// </summary>
[Authorize(Policy = Policies.Operational)]
public sealed class SituationHub : Hub
{
    public const string Path = "/hubs/situation";

    /// <summary>Administrators watch every centre's events.</summary>
    public const string AllCentresGroup = "all-centres";

    public static string CentreGroup(string centreCode) => $"centre:{centreCode}";

    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        // An event goes to several groups at once; SignalR does not de-duplicate across groups, so an administrator
        // (who sees everything) joins only the all-centres group.
        if (user.IsInRole(MaritimeRoles.Admin))
            await Groups.AddToGroupAsync(Context.ConnectionId, AllCentresGroup);
        else if (user.CentreCode() is { } centre)
            await Groups.AddToGroupAsync(Context.ConnectionId, CentreGroup(centre));
        await base.OnConnectedAsync();
    }

    /// <summary>Joins a centre's group: one's own, or any for an administrator. Returns the group joined.</summary>
    public async Task<string> JoinCentre(string centreCode)
    {
        var user = Context.User!;
        if (string.IsNullOrWhiteSpace(centreCode) || centreCode.Length > 40)
            throw new HubException("centreCode is required (at most 40 characters).");
        if (!user.IsInRole(MaritimeRoles.Admin) && !string.Equals(user.CentreCode(), centreCode, StringComparison.Ordinal))
            throw new HubException("Forbidden: you may only watch your own rescue centre.");
        await Groups.AddToGroupAsync(Context.ConnectionId, CentreGroup(centreCode));
        return CentreGroup(centreCode);
    }

    public Task LeaveCentre(string centreCode) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, CentreGroup(centreCode));
}
