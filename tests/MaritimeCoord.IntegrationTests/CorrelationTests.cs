using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace MaritimeCoord.IntegrationTests;

/// <summary>
/// Issue 15 items 2 and 12 through the API, PostgreSQL, RabbitMQ and the hub: correlation never merges two boats (nor
/// overwrites a count), operators merge and split (audited, pushed live, reversible), and every incident command is
/// pushed live to the other operators of the centre and to a handover partner.
/// </summary>
public sealed class CorrelationTests(CorrelationTests.App app) : IClassFixture<CorrelationTests.App>
{
    public sealed class App : MaritimeAppFactory;

    private const string Idn = "BASARNAS-IDN";
    private const string Aus = "JRCC-AUS";
    private const string GreenBoat = "Wooden fishing boat, green hull, about 15 m";
    private const string GreyBoat = "Grey fibreglass boat, outboard engine";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly double SixPointSixNmInDegreesOfLatitude = 6.6 / 60.0;

    private HttpClient Operator(string centre = Idn) => app.ClientAs(MaritimeRoles.Operator, centre, $"op-{centre}");

    private static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    private async Task<JsonElement> SightAsync(double lat, double lon, string description, int? pob, string? centre = Idn)
    {
        var response = await Sightings.PostAsync(app.ClientAs(MaritimeRoles.Liaison, centre, $"liaison-{Guid.NewGuid():N}"),
            Sightings.Valid(b =>
            {
                b.Remove("positionText");
                b["latitude"] = lat;
                b["longitude"] = lon;
                b["boatDescription"] = description;
                b["personsOnBoard"] = pob;
            }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await Json(response);
    }

    private async Task<JsonElement> WorkspaceAsync(Guid id, HttpClient? client = null) =>
        await (client ?? Operator()).GetFromJsonAsync<JsonElement>($"/api/incidents/{id}");

    private static uint Version(JsonElement workspace) => workspace.GetProperty("version").GetUInt32();

    private async Task<string> SitrepAsync(Guid id) => await Operator().GetStringAsync($"/api/incidents/{id}/sitrep?form=full&format=text");

    private static string Item(string sitrep, string letter) =>
        sitrep.Split('\n').First(l => l.StartsWith(letter + ".", StringComparison.Ordinal) || l.StartsWith(letter + " ", StringComparison.Ordinal));

    /// <summary>Live events of one hub connection; a wait completes on the event itself (no polling, no sleeping).</summary>
    private sealed class LiveEvents
    {
        private readonly List<(string Name, JsonElement Event)> _seen = [];
        private readonly List<(Func<string, JsonElement, bool> Match, TaskCompletionSource<JsonElement> Done)> _waiters = [];

        public static async Task<(HubConnection Hub, LiveEvents Events)> ConnectAsync(App app, string role, string? centre, params string[] names)
        {
            var hub = app.HubAs(role, centre);
            var events = new LiveEvents();
            foreach (var name in names) hub.On<JsonElement>(name, e => events.Add(name, e));
            await hub.StartAsync();
            return (hub, events);
        }

        private void Add(string name, JsonElement e)
        {
            lock (_seen)
            {
                _seen.Add((name, e.Clone()));
                foreach (var w in _waiters.Where(w => w.Match(name, e)).ToList())
                {
                    w.Done.TrySetResult(e.Clone());
                    _waiters.Remove(w);
                }
            }
        }

        public Task<JsonElement> WaitAsync(string name, Guid incidentId, Func<JsonElement, bool>? also = null)
        {
            bool Match(string n, JsonElement e) => n == name && e.GetProperty("incidentId").GetGuid() == incidentId && (also?.Invoke(e) ?? true);
            lock (_seen)
            {
                var already = _seen.FirstOrDefault(s => Match(s.Name, s.Event));
                if (already.Name is not null) return Task.FromResult(already.Event);
                var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((Match, done));
                return done.Task.WaitAsync(Timeout);
            }
        }
    }

    [Fact]
    public async Task Two_different_boats_6_6_nm_apart_open_two_incidents_flagged_as_possibly_the_same_each_with_its_own_count_and_sitrep()
    {
        var first = await SightAsync(-9.0, 106.0, GreenBoat, 60);
        var second = await SightAsync(-9.0 + SixPointSixNmInDegreesOfLatitude, 106.0, GreyBoat, 33);

        var a = first.GetProperty("incidentId").GetGuid();
        var b = second.GetProperty("incidentId").GetGuid();
        Assert.NotEqual(a, b);
        Assert.True(second.GetProperty("incidentOpened").GetBoolean());
        var aRef = first.GetProperty("incidentReference").GetString()!;
        var bRef = second.GetProperty("incidentReference").GetString()!;

        var wa = await WorkspaceAsync(a);
        var wb = await WorkspaceAsync(b);
        Assert.Equal(60, wa.GetProperty("personsOnBoard").GetProperty("total").GetInt32());
        Assert.Equal(33, wb.GetProperty("personsOnBoard").GetProperty("total").GetInt32());
        var flag = Assert.Single(wb.GetProperty("links").EnumerateArray());
        Assert.Equal("possibly-same", flag.GetProperty("kind").GetString());
        Assert.Equal(aRef, flag.GetProperty("reference").GetString());
        Assert.InRange(flag.GetProperty("distanceNauticalMiles").GetDouble(), 6.5, 6.7);
        Assert.Contains("different boat description", flag.GetProperty("reason").GetString());
        Assert.Equal(bRef, Assert.Single(wa.GetProperty("links").EnumerateArray()).GetProperty("reference").GetString());
        Assert.Contains(wa.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "possibly-same");
        Assert.Contains(wb.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "possibly-same"
            && t.GetProperty("summary").GetString()!.StartsWith($"Possibly the same as {aRef}", StringComparison.Ordinal));

        var list = await Operator().GetFromJsonAsync<JsonElement>("/api/incidents");
        var listed = list.EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == b);
        Assert.Equal([aRef], listed.GetProperty("possiblySameAs").EnumerateArray().Select(r => r.GetString()));

        // Each SITREP describes one boat: A and G from the same sighting as B, D the incident's own count.
        var sa = await SitrepAsync(a);
        var sb = await SitrepAsync(b);
        Assert.Contains("GREEN HULL", Item(sa, "A"), StringComparison.Ordinal);
        Assert.Contains("GREEN HULL", Item(sa, "G"), StringComparison.Ordinal);
        Assert.Contains("60", Item(sa, "D"), StringComparison.Ordinal);
        Assert.DoesNotContain("GREY", sa, StringComparison.Ordinal);
        Assert.Contains("GREY FIBREGLASS", Item(sb, "A"), StringComparison.Ordinal);
        Assert.Contains("GREY FIBREGLASS", Item(sb, "G"), StringComparison.Ordinal);
        Assert.Contains("33", Item(sb, "D"), StringComparison.Ordinal);
        Assert.DoesNotContain("GREEN", sb, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_boat_is_attached_and_no_sighting_overwrites_the_operators_count()
    {
        var first = await SightAsync(-9.5, 107.5, "Wooden boat, blue hull, about 12 m", 40);
        var id = first.GetProperty("incidentId").GetGuid();
        var pob = await Operator().PutAsJsonAsync($"/api/incidents/{id}/persons-on-board",
            new { total = 44, reason = "Count from patrol aircraft", expectedVersion = Version(await WorkspaceAsync(id)) });
        Assert.Equal(HttpStatusCode.OK, pob.StatusCode);

        // Re-described by another liaison officer, 3 nm away, with a compatible count: the same boat.
        var again = await SightAsync(-9.5 + 3.0 / 60, 107.5, "blue hull wooden boat ~12 metres", 47);
        Assert.Equal(id, again.GetProperty("incidentId").GetGuid());
        Assert.False(again.GetProperty("incidentOpened").GetBoolean());
        Assert.Equal(47, again.GetProperty("personsOnBoard").GetInt32());

        // Same words, but 20 aboard instead of 44: not attached, flagged.
        var fewer = await SightAsync(-9.5 + 4.0 / 60, 107.5, "Wooden boat, blue hull, about 12 m", 20);
        Assert.NotEqual(id, fewer.GetProperty("incidentId").GetGuid());

        var workspace = await WorkspaceAsync(id);
        Assert.Equal(44, workspace.GetProperty("personsOnBoard").GetProperty("total").GetInt32());
        Assert.Equal([40, 47], workspace.GetProperty("sightings").EnumerateArray().Select(s => s.GetProperty("personsOnBoard").GetInt32()));
        Assert.Equal("Wooden boat, blue hull, about 12 m", workspace.GetProperty("sightings")[0].GetProperty("boatDescription").GetString());
        Assert.Equal("blue hull wooden boat ~12 metres", workspace.GetProperty("sightings")[1].GetProperty("boatDescription").GetString());
        Assert.Contains(workspace.GetProperty("links").EnumerateArray(), l => l.GetProperty("incidentId").GetGuid() == fewer.GetProperty("incidentId").GetGuid());
    }

    [Fact]
    public async Task Merge_and_split_are_audited_pushed_live_and_reverse_each_other()
    {
        var green = await SightAsync(-10.0, 109.0, GreenBoat, 60);
        var grey = await SightAsync(-10.0 + SixPointSixNmInDegreesOfLatitude, 109.0, GreyBoat, 33);
        var a = green.GetProperty("incidentId").GetGuid();
        var b = grey.GetProperty("incidentId").GetGuid();
        var greySighting = grey.GetProperty("id").GetGuid();
        var (hub, live) = await LiveEvents.ConnectAsync(app, MaritimeRoles.Operator, Idn, "incidentsMerged", "incidentPhaseChanged", "sightingSplit", "incidentOpened");
        await using var connection = hub;
        var client = Operator();
        var version = Version(await WorkspaceAsync(a));

        // Refusals first: stale version, merging with itself, missing reason.
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/incidents/{a}/merge", new { otherIncidentId = b, reason = "same", expectedVersion = version + 1 })).StatusCode);
        var self = await client.PostAsJsonAsync($"/api/incidents/{a}/merge", new { otherIncidentId = a, reason = "same", expectedVersion = version });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, self.StatusCode);
        Assert.Equal("merge-with-self", (await Json(self)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync($"/api/incidents/{a}/merge", new { otherIncidentId = b, reason = " ", expectedVersion = version })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/incidents/{a}/merge", new { reason = "x", expectedVersion = version })).StatusCode);
        var onlySighting = await client.PostAsJsonAsync($"/api/incidents/{a}/sightings/{green.GetProperty("id").GetGuid()}/split", new { reason = "another boat" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, onlySighting.StatusCode);
        Assert.Equal("last-sighting", (await Json(onlySighting)).GetProperty("code").GetString());

        // Merge: the operator says the grey boat report was the green boat after all.
        var merged = await client.PostAsJsonAsync($"/api/incidents/{a}/merge", new { otherIncidentId = b, reason = "Aircraft confirms one boat", expectedVersion = version });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var wa = await Json(merged);
        Assert.Equal(2, wa.GetProperty("sightings").GetArrayLength());
        Assert.Equal(60, wa.GetProperty("personsOnBoard").GetProperty("total").GetInt32());
        Assert.Contains(wa.GetProperty("sightings").EnumerateArray(), s => s.GetProperty("personsOnBoard").GetInt32() == 33); // kept as reported
        Assert.Contains(wa.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "merged"
            && t.GetProperty("summary").GetString()!.Contains("Aircraft confirms one boat", StringComparison.Ordinal));
        Assert.Equal("merged-from", Assert.Single(wa.GetProperty("links").EnumerateArray()).GetProperty("kind").GetString());
        var wb = await WorkspaceAsync(b);
        Assert.Equal("closed", wb.GetProperty("incident").GetProperty("phase").GetString());
        Assert.Equal("merged-into", wb.GetProperty("timeline").EnumerateArray().Last().GetProperty("kind").GetString());
        var mergedEvent = await live.WaitAsync("incidentsMerged", a);
        Assert.Equal(b, mergedEvent.GetProperty("mergedIncidentId").GetGuid());
        Assert.Equal([greySighting], mergedEvent.GetProperty("sightingIds").EnumerateArray().Select(s => s.GetGuid()));
        await live.WaitAsync("incidentPhaseChanged", b, e => e.GetProperty("phase").GetString() == "closed");

        // Split undoes it: the grey boat's sighting gets an incident of its own again, with its own count.
        var split = await client.PostAsJsonAsync($"/api/incidents/{a}/sightings/{greySighting}/split",
            new { reason = "Second aircraft pass: two boats", expectedVersion = Version(wa) });
        Assert.Equal(HttpStatusCode.OK, split.StatusCode);
        var afterSplit = await Json(split);
        Assert.Single(afterSplit.GetProperty("sightings").EnumerateArray());
        Assert.Equal(-10.0, afterSplit.GetProperty("incident").GetProperty("latitude").GetDouble(), 6);
        var splitEvent = await live.WaitAsync("sightingSplit", a);
        var c = splitEvent.GetProperty("newIncidentId").GetGuid();
        await live.WaitAsync("incidentOpened", c);
        var wc = await WorkspaceAsync(c);
        Assert.Equal(33, wc.GetProperty("personsOnBoard").GetProperty("total").GetInt32());
        Assert.Equal(greySighting, Assert.Single(wc.GetProperty("sightings").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal("split-from", wc.GetProperty("timeline")[0].GetProperty("kind").GetString());
        Assert.Contains(afterSplit.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "sighting-split");
        Assert.Equal(c, (await Operator().GetFromJsonAsync<JsonElement>($"/api/sightings/{greySighting}")).GetProperty("incidentId").GetGuid());

        // And merging back is allowed again (reversible both ways).
        var back = await client.PostAsJsonAsync($"/api/incidents/{a}/merge", new { otherIncidentId = c, reason = "Back again", expectedVersion = Version(afterSplit) });
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal(2, (await Json(back)).GetProperty("sightings").GetArrayLength());
    }

    [Fact]
    public async Task Merge_and_split_are_for_the_coordinating_centre_only()
    {
        var one = await SightAsync(-9.2, 111.5, GreenBoat, 60);
        var two = await SightAsync(-9.2 + 0.05, 111.5, GreyBoat, 33);
        var a = one.GetProperty("incidentId").GetGuid();
        var b = two.GetProperty("incidentId").GetGuid();
        var version = Version(await WorkspaceAsync(a));
        object body = new { otherIncidentId = b, reason = "same", expectedVersion = version };

        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(MaritimeRoles.Liaison, Idn).PostAsJsonAsync($"/api/incidents/{a}/merge", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(MaritimeRoles.Analyst, null).PostAsJsonAsync($"/api/incidents/{a}/merge", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Operator("MRCC-LKA").PostAsJsonAsync($"/api/incidents/{a}/merge", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Operator("MRCC-LKA").PostAsJsonAsync($"/api/incidents/{a}/sightings/{one.GetProperty("id").GetGuid()}/split", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Operator().PostAsJsonAsync($"/api/incidents/{a}/sightings/{Guid.NewGuid()}/split", new { reason = "x" })).StatusCode);

        // An incident of another centre is not disclosed to an IDN operator (404), and an admin cannot merge two centres' incidents (409).
        var australian = (await SightAsync(-14.0, 110.0, GreenBoat, 60, Aus)).GetProperty("incidentId").GetGuid();
        var notVisible = await Operator().PostAsJsonAsync($"/api/incidents/{a}/merge", new { otherIncidentId = australian, reason = "same", expectedVersion = version });
        Assert.Equal(HttpStatusCode.NotFound, notVisible.StatusCode);
        var admin = await app.ClientAs(MaritimeRoles.Admin, null).PostAsJsonAsync($"/api/incidents/{a}/merge", new { otherIncidentId = australian, reason = "same", expectedVersion = version });
        Assert.Equal(HttpStatusCode.Conflict, admin.StatusCode);
        Assert.Equal("coordinating-centres-differ", (await Json(admin)).GetProperty("code").GetString());

        // A handover partner sees the incident but does not coordinate it: 409 as for every other command.
        (await Operator().PostAsJsonAsync($"/api/incidents/{b}/handover", new { toCentre = Aus, reason = "drifting south" })).EnsureSuccessStatusCode();
        var partner = await Operator(Aus).PostAsJsonAsync($"/api/incidents/{b}/sightings/{two.GetProperty("id").GetGuid()}/split", new { reason = "another boat" });
        Assert.Equal(HttpStatusCode.Conflict, partner.StatusCode);
        Assert.Equal("not-coordinating-centre", (await Json(partner)).GetProperty("code").GetString());
        Assert.Equal(1, (await WorkspaceAsync(a)).GetProperty("incident").GetProperty("sightingCount").GetInt32()); // nothing moved
        Assert.Equal("uncertainty", (await WorkspaceAsync(b)).GetProperty("incident").GetProperty("phase").GetString());
    }

    [Fact]
    public async Task Every_incident_command_reaches_a_second_operator_and_the_handover_partner_live()
    {
        var id = (await SightAsync(-10.5, 113.0, "Red wooden boat", 25)).GetProperty("incidentId").GetGuid();
        (await Operator().PostAsJsonAsync($"/api/incidents/{id}/handover", new { toCentre = Aus, reason = "Drifting south" })).EnsureSuccessStatusCode();
        string[] names = ["incidentPersonsOnBoardChanged", "incidentDistressIndicatorsChanged", "sitrepIssued", "incidentPhaseChanged"];
        var (secondHub, second) = await LiveEvents.ConnectAsync(app, MaritimeRoles.Operator, Idn, names);
        var (partnerHub, partner) = await LiveEvents.ConnectAsync(app, MaritimeRoles.Operator, Aus, names);
        await using var secondConnection = secondHub;
        await using var partnerConnection = partnerHub;
        var client = app.ClientAs(MaritimeRoles.Operator, Idn, "first-operator");

        var pob = await client.PutAsJsonAsync($"/api/incidents/{id}/persons-on-board",
            new { total = 30, adults = 22, minors = 8, reason = "Aircraft count", expectedVersion = Version(await WorkspaceAsync(id)) });
        Assert.Equal(HttpStatusCode.OK, pob.StatusCode);
        var indicators = await client.PutAsJsonAsync($"/api/incidents/{id}/distress-indicators",
            new { indicators = new[] { "request-for-assistance" }, reason = "Satellite phone call", expectedVersion = Version(await Json(pob)) });
        Assert.Equal(HttpStatusCode.OK, indicators.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/incidents/{id}/sitreps", new { form = "short" })).StatusCode);

        foreach (var events in new[] { second, partner })
        {
            var p = await events.WaitAsync("incidentPersonsOnBoardChanged", id);
            Assert.Equal(30, p.GetProperty("total").GetInt32());
            Assert.Equal(8, p.GetProperty("minors").GetInt32());
            Assert.Equal("Aircraft count", p.GetProperty("reason").GetString());
            Assert.True(p.TryGetProperty("seq", out _)); // numbered in the stream, so a reconnecting client catches up on it
            var d = await events.WaitAsync("incidentDistressIndicatorsChanged", id);
            Assert.Equal(["request-for-assistance"], d.GetProperty("indicators").EnumerateArray().Select(i => i.GetString()));
            Assert.Equal(1, (await events.WaitAsync("sitrepIssued", id)).GetProperty("number").GetInt32());
        }
    }
}
