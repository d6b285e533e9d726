using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Contracts.Realtime;
using MaritimeCoord.Domain.Realtime;
using MaritimeCoord.Persistence;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

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
    public const string SupervisorEscalation = "supervisorEscalation";
    public const string IncidentPersonsOnBoardChanged = "incidentPersonsOnBoardChanged";
    public const string IncidentDistressIndicatorsChanged = "incidentDistressIndicatorsChanged";
    public const string SitrepIssued = "sitrepIssued";
    public const string IncidentsMerged = "incidentsMerged";
    public const string SightingSplit = "sightingSplit";
    public const string DriftRunCompleted = "driftRunCompleted";
    public const string DriftRunProgress = "driftRunProgress";
    public const string SearchPlanProposed = "searchPlanProposed";
    public const string SearchPlanIssued = "searchPlanIssued";
    public const string SearchResultRecorded = "searchResultRecorded";
}

/// <summary>
/// Live situational picture. A client is placed in its default stream on connect (its rescue centre's; every centre's
/// for an administrator); it may subscribe to incidents it may see and set the map viewport its AIS positions are
/// filtered to. Incident events carry a per-stream number (<c>seq</c>, 1, 2, 3 … without holes): a client that sees a
/// hole, or comes back after a disconnect, asks <see cref="CatchUp"/> for what follows its last number (docs/realtime.md).
/// </summary>
[Authorize(Policy = Policies.Operational)]
public sealed class SituationHub(MaritimeDbContext db, LiveVesselFeeds vessels, CurrentPictureSender picture, IOptions<RealtimeOptions> options) : Hub
{
    public const string Path = "/hubs/situation";

    /// <summary>Administrators watch every centre's events.</summary>
    public const string AllCentresGroup = SituationStreams.AllCentres;

    private const string StreamsKey = "streams";

    public static string CentreGroup(string centreCode) => SituationStreams.Centre(centreCode);

    private HashSet<string> Streams => (HashSet<string>)Context.Items[StreamsKey]!;

    public override async Task OnConnectedAsync()
    {
        Context.Items[StreamsKey] = new HashSet<string>(StringComparer.Ordinal);
        // An event goes to several groups at once; SignalR does not de-duplicate across groups, so an administrator
        // (who sees everything) joins only the all-centres group.
        if (SituationStreams.DefaultFor(Context.User!) is { } stream)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, stream);
            Streams.Add(stream);
        }

        // Supervisors also hear what is escalated to them: a distress their centre has not acknowledged in time.
        if (Context.User!.IsInRole(MaritimeRoles.Supervisor) && Context.User.CentreCode() is { } centre)
            await Groups.AddToGroupAsync(Context.ConnectionId, SituationStreams.Supervisors(centre));

        vessels.Connect(Context);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        vessels.Disconnect(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Joins a centre's group: one's own, or any for an administrator. Returns the group (stream) joined.</summary>
    public async Task<string> JoinCentre(string centreCode)
    {
        var user = Context.User!;
        if (string.IsNullOrWhiteSpace(centreCode) || centreCode.Length > 40)
            throw new HubException("centreCode is required (at most 40 characters).");
        if (!user.IsInRole(MaritimeRoles.Admin) && !string.Equals(user.CentreCode(), centreCode, StringComparison.Ordinal))
            throw new HubException("Forbidden: you may only watch your own rescue centre.");
        await Groups.AddToGroupAsync(Context.ConnectionId, CentreGroup(centreCode));
        Streams.Add(CentreGroup(centreCode));
        return CentreGroup(centreCode);
    }

    public async Task LeaveCentre(string centreCode)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, CentreGroup(centreCode));
        Streams.Remove(CentreGroup(centreCode));
    }

    /// <summary>The streams this connection receives and the newest number of each (to start from, or to catch up to).</summary>
    public async Task<IReadOnlyList<StreamPosition>> GetStreams()
    {
        var result = new List<StreamPosition>();
        foreach (var stream in Streams.Order(StringComparer.Ordinal))
            result.Add(new StreamPosition { Stream = stream, LastSeq = await SituationStreams.HeadAsync(db, stream, Context.ConnectionAborted) });
        return result;
    }

    /// <summary>
    /// Subscribes to one incident's stream (<c>incident:ID</c>): allowed when IncidentAccess lets the caller see the
    /// incident. Returns the stream and its newest number. Refused (HubException) otherwise, without saying whether the
    /// incident exists.
    /// </summary>
    public async Task<StreamPosition> SubscribeIncident(Guid incidentId)
    {
        var stream = SituationStreams.Incident(incidentId);
        if (incidentId == Guid.Empty || !await SituationStreams.MayReadAsync(Context.User!, stream, db, Context.ConnectionAborted))
            throw new HubException("Forbidden: no such incident, or your centre may not see it.");
        if (Streams.Count >= 200) throw new HubException("Too many subscriptions: at most 200 streams per connection.");
        await Groups.AddToGroupAsync(Context.ConnectionId, stream);
        Streams.Add(stream);
        return new StreamPosition { Stream = stream, LastSeq = await SituationStreams.HeadAsync(db, stream, Context.ConnectionAborted) };
    }

    public async Task UnsubscribeIncident(Guid incidentId)
    {
        var stream = SituationStreams.Incident(incidentId);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, stream);
        Streams.Remove(stream);
    }

    /// <summary>
    /// The events of a stream after <paramref name="afterSeq"/>, in order, from PostgreSQL (one page; ask again while
    /// <c>more</c>). The caller must be allowed to read the stream (its centre's, all centres' for an administrator, or
    /// an incident it may see).
    /// </summary>
    public async Task<CatchUpPage> CatchUp(string stream, long afterSeq)
    {
        if (string.IsNullOrEmpty(stream) || stream.Length > 100) throw new HubException("stream is required (at most 100 characters).");
        if (afterSeq < 0) throw new HubException("afterSeq must not be negative.");
        if (!await SituationStreams.MayReadAsync(Context.User!, stream, db, Context.ConnectionAborted))
            throw new HubException($"Forbidden: you may not read stream '{stream}'.");
        return await SituationStreams.ReadAfterAsync(db, stream, afterSeq, Math.Max(1, options.Value.CatchUpPageSize), Context.ConnectionAborted);
    }

    /// <summary>
    /// Narrows AIS positions to a map viewport: longitudes in [-180, 180] (west greater than east crosses the
    /// antimeridian), latitudes in [-90, 90] with south ≤ north, zoom 0–24. A bad one is refused naming the field.
    /// Then sends the current picture of the area the client was not watching (all of it on a connection's first
    /// viewport, so after a reload or reconnect too): the stored vessels there, through the same coalescer as live
    /// positions (docs/realtime.md). Returns when they are queued.
    /// </summary>
    public async Task SetViewport(double west, double south, double east, double north, double zoom)
    {
        var result = Viewport.Create(west, south, east, north, zoom);
        if (!result.Succeeded)
            throw new HubException("Invalid viewport: " + string.Join(" ", result.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        var viewport = result.Value!.Value;
        var previous = vessels.SetViewport(Context.ConnectionId, viewport);
        await picture.SendCurrentPictureAsync(Context.ConnectionId, viewport, previous, Context.ConnectionAborted);
    }
}
