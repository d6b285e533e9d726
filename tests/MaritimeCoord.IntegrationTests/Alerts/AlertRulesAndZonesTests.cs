using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Contracts.Detection;
using MaritimeCoord.Domain.Alerts;
using MaritimeCoord.IntegrationTests.Detection;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Detection;
using MaritimeCoord.Server.Jobs;
using MaritimeCoord.Server.Realtime;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MaritimeCoord.IntegrationTests.Alerts;

/// <summary>
/// Alert rules and watch zones through the API against PostgreSQL/PostGIS (validation as RFC 9457 problems, caps,
/// centre ownership), then applied by the real detection job: an entry into a drawn zone is detected, the centre
/// whose rule matches is alerted over the hub once, another centre's rule that does not match is not; a deleted zone
/// withdraws its entries. The handover reminder job reminds both centres once.
/// </summary>
public sealed class AlertRulesAndZonesTests(AlertRulesAndZonesTests.App app) : IClassFixture<AlertRulesAndZonesTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;

    }

    private const string Aus = "JRCC-AUS", Idn = "BASARNAS-IDN";

    // A small zone off Christmas Island (Australian SRR of the samples), [lon, lat].
    private static JsonArray Ring(double lon0, double lat0, double lon1, double lat1) =>
        [new JsonArray(lon0, lat0), new JsonArray(lon1, lat0), new JsonArray(lon1, lat1), new JsonArray(lon0, lat1), new JsonArray(lon0, lat0)];

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.TryGetProperty("errors", out var errors) && (field == "*" || errors.TryGetProperty(field, out _)), $"errors.{field} missing in {body}");
        return body;
    }

    [Fact]
    public async Task Zones_and_rules_are_validated_capped_and_owned_by_their_centre()
    {
        var aus = app.ClientAs(MaritimeRoles.Operator, Aus, "op-aus");
        var idn = app.ClientAs(MaritimeRoles.Operator, Idn, "op-idn");

        await ProblemAsync(await aus.PostAsJsonAsync("/api/watch-zones", new JsonObject { ["name"] = "open", ["polygon"] = new JsonArray(new JsonArray(105, -10), new JsonArray(106, -10), new JsonArray(106, -9), new JsonArray(105, -9)) }), HttpStatusCode.BadRequest, "polygon");
        await ProblemAsync(await aus.PostAsJsonAsync("/api/watch-zones", new JsonObject { ["name"] = "bow tie", ["polygon"] = new JsonArray(new JsonArray(105, -10), new JsonArray(106, -9), new JsonArray(106, -10), new JsonArray(105, -9), new JsonArray(105, -10)) }), HttpStatusCode.BadRequest, "polygon");
        await ProblemAsync(await aus.PostAsJsonAsync("/api/watch-zones", new JsonObject { ["name"] = "huge", ["polygon"] = Ring(100, -30, 120, -10) }), HttpStatusCode.BadRequest, "polygon");
        await ProblemAsync(await aus.PostAsJsonAsync("/api/watch-zones", new JsonObject { ["name"] = "", ["polygon"] = Ring(105, -10, 105.2, -9.8) }), HttpStatusCode.BadRequest, "name");
        await ProblemAsync(await app.ClientAs(MaritimeRoles.Admin, null).PostAsJsonAsync("/api/watch-zones", new JsonObject { ["name"] = "z", ["polygon"] = Ring(105, -10, 105.2, -9.8) }), HttpStatusCode.BadRequest, "centre");
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(MaritimeRoles.Liaison, Idn).GetAsync("/api/watch-zones")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(MaritimeRoles.Analyst, null).PostAsJsonAsync("/api/alert-rules", new JsonObject())).StatusCode);

        // Across the antimeridian (off Fiji): stored as two parts, within -180..180.
        var fiji = await aus.PostAsJsonAsync("/api/watch-zones", new JsonObject { ["name"] = "Fiji approaches", ["polygon"] = Ring(179.6, -17, -179.6, -16.4) });
        Assert.Equal(HttpStatusCode.Created, fiji.StatusCode);
        var fijiBody = await fiji.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, fijiBody.GetProperty("parts").GetInt32());
        var fijiId = fijiBody.GetProperty("id").GetGuid();
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM watch_zones WHERE id = '{fijiId}' AND ST_Covers(area, ST_SetSRID(ST_MakePoint(-179.8, -16.7), 4326)::geography) AND ST_Covers(area, ST_SetSRID(ST_MakePoint(179.8, -16.7), 4326)::geography) AND NOT ST_Covers(area, ST_SetSRID(ST_MakePoint(0, -16.7), 4326)::geography)"));

        await ProblemAsync(await aus.PostAsJsonAsync("/api/alert-rules", new JsonObject { ["kinds"] = new JsonArray("ais-gap", "teleport") }), HttpStatusCode.BadRequest, "kinds");
        await ProblemAsync(await aus.PostAsJsonAsync("/api/alert-rules", new JsonObject { ["area"] = "bbox", ["bbox"] = new JsonArray(100, 10, 110) }), HttpStatusCode.BadRequest, "bbox");
        await ProblemAsync(await aus.PostAsJsonAsync("/api/alert-rules", new JsonObject { ["area"] = "sar-region", ["regionCode"] = "ATLANTIS" }), HttpStatusCode.BadRequest, "regionCode");
        await ProblemAsync(await aus.PostAsJsonAsync("/api/alert-rules", new JsonObject { ["minSeverity"] = "urgent" }), HttpStatusCode.BadRequest, "minSeverity");
        Assert.Equal(HttpStatusCode.BadRequest, (await aus.PostAsJsonAsync("/api/alert-rules", new JsonObject { ["surprise"] = 1 })).StatusCode);
        // Another centre's zone is not theirs to watch, nor to delete, nor to list.
        await ProblemAsync(await idn.PostAsJsonAsync("/api/alert-rules", new JsonObject { ["area"] = "zone", ["zoneId"] = fijiId }), HttpStatusCode.BadRequest, "zoneId");
        Assert.Equal(HttpStatusCode.NotFound, (await idn.DeleteAsync($"/api/watch-zones/{fijiId}")).StatusCode);
        Assert.Equal("[]", await idn.GetStringAsync("/api/watch-zones"));
        await ProblemAsync(await idn.PostAsJsonAsync("/api/alert-rules", new JsonObject { ["centre"] = Aus }), HttpStatusCode.Forbidden, "centre");

        // At most MaxRulesPerCentre rules per centre: the next is a 409 naming the cap.
        for (int i = 0; i < AlertMatcher.MaxRulesPerCentre; i++)
        {
            var created = await idn.PostAsJsonAsync("/api/alert-rules", new JsonObject { ["kinds"] = new JsonArray("encounter"), ["area"] = "bbox", ["bbox"] = new JsonArray(179, -20, -179, -10), ["minSeverity"] = "high" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        await ProblemAsync(await idn.PostAsJsonAsync("/api/alert-rules", new JsonObject()), HttpStatusCode.Conflict, "centre");
        var rules = await idn.GetFromJsonAsync<JsonElement[]>("/api/alert-rules");
        Assert.Equal(AlertMatcher.MaxRulesPerCentre, rules!.Length);
        Assert.All(rules, r => Assert.Equal(Idn, r.GetProperty("centre").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await aus.DeleteAsync($"/api/alert-rules/{rules[0].GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await idn.DeleteAsync($"/api/alert-rules/{rules[0].GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await idn.PostAsJsonAsync("/api/alert-rules", new JsonObject())).StatusCode);
        await DetectionPositions.ExecAsync(app, $"DELETE FROM alert_rules; DELETE FROM watch_zones WHERE id = '{fijiId}'");
    }

    [Fact]
    public async Task An_entry_into_a_drawn_zone_alerts_the_centre_whose_rule_matches_once_and_a_deleted_zone_withdraws_it()
    {
        var aus = app.ClientAs(MaritimeRoles.Operator, Aus, "op-aus");
        var idn = app.ClientAs(MaritimeRoles.Operator, Idn, "op-idn");
        var created = await aus.PostAsJsonAsync("/api/watch-zones", new JsonObject { ["name"] = "Flying Fish Cove approaches", ["polygon"] = Ring(105.60, -10.50, 105.70, -10.40) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var zoneId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        // The zone was drawn two hours ago, so the track below enters it after it existed.
        await DetectionPositions.ExecAsync(app, $"UPDATE watch_zones SET created_at = now() - interval '2 hours' WHERE id = '{zoneId}'");
        Assert.Equal(HttpStatusCode.Created, (await aus.PostAsJsonAsync("/api/alert-rules", new JsonObject { ["kinds"] = new JsonArray("area-entry"), ["area"] = "zone", ["zoneId"] = zoneId, ["minSeverity"] = "medium" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await idn.PostAsJsonAsync("/api/alert-rules", new JsonObject { ["area"] = "bbox", ["bbox"] = new JsonArray(110, -12, 120, -5) })).StatusCode);

        await using var ausHub = app.HubAs(MaritimeRoles.Operator, Aus);
        await using var idnHub = app.HubAs(MaritimeRoles.Operator, Idn);
        var ausAlerts = new List<DetectionAlertRaised>();
        var idnAlerts = new List<DetectionAlertRaised>();
        ausHub.On<DetectionAlertRaised>(DetectionAlertBroadcaster.DetectionAlert, a => { lock (ausAlerts) ausAlerts.Add(a); });
        idnHub.On<DetectionAlertRaised>(DetectionAlertBroadcaster.DetectionAlert, a => { lock (idnAlerts) idnAlerts.Add(a); });
        await ausHub.StartAsync();
        await idnHub.StartAsync();

        const int mmsi = 503123456;
        var now = DateTimeOffset.UtcNow;
        await DetectionPositions.InsertTrackAsync(app, mmsi, now.AddMinutes(-90), now.AddMinutes(-1), 30, -10.45, 105.40, -10.45, 105.65, 9, 90);
        await RunAsync<RunDetectorsJob>(s => s.RunAsync(CancellationToken.None));
        var areaId = StoredZone.AreaId(zoneId);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM detection_events WHERE kind = 'area-entry' AND mmsi = {mmsi} AND area_id = '{areaId}' AND status = 'active'"));
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%DetectionAlertRaised'"));

        await WaitAsync(() => ausAlerts.Count > 0);
        var alert = Assert.Single(ausAlerts);
        Assert.Equal(areaId, alert.AreaId);
        Assert.Equal("medium", alert.Severity);
        Assert.Equal([Aus], alert.AlertedCentreCodes);
        Assert.Equal(0, alert.DroppedCentres);

        // A second run raises nothing new: no second alert.
        await RunAsync<RunDetectorsJob>(s => s.RunAsync(CancellationToken.None));
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%DetectionAlertRaised'"));
        Assert.Empty(idnAlerts);

        // Deleting the zone takes its rule with it and withdraws its entry (the detectors are rebuilt without it).
        Assert.Equal(HttpStatusCode.NoContent, (await aus.DeleteAsync($"/api/watch-zones/{zoneId}")).StatusCode);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM alert_rules WHERE zone_id = '{zoneId}'"));
        await RunAsync<RunDetectorsJob>(s => s.RunAsync(CancellationToken.None));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM detection_events WHERE area_id = '{areaId}' AND status = 'withdrawn'"));
        Assert.Empty(idnAlerts);
        await DetectionPositions.ExecAsync(app, "DELETE FROM alert_rules");
    }

    [Fact]
    public async Task An_unanswered_handover_offer_reminds_both_centres_once()
    {
        var liaison = app.ClientAs(MaritimeRoles.Liaison, Idn, "liaison-reminder");
        var sighting = await Sightings.PostAsync(liaison, Sightings.Valid(b => b["positionText"] = "09°30.0'S 113°00.0'E"));
        Assert.Equal(HttpStatusCode.Created, sighting.StatusCode);
        var incidentId = (await sighting.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incidentId").GetGuid();
        var coordinating = await app.WithDbAsync(async db => (await db.Incidents.FindAsync(incidentId))!.CoordinatingCentreCode);
        var other = coordinating == Aus ? Idn : Aus;
        var proposer = app.ClientAs(MaritimeRoles.Operator, coordinating, "op-proposer");
        var proposed = await proposer.PostAsJsonAsync($"/api/incidents/{incidentId}/handover", new JsonObject { ["toCentre"] = other, ["reason"] = "Drifting south" });
        Assert.True(proposed.IsSuccessStatusCode, await proposed.Content.ReadAsStringAsync());

        await using var fromHub = app.HubAs(MaritimeRoles.Operator, coordinating);
        await using var toHub = app.HubAs(MaritimeRoles.Operator, other);
        int fromReminders = 0, toReminders = 0;
        fromHub.On<HandoverOfferReminded>(DetectionAlertBroadcaster.HandoverOfferReminder, _ => Interlocked.Increment(ref fromReminders));
        toHub.On<HandoverOfferReminded>(DetectionAlertBroadcaster.HandoverOfferReminder, _ => Interlocked.Increment(ref toReminders));
        await fromHub.StartAsync();
        await toHub.StartAsync();

        // Not due yet: nothing.
        Assert.Equal(0, await RunAsync<HandoverReminderJob>(j => j.RunAsync(CancellationToken.None)));
        await DetectionPositions.ExecAsync(app, $"UPDATE handover_offers SET proposed_at = now() - interval '11 minutes' WHERE incident_id = '{incidentId}'");
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => RunAsync<HandoverReminderJob>(j => j.RunAsync(CancellationToken.None))));
        Assert.Equal(1, runs.Sum());
        Assert.Equal(0, await RunAsync<HandoverReminderJob>(j => j.RunAsync(CancellationToken.None)));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM incident_timeline WHERE incident_id = '{incidentId}' AND summary LIKE 'Reminder: the handover offer%'"));
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%HandoverOfferReminded'"));
        await WaitAsync(() => Volatile.Read(ref fromReminders) > 0 && Volatile.Read(ref toReminders) > 0);
        await Quiescence.HubBarrierAsync(fromHub, toHub); // a second reminder would have arrived before these answers
        Assert.Equal(1, Volatile.Read(ref fromReminders));
        Assert.Equal(1, Volatile.Read(ref toReminders));
    }

    [Fact]
    public async Task A_distress_not_acknowledged_in_time_reaches_the_centres_supervisors_and_its_neighbours_once()
    {
        var liaison = app.ClientAs(MaritimeRoles.Liaison, Idn, "liaison-escalation");
        // 10 nm north of the Indonesian/Australian SRR boundary (12°S in the samples): both centres are concerned.
        var sighting = await Sightings.PostAsync(liaison, Sightings.Valid(b => b["positionText"] = "11°50.0'S 112°40.0'E"));
        Assert.Equal(HttpStatusCode.Created, sighting.StatusCode);
        var incidentId = (await sighting.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incidentId").GetGuid();
        var coordinating = await app.WithDbAsync(async db => (await db.Incidents.FindAsync(incidentId))!.CoordinatingCentreCode);
        var other = coordinating == Aus ? Idn : Aus;

        await using var supervisorHub = app.HubAs(MaritimeRoles.Supervisor, coordinating);
        await using var operatorHub = app.HubAs(MaritimeRoles.Operator, coordinating);
        await using var otherSupervisorHub = app.HubAs(MaritimeRoles.Supervisor, other);
        int supervisorEscalations = 0, operatorEscalations = 0, operatorSupervisorEscalations = 0, otherSupervisorEscalations = 0, otherCentreEscalations = 0;
        IncidentEscalated? received = null;
        supervisorHub.On<IncidentEscalated>(SituationEvents.SupervisorEscalation, e => { received = e; Interlocked.Increment(ref supervisorEscalations); });
        operatorHub.On<JsonElement>(SituationEvents.IncidentEscalated, _ => Interlocked.Increment(ref operatorEscalations));
        operatorHub.On<JsonElement>(SituationEvents.SupervisorEscalation, _ => Interlocked.Increment(ref operatorSupervisorEscalations));
        otherSupervisorHub.On<JsonElement>(SituationEvents.SupervisorEscalation, _ => Interlocked.Increment(ref otherSupervisorEscalations));
        otherSupervisorHub.On<JsonElement>(SituationEvents.IncidentEscalated, _ => Interlocked.Increment(ref otherCentreEscalations));
        await Task.WhenAll(supervisorHub.StartAsync(), operatorHub.StartAsync(), otherSupervisorHub.StartAsync());

        var op = app.ClientAs(MaritimeRoles.Operator, coordinating, "op-escalation");
        var version = (await op.GetFromJsonAsync<JsonElement>($"/api/incidents/{incidentId}")).GetProperty("version").GetUInt32();
        var raised = await op.PostAsJsonAsync($"/api/incidents/{incidentId}/phase", new { phase = "distress", reason = "Taking water, 80 POB", expectedVersion = version });
        Assert.True(raised.IsSuccessStatusCode, await raised.Content.ReadAsStringAsync());

        // Before the deadline nothing; after it, one escalation however often (and concurrently) the job runs.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Assert.Equal(0, await EscalateAsync(clock));
        clock.Advance(EscalateAfter - TimeSpan.FromSeconds(5));
        Assert.Equal(0, await EscalateAsync(clock));
        clock.Advance(TimeSpan.FromSeconds(10));
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => EscalateAsync(clock)));
        Assert.Equal(1, runs.Sum());
        Assert.Equal(0, await EscalateAsync(clock));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%IncidentEscalated' AND payload::text LIKE '%{incidentId}%'"));

        await WaitAsync(() => Volatile.Read(ref supervisorEscalations) > 0 && Volatile.Read(ref operatorEscalations) > 0 && Volatile.Read(ref otherCentreEscalations) > 0);
        // The supervisors' push is the broadcaster's last for the event: what else it sent is ahead of these answers.
        await Quiescence.HubBarrierAsync(supervisorHub, operatorHub, otherSupervisorHub);
        Assert.Equal(1, Volatile.Read(ref supervisorEscalations));
        Assert.Equal(incidentId, received!.IncidentId);
        Assert.Equal(coordinating, received.CoordinatingCentreCode);
        Assert.Contains(other, received.NotifiedCentreCodes); // the neighbouring centre is told too
        // The coordinating centre's operators see the escalation on their stream, but the supervisors' alert is not theirs;
        // the neighbour's supervisor hears it as a neighbour, not as the supervisor in charge.
        Assert.Equal(0, Volatile.Read(ref operatorSupervisorEscalations));
        Assert.Equal(0, Volatile.Read(ref otherSupervisorEscalations));
    }

    [Fact]
    public async Task A_distress_acknowledged_by_a_person_is_not_escalated()
    {
        var liaison = app.ClientAs(MaritimeRoles.Liaison, Idn, "liaison-acknowledged");
        var sighting = await Sightings.PostAsync(liaison, Sightings.Valid(b => b["positionText"] = "09°18.0'S 112°10.0'E"));
        var incidentId = (await sighting.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incidentId").GetGuid();
        var coordinating = await app.WithDbAsync(async db => (await db.Incidents.FindAsync(incidentId))!.CoordinatingCentreCode);
        var op = app.ClientAs(MaritimeRoles.Operator, coordinating, "op-acknowledging");
        var version = (await op.GetFromJsonAsync<JsonElement>($"/api/incidents/{incidentId}")).GetProperty("version").GetUInt32();
        var raised = await op.PostAsJsonAsync($"/api/incidents/{incidentId}/phase", new { phase = "distress", reason = "Engine failure, drifting", expectedVersion = version });
        Assert.True(raised.IsSuccessStatusCode, await raised.Content.ReadAsStringAsync());
        // The centre acts on it (a person's timeline entry after the phase change): a new POB estimate.
        version = (await op.GetFromJsonAsync<JsonElement>($"/api/incidents/{incidentId}")).GetProperty("version").GetUInt32();
        var pob = await op.PutAsJsonAsync($"/api/incidents/{incidentId}/persons-on-board", new { total = 70, reason = "Aircraft count", expectedVersion = version });
        Assert.True(pob.IsSuccessStatusCode, await pob.Content.ReadAsStringAsync());
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow + EscalateAfter + TimeSpan.FromMinutes(1));
        Assert.Equal(0, await EscalateAsync(clock));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM detection_escalations WHERE incident_id = '{incidentId}'"));
    }

    private async Task<int> RunAsync<TJob>(Func<TJob, Task<int>> run) where TJob : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await run(scope.ServiceProvider.GetRequiredService<TJob>());
    }

    private TimeSpan EscalateAfter => app.Services.GetRequiredService<IOptions<DetectionOptions>>().Value.EscalateAfter;

    /// <summary>One run of the escalation job as if it were <paramref name="clock"/>'s time (the rest of the server keeps the real clock).</summary>
    private async Task<int> EscalateAsync(TimeProvider clock)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await ActivatorUtilities.CreateInstance<EscalateDistressJob>(scope.ServiceProvider, clock).RunAsync(CancellationToken.None);
    }

    private static Task WaitAsync(Func<bool> condition) => Quiescence.UntilAsync(condition, "the push arrived");
}
