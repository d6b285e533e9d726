using MaritimeCoord.Contracts.Detection;
using MaritimeCoord.Contracts.Drift;
using MaritimeCoord.Contracts.Incidents;
using MaritimeCoord.Contracts.Intake;
using MaritimeCoord.Contracts.Responders;
using MaritimeCoord.Contracts.Search;
using MaritimeCoord.Contracts.Sightings;

namespace MaritimeCoord.Server.Realtime;

/// <summary>
/// The one place that says which published event goes where: for each contract the outbox may carry, its hub event
/// name and, for a numbered event, the streams it is numbered in (all-centres, <c>centre:CODE</c> for each centre it
/// names, <c>incident:ID</c> for each incident it concerns). <see cref="Outbox.OutboxWriter"/> stores the name and
/// streams on the outbox row; the database only numbers them at commit (and adds the incident's handover partners,
/// which only it knows then); <see cref="SituationBroadcaster"/> and <see cref="Detection.DetectionAlertBroadcaster"/>
/// push under the name given here; the console's event list (wwwroot/js/hub.js) is checked against
/// <see cref="HubEventNames"/> by a test. Adding an event: docs/realtime.md § Adding an event.
/// </summary>
public static class EventRoutes
{
    /// <summary>How one contract is routed.</summary>
    /// <param name="Type">The contract.</param>
    /// <param name="EventName">The hub method the clients receive it as.</param>
    /// <param name="Numbered">Numbered in streams (replayable with CatchUp), or pushed once to the centres' groups.</param>
    /// <param name="Centres">The centres it names: each gets it (its <c>centre:CODE</c> stream, or its group when unnumbered).</param>
    /// <param name="Incidents">The incidents it concerns, the main one first: followers of each get it (numbered only).</param>
    public sealed record Route(Type Type, string EventName, bool Numbered,
        Func<object, IEnumerable<string?>> Centres, Func<object, IEnumerable<Guid?>> Incidents);

    /// <summary>The numbers and names an outbox row carries (<see cref="StreamsOf"/>).</summary>
    public sealed record Streams(string EventName, IReadOnlyList<string> Names, Guid? IncidentId);

    private static readonly Route[] All =
    [
        Numbered<SightingLogged>(SituationEvents.SightingLogged, m => [.. m.NotifiedCentreCodes, m.CoordinatingCentreCode], m => [m.IncidentId]),
        Numbered<IncidentOpened>(SituationEvents.IncidentOpened, m => [.. m.NotifiedCentreCodes, m.CoordinatingCentreCode], m => [m.IncidentId]),
        Numbered<IncidentMarkedStale>(SituationEvents.IncidentMarkedStale, m => [m.CoordinatingCentreCode], m => [m.IncidentId]),
        Numbered<IncidentPhaseChanged>(SituationEvents.IncidentPhaseChanged, m => [.. m.NotifiedCentreCodes, m.CoordinatingCentreCode], m => [m.IncidentId]),
        // Both centres of a handover see every step.
        Numbered<IncidentHandoverChanged>(SituationEvents.IncidentHandoverChanged, m => [m.FromCentreCode, m.ToCentreCode, m.CoordinatingCentreCode], m => [m.IncidentId]),
        Numbered<HandoverSuggested>(SituationEvents.HandoverSuggested, m => [m.CoordinatingCentreCode], m => [m.IncidentId]),
        Numbered<ResponderTasked>(SituationEvents.ResponderTasked, m => [m.CoordinatingCentreCode], m => [m.IncidentId]),
        // Detection events go to the centres whose region holds them (none: all-centres only).
        Numbered<DetectionEventRaised>(SituationEvents.DetectionEventRaised, m => m.NotifiedCentreCodes, m => [m.IncidentId]),
        Numbered<DetectionEventWithdrawn>(SituationEvents.DetectionEventWithdrawn, m => m.NotifiedCentreCodes, _ => []),
        Numbered<IncidentEscalated>(SituationEvents.IncidentEscalated, m => [.. m.NotifiedCentreCodes, m.CoordinatingCentreCode], m => [m.IncidentId]),
        Numbered<IncidentPersonsOnBoardChanged>(SituationEvents.IncidentPersonsOnBoardChanged, m => [.. m.NotifiedCentreCodes, m.CoordinatingCentreCode], m => [m.IncidentId]),
        Numbered<IncidentDistressIndicatorsChanged>(SituationEvents.IncidentDistressIndicatorsChanged, m => [.. m.NotifiedCentreCodes, m.CoordinatingCentreCode], m => [m.IncidentId]),
        Numbered<SitrepIssued>(SituationEvents.SitrepIssued, m => [.. m.NotifiedCentreCodes, m.CoordinatingCentreCode], m => [m.IncidentId]),
        // A merge or split concerns two incidents: followers of either hear it.
        Numbered<IncidentsMerged>(SituationEvents.IncidentsMerged, m => [.. m.NotifiedCentreCodes, m.CoordinatingCentreCode], m => [m.IncidentId, m.MergedIncidentId]),
        Numbered<SightingSplit>(SituationEvents.SightingSplit, m => [.. m.NotifiedCentreCodes, m.CoordinatingCentreCode], m => [m.IncidentId, m.NewIncidentId]),
        Numbered<DriftRunCompleted>(SituationEvents.DriftRunCompleted, m => [m.CoordinatingCentreCode], m => [m.IncidentId]),
        Numbered<SearchPlanProposed>(SituationEvents.SearchPlanProposed, m => [m.CoordinatingCentreCode], m => [m.IncidentId]),
        Numbered<SearchPlanIssued>(SituationEvents.SearchPlanIssued, m => [m.CoordinatingCentreCode], m => [m.IncidentId]),
        Numbered<SearchResultRecorded>(SituationEvents.SearchResultRecorded, m => [m.CoordinatingCentreCode], m => [m.IncidentId]),
        // Alerts and reminders are prompts of the moment, not part of the picture a client catches up on.
        Pushed<DetectionAlertRaised>(Detection.DetectionAlertBroadcaster.DetectionAlert, m => m.AlertedCentreCodes),
        Pushed<HandoverOfferReminded>(Detection.DetectionAlertBroadcaster.HandoverOfferReminder, m => [m.FromCentreCode, m.ToCentreCode]),
        // A held report's change: the receiving centre's consoles refetch the list (no personal data on the bus).
        Pushed<IntakeReviewChanged>(Features.Intake.IntakeReviewBroadcaster.EventName, m => [m.CentreCode]),
    ];

    /// <summary>Hub events sent straight from the server rather than from a published contract.</summary>
    public static readonly IReadOnlyList<string> DirectEvents =
    [
        SituationEvents.VesselPositionsUpdated, // AIS positions, filtered per viewport (LiveVesselFeeds)
        SituationEvents.DriftRunProgress,       // progress of a run, to the incident's group
        SituationEvents.SupervisorEscalation,   // an IncidentEscalated, again, to the coordinating centre's supervisors
    ];

    public static IReadOnlyDictionary<Type, Route> ByType { get; } = All.ToDictionary(r => r.Type);

    /// <summary>By <see cref="Type.FullName"/>, as the outbox row names it: the dispatcher never instantiates a type named by the database alone.</summary>
    public static IReadOnlyDictionary<string, Route> ByTypeName { get; } = All.ToDictionary(r => r.Type.FullName!, StringComparer.Ordinal);

    /// <summary>Every event name a client of /hubs/situation may receive.</summary>
    public static IReadOnlyList<string> HubEventNames { get; } = [.. All.Select(r => r.EventName).Concat(DirectEvents).Distinct(StringComparer.Ordinal)];

    public static Route For(Type type) =>
        ByType.TryGetValue(type, out var route) ? route
            : throw new InvalidOperationException($"{type.FullName} has no route: add it to {nameof(EventRoutes)} (docs/realtime.md § Adding an event).");

    /// <summary>The centres <paramref name="message"/> names, distinct, in order.</summary>
    public static IReadOnlyList<string> CentresOf(Route route, object message) =>
        [.. route.Centres(message).Where(c => !string.IsNullOrEmpty(c)).Select(c => c!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The streams a numbered event is numbered in (before the database adds handover partners); null for an unnumbered one.</summary>
    public static Streams? StreamsOf(Type type, object message)
    {
        var route = For(type);
        if (!route.Numbered) return null;
        var incidents = route.Incidents(message).Where(i => i is { } id && id != Guid.Empty).Select(i => i!.Value).Distinct().ToList();
        List<string> names = [SituationStreams.AllCentres, .. CentresOf(route, message).Select(SituationStreams.Centre), .. incidents.Select(SituationStreams.Incident)];
        return new Streams(route.EventName, names, incidents.Count > 0 ? incidents[0] : null);
    }

    private static Route Numbered<T>(string name, Func<T, IEnumerable<string?>> centres, Func<T, IEnumerable<Guid?>> incidents) =>
        new(typeof(T), name, true, m => centres((T)m), m => incidents((T)m));

    private static Route Pushed<T>(string name, Func<T, IEnumerable<string?>> centres) =>
        new(typeof(T), name, false, m => centres((T)m), _ => []);
}
