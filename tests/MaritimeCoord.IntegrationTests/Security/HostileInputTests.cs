using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Sightings;
using MaritimeCoord.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace MaritimeCoord.IntegrationTests.Security;

/// <summary>
/// Mutation-based fuzzing of POST /api/sightings through the whole HTTP pipeline (no 5xx, no unhandled exception
/// logged), of the pure validation path (1,000,000 drafts and position texts, no exception, every accepted position in
/// range), SQL-like strings stored verbatim, and the edge coordinates.
/// </summary>
public sealed class HostileInputTests(HostileInputTests.App app, ITestOutputHelper output) : IClassFixture<HostileInputTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        public CapturingLoggerProvider Logs { get; } = new();
        protected override bool UseRabbitMq => false;
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Security:RateLimiting:Enabled"] = "false", // 20,000 requests from one user on purpose
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(l => l.AddProvider(Logs));
        }
    }

    public static readonly string[] SqlLike =
    [
        "'; DROP TABLE sightings; --",
        "Robert'); DROP TABLE incidents;--",
        "\" OR 1=1 --",
        "1' OR '1'='1",
        "$$; SELECT pg_sleep(10); $$",
        "'); COPY sightings TO PROGRAM 'id'; --",
        "\\'; TRUNCATE outbox_messages; --",
        "E'\\x27' || chr(39)",
        "ST_GeomFromText('POINT(0 0)'); --",
        "%' AND 1=0 UNION SELECT password FROM pg_shadow --",
        "{\"$ne\": null}",
        "<script>alert(1)</script>",
        "‮ bidi override, 🚤 emoji, ǅ titlecase, 中文",
    ];

    [Fact]
    public async Task Sql_like_strings_in_every_text_field_are_stored_verbatim()
    {
        var client = app.ClientAs(MaritimeRoles.Liaison, "BASARNAS-IDN", "hostile-sql");
        foreach (var text in SqlLike)
        {
            var response = await Sightings.PostAsync(client, Sightings.Valid(b =>
            {
                b["boatDescription"] = text;
                b["reporter"] = text;
                b["notes"] = text;
            }));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            var stored = await app.WithDbAsync(db => Task.FromResult(db.Sightings.Single(s => s.Id == id)));
            Assert.Equal(text.Trim(), stored.BoatDescription);
            Assert.Equal(text.Trim(), stored.Reporter);
            Assert.Equal(text.Trim(), stored.Notes);

            // In the fields that are parsed, the same strings are refused by name (400), never a 5xx.
            foreach (var field in new[] { "positionText", "condition", "observedAt" })
            {
                var bad = await Sightings.PostAsync(client, Sightings.Valid(b => b[field] = text));
                Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
                Assert.Contains(field, await bad.Content.ReadAsStringAsync());
            }
        }
        Assert.True(await app.ScalarAsync("SELECT count(*) FROM sightings") >= SqlLike.Length);
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM pg_tables WHERE tablename = 'outbox_messages'"));
    }

    [Fact]
    public async Task A_nul_character_in_any_text_is_a_400_not_a_500()
    {
        var posted = await (await Sightings.PostAsync(app.ClientAs(MaritimeRoles.Liaison, "BASARNAS-IDN", "hostile-nul"), Sightings.Valid()))
            .Content.ReadFromJsonAsync<JsonElement>();
        var nul = await Sightings.PostAsync(app.ClientAs(MaritimeRoles.Liaison, "BASARNAS-IDN", "hostile-nul"), Sightings.Valid(b => b["notes"] = "a\u0000b"));
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Contains("notes", await nul.Content.ReadAsStringAsync());

        // Incident commands store free text too (reasons): PostgreSQL refuses U+0000, the server answers 400.
        var incident = posted.GetProperty("incidentId").GetGuid();
        var admin = app.ClientAs(MaritimeRoles.Admin, null, "hostile-nul-admin");
        var version = (await admin.GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}")).GetProperty("version").GetUInt32();
        var response = await admin.PutAsJsonAsync($"/api/incidents/{incident}/persons-on-board", new { total = 12, reason = "a\u0000b", expectedVersion = version });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string, HttpStatusCode> EdgePositions => new()
    {
        { """{"latitude":90,"longitude":180}""", HttpStatusCode.Created },
        { """{"latitude":-90,"longitude":-180}""", HttpStatusCode.Created },
        { """{"latitude":90.0000001,"longitude":0}""", HttpStatusCode.BadRequest },
        { """{"latitude":0,"longitude":-180.0000001}""", HttpStatusCode.BadRequest },
        { """{"latitude":NaN,"longitude":0}""", HttpStatusCode.BadRequest },
        { """{"latitude":"NaN","longitude":0}""", HttpStatusCode.BadRequest },
        { """{"latitude":0,"longitude":"Infinity"}""", HttpStatusCode.BadRequest },
        { """{"latitude":1e400,"longitude":0}""", HttpStatusCode.BadRequest },
        { """{"latitude":-0.0,"longitude":-0.0}""", HttpStatusCode.Created },
        { """{"latitude":4.9e-324,"longitude":1.7976931348623157e308}""", HttpStatusCode.BadRequest },
        { """{"positionText":"90°00.0'N 180°00.0'E"}""", HttpStatusCode.Created },
        { """{"positionText":"90°00.1'N 180°00.0'E"}""", HttpStatusCode.BadRequest },
        { """{"positionText":"NaN NaN"}""", HttpStatusCode.BadRequest },
        { """{"positionText":"-90 -180"}""", HttpStatusCode.Created },
        { """{"positionText":"0.0 180.0000001"}""", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(EdgePositions))]
    public async Task Coordinates_at_the_poles_the_antimeridian_and_not_a_number(string position, HttpStatusCode expected)
    {
        var body = Sightings.Valid(b => b.Remove("positionText"));
        foreach (var (k, v) in JsonNode.Parse(position.Replace("NaN,", "0,", StringComparison.Ordinal))!.AsObject().ToList())
            body[k] = v?.DeepClone();
        var json = position.Contains("NaN,", StringComparison.Ordinal)
            ? body.ToJsonString().Replace("\"latitude\":0", "\"latitude\":NaN", StringComparison.Ordinal) // invalid JSON on purpose
            : body.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sightings") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        var response = await app.ClientAs(MaritimeRoles.Liaison, "JRCC-AUS", "hostile-edge").SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Created)
        {
            var stored = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("position");
            Assert.InRange(stored.GetProperty("latitude").GetDouble(), -90, 90);
            Assert.InRange(stored.GetProperty("longitude").GetDouble(), -180, 180);
        }
        else Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Twenty_thousand_mutated_sightings_through_the_http_pipeline_never_get_a_5xx()
    {
        const int count = 20_000;
        var random = new Random(20261128);
        var token = app.Token(MaritimeRoles.Liaison, "JRCC-AUS", "hostile-fuzz");
        var bodies = Enumerable.Range(0, count).Select(_ => SightingMutator.Body(random)).ToArray();
        var statuses = new int[count];
        var logLinesBefore = app.Logs.Lines.Count; // startup logs one expected error (EF probing a fresh database's migration history)
        // One client, created here: WebApplicationFactory keeps every client it creates in a plain List, so creating
        // them from parallel workers corrupted it and the factory's disposal then failed with a NullReferenceException.
        var client = app.CreateClient();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sightings") { Content = new ByteArrayContent(bodies[i]) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (i % 7 == 0) request.Headers.TryAddWithoutValidation("Idempotency-Key", SightingMutator.Key(new Random(i)));
            using var response = await client.SendAsync(request, ct);
            statuses[i] = (int)response.StatusCode;
        });
        var histogram = statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}");
        output.WriteLine($"{count} bodies in {watch.Elapsed.TotalSeconds:F1} s; {string.Join(", ", histogram)}");
        var failures = statuses.Select((s, i) => (s, i)).Where(x => x.s >= 500).Take(5)
            .Select(x => $"{x.s}: {Encoding.UTF8.GetString(bodies[x.i])}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.All(statuses, s => Assert.Contains(s, new[] { 200, 201, 400, 413, 422 }));
        Assert.Contains(201, statuses); // some mutants stay valid, so the write path is fuzzed too
        var errors = app.Logs.Lines.Skip(logLinesBefore).Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).Take(3).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.Equal(statuses.Count(s => s == 201), await app.ScalarAsync("SELECT count(*) FROM sightings WHERE reported_by = 'hostile-fuzz'"));
    }

    [Fact]
    public void One_million_generated_drafts_and_position_texts_never_throw_and_accepted_positions_are_in_range()
    {
        const int count = 1_000_000;
        var random = new Random(90180);
        var now = DateTimeOffset.UtcNow;
        var accepted = 0;
        var parsed = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var text = SightingMutator.PositionText(random);
            var parse = CoordinateParser.Parse(text);
            if (parse.Success)
            {
                parsed++;
                AssertInRange(parse.Position!.Value, text);
            }
            var draft = SightingMutator.Draft(random, now, text);
            var (report, errors) = SightingValidation.Validate(draft, now, SightingRules.Default);
            if (report is not null)
            {
                accepted++;
                AssertInRange(report.Position, text);
                Assert.Empty(errors);
            }
            else Assert.NotEmpty(errors);
        }
        output.WriteLine($"{count:N0} drafts in {watch.Elapsed.TotalSeconds:F1} s: {accepted:N0} valid, {parsed:N0} position texts parsed");
        Assert.InRange(accepted, count / 500, count - 1);
        Assert.InRange(parsed, count / 100, count - 1);
    }

    private static void AssertInRange(GeoPosition p, string? text)
    {
        if (!(double.IsFinite(p.Latitude) && double.IsFinite(p.Longitude) && p.Latitude is >= -90 and <= 90 && p.Longitude is >= -180 and <= 180))
            Assert.Fail($"'{text}' → {p.Latitude}, {p.Longitude}");
    }
}

/// <summary>Seeded generators and mutators for sighting bodies, drafts and position texts.</summary>
public static class SightingMutator
{
    private static readonly string[] Positions =
    [
        "08°12.5'S 114°30.2'E", "8 12.5 S 114 30.2 E", "-8.2083, 114.5033", "08°12'30\"S 114°30'12\"E", "S 08 12.5 E 114 30.2",
        "90°00.0'N 180°00.0'E", "-90 -180", "0 0", "12°34.56'N 123°45.67'W", "8.5S 114.5E", "08-12.5S 114-30.2E",
    ];

    private static readonly string[] Noise =
    [
        "", " ", "\u0000", "\t", "\n", "°", "'", "\"", ",", ";", "-", "+", ".", "..", "e", "E", "N", "S", "W", "NaN", "Infinity", "-0", "1e308",
        "999999999999999999999", "\u00a0", "\u2032", "\u2033", "\u202e", "🚤", "\\", "/", "%", "{", "}", "[", "]", "null", "true",
        "90", "180", "-90", "-180", "90.0000001", "180.0000001", "60", "59.999999",
    ];

    private static readonly string[] Fields =
        ["observedAt", "latitude", "longitude", "positionText", "boatDescription", "personsOnBoard", "condition", "reporter", "positionUncertaintyNm", "notes"];

    public static string Key(Random r) => r.Next(4) switch
    {
        0 => new string('k', r.Next(0, 200)),
        1 => "key with spaces",
        2 => "ключ",
        _ => Guid.NewGuid().ToString(),
    };

    public static string PositionText(Random r)
    {
        var text = Positions[r.Next(Positions.Length)];
        var mutations = r.Next(0, 4);
        var sb = new StringBuilder(text);
        for (var m = 0; m < mutations; m++)
        {
            var at = sb.Length == 0 ? 0 : r.Next(sb.Length);
            switch (r.Next(5))
            {
                case 0: sb.Insert(at, Noise[r.Next(Noise.Length)]); break;
                case 1: if (sb.Length > 0) sb.Remove(at, Math.Min(sb.Length - at, r.Next(1, 4))); break;
                case 2: if (sb.Length > 0) sb[at] = (char)r.Next(0x20, 0x7f); break;
                case 3: if (sb.Length > 0) sb[at] = char.IsDigit(sb[at]) ? (char)('0' + r.Next(10)) : sb[at]; break;
                default: sb.Append(Noise[r.Next(Noise.Length)]); break;
            }
        }
        return sb.ToString();
    }

    private static double Coordinate(Random r, double limit) => r.Next(10) switch
    {
        0 => limit,
        1 => -limit,
        2 => double.NaN,
        3 => r.Next(2) == 0 ? double.PositiveInfinity : double.NegativeInfinity,
        4 => limit + double.Epsilon * r.Next(1, 3) + (r.Next(2) == 0 ? 1e-9 : 0),
        5 => BitConverter.Int64BitsToDouble(r.NextInt64()),
        _ => (r.NextDouble() * 2 - 1) * limit,
    };

    private static string? Text(Random r, int max) => r.Next(8) switch
    {
        0 => null,
        1 => "",
        2 => new string('x', r.Next(max - 2, max + 3)),
        3 => HostileInputTests.SqlLike[r.Next(HostileInputTests.SqlLike.Length)],
        4 => Noise[r.Next(Noise.Length)],
        _ => "Wooden boat " + r.Next(),
    };

    public static SightingDraft Draft(Random r, DateTimeOffset now, string positionText)
    {
        var numbers = r.Next(3);
        return new SightingDraft(
            r.Next(6) switch
            {
                0 => null,
                1 => now.AddMinutes(r.Next(-10, 10)),
                2 => now.AddDays(-r.Next(25, 35)),
                3 => DateTimeOffset.MinValue,
                4 => DateTimeOffset.MaxValue,
                _ => now.AddMinutes(-r.Next(0, 600)),
            },
            numbers > 0 ? Coordinate(r, 90) : null,
            numbers > 0 && r.Next(10) > 0 ? Coordinate(r, 180) : null,
            numbers < 2 ? positionText : null,
            Text(r, SightingValidation.MaxDescriptionLength),
            r.Next(5) switch { 0 => null, 1 => -r.Next(), 2 => int.MaxValue, 3 => 5001, _ => r.Next(0, 300) },
            r.Next(4) switch { 0 => null, 1 => "overloaded", 2 => Noise[r.Next(Noise.Length)], _ => "sinking" },
            Text(r, SightingValidation.MaxReporterLength),
            r.Next(4) switch { 0 => null, 1 => double.NaN, 2 => r.NextDouble() * 1000 - 100, _ => r.NextDouble() * 10 },
            Text(r, SightingValidation.MaxNotesLength));
    }

    /// <summary>A valid body with 0–3 mutations: field values swapped for other JSON types or noise, fields removed or
    /// added, or raw bytes flipped, inserted, truncated.</summary>
    public static byte[] Body(Random r)
    {
        var body = Sightings.Valid(b =>
        {
            if (r.Next(2) == 0) { b.Remove("positionText"); b["latitude"] = r.NextDouble() * 60 - 40; b["longitude"] = r.NextDouble() * 100 + 80; }
        });
        var structural = r.Next(60) != 0; // most mutants are broken on purpose; 1 in 60 only has a value replaced (and may stay valid)
        var mutations = structural ? r.Next(1, 4) : 1;
        for (var m = 0; m < mutations; m++)
        {
            var field = Fields[r.Next(Fields.Length)];
            switch (structural ? r.Next(7) : 0)
            {
                case 0: body[field] = Value(r); break;
                case 1: body.Remove(field); break;
                case 2: body["unknown" + r.Next(3)] = Value(r); break;
                case 3: body[field] = new JsonObject { ["nested"] = new JsonArray(Value(r), Value(r)) }; break;
                case 4: body[field] = JsonValue.Create(Noise[r.Next(Noise.Length)]); break;
                case 5: body[field] = JsonValue.Create(PositionText(r)); break;
                default: body[field] = null; break;
            }
        }
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        if (!structural || r.Next(3) != 0) return bytes;
        var list = bytes.ToList();
        switch (r.Next(6))
        {
            case 0: return bytes[..r.Next(bytes.Length)];                                       // truncated
            case 1: list[r.Next(list.Count)] = (byte)r.Next(256); break;                      // flipped byte (maybe invalid UTF-8)
            case 2: list.InsertRange(r.Next(list.Count), Encoding.UTF8.GetBytes(Noise[r.Next(Noise.Length)])); break;
            case 3: return Encoding.UTF8.GetBytes(new string('[', r.Next(1, 200)) + new string(']', r.Next(0, 200))); // deep nesting
            case 4: return Encoding.UTF8.GetBytes("{\"notes\":\"" + new string('n', 33 * 1024) + "\"}");         // over 32 KiB
            default: list.InsertRange(1, Encoding.UTF8.GetBytes("\"reporter\":\"dup\",")); break;                // duplicate key
        }
        return [.. list];
    }

    private static JsonNode? Value(Random r) => r.Next(10) switch
    {
        0 => null,
        1 => JsonValue.Create(r.Next() * (r.Next(2) == 0 ? -1 : 1)),
        2 => JsonValue.Create(double.MaxValue),
        3 => JsonValue.Create(r.NextDouble() * 400 - 200),
        4 => JsonValue.Create(true),
        5 => new JsonArray(),
        6 => JsonValue.Create(HostileInputTests.SqlLike[r.Next(HostileInputTests.SqlLike.Length)]),
        7 => JsonValue.Create(new string('z', r.Next(0, 5000))),
        8 => JsonValue.Create(Noise[r.Next(Noise.Length)]),
        _ => JsonValue.Create(DateTimeOffset.UtcNow.AddMinutes(-r.Next(0, 100000)).ToString("O")),
    };
}
