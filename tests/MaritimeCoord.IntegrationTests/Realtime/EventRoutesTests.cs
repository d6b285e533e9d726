using System.Text.RegularExpressions;
using MassTransit;
using MaritimeCoord.Contracts.Incidents;
using MaritimeCoord.Contracts.Sightings;
using MaritimeCoord.Server.Detection;
using MaritimeCoord.Server.Realtime;

namespace MaritimeCoord.IntegrationTests.Realtime;

/// <summary>
/// <see cref="EventRoutes"/> is the one place that says which event goes where; these check that nothing else
/// disagrees with it: every event contract is routed, each routed one has its broadcaster, and the console listens to
/// exactly the events the hub sends. (No server needed.)
/// </summary>
public sealed partial class EventRoutesTests
{
    /// <summary>Contracts that are not events published through the outbox: parts of payloads, hub-only shapes, or sent straight to the bus.</summary>
    private static readonly HashSet<string> NotOutboxEvents =
    [
        "PossibleDuplicate",          // part of IncidentOpened
        "VesselPosition",             // part of VesselPositionsUpdated
        "VesselPositionsUpdated",     // published by ingest straight to every node (vesselPositionsUpdated, a direct hub event)
        "LiveVesselPosition", "VesselPositionsBatch", "StreamPosition", "CatchUpPage", "SequencedEvent", // hub payloads
        "MaritimeClaims", "MaritimeRoles",
    ];

    private static IEnumerable<Type> Contracts() =>
        typeof(SightingLogged).Assembly.GetExportedTypes().Where(t => !t.IsNested);

    [Fact]
    public void Every_event_contract_is_routed_and_nothing_else_is()
    {
        var events = Contracts().Where(t => !NotOutboxEvents.Contains(t.Name)).ToHashSet();
        var unrouted = events.Where(t => !EventRoutes.ByType.ContainsKey(t)).Select(t => t.FullName).Order().ToList();
        Assert.True(unrouted.Count == 0, $"Contracts with no route in EventRoutes (docs/realtime.md § Adding an event): {string.Join(", ", unrouted)}");
        Assert.All(EventRoutes.ByType.Keys, t => Assert.Contains(t, events));
        Assert.Equal(EventRoutes.HubEventNames.Count, EventRoutes.HubEventNames.Distinct().Count());
        Assert.Equal(EventRoutes.ByType.Count, EventRoutes.ByType.Values.Select(r => r.EventName).Distinct().Count());
    }

    [Fact]
    public void Each_numbered_event_is_consumed_by_the_situation_broadcaster_and_each_pushed_one_by_the_alert_broadcaster()
    {
        static HashSet<Type> Consumed(Type consumer) =>
            [.. consumer.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>)).Select(i => i.GetGenericArguments()[0])];

        Assert.Equal(EventRoutes.ByType.Values.Where(r => r.Numbered).Select(r => r.Type).ToHashSet(), Consumed(typeof(SituationBroadcaster)));
        // Pushed ones: alerts and reminders by the alert broadcaster, held-report changes by the intake's.
        Assert.Equal(EventRoutes.ByType.Values.Where(r => !r.Numbered).Select(r => r.Type).ToHashSet(),
            [.. Consumed(typeof(DetectionAlertBroadcaster)), .. Consumed(typeof(MaritimeCoord.Server.Features.Intake.IntakeReviewBroadcaster))]);
    }

    [Fact]
    public void The_streams_come_from_the_contract_itself()
    {
        var incident = Guid.NewGuid();
        var merged = Guid.NewGuid();
        var streams = EventRoutes.StreamsOf(typeof(IncidentsMerged),
            new IncidentsMerged(incident, "MC-1", merged, "MC-2", [], 40, "op", "the same boat", "JRCC-AUS", ["BASARNAS-IDN", "JRCC-AUS"], DateTimeOffset.UtcNow));
        Assert.NotNull(streams);
        Assert.Equal("incidentsMerged", streams.EventName);
        Assert.Equal(incident, streams.IncidentId);
        Assert.Equal(["all-centres", "centre:BASARNAS-IDN", "centre:JRCC-AUS", $"incident:{incident:D}", $"incident:{merged:D}"], streams.Names);
        Assert.Null(EventRoutes.StreamsOf(typeof(MaritimeCoord.Contracts.Detection.HandoverOfferReminded),
            new MaritimeCoord.Contracts.Detection.HandoverOfferReminded(incident, "MC-1", Guid.NewGuid(), "A", "B", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow)));
    }

    [Fact]
    public void The_console_listens_to_exactly_the_events_the_hub_sends()
    {
        var hubJs = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "MaritimeCoord.Server", "wwwroot", "js", "hub.js"));
        var list = EventsList().Match(hubJs);
        Assert.True(list.Success, "hub.js declares const EVENTS = [ … ];");
        var listened = Quoted().Matches(list.Groups[1].Value).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(listened.Count, listened.Distinct().Count());
        Assert.Equal(EventRoutes.HubEventNames.Order(StringComparer.Ordinal), listened.Order(StringComparer.Ordinal));

    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MaritimeCoord.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("MaritimeCoord.sln above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"const EVENTS = \[(.*?)\];", RegexOptions.Singleline)]
    private static partial Regex EventsList();

    [GeneratedRegex("\"([A-Za-z]+)\"")]
    private static partial Regex Quoted();
}
