using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Features.Intake;
using Microsoft.Extensions.Logging;

namespace MaritimeCoord.IntegrationTests.Intake;

/// <summary>
/// Issue 18, SMS intake: the gateway's webhook with correct and forged signatures, a replayed message, an unknown
/// sender, junk and a position on land; reports held for review are shown to the receiving centre only, and resolved
/// or discarded by its operators.
/// </summary>
public sealed class SmsIntakeTests(SmsIntakeTests.App app) : IClassFixture<SmsIntakeTests.App>
{
    public const string Secret = "test-gateway-secret-0123456789abcdef";
    public const string CentreNumber = "+62 800 111 222";
    public const string Known = "+62 812-3456-7890";
    private const string Idn = "BASARNAS-IDN";

    public sealed class App : MaritimeAppFactory
    {
        public CapturedLogs Logs { get; } = new();
        protected override bool UseRabbitMq => false;

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<ILoggerProvider>(s, Logs));
        }

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Intake:SmsSecret"] = Secret,
            ["Intake:Centres:0:Code"] = Idn,
            ["Intake:Centres:0:SmsNumber"] = CentreNumber,
            ["Intake:Centres:0:SmsSenders:0:Address"] = Known,
            ["Intake:Centres:0:SmsSenders:0:Label"] = "Banyuwangi port office (SMS)",
        };
    }

    private static FormUrlEncodedContent Form(string body, string sid, string from = Known, string to = CentreNumber) => new(new Dictionary<string, string>
    {
        ["From"] = from, ["To"] = to, ["Body"] = body, ["MessageSid"] = sid,
    });

    private async Task<HttpResponseMessage> PostAsync(HttpContent content, string? secret = Secret, Action<HttpRequestMessage>? change = null)
    {
        var bytes = await content.ReadAsByteArrayAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/intake/sms") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        if (secret is not null)
            request.Headers.Add(SmsGatewayAuthenticationHandler.Header, "sha256=" + Convert.ToHexString(SmsGatewayAuthenticationHandler.Sign(secret, bytes)).ToLowerInvariant());
        change?.Invoke(request);
        return await app.CreateClient().SendAsync(request);
    }

    private Task<long> SightingsBy(string sid) => app.ScalarAsync($"SELECT count(*) FROM sightings WHERE notes LIKE '%{sid}%'");

    [Fact]
    public async Task A_signed_sms_in_the_compact_format_becomes_a_sighting_and_the_reply_names_its_incident()
    {
        var sid = $"SM{Guid.NewGuid():N}";
        using var response = await PostAsync(Form($"S 10 12.0 E 110 18.0 POB 40 BLUE WOODEN {sid}", sid));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await response.Content.ReadAsStringAsync();
        Assert.Matches(@"^MaritimeCoord: received, logged in incident MC-\d{4}-\d{5}\. Thank you\.$", reply);
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM sightings WHERE notes LIKE '%{sid}%' AND persons_on_board = 40 AND boat_description = 'blue wooden boat'
              AND reporter = 'Banyuwangi port office (SMS)' AND reported_by = 'intake:sms:{Idn}' AND abs(ST_Y(position::geometry) + 10.2) < 1e-6
            """));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM intake_messages WHERE external_id = '{sid}' AND status = 'logged'"));
    }

    [Fact]
    public async Task A_replayed_message_creates_nothing_new_and_gets_the_same_reply()
    {
        var sid = $"SM{Guid.NewGuid():N}";
        var first = await (await PostAsync(Form($"S 10 12.0 E 110 18.0 POB 12 {sid}", sid))).Content.ReadAsStringAsync();
        var again = await PostAsync(Form($"S 10 12.0 E 110 18.0 POB 12 {sid}", sid));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first, await again.Content.ReadAsStringAsync());
        Assert.Equal(1, await SightingsBy(sid));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM intake_messages WHERE external_id = '{sid}'"));
    }

    public static TheoryData<string> Forgeries => new() { "wrong-secret", "body-changed", "no-signature", "not-hex", "user-token" };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_or_missing_signature_is_refused_and_creates_nothing(string forgery)
    {
        var sid = $"SM{Guid.NewGuid():N}";
        var content = Form($"S 10 12.0 E 110 18.0 POB 40 {sid}", sid);
        using var response = forgery switch
        {
            "wrong-secret" => await PostAsync(content, "another-secret-0123456789abcdef0123"),
            "body-changed" => await PostAsync(content, change: r =>
            {
                var signature = r.Headers.GetValues(SmsGatewayAuthenticationHandler.Header).Single();
                r.Content = new StringContent((r.Content!.ReadAsStringAsync().Result).Replace("POB+40", "POB+41", StringComparison.Ordinal),
                    Encoding.UTF8, "application/x-www-form-urlencoded");
                r.Headers.Remove(SmsGatewayAuthenticationHandler.Header);
                r.Headers.Add(SmsGatewayAuthenticationHandler.Header, signature);
            }),
            "no-signature" => await PostAsync(content, secret: null),
            "not-hex" => await PostAsync(content, secret: null, change: r => r.Headers.Add(SmsGatewayAuthenticationHandler.Header, "sha256=zz")),
            // A user's token is no gateway, whatever its role.
            _ => await PostAsync(content, secret: null, change: r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.Token(MaritimeRoles.Admin, Idn))),
        };

        Assert.Equal(forgery == "user-token" ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await SightingsBy(sid));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM intake_messages WHERE external_id = '{sid}'"));
    }

    [Fact]
    public async Task An_unknown_sender_gets_no_reply_and_nothing_reaches_the_map_or_the_log()
    {
        var sid = $"SM{Guid.NewGuid():N}";
        var metrics = (IntakeMetrics)app.Services.GetService(typeof(IntakeMetrics))!;
        var refusedBefore = metrics.RefusedTotal;

        using var response = await PostAsync(Form($"S 10 12.0 E 110 18.0 POB 40 {sid}", sid, from: "+62 899 000 0000"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await SightingsBy(sid));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM intake_messages WHERE external_id = '{sid}'"));
        Assert.True(metrics.RefusedTotal > refusedBefore);
    }

    [Fact]
    public async Task A_number_that_is_no_centres_is_404_and_bad_fields_are_problems_naming_them()
    {
        var sid = $"SM{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(Form("S 10 12.0 E 110 18.0", sid, to: "+1 555 0100"))).StatusCode);
        using var noSid = await PostAsync(Form("S 10 12.0 E 110 18.0", ""));
        Assert.Equal(HttpStatusCode.BadRequest, noSid.StatusCode);
        Assert.Contains("MessageSid", await noSid.Content.ReadAsStringAsync());
        using var tooLong = await PostAsync(Form(new string('x', 1601), sid));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLong.StatusCode);
    }

    public static TheoryData<string, string> HeldForReview => new()
    {
        { "call me +62 812 3456 7890 at 06:30 28/11/2026 ref MC-2026-00012, 40 orang", "noPosition" },
        { "S 7 27.0 E 110 27.0 POB 40", "positionOnLand" },
        { "S 10 12.0 E 110 18.0 then S 11 01.0 E 112 02.0", "severalPositions" },
        { "zzzz ;;; 0000 ///", "noPosition" },
    };

    [Theory]
    [MemberData(nameof(HeldForReview))]
    public async Task Junk_no_position_or_a_position_on_land_is_held_for_the_receiving_centres_review_with_its_text(string text, string reason)
    {
        var sid = $"SM{Guid.NewGuid():N}";
        var body = $"{text} {sid}";
        var reply = await (await PostAsync(Form(body, sid))).Content.ReadAsStringAsync();

        Assert.Contains("held for an operator to review", reply, StringComparison.Ordinal);
        Assert.Contains(reason, reply, StringComparison.Ordinal);
        Assert.Equal(0, await SightingsBy(sid));
        var reviews = await app.ClientAs(MaritimeRoles.Operator, Idn, "op-idn").GetFromJsonAsync<JsonElement>("/api/intake/reviews");
        var review = reviews.EnumerateArray().Single(r => r.GetProperty("body").GetString() == body);
        Assert.Contains(reason, review.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains(review.GetProperty("reference").GetString()!, reply, StringComparison.Ordinal);
        var other = await app.ClientAs(MaritimeRoles.Operator, "JRCC-AUS", "op-aus").GetFromJsonAsync<JsonElement>("/api/intake/reviews");
        Assert.DoesNotContain(other.EnumerateArray(), r => r.GetProperty("body").GetString() == body);
    }

    [Fact]
    public async Task An_operator_resolves_a_review_into_a_sighting_or_discards_it_and_another_centre_cannot()
    {
        var sid1 = $"SM{Guid.NewGuid():N}";
        var sid2 = $"SM{Guid.NewGuid():N}";
        await PostAsync(Form($"boat near the reef, 30 orang {sid1}", sid1));
        await PostAsync(Form($"test test {sid2}", sid2));
        var op = app.ClientAs(MaritimeRoles.Operator, Idn, "op-idn-resolve");
        var reviews = (await op.GetFromJsonAsync<JsonElement>("/api/intake/reviews")).EnumerateArray().ToList();
        var first = reviews.Single(r => r.GetProperty("body").GetString()!.Contains(sid1, StringComparison.Ordinal)).GetProperty("id").GetGuid();
        var second = reviews.Single(r => r.GetProperty("body").GetString()!.Contains(sid2, StringComparison.Ordinal)).GetProperty("id").GetGuid();

        var aus = app.ClientAs(MaritimeRoles.Operator, "JRCC-AUS", "op-aus-resolve");
        Assert.Equal(HttpStatusCode.NotFound, (await aus.PostAsJsonAsync($"/api/intake/reviews/{first}/resolve", new { positionText = "S 10 12.0 E 110 18.0" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await aus.PostAsJsonAsync($"/api/intake/reviews/{second}/discard", new { reason = "x" })).StatusCode);

        using var resolved = await op.PostAsJsonAsync($"/api/intake/reviews/{first}/resolve", new { positionText = "S 10 12.0 E 110 18.0" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var sighting = await resolved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(30, sighting.GetProperty("personsOnBoard").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await op.PostAsJsonAsync($"/api/intake/reviews/{first}/resolve", new { positionText = "S 10 12.0 E 110 18.0" })).StatusCode);
        Assert.Equal(1, await SightingsBy(sid1));

        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsJsonAsync($"/api/intake/reviews/{second}/discard", new { reason = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await op.PostAsJsonAsync($"/api/intake/reviews/{second}/discard", new { reason = "a test message" })).StatusCode);
        var after = (await op.GetFromJsonAsync<JsonElement>("/api/intake/reviews")).EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
        Assert.DoesNotContain(first, after);
        Assert.DoesNotContain(second, after);
    }

    [Fact]
    public async Task The_logs_name_no_number_and_no_text_of_any_report()
    {
        var marker = $"Pak{Guid.NewGuid():N}"[..14];
        await PostAsync(Form($"S 10 12.0 E 110 18.0 POB 40 {marker}", $"SM{Guid.NewGuid():N}"));
        await PostAsync(Form($"no position {marker}", $"SM{Guid.NewGuid():N}"));
        await PostAsync(Form($"S 10 12.0 E 110 18.0 {marker}", $"SM{Guid.NewGuid():N}", from: "+62 899 555 1234"));

        var lines = app.Logs.Lines;
        Assert.Contains(lines, l => l.Contains("Intake sms report", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("not on the allow-list", StringComparison.Ordinal));
        foreach (var secret in new[] { marker, "3456", "8995551234", "899 555", "Banyuwangi" })
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
    }
}

/// <summary>Every formatted log line of the server, for checking what the logs carry.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();
    public IReadOnlyList<string> Lines => [.. lines];
    public ILogger CreateLogger(string categoryName) => new Logger(this);
    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.lines.Enqueue(formatter(state, exception) + exception);
    }
}
