using System.Net.Http.Json;
using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Contracts.Realtime;
using MaritimeCoord.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace MaritimeCoord.IntegrationTests.Realtime;

/// <summary>
/// Numbered situation streams end to end: API → PostgreSQL (commit trigger numbers the event per stream) → outbox →
/// RabbitMQ → hub → client over real WebSockets; CatchUp from PostgreSQL after a disconnect.
/// </summary>
[Collection(RealtimeCollection.Name)]
public sealed class SequencedEventsTests(RealtimeApp app)
{
    private const string Idn = "BASARNAS-IDN";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public sealed record Numbered(string Stream, long Seq, Guid IncidentId, Guid? SightingId, string? Phase);

    private sealed class Recorder
    {
        private readonly List<(string Name, Numbered Event)> _events = [];

        public void Listen(HubConnection hub)
        {
            foreach (var name in new[] { "incidentOpened", "sightingLogged", "incidentPhaseChanged", "incidentHandoverChanged", "handoverSuggested" })
                hub.On<Numbered>(name, e => { lock (_events) _events.Add((name, e)); });
        }

        public List<(string Name, Numbered Event)> Snapshot() { lock (_events) return [.. _events]; }

        public async Task<List<(string Name, Numbered Event)>> WaitForAsync(Func<List<(string Name, Numbered Event)>, bool> done)
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (!done(Snapshot()))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"Live events so far: {string.Join(", ", Snapshot().Select(e => $"{e.Name}#{e.Event.Seq}"))}");
                await Task.Delay(50);
            }
            return Snapshot();
        }
    }

    private async Task<Guid> PostSightingAsync(string description, double lat, double lon)
    {
        var response = await Sightings.PostAsync(app.ClientAs(MaritimeRoles.Liaison, Idn, "liaison-seq"),
            Sightings.Valid(b => { b.Remove("positionText"); b["latitude"] = lat; b["longitude"] = lon; b["boatDescription"] = description; }));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<List<SequencedEvent>> CatchUpAllAsync(HubConnection hub, string stream, long after)
    {
        var all = new List<SequencedEvent>();
        while (true)
        {
            var page = await hub.InvokeAsync<CatchUpPage>("CatchUp", stream, after);
            all.AddRange(page.Events);
            if (!page.More) return all;
            after = page.Events[^1].Seq;
        }
    }

    [Fact]
    public async Task Catch_up_after_a_disconnect_returns_exactly_the_missed_events_in_order_then_the_live_stream_continues()
    {
        var stream = $"centre:{Idn}";
        var live = new Recorder();
        var first = app.Hub(MaritimeRoles.Operator, Idn);
        live.Listen(first);
        await first.StartAsync();
        var streams = await first.InvokeAsync<List<StreamPosition>>("GetStreams");
        var start = Assert.Single(streams, s => s.Stream == stream).LastSeq;

        // Seen live: one sighting opens an incident (two events: incidentOpened, sightingLogged).
        var seenSighting = await PostSightingAsync("seq: seen live", -5.0, 108.0);
        var before = await live.WaitForAsync(l => l.Any(e => e.Event.SightingId == seenSighting && e.Event.Stream == stream));
        var lastSeen = before.Where(e => e.Event.Stream == stream).Max(e => e.Event.Seq);
        await first.DisposeAsync();

        // Missed: three sightings far apart (three incidents) while no client is connected.
        var missed = new List<Guid>();
        for (var i = 0; i < 3; i++) missed.Add(await PostSightingAsync($"seq: missed {i}", -5.0 + 0.2 * i, 110.0 + 2 * i));

        var second = app.Hub(MaritimeRoles.Operator, Idn);
        var afterReconnect = new Recorder();
        afterReconnect.Listen(second);
        await second.StartAsync();
        var caught = await CatchUpAllAsync(second, stream, lastSeen);

        // Exactly the numbers after the last one seen, without a hole; each missed sighting once, after its incident.
        Assert.Equal(Enumerable.Range(1, caught.Count).Select(i => lastSeen + i), caught.Select(e => e.Seq));
        var sightings = caught.Where(e => e.Name == "sightingLogged").Select(e => Guid.Parse((string)ToPlain(e.Payload["sightingId"])!)).ToList();
        Assert.Equal(missed, sightings);
        Assert.Equal(3, caught.Count(e => e.Name == "incidentOpened"));
        Assert.All(caught, e => Assert.Equal(stream, e.Stream));
        Assert.True(lastSeen > start);

        // Then live: after the caught-up numbers come the next ones, without a hole. Live delivery may repeat numbers
        // the catch-up already returned (events committed while disconnected can still be on their way): a client
        // drops those by number, as StreamSequence does.
        var next = await PostSightingAsync("seq: after reconnect", -6.0, 116.5);
        var lastCaught = caught[^1].Seq;
        List<long> Fresh(List<(string Name, Numbered Event)> l) =>
            [.. l.Where(e => e.Event.Stream == stream && e.Event.Seq > lastCaught).Select(e => e.Event.Seq).Distinct().Order()];
        var got = await afterReconnect.WaitForAsync(l => l.Any(e => e.Event.SightingId == next && e.Event.Stream == stream)
                                                         && Fresh(l) is { Count: > 0 } f && f[^1] - f[0] + 1 == f.Count);
        var fresh = Fresh(got);
        Assert.Equal(lastCaught + 1, fresh[0]);
        Assert.Equal(Enumerable.Range(0, fresh.Count).Select(i => fresh[0] + i), fresh);
        Assert.All(got.Where(e => e.Event.Stream == stream && e.Event.Seq <= lastCaught),
            e => Assert.Contains(caught, c => c.Seq == e.Event.Seq && c.Name == e.Name)); // a repeat is the same event
        await second.DisposeAsync();
    }

    private static object? ToPlain(object? value) => value is JsonElement e ? e.ValueKind == JsonValueKind.String ? e.GetString() : e.ToString() : value;

    [Fact]
    public async Task Numbers_are_taken_at_commit_so_a_rolled_back_transaction_leaves_no_hole_and_concurrent_writers_none_either()
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        const string stream = "centre:TEST-ROLLBACK";
        async Task InsertAsync(NpgsqlConnection c, NpgsqlTransaction? tx)
        {
            await using var cmd = new NpgsqlCommand("""
                INSERT INTO outbox_messages (message_type, payload, created_at, attempts, dispatched_at, event_name, streams, stream_incident_id)
                VALUES ('MaritimeCoord.Contracts.Incidents.IncidentMarkedStale',
                        '{"incidentId":"00000000-0000-0000-0000-000000000001","coordinatingCentreCode":"TEST-ROLLBACK"}', now(), 0, now(),
                        'incidentMarkedStale', ARRAY['all-centres', 'centre:TEST-ROLLBACK', 'incident:00000000-0000-0000-0000-000000000001'],
                        '00000000-0000-0000-0000-000000000001')
                """, c, tx);
            await cmd.ExecuteNonQueryAsync();
        }

        await using (var tx = await conn.BeginTransactionAsync())
        {
            await InsertAsync(conn, tx);
            await tx.RollbackAsync();
        }
        await InsertAsync(conn, null);
        // Ten writers at once, each its own connection and transaction.
        await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            await using var c = new NpgsqlConnection(app.ConnectionString);
            await c.OpenAsync();
            await using var tx = await c.BeginTransactionAsync();
            await InsertAsync(c, tx);
            await InsertAsync(c, tx);
            await tx.CommitAsync();
        }));

        await using var read = new NpgsqlCommand($"SELECT seq FROM situation_events WHERE stream = '{stream}' ORDER BY seq", conn);
        var seqs = new List<long>();
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync()) seqs.Add(reader.GetInt64(0));
        Assert.Equal(Enumerable.Range(1, 21).Select(i => (long)i), seqs);
    }

    [Fact]
    public async Task A_phase_change_reaches_the_centre_a_pending_handover_is_offered_to()
    {
        const string aus = "JRCC-AUS";
        var ausHub = app.Hub(MaritimeRoles.Operator, aus);
        var live = new Recorder();
        live.Listen(ausHub);
        await ausHub.StartAsync();

        var sighting = await PostSightingAsync("seq: to be offered", -8.6, 111.0);
        var idnOperator = app.ClientAs(MaritimeRoles.Operator, Idn, "idn-operator");
        var incidentId = (await app.WithDbAsync(db => Task.FromResult(db.Sightings.Where(s => s.Id == sighting).Select(s => s.IncidentId).Single())));
        var proposed = await idnOperator.PostAsJsonAsync($"/api/incidents/{incidentId}/handover", new { toCentre = aus, reason = "Drifting south" });
        proposed.EnsureSuccessStatusCode();
        var version = JsonDocument.Parse(await (await idnOperator.GetAsync($"/api/incidents/{incidentId}")).Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetUInt32();
        (await idnOperator.PostAsJsonAsync($"/api/incidents/{incidentId}/phase", new { phase = "alert", reason = "No contact for 2 h", expectedVersion = version })).EnsureSuccessStatusCode();

        var got = await live.WaitForAsync(l => l.Any(e => e.Name == "incidentPhaseChanged" && e.Event.IncidentId == incidentId));
        var phase = Assert.Single(got, e => e.Name == "incidentPhaseChanged" && e.Event.IncidentId == incidentId);
        Assert.Equal($"centre:{aus}", phase.Event.Stream);
        Assert.Equal("alert", phase.Event.Phase);
        await ausHub.DisposeAsync();
    }

    [Fact]
    public async Task A_client_may_subscribe_to_an_incident_it_may_see_and_not_to_another_centres()
    {
        var sighting = await PostSightingAsync("seq: subscribe", -3.5, 107.5);
        var incidentId = await app.WithDbAsync(db => Task.FromResult(db.Sightings.Where(s => s.Id == sighting).Select(s => s.IncidentId).Single()));

        await using var stranger = app.Hub(MaritimeRoles.Operator, "MRCC-LKA");
        await stranger.StartAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync<StreamPosition>("SubscribeIncident", incidentId));
        Assert.Contains("Forbidden", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync<CatchUpPage>("CatchUp", $"incident:{incidentId:D}", 0L));
        await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync<CatchUpPage>("CatchUp", $"centre:{Idn}", 0L));
        await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync<CatchUpPage>("CatchUp", "all-centres", 0L));

        await using var own = app.Hub(MaritimeRoles.Operator, Idn);
        await own.StartAsync();
        var subscribed = await own.InvokeAsync<StreamPosition>("SubscribeIncident", incidentId);
        Assert.Equal($"incident:{incidentId:D}", subscribed.Stream);
        var history = await CatchUpAllAsync(own, subscribed.Stream, 0);
        Assert.Equal(["incidentOpened", "sightingLogged"], history.Select(e => e.Name));
        Assert.Equal([1L, 2L], history.Select(e => e.Seq));
        Assert.Equal(2, subscribed.LastSeq);

        await using var admin = app.Hub(MaritimeRoles.Admin, null);
        await admin.StartAsync();
        Assert.Equal($"incident:{incidentId:D}", (await admin.InvokeAsync<StreamPosition>("SubscribeIncident", incidentId)).Stream);
        Assert.Contains(await admin.InvokeAsync<List<StreamPosition>>("GetStreams"), s => s.Stream == "all-centres");
    }
}
