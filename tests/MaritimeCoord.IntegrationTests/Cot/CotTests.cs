using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.Cot;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.IntegrationTests.Security;
using MaritimeCoord.Server.Cot;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MaritimeCoord.IntegrationTests.Cot;

/// <summary>
/// Cursor-on-Target against an independent implementation (@tak-ps/node-cot, tests/cot-harness) over real sockets on
/// loopback: node-cot parses (and schema-checks) what the server sends over streaming TCP, TLS with client certificates
/// and UDP multicast (239.2.3.1 joined on 127.0.0.1: it works in this sandbox), and produces what the server reads.
/// The server runs against real PostgreSQL+PostGIS. Waits are on arrivals and counters, never on a clock.
/// </summary>
public sealed class CotTests(CotTests.App app) : IClassFixture<CotTests.App>
{
    private const string Idn = "BASARNAS-IDN";
    private const string Aus = "JRCC-AUS";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public sealed class App : MaritimeAppFactory
    {
        public TestCertificates Certs { get; } = new("cot");
        public TestCertificates Stranger { get; } = new("stranger");
        public CapturingLoggerProvider Logs { get; } = new();
        public NodeCot IdnTcp { get; private set; } = null!;
        public NodeCot IdnTls { get; private set; } = null!;
        public NodeCot IdnUdp { get; private set; } = null!;
        public NodeCot AusTcp { get; private set; } = null!;
        public TcpListener Slow { get; } = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _heldBySlow = [];
        protected override bool UseRabbitMq => false;

        public override async Task InitializeAsync()
        {
            var receivers = await Task.WhenAll(
                NodeCot.ReceiveAsync("tcp", "0"),
                NodeCot.ReceiveAsync("tls", "0", "--cert", Certs.ServerPem, "--key", Certs.ServerKeyPem, "--ca", Certs.CaPem),
                NodeCot.ReceiveAsync("udp", "0", "--group", "239.2.3.1", "--iface", "127.0.0.1"),
                NodeCot.ReceiveAsync("tcp", "0"));
            (IdnTcp, IdnTls, IdnUdp, AusTcp) = (receivers[0], receivers[1], receivers[2], receivers[3]);
            // A reader that accepts and never reads, with a small window: the server's writes to it soon stop completing.
            Slow.Server.ReceiveBufferSize = 4096;
            Slow.Start();
            _ = HoldSlowClientsAsync();
            await base.InitializeAsync();
        }

        private async Task HoldSlowClientsAsync()
        {
            try
            {
                while (true)
                {
                    var c = await Slow.AcceptTcpClientAsync();
                    lock (_heldBySlow) _heldBySlow.Add(c);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            foreach (var node in new[] { IdnTcp, IdnTls, IdnUdp, AusTcp }) if (node is not null) await node.DisposeAsync();
            Slow.Stop();
            lock (_heldBySlow) foreach (var c in _heldBySlow) c.Dispose();
            Certs.Dispose();
            Stranger.Dispose();
        }

        protected override IDictionary<string, string?> ExtraSettings
        {
            get
            {
                string P(int port) => port.ToString(CultureInfo.InvariantCulture);
                return new Dictionary<string, string?>
                {
                    ["Cot:Enabled"] = "true",
                    ["Cot:RefreshInterval"] = "00:00:00.250",
                    ["Cot:ResendInterval"] = "01:00:00",
                    ["Cot:ReconnectDelay"] = "00:00:00.200",
                    ["Cot:PositionFlushInterval"] = "00:00:00.100",
                    ["Cot:Centres:0:Centre"] = Idn,
                    ["Cot:Centres:0:Endpoints:0:Name"] = "tak-tcp", ["Cot:Centres:0:Endpoints:0:Transport"] = "Tcp",
                    ["Cot:Centres:0:Endpoints:0:Host"] = "127.0.0.1", ["Cot:Centres:0:Endpoints:0:Port"] = P(IdnTcp.Port),
                    ["Cot:Centres:0:Endpoints:1:Name"] = "tak-tls", ["Cot:Centres:0:Endpoints:1:Transport"] = "Tls",
                    ["Cot:Centres:0:Endpoints:1:Host"] = "127.0.0.1", ["Cot:Centres:0:Endpoints:1:Port"] = P(IdnTls.Port),
                    ["Cot:Centres:0:Endpoints:1:ServerName"] = "localhost",
                    ["Cot:Centres:0:Endpoints:1:ClientCertificate"] = Certs.ClientPfx, ["Cot:Centres:0:Endpoints:1:ClientCertificatePassword"] = TestCertificates.Password,
                    ["Cot:Centres:0:Endpoints:1:TrustedCa"] = Certs.CaPem,
                    ["Cot:Centres:0:Endpoints:2:Name"] = "mesh", ["Cot:Centres:0:Endpoints:2:Transport"] = "Udp",
                    ["Cot:Centres:0:Endpoints:2:Host"] = "239.2.3.1", ["Cot:Centres:0:Endpoints:2:Port"] = P(IdnUdp.Port),
                    ["Cot:Centres:0:Endpoints:2:Interface"] = "127.0.0.1",
                    ["Cot:Centres:0:Endpoints:3:Name"] = "slow", ["Cot:Centres:0:Endpoints:3:Transport"] = "Tcp",
                    ["Cot:Centres:0:Endpoints:3:Host"] = "127.0.0.1", ["Cot:Centres:0:Endpoints:3:Port"] = P(((IPEndPoint)Slow.LocalEndpoint).Port),
                    ["Cot:Centres:0:Endpoints:3:QueueCapacity"] = "200",
                    ["Cot:Centres:0:Endpoints:3:WriteTimeout"] = "00:00:01",
                    ["Cot:Centres:0:Listener:Host"] = "127.0.0.1", ["Cot:Centres:0:Listener:Port"] = "0",
                    ["Cot:Centres:0:Listener:MaxEventBytes"] = "4096",
                    ["Cot:Centres:0:Listener:MaxEventsPerSecond"] = "100000", ["Cot:Centres:0:Listener:MaxEventsPerSecondPerConnection"] = "5000",
                    ["Cot:Centres:0:Units:RESCUE-1"] = "IDN-KN-BWI-1",
                    ["Cot:Centres:0:Units:FLOOD-1"] = "IDN-KN-KPG-1",
                    ["Cot:Centres:0:Units:AUS-SPY"] = "AUS-PB-DRW-1",
                    ["Cot:Centres:1:Centre"] = Aus,
                    ["Cot:Centres:1:Endpoints:0:Name"] = "tak-tcp", ["Cot:Centres:1:Endpoints:0:Transport"] = "Tcp",
                    ["Cot:Centres:1:Endpoints:0:Host"] = "127.0.0.1", ["Cot:Centres:1:Endpoints:0:Port"] = P(AusTcp.Port),
                    ["Cot:Centres:1:Listener:Host"] = "127.0.0.1", ["Cot:Centres:1:Listener:Port"] = "0",
                    ["Cot:Centres:1:Listener:Certificate"] = Certs.ServerPfx, ["Cot:Centres:1:Listener:CertificatePassword"] = TestCertificates.Password,
                    ["Cot:Centres:1:Listener:ClientCa"] = Certs.CaPem,
                    ["Cot:Centres:1:Units:SHARK-1"] = "AUS-PB-DRW-1",
                };
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(l => l.AddProvider(Logs));
        }

        public CotRuntime Runtime => Services.GetRequiredService<CotRuntime>();
        public CotCounters Counters => Services.GetRequiredService<CotCounters>();
        public int ListenerPort(string centre) => ((IPEndPoint)Runtime.ListenerEndPoint(centre)!).Port;
    }

    private HttpClient Liaison(string centre) => app.ClientAs(MaritimeRoles.Liaison, centre, $"liaison-{Guid.NewGuid():N}");
    private HttpClient Operator(string centre) => app.ClientAs(MaritimeRoles.Operator, centre, $"op-{centre}");

    private async Task<(Guid Id, string Coordinating)> OpenIncidentAsync(string centre, double lat, double lon, string description)
    {
        var response = await Sightings.PostAsync(Liaison(centre),
            Sightings.Valid(b => { b.Remove("positionText"); b["latitude"] = lat; b["longitude"] = lon; b["boatDescription"] = description; }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (body.GetProperty("incidentId").GetGuid(), body.GetProperty("coordinatingCentreCode").GetString()!);
    }

    private Task WaitForCounterAsync(string name, long atLeast) => app.Counters.WaitForCounterAsync(name, atLeast, Timeout);

    private static string Uid(JsonElement e) => e.GetProperty("uid").GetString()!;
    private static string Type(JsonElement e) => e.GetProperty("type").GetString()!;

    private static object Feature(string id, string type, string callsign, double lat, double lon, DateTimeOffset? time = null, string how = "m-g")
    {
        var t = (time ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var stale = (time ?? DateTimeOffset.UtcNow).AddMinutes(5).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return new
        {
            type = "Feature", id,
            properties = new { type, how, callsign, time = t, start = t, stale },
            geometry = new { type = "Point", coordinates = new[] { lon, lat, 0.0 } },
        };
    }

    [Fact]
    public async Task Each_centres_TAK_gets_its_own_incidents_sightings_and_tasked_assets_over_tcp_tls_and_udp_and_never_another_centres()
    {
        var idn = await OpenIncidentAsync(Idn, -8.95, 114.35, "CoT test boat, red hull");
        var aus = await OpenIncidentAsync(Aus, -16.0, 118.0, "CoT test boat off Broome");
        Assert.Equal(Idn, idn.Coordinating);
        Assert.Equal(Aus, aus.Coordinating);
        var tasked = await Operator(Idn).PostAsJsonAsync($"/api/incidents/{idn.Id}/taskings", new { assetCode = "IDN-KN-BWI-1", reason = "CoT test" });
        Assert.True(tasked.IsSuccessStatusCode, await tasked.Content.ReadAsStringAsync());

        var idnUid = CotPicture.IncidentUid(idn.Id);
        var ausUid = CotPicture.IncidentUid(aus.Id);
        JsonElement incident;
        try
        {
            incident = await app.IdnTcp.WaitForAsync(e => Uid(e) == idnUid, Timeout, "the Indonesian incident over TCP");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\nCoT log: " + string.Join("\n", app.Logs.Lines.Where(l => l.Contains("CoT", StringComparison.Ordinal)).Take(20)), e);
        }
        Assert.Equal(CotTypes.IncidentUncertainty, Type(incident));
        Assert.Equal(CotTypes.HowMachineCalculated, incident.GetProperty("how").GetString());
        Assert.Equal(-8.95, incident.GetProperty("lat").GetDouble(), 6);
        Assert.Equal(114.35, incident.GetProperty("lon").GetDouble(), 6);
        Assert.True(DateTimeOffset.Parse(incident.GetProperty("stale").GetString()!, CultureInfo.InvariantCulture)
                    > DateTimeOffset.Parse(incident.GetProperty("time").GetString()!, CultureInfo.InvariantCulture));
        Assert.StartsWith("MC-", incident.GetProperty("callsign").GetString());
        var sighting = await app.IdnTcp.WaitForAsync(e => Type(e) == CotTypes.Sighting && e.GetProperty("remarks").GetString()!.Contains("red hull", StringComparison.Ordinal),
            Timeout, "the sighting");
        Assert.StartsWith($"{CotPicture.UidPrefix}sighting.", Uid(sighting));
        var asset = await app.IdnTcp.WaitForAsync(e => Uid(e) == CotPicture.AssetUid("IDN-KN-BWI-1"), Timeout, "the tasked asset");
        Assert.Equal("a-f-S", Type(asset));
        await app.IdnTls.WaitForAsync(e => Uid(e) == idnUid, Timeout, "the Indonesian incident over TLS with a client certificate");
        await app.IdnUdp.WaitForAsync(e => Uid(e) == idnUid, Timeout, "the Indonesian incident over UDP multicast");
        await app.AusTcp.WaitForAsync(e => Uid(e) == ausUid, Timeout, "the Australian incident on the Australian link");

        // The phase is the type; the uid stays, so TAK replaces the marker.
        var detail = await Operator(Idn).GetFromJsonAsync<JsonElement>($"/api/incidents/{idn.Id}");
        var changed = await Operator(Idn).PostAsJsonAsync($"/api/incidents/{idn.Id}/phase",
            new { phase = "distress", reason = "CoT test: taking water", expectedVersion = detail.GetProperty("version").GetUInt32() });
        Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
        await app.IdnTcp.WaitForAsync(e => Uid(e) == idnUid && Type(e) == CotTypes.IncidentDistress, Timeout, "the incident in distress");

        foreach (var node in new[] { app.IdnTcp, app.IdnTls, app.IdnUdp })
        {
            Assert.DoesNotContain(node.Events, e => e.TryGetProperty("uid", out _) && Uid(e) == ausUid);
            Assert.DoesNotContain(node.Events, e => e.TryGetProperty("ok", out var ok) && !ok.GetBoolean());
        }
        Assert.DoesNotContain(app.AusTcp.Events, e => e.TryGetProperty("uid", out _) && Uid(e) == idnUid);
        Assert.DoesNotContain(app.AusTcp.Events, e => e.TryGetProperty("uid", out _) && Uid(e) == CotPicture.AssetUid("IDN-KN-BWI-1"));
    }

    [Fact]
    public async Task An_issued_search_plan_reaches_its_centres_TAK_as_areas_node_cot_draws_and_never_another_centres()
    {
        var idn = await OpenIncidentAsync(Idn, -9.45, 113.05, "CoT search plan test boat");
        Assert.Equal(Idn, idn.Coordinating);
        var op = Operator(Idn);
        static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        // A drift run seeded 6 h ago, run to completion here (as Hangfire would), then a plan over its grid, issued.
        var seeded = DateTimeOffset.UtcNow.AddHours(-6);
        seeded = new DateTimeOffset(seeded.Year, seeded.Month, seeded.Day, seeded.Hour, 0, 0, TimeSpan.Zero);
        var started = await op.PostAsJsonAsync($"/api/incidents/{idn.Id}/drift-runs", new
        {
            objectClass = "SKIFF-2",
            seeding = new { kind = "point", latitude = -9.5, longitude = 113.0, radiusMetres = 1852, time = Iso(seeded) },
            forcing = new { onScene = new { windSpeed = 10, windFrom = 135, currentSpeed = 0.3, currentTo = 250 } },
            hours = 12, particles = 2000, stepMinutes = 10, seed = 3,
        });
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        var runId = Guid.Parse(started.Headers.Location!.OriginalString.Split('/')[^1]);
        await using (var scope = app.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<MaritimeCoord.Server.Features.Drift.DriftRunJob>().RunAsync(runId, default));
        var proposed = await op.PostAsJsonAsync($"/api/incidents/{idn.Id}/search-plans", new
        {
            driftRunId = runId, start = Iso(seeded.AddHours(4).AddMinutes(10)),
            assets = new object[]
            {
                new { assetCode = "KN-SAR-1", speedKnots = 12, enduranceHours = 3, sweepWidthNm = 1.2 },
                new { assetCode = "MV-ATLAS", speedKnots = 10, enduranceHours = 2, sweepWidthNm = 1.0, pattern = "creeping-line" },
            },
        });
        Assert.True(proposed.StatusCode == HttpStatusCode.Created, await proposed.Content.ReadAsStringAsync());
        var plan = JsonDocument.Parse(await proposed.Content.ReadAsStringAsync()).RootElement;
        var number = plan.GetProperty("number").GetInt32();
        var uids = plan.GetProperty("assignments").EnumerateArray().Where(a => a.TryGetProperty("area", out var area) && area.ValueKind == JsonValueKind.Object)
            .Select(a => CotPicture.SearchAreaUid(idn.Id, number, a.GetProperty("assetCode").GetString()!)).ToList();
        Assert.NotEmpty(uids);
        var issued = await op.PostAsync($"/api/incidents/{idn.Id}/search-plans/{number}/issue", null);
        Assert.True(issued.IsSuccessStatusCode, await issued.Content.ReadAsStringAsync());

        foreach (var (assignment, uid) in plan.GetProperty("assignments").EnumerateArray().Where(a => a.TryGetProperty("area", out var area) && area.ValueKind == JsonValueKind.Object).Zip(uids))
        {
            JsonElement got;
            try
            {
                got = await app.IdnTcp.WaitForAsync(e => e.TryGetProperty("uid", out _) && Uid(e) == uid, Timeout, $"search area {uid}");
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException(e.Message + "\nCoT log: " + string.Join("\n", app.Logs.Lines.Where(l => l.Contains("CoT", StringComparison.Ordinal)).Take(20))
                                           + "\ncounters: " + string.Join(", ", app.Counters.Snapshot().Select(kv => $"{kv.Key}={kv.Value}")), e);
            }
            Assert.True(got.GetProperty("ok").GetBoolean());
            Assert.Equal(CotTypes.DrawnShape, Type(got));
            var geometry = got.GetProperty("geometry");
            Assert.Equal("Polygon", geometry.GetProperty("type").GetString());
            // The ring node-cot builds is the plan's area: five points, closed, around the area's centre the API gives.
            var ring = geometry.GetProperty("coordinates")[0].EnumerateArray().Select(p => (Lon: p[0].GetDouble(), Lat: p[1].GetDouble())).ToList();
            Assert.Equal(5, ring.Count);
            Assert.Equal(ring[0], ring[^1]);
            var centre = assignment.GetProperty("area").GetProperty("centre");
            Assert.Equal(centre.GetProperty("lat").GetDouble(), ring.Take(4).Average(p => p.Lat), 2);
            Assert.Equal(centre.GetProperty("lon").GetDouble(), ring.Take(4).Average(p => p.Lon), 2);
            Assert.Contains(assignment.GetProperty("assetCode").GetString()!, got.GetProperty("remarks").GetString()!, StringComparison.Ordinal);
        }
        await app.IdnTls.WaitForAsync(e => e.TryGetProperty("uid", out _) && Uid(e) == uids[0], Timeout, "the search area over TLS");
        Assert.DoesNotContain(app.AusTcp.Events, e => e.TryGetProperty("uid", out _) && Uid(e).StartsWith($"{CotPicture.UidPrefix}search.{idn.Id:D}", StringComparison.Ordinal));
        Assert.DoesNotContain(app.IdnTcp.Events, e => e.TryGetProperty("ok", out var ok) && !ok.GetBoolean());
    }

    [Fact]
    public async Task A_units_position_moves_its_asset_and_an_emergency_becomes_one_flagged_sighting_attributed_to_it()
    {
        var port = app.ListenerPort(Idn);
        var alertUid = $"ANDROID-{Guid.NewGuid():N}-9-1-1";
        var now = DateTimeOffset.UtcNow;
        var before = app.Counters.Get(CotCounters.In(Idn, "positions-written"));
        var output = await NodeCot.SendAsync("tcp", port, [
            Feature("ANDROID-rescue-1", "a-f-G-U-C", "RESCUE-1", -8.4321, 114.6543, now),
            Feature(alertUid, CotTypes.Emergency911, "RESCUE-1", -9.1234, 114.2345, now, "h-e"),
            Feature(alertUid, CotTypes.Emergency911, "RESCUE-1", -9.1234, 114.2345, now.AddSeconds(1), "h-e"),
        ]);
        Assert.Contains("SENT 3", output, StringComparison.Ordinal);

        await WaitForCounterAsync(CotCounters.In(Idn, "positions-written"), before + 1);
        var (lat, lon) = await app.WithDbAsync(async db =>
        {
            var a = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.ResponseAssets, x => x.Code == "IDN-KN-BWI-1");
            return (a.Position.Y, a.Position.X);
        });
        Assert.Equal(-8.4321, lat, 6);
        Assert.Equal(114.6543, lon, 6);

        await WaitForCounterAsync(CotCounters.In(Idn, "emergency-sighting"), 1);
        await WaitForCounterAsync(CotCounters.In(Idn, "emergency-repeated"), 1);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM sightings WHERE reported_by = 'cot:{Idn}' AND idempotency_key = '{alertUid}'"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM sightings WHERE reported_by = 'cot:{Idn}' AND idempotency_key = '{alertUid}' AND reporter LIKE '%RESCUE-1%IDN-KN-BWI-1%'"));
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM incident_timeline t JOIN sightings s ON s.id = t.sighting_id
            WHERE s.idempotency_key = '{alertUid}' AND t.kind = '{CotEmergencies.FieldEmergencyKind}'
            """));

        var cancel = await NodeCot.SendAsync("tcp", port, [Feature(alertUid, CotTypes.EmergencyCancel, "RESCUE-1", -9.1234, 114.2345, now.AddSeconds(2), "h-e")]);
        Assert.Contains("SENT 1", cancel, StringComparison.Ordinal);
        await WaitForCounterAsync(CotCounters.In(Idn, "emergency-cancelled"), 1);
        Assert.Equal(2, await app.ScalarAsync($"""
            SELECT count(*) FROM incident_timeline t JOIN sightings s ON s.id = t.sighting_id
            WHERE s.idempotency_key = '{alertUid}' AND t.kind = '{CotEmergencies.FieldEmergencyKind}'
            """));
    }

    [Fact]
    public async Task Hostile_and_unknown_input_is_counted_and_logged_without_content_and_the_connection_still_serves()
    {
        var port = app.ListenerPort(Idn);
        const string secret = "SECRET-REMARK-7731";
        string head(string uid, string type = "a-f-G-U-C") =>
            $"<event version=\"2.0\" uid=\"{uid}\" type=\"{type}\" how=\"m-g\" time=\"{CotXml.Time(DateTimeOffset.UtcNow)}\" start=\"{CotXml.Time(DateTimeOffset.UtcNow)}\" stale=\"{CotXml.Time(DateTimeOffset.UtcNow.AddMinutes(5))}\">";
        var xxe = $"<?xml version=\"1.0\"?><!DOCTYPE event [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>{head("x1")}<point lat=\"1\" lon=\"1\" hae=\"0\" ce=\"1\" le=\"1\"/><detail><contact callsign=\"RESCUE-1\"/><remarks>&xxe;</remarks></detail></event>";
        var laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>" +
                     $"{head("x2")}<point lat=\"1\" lon=\"1\" hae=\"0\" ce=\"1\" le=\"1\"/><detail><remarks>&lol2;</remarks></detail></event>";
        var oversized = $"{head("x3")}<point lat=\"1\" lon=\"1\" hae=\"0\" ce=\"1\" le=\"1\"/><detail><contact callsign=\"RESCUE-1\"/><remarks>{new string('A', 8000)}{secret}</remarks></detail></event>";
        var malformed = $"{head("x4")}<point lat=\"1\" lon=\"1\"><detail></point></event>";
        var before = new Dictionary<string, long>();
        foreach (var what in new[] { "rejected-dtd", "rejected-oversized", "rejected-malformed", "ignored-type", "unmapped-callsign", "positions" })
            before[what] = app.Counters.Get(CotCounters.In(Idn, what));

        var output = await NodeCot.SendAsync("tcp", port, [
            new { raw = xxe }, new { raw = laughs }, new { raw = oversized }, new { raw = malformed },
            Feature("chat-1", "b-t-f", "RESCUE-1", -8, 114),
            Feature("ANDROID-stranger", "a-f-G-U-C", "STRANGER-9", -8.5, 114.5),
            // Another centre's asset named in this centre's map still only moves if this centre owns it (it does not).
            Feature("ANDROID-rescue-1", "a-f-G-U-C", "RESCUE-1", -8.1111, 114.2222),
        ]);
        Assert.Contains("SENT 7", output, StringComparison.Ordinal);
        await WaitForCounterAsync(CotCounters.In(Idn, "positions"), before["positions"] + 1);
        await WaitForCounterAsync(CotCounters.In(Idn, "rejected-dtd"), before["rejected-dtd"] + 2);
        await WaitForCounterAsync(CotCounters.In(Idn, "rejected-oversized"), before["rejected-oversized"] + 1);
        await WaitForCounterAsync(CotCounters.In(Idn, "rejected-malformed"), before["rejected-malformed"] + 1);
        await WaitForCounterAsync(CotCounters.In(Idn, "ignored-type"), before["ignored-type"] + 1);
        await WaitForCounterAsync(CotCounters.In(Idn, "unmapped-callsign"), before["unmapped-callsign"] + 1);

        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("root:", StringComparison.Ordinal) || l.Contains(secret, StringComparison.Ordinal)
                                                  || l.Contains("STRANGER-9", StringComparison.Ordinal));
        // The mapping names an Australian asset for an Indonesian callsign: it is never moved by the Indonesian listener.
        var spy = await NodeCot.SendAsync("tcp", port, [Feature("ANDROID-spy", "a-f-G-U-C", "AUS-SPY", -1.0, 100.0)]);
        Assert.Contains("SENT 1", spy, StringComparison.Ordinal);
        await WaitForCounterAsync(CotCounters.In(Idn, "positions"), before["positions"] + 2);
        await app.Services.GetRequiredService<CotUnitPositions>().FlushAsync(CancellationToken.None);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM response_assets WHERE code = 'AUS-PB-DRW-1' AND ST_Y(position::geometry) = -1.0"));
    }

    [Fact]
    public async Task The_tls_listener_takes_a_unit_with_a_client_certificate_of_its_CA_and_refuses_one_without()
    {
        var port = app.ListenerPort(Aus);
        var before = app.Counters.Get(CotCounters.In(Aus, "positions"));
        var ok = await NodeCot.SendAsync("tls", port, [Feature("ANDROID-shark", "a-f-G-U-C", "SHARK-1", -12.3456, 130.5)],
            "--cert", app.Certs.ClientPem, "--key", app.Certs.ClientKeyPem, "--ca", app.Certs.CaPem);
        Assert.Contains("SENT 1", ok, StringComparison.Ordinal);
        await WaitForCounterAsync(CotCounters.In(Aus, "positions"), before + 1);

        var dropped = app.Counters.Get(CotCounters.In(Aus, "connection-dropped"));
        await NodeCot.SendAsync("tls", port, [Feature("ANDROID-shark", "a-f-G-U-C", "SHARK-1", -1.0, 131.0)],
            "--cert", app.Stranger.ClientPem, "--key", app.Stranger.ClientKeyPem, "--ca", app.Certs.CaPem);
        await WaitForCounterAsync(CotCounters.In(Aus, "connection-dropped"), dropped + 1);
        Assert.Equal(before + 1, app.Counters.Get(CotCounters.In(Aus, "positions")));
    }

    [Fact]
    public async Task A_flood_of_one_units_tracks_reaches_the_TAK_readers_newest_last_and_in_order_without_dropping_them()
    {
        await WaitForCounterAsync(CotCounters.Out(Idn, "slow", "connected"), 1);
        var port = app.ListenerPort(Idn);
        const int reports = 15_000;
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            var start = DateTimeOffset.UtcNow;
            var sb = new StringBuilder();
            for (int i = 0; i < reports; i++)
            {
                var at = start.AddMilliseconds(i);
                double lat = i == reports - 1 ? -7.7777 : -8.0 - i * 1e-6;
                sb.Append(CotXml.Write(new CotEvent("ANDROID-flood", "a-f-G-U-C", "m-g", at, at, at.AddMinutes(2), lat, 113.5) { Callsign = "FLOOD-1" }));
                if (sb.Length > 64 * 1024 || i == reports - 1)
                {
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(sb.ToString()));
                    sb.Clear();
                }
            }
        }

        var unitUid = $"{CotPicture.UidPrefix}unit.IDN-KN-KPG-1";
        await app.IdnTcp.WaitForAsync(e => Uid(e) == unitUid && Math.Abs(e.GetProperty("lat").GetDouble() + 7.7777) < 1e-6, Timeout, "the last track over TCP");
        await app.IdnTls.WaitForAsync(e => Uid(e) == unitUid && Math.Abs(e.GetProperty("lat").GetDouble() + 7.7777) < 1e-6, Timeout, "the last track over TLS");
        // The reader that never reads is not necessarily dropped here: 15,000 positions of one unit become a few hundred
        // events, which its socket buffers hold. CotBurstTests fills them and checks that it is dropped.
        Assert.Equal(0, app.Counters.Get(CotCounters.Out(Idn, "tak-tcp", "dropped-slow")));
        Assert.Equal(0, app.Counters.Get(CotCounters.Out(Idn, "tak-tls", "dropped-slow")));
        // A position still waiting for a reader is replaced by a newer one of the same unit, so a reader gets the newest
        // and at most every report, never an older one after a newer (latitudes fall with the report number; the last is the marker).
        var lats = app.IdnTcp.Events.Where(e => e.TryGetProperty("uid", out _) && Uid(e) == unitUid).Select(e => e.GetProperty("lat").GetDouble()).ToList();
        Assert.InRange(lats.Count, 1, reports);
        Assert.Equal(-7.7777, lats[^1], 6);
        for (int i = 1; i < lats.Count - 1; i++) Assert.True(lats[i] < lats[i - 1], $"report {i}: {lats[i]} after {lats[i - 1]}");
        // Every report was either sent or replaced (the counter also counts other markers replaced on this link).
        Assert.True(lats.Count + app.Counters.Get(CotCounters.Out(Idn, "tak-tcp", "superseded")) >= reports);
    }
}
