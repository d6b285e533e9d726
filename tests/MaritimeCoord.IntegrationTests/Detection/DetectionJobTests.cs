using System.Net;
using System.Net.Sockets;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MaritimeCoord.Cli.Commands;
using MaritimeCoord.Cli.Scenarios;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.Detection;
using MaritimeCoord.Domain.Detection.Scenarios;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Detection;
using MaritimeCoord.Server.Ingest;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.IntegrationTests.Detection;

/// <summary>
/// A generated scenario replayed through the server's TCP ingest at full speed, its sightings posted through the API,
/// then the detection job run twice: the planted events exist exactly once, linked to the incidents the sightings
/// opened, nothing is pushed twice, and the API returns them.
/// </summary>
public sealed class DetectionJobTests(DetectionJobTests.App app) : IClassFixture<DetectionJobTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Server:Ingest"] = "true",
            ["Ingest:Feeds:0:Name"] = "push", ["Ingest:Feeds:0:Kind"] = "TcpServer", ["Ingest:Feeds:0:Host"] = "127.0.0.1", ["Ingest:Feeds:0:Port"] = "0",
            // appsettings.json also declares a UDP feed on 10110 (configuration arrays merge by index): move it to an
            // ephemeral port so this test never collides with another server process on the machine.
            ["Ingest:Feeds:1:Port"] = "0",
        };

        public int PushPort => ((IPEndPoint)Services.GetRequiredService<AisIngestService>().Feed("push").EndPoint!).Port;
    }

    [Fact]
    public async Task Planted_events_are_stored_once_linked_to_incidents_and_served_after_two_runs()
    {
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-26);
        var scenario = ScenarioGenerator.Generate(21, start);
        var dir = Path.Combine(Path.GetTempPath(), "mcoord-detect-" + Guid.NewGuid().ToString("N")[..8]);
        ScenarioWriter.Write(scenario, dir);
        try
        {
            var counters = app.Services.GetRequiredService<IngestCounters>();
            Assert.Equal(0, await MaritimeCli.Build().Parse(["feed", "replay", Path.Combine(dir, ScenarioWriter.NmeaFile), "--tcp", $"127.0.0.1:{app.PushPort}", "--rate", "max"]).InvokeAsync());
            // Every line read, and every position decoded from them committed or dropped as a duplicate.
            var lines = File.ReadLines(Path.Combine(dir, ScenarioWriter.NmeaFile)).Count(l => l.Length > 0);
            await Quiescence.UntilAsync(() => counters.Snapshot() is var s && s.Lines >= lines && s.PositionsPersisted + s.Duplicates == s.PositionsAccepted,
                "ingest has written the whole scenario", TimeSpan.FromMinutes(2));

            var liaison = app.ClientAs(MaritimeRoles.Liaison, "BASARNAS-IDN", "liaison-scenario");
            var sightingIds = new Dictionary<string, string>();
            foreach (var s in scenario.Sightings)
            {
                var response = await Sightings.PostAsync(liaison, new JsonObject
                {
                    ["observedAt"] = DateTimeOffset.FromUnixTimeMilliseconds(s.TimeMs).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                    ["latitude"] = s.Latitude, ["longitude"] = s.Longitude, ["boatDescription"] = s.BoatDescription,
                    ["personsOnBoard"] = s.PersonsOnBoard, ["condition"] = s.Condition, ["reporter"] = s.Reporter,
                });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                sightingIds[s.Id] = body.GetProperty("id").GetString()!;
            }

            await RunJobAsync();
            long rows = await app.ScalarAsync("SELECT count(*) FROM detection_events");
            long pushes = await app.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%DetectionEventRaised'");
            await RunJobAsync();
            Assert.Equal(rows, await app.ScalarAsync("SELECT count(*) FROM detection_events"));
            Assert.Equal(pushes, await app.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%DetectionEventRaised'"));

            // Zones and territorial seas of the scenario are not configured in the server, and its SAR regions are the
            // samples' (not the scenario's), so area entries are left out of this comparison.
            var analyst = app.ClientAs(MaritimeRoles.Analyst, null);
            var events = await analyst.GetFromJsonAsync<JsonElement[]>($"/api/detection-events?from={start:yyyy-MM-ddTHH:mm:ssZ}");
            foreach (var planted in scenario.Planted.Where(p => p.Kind != DetectionKind.AreaEntry))
            {
                var expected = planted with { SightingId = planted.SightingId is { } sid ? sightingIds[sid] : null };
                var matches = events!.Where(e => expected.Matches(ToEvent(e))).ToList();
                Assert.True(matches.Count == 1, $"{planted.Description}: {matches.Count} matches");
            }
            var gap = events!.Single(e => e.GetProperty("kind").GetString() == "ais-gap" && e.GetProperty("mmsi").GetInt32() == ScenarioGenerator.MotherShip);
            Assert.Equal(JsonValueKind.String, gap.GetProperty("incidentId").ValueKind);
            Assert.DoesNotContain(events!, e => e.GetProperty("kind").GetString() is "ais-gap" or "loitering" or "encounter"
                && !scenario.Planted.Any(p => p.Matches(ToEvent(e))));

            var bad = await analyst.GetAsync("/api/detection-events?bbox=1,2,3");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/api/detection-events?kind=nonsense")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await liaison.GetAsync("/api/detection-events")).StatusCode);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private async Task RunJobAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RunDetectorsJob>().RunAsync(CancellationToken.None);
    }

    private static DetectionEvent ToEvent(JsonElement e)
    {
        Assert.True(DetectionEvent.TryParseKind(e.GetProperty("kind").GetString(), out var kind));
        return new DetectionEvent(e.GetProperty("id").GetString()!, kind, e.GetProperty("mmsi").GetInt32(),
            e.GetProperty("otherMmsi").ValueKind == JsonValueKind.Number ? e.GetProperty("otherMmsi").GetInt32() : null,
            e.GetProperty("startedAt").GetDateTimeOffset().ToUnixTimeMilliseconds(), null, 0, 0, null,
            e.GetProperty("areaId").GetString(), e.GetProperty("sightingId").GetString(), null, "{}");
    }
}
