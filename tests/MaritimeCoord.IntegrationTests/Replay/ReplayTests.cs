using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Persistence.Ais;
using MaritimeCoord.Server.Features.Replay;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace MaritimeCoord.IntegrationTests.Replay;

/// <summary>
/// Issue 6 item 2 against real PostGIS: /hubs/replay and the NDJSON endpoints replay an incident (vessels within 50 nm
/// of its sightings) and an area, as the picture was at each moment; bad input names the field; visibility follows the
/// incident API.
/// </summary>
public sealed class ReplayTests(ReplayTests.App app) : IClassFixture<ReplayTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;

        /// <summary>Now, to the minute; every time in the scenario is relative to it.</summary>
        public DateTimeOffset Now { get; } = new(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        public Guid IncidentId { get; private set; }
        public string CoordinatingCentre { get; private set; } = "";

        public const int Eastbound = 111_000_001; // within 12 nm of the sightings all day, every 10 min
        public const int FarAway = 111_000_002;   // 230 nm south: never in the incident's replay
        public const int FallsSilent = 111_000_003; // one position 30 min before the start, then silent

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var liaison = ClientAs(MaritimeRoles.Liaison, "BASARNAS-IDN", "replay-liaison");
            var first = await (await Sightings.PostAsync(liaison, Sightings.Valid(b =>
            {
                b["observedAt"] = Iso(Now.AddHours(-14));
                b["positionText"] = "-8.2083, 114.5033";
            }))).Content.ReadFromJsonAsync<JsonElement>();
            IncidentId = first.GetProperty("incidentId").GetGuid();
            CoordinatingCentre = first.GetProperty("coordinatingCentreCode").GetString()!;
            var second = await (await Sightings.PostAsync(liaison, Sightings.Valid(b =>
            {
                b["observedAt"] = Iso(Now.AddHours(-5));
                b["positionText"] = "-8.25, 114.55";
            }))).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(IncidentId, second.GetProperty("incidentId").GetGuid());

            var partitions = new AisPartitions(NpgsqlDataSource.Create(ConnectionString));
            await partitions.EnsureRangeAsync(DateOnly.FromDateTime(Now.UtcDateTime.AddDays(-2)), 4, default);
            await using var conn = new NpgsqlConnection(ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                INSERT INTO ais_positions (mmsi, observed_at, message_type, position, speed_knots, course_degrees, heading)
                SELECT @eastbound, @t0 + make_interval(mins => 10 * k), 1,
                       ST_SetSRID(ST_MakePoint(114.0 + 0.005 * k, -8.0), 4326)::geography, 9.5, 90, 90
                FROM generate_series(0, 144) k
                UNION ALL
                SELECT @far, @t0 + make_interval(mins => 10 * k), 1, ST_SetSRID(ST_MakePoint(114.5, -12.0), 4326)::geography, 0, 0, NULL
                FROM generate_series(0, 144) k
                UNION ALL
                SELECT @silent, @silentAt, 3, ST_SetSRID(ST_MakePoint(114.6, -8.4), 4326)::geography, 0.1, NULL, NULL
                """, conn);
            cmd.Parameters.AddWithValue("eastbound", Eastbound);
            cmd.Parameters.AddWithValue("far", FarAway);
            cmd.Parameters.AddWithValue("silent", FallsSilent);
            cmd.Parameters.AddWithValue("t0", Now.AddHours(-24));
            cmd.Parameters.AddWithValue("silentAt", Now.AddHours(-12.5));
            await cmd.ExecuteNonQueryAsync();
        }

        public HubConnection ReplayHubAs(string role, string? centre, string subject)
        {
            var token = Token(role, centre, subject);
            return new HubConnectionBuilder()
                .WithUrl(new Uri(BaseAddress, "hubs/replay"), o =>
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                    o.Transports = HttpTransportType.LongPolling;
                    o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
                })
                .Build();
        }
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>The eastbound vessel's longitude at its latest report at or before t (reports every 10 min from now − 24 h).</summary>
    private double EastboundLongitudeAt(DateTimeOffset t) => 114.0 + 0.005 * Math.Floor((t - app.Now.AddHours(-24)).TotalMinutes / 10);

    private ReplayRequest IncidentWindow(double speed = 3600, DateTimeOffset? start = null) =>
        new(IncidentId: app.IncidentId, From: app.Now.AddHours(-20), To: app.Now.AddHours(-2), Start: start ?? app.Now.AddHours(-12), Speed: speed);

    /// <summary>Applies frames as a client does: snapshot replaces, deltas move, remove and add.</summary>
    private sealed class ClientPicture
    {
        public Dictionary<int, JsonElement> Vessels { get; } = [];
        public HashSet<string> Sightings { get; } = [];
        public List<string> EventKinds { get; } = [];
        public List<int> EverRemoved { get; } = [];

        public void Apply(JsonElement frame)
        {
            if (frame.GetProperty("snapshot").GetBoolean()) { Vessels.Clear(); Sightings.Clear(); EventKinds.Clear(); }
            foreach (var v in frame.GetProperty("vessels").EnumerateArray()) Vessels[v.GetProperty("mmsi").GetInt32()] = v;
            foreach (var m in frame.GetProperty("removed").EnumerateArray()) { Vessels.Remove(m.GetInt32()); EverRemoved.Add(m.GetInt32()); }
            foreach (var s in frame.GetProperty("sightings").EnumerateArray()) Sightings.Add(s.GetProperty("id").GetString()!);
            foreach (var e in frame.GetProperty("events").EnumerateArray()) EventKinds.Add(e.GetProperty("kind").GetString()!);
        }
    }

    [Fact]
    public async Task The_first_frame_is_the_picture_at_the_start_with_only_the_vessels_within_50_nm()
    {
        await using var hub = app.ReplayHubAs(MaritimeRoles.Analyst, null, "replay-analyst");
        await hub.StartAsync();
        var frame = await hub.InvokeAsync<JsonElement>(nameof(ReplayHub.PictureAt), IncidentWindow());
        var start = app.Now.AddHours(-12);
        Assert.True(frame.GetProperty("snapshot").GetBoolean());
        Assert.Equal(start, frame.GetProperty("at").GetDateTimeOffset());
        var vessels = frame.GetProperty("vessels").EnumerateArray().ToDictionary(v => v.GetProperty("mmsi").GetInt32());
        Assert.Equal([App.Eastbound, App.FallsSilent], vessels.Keys.Order());
        Assert.Equal(EastboundLongitudeAt(start), vessels[App.Eastbound].GetProperty("longitude").GetDouble(), 6);
        Assert.Equal(start, vessels[App.Eastbound].GetProperty("observedAt").GetDateTimeOffset());
        // One sighting (14 h ago) had been made by then; the second (5 h ago) had not. The incident's timeline was written
        // when the sightings were logged (during this test run), so no event had happened yet.
        Assert.Single(frame.GetProperty("sightings").EnumerateArray());
        Assert.Empty(frame.GetProperty("events").EnumerateArray());
        var target = frame.GetProperty("target");
        Assert.Equal("incident", target.GetProperty("kind").GetString());
        Assert.Equal(50, target.GetProperty("radiusNm").GetDouble());
        Assert.Equal(2, target.GetProperty("centres").GetArrayLength());
    }

    [Fact]
    public async Task Playing_at_3600x_moves_the_picture_forward_to_the_end_of_the_window()
    {
        await using var hub = app.ReplayHubAs(MaritimeRoles.Analyst, null, "replay-analyst-play");
        await hub.StartAsync();
        var picture = new ClientPicture();
        var times = new List<DateTimeOffset>();
        var longitudes = new List<double>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await foreach (var frame in hub.StreamAsync<JsonElement>(nameof(ReplayHub.Stream), IncidentWindow(), timeout.Token))
        {
            picture.Apply(frame);
            times.Add(frame.GetProperty("at").GetDateTimeOffset());
            if (picture.Vessels.TryGetValue(App.Eastbound, out var v)) longitudes.Add(v.GetProperty("longitude").GetDouble());
            if (frame.GetProperty("end").GetBoolean()) break;
        }
        Assert.True(times.Count >= 5, $"{times.Count} frames");
        Assert.Equal(times.Order(), times); // scenario time never goes back
        Assert.Equal(app.Now.AddHours(-2), times[^1]);
        Assert.True(longitudes[^1] > longitudes[0]);
        Assert.Equal(EastboundLongitudeAt(app.Now.AddHours(-2)), picture.Vessels[App.Eastbound].GetProperty("longitude").GetDouble(), 6);
        // Silent since 30 min before the start: dropped once an hour had passed; the far vessel never appeared.
        Assert.Contains(App.FallsSilent, picture.EverRemoved);
        Assert.Equal([App.Eastbound], picture.Vessels.Keys);
        Assert.Equal(2, picture.Sightings.Count);
    }

    [Fact]
    public async Task An_area_replay_shows_every_vessel_in_the_box()
    {
        await using var hub = app.ReplayHubAs(MaritimeRoles.Admin, null, "replay-admin");
        await hub.StartAsync();
        var frame = await hub.InvokeAsync<JsonElement>(nameof(ReplayHub.PictureAt), new ReplayRequest(
            West: 113, South: -13, East: 116, North: -7, From: app.Now.AddHours(-20), To: app.Now.AddHours(-2), Start: app.Now.AddHours(-12)));
        Assert.Equal([App.Eastbound, App.FarAway, App.FallsSilent],
            frame.GetProperty("vessels").EnumerateArray().Select(v => v.GetProperty("mmsi").GetInt32()).Order());
        Assert.Equal("area", frame.GetProperty("target").GetProperty("kind").GetString());
        Assert.Single(frame.GetProperty("sightings").EnumerateArray());
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "inverted", "to" },
        { "too long", "to" },
        { "speed 0", "speed" },
        { "speed 4000", "speed" },
        { "radius", "radiusNm" },
        { "start outside", "start" },
    };

    private ReplayRequest Bad(string kind) => kind switch
    {
        "inverted" => IncidentWindow() with { From = app.Now.AddHours(-2), To = app.Now.AddHours(-20), Start = null },
        "too long" => IncidentWindow() with { From = app.Now.AddDays(-20), Start = null },
        "speed 0" => IncidentWindow(speed: 0),
        "speed 4000" => IncidentWindow(speed: 4000),
        "radius" => IncidentWindow() with { RadiusNm = 5000 },
        "start outside" => IncidentWindow(start: app.Now.AddHours(-1)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_refused_naming_the_field_on_the_hub_and_the_api(string kind, string field)
    {
        var request = Bad(kind);
        await using var hub = app.ReplayHubAs(MaritimeRoles.Analyst, null, $"replay-bad-{kind}");
        await hub.StartAsync();
        var error = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in hub.StreamAsync<JsonElement>(nameof(ReplayHub.Stream), request)) { }
        });
        Assert.Contains($"{field}:", error.Message);

        var url = $"/api/incidents/{app.IncidentId}/replay?from={Uri.EscapeDataString(Iso(request.From!.Value))}&to={Uri.EscapeDataString(Iso(request.To!.Value))}"
                  + (request.Start is { } s ? $"&start={Uri.EscapeDataString(Iso(s))}" : "")
                  + (request.Speed is { } sp ? $"&speed={sp.ToString(CultureInfo.InvariantCulture)}" : "")
                  + (request.RadiusNm is { } r ? $"&radiusNm={r.ToString(CultureInfo.InvariantCulture)}" : "");
        var response = await app.ClientAs(MaritimeRoles.Analyst, null, $"replay-bad-http-{kind}").GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Unparseable_query_values_and_bad_boxes_are_400_naming_the_field()
    {
        var analyst = app.ClientAs(MaritimeRoles.Analyst, null, "replay-bad-query");
        async Task<JsonElement> Problem(string url)
        {
            var response = await analyst.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        }
        Assert.True((await Problem($"/api/incidents/{app.IncidentId}/replay?from=yesterday")).TryGetProperty("from", out _));
        Assert.True((await Problem($"/api/incidents/{app.IncidentId}/replay?from=2026-11-27T06:00:00")).TryGetProperty("from", out _)); // no offset
        var from = Uri.EscapeDataString(Iso(app.Now.AddHours(-20)));
        var to = Uri.EscapeDataString(Iso(app.Now.AddHours(-2)));
        Assert.True((await Problem($"/api/replay/area?west=116&south=-13&east=113&north=-7&from={from}&to={to}")).TryGetProperty("east", out _));
        Assert.True((await Problem($"/api/replay/area?south=-13&east=113&north=-7&from={from}&to={to}")).TryGetProperty("west", out _));
        Assert.True((await Problem($"/api/replay/area?west=113&south=-13&east=116&north=-7&from={from}")).TryGetProperty("to", out _));
    }

    [Fact]
    public async Task Another_centres_operator_gets_404_and_operators_may_not_replay_an_area()
    {
        var other = app.CoordinatingCentre == "JRCC-AUS" ? "BASARNAS-IDN" : "JRCC-AUS";
        Assert.Equal(HttpStatusCode.NotFound,
            (await app.ClientAs(MaritimeRoles.Operator, other, "replay-other").GetAsync($"/api/incidents/{app.IncidentId}/replay?once=true")).StatusCode);
        // Bad fields do not reveal that the incident exists either.
        Assert.Equal(HttpStatusCode.NotFound,
            (await app.ClientAs(MaritimeRoles.Operator, other, "replay-other").GetAsync($"/api/incidents/{app.IncidentId}/replay?speed=0")).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await app.ClientAs(MaritimeRoles.Operator, app.CoordinatingCentre, "replay-owner").GetAsync($"/api/incidents/{app.IncidentId}/replay?once=true")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await app.ClientAs(MaritimeRoles.Operator, app.CoordinatingCentre, "replay-owner").GetAsync("/api/replay/area?west=113&south=-13&east=116&north=-7")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await app.ClientAs(MaritimeRoles.Liaison, app.CoordinatingCentre, "replay-liaison-http").GetAsync($"/api/incidents/{app.IncidentId}/replay?once=true")).StatusCode);

        await using var otherHub = app.ReplayHubAs(MaritimeRoles.Operator, other, "replay-other-hub");
        await otherHub.StartAsync();
        var hidden = await Assert.ThrowsAsync<HubException>(() => otherHub.InvokeAsync<JsonElement>(nameof(ReplayHub.PictureAt), IncidentWindow()));
        Assert.Contains("No such incident", hidden.Message);
        var area = await Assert.ThrowsAsync<HubException>(() => otherHub.InvokeAsync<JsonElement>(nameof(ReplayHub.PictureAt),
            new ReplayRequest(West: 113, South: -13, East: 116, North: -7, From: app.Now.AddHours(-20), To: app.Now.AddHours(-2))));
        Assert.Contains("Forbidden", area.Message);

        await using var liaisonHub = app.ReplayHubAs(MaritimeRoles.Liaison, app.CoordinatingCentre, "replay-liaison-hub");
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => liaisonHub.StartAsync());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await using var anonymous = new HubConnectionBuilder().WithUrl(new Uri(app.BaseAddress, "hubs/replay"), o =>
        {
            o.Transports = HttpTransportType.LongPolling;
            o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
        }).Build();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync())).StatusCode);
    }

    [Fact]
    public async Task The_ndjson_endpoint_streams_one_frame_per_line_until_the_end_of_the_window()
    {
        var url = $"/api/incidents/{app.IncidentId}/replay?from={Uri.EscapeDataString(Iso(app.Now.AddHours(-6)))}"
                  + $"&to={Uri.EscapeDataString(Iso(app.Now.AddHours(-2)))}&speed=3600";
        using var response = await app.ClientAs(MaritimeRoles.Analyst, null, "replay-ndjson").GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var frames = new List<JsonElement>();
        while (await reader.ReadLineAsync() is { } line) frames.Add(JsonDocument.Parse(line).RootElement);
        Assert.True(frames.Count >= 3, $"{frames.Count} frames");
        Assert.True(frames[0].GetProperty("snapshot").GetBoolean());
        Assert.Equal(app.Now.AddHours(-6), frames[0].GetProperty("at").GetDateTimeOffset());
        Assert.True(frames[^1].GetProperty("end").GetBoolean());
        Assert.Equal(app.Now.AddHours(-2), frames[^1].GetProperty("at").GetDateTimeOffset());
        Assert.Equal(Enumerable.Range(0, frames.Count).Select(i => (long)i), frames.Select(f => f.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task Defaults_replay_the_24_hours_around_the_incident_within_50_nm()
    {
        var response = await app.ClientAs(MaritimeRoles.Admin, null, "replay-defaults").GetAsync($"/api/incidents/{app.IncidentId}/replay?once=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var frame = JsonDocument.Parse((await response.Content.ReadAsStringAsync()).Trim()).RootElement;
        var from = frame.GetProperty("from").GetDateTimeOffset();
        var to = frame.GetProperty("to").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromHours(24), to - from);
        Assert.True(frame.GetProperty("end").GetBoolean());
        Assert.Equal(from, frame.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(50, frame.GetProperty("target").GetProperty("radiusNm").GetDouble());

        // The timeline entries (written when the sightings were logged) are there once their time is reached.
        var now = DateTimeOffset.UtcNow;
        var atNow = JsonDocument.Parse((await (await app.ClientAs(MaritimeRoles.Admin, null, "replay-defaults").GetAsync(
            $"/api/incidents/{app.IncidentId}/replay?once=true&from={Uri.EscapeDataString(Iso(now.AddHours(-3)))}&to={Uri.EscapeDataString(Iso(now.AddMinutes(1)))}&start={Uri.EscapeDataString(Iso(now.AddMinutes(1)))}"))
            .Content.ReadAsStringAsync()).Trim()).RootElement;
        var events = atNow.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["opened", "sighting-attached"], events.Select(e => e.GetProperty("kind").GetString()));
        Assert.All(events, e => Assert.Equal(app.IncidentId, e.GetProperty("incidentId").GetGuid()));
        Assert.Equal(2, atNow.GetProperty("sightings").GetArrayLength());
    }

    [Fact]
    public async Task Cancelling_a_stream_stops_it_and_the_connection_stays_usable()
    {
        await using var hub = app.ReplayHubAs(MaritimeRoles.Analyst, null, "replay-cancel");
        await hub.StartAsync();
        using var cts = new CancellationTokenSource();
        var received = 0;
        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var _ in hub.StreamAsync<JsonElement>(nameof(ReplayHub.Stream), IncidentWindow(speed: 1), cts.Token))
                if (++received == 2) await cts.CancelAsync();
        });
        Assert.True(error is null or OperationCanceledException, error?.ToString());
        Assert.Equal(2, received);
        // A seek is a new stream from the new instant.
        var seek = await hub.InvokeAsync<JsonElement>(nameof(ReplayHub.PictureAt), IncidentWindow(start: app.Now.AddHours(-3)));
        Assert.Equal(EastboundLongitudeAt(app.Now.AddHours(-3)),
            seek.GetProperty("vessels").EnumerateArray().Single(v => v.GetProperty("mmsi").GetInt32() == App.Eastbound).GetProperty("longitude").GetDouble(), 6);
    }
}
