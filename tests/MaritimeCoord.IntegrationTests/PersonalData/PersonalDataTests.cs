using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.PersonalData;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Features.PersonalData;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MaritimeCoord.IntegrationTests.PersonalData;

/// <summary>
/// Issue 9 item 2 against the real PostgreSQL: people on board are stored apart (schema personal), as ciphertext whose
/// keys are outside the database, visible only with a grant for the stated purpose, every access in an append-only log,
/// and never in operational pictures.
/// </summary>
public sealed class PersonalDataTests(PersonalDataTests.App app) : IClassFixture<PersonalDataTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        public string KeyDirectory { get; } = Path.Combine(Path.GetTempPath(), $"mcoord-keys-{Guid.NewGuid():N}");
        protected override bool UseRabbitMq => false;
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["PersonalData:KeyDirectory"] = KeyDirectory,
            ["PersonalData:MaxPhotoBytes"] = "4096",
        };

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
        }
    }

    private const string Idn = "BASARNAS-IDN";
    private const string Name = "Nur Rahmawati Zz";
    private const string Notes = "Insulin-dependent diabetic, needs insulin within 12 h";

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE];

    private HttpClient As(string role, string? centre, string subject) => app.ClientAs(role, centre, subject);

    private async Task<(Guid Incident, string Centre)> OpenIncidentAsync(double lat, double lon)
    {
        var response = await Sightings.PostAsync(As(MaritimeRoles.Liaison, Idn, $"liaison-{Guid.NewGuid():N}"),
            Sightings.Valid(b => { b.Remove("positionText"); b["latitude"] = lat; b["longitude"] = lon; }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("incidentId").GetGuid(), body.GetProperty("coordinatingCentreCode").GetString()!);
    }

    private static async Task<HttpResponseMessage> GrantAsync(HttpClient granter, Guid incident, string grantee, string purpose, TimeSpan? validFor = null) =>
        await granter.PostAsJsonAsync("/api/personal-data/grants", new
        {
            incidentId = incident, grantee, purpose, expiresAt = DateTimeOffset.UtcNow + (validFor ?? TimeSpan.FromHours(12)),
            reason = "Disembarkation at Benoa: the port health office needs the list",
        });

    private static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    private async Task<T> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params (string, object)[] parameters)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), sql);
        return read(reader);
    }

    [Fact]
    public async Task A_person_is_stored_as_ciphertext_readable_only_with_a_grant_for_the_stated_purpose_and_every_access_is_logged()
    {
        var (incident, centre) = await OpenIncidentAsync(-9.3, 113.1);
        var coordinator = As(MaritimeRoles.Operator, centre, "pd-op-coordinator");
        var admin = As(MaritimeRoles.Admin, null, "pd-admin");
        var analyst = As(MaritimeRoles.Analyst, null, "pd-analyst");
        var person = new { name = Name, nationality = "AFG", age = 34, medicalNotes = Notes };

        // No grant yet: the coordinating operator is refused, and the refusal is logged.
        var refused = await coordinator.PostAsJsonAsync($"/api/incidents/{incident}/persons?purpose=identification", person);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("no-grant", (await Json(refused)).GetProperty("code").GetString());

        Assert.Equal(HttpStatusCode.Created, (await GrantAsync(admin, incident, "pd-op-coordinator", "identification")).StatusCode);
        var created = await coordinator.PostAsJsonAsync($"/api/incidents/{incident}/persons?purpose=identification", person);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var personId = (await Json(created)).GetProperty("id").GetGuid();

        // At rest: Data Protection ciphertext (its magic header 09 F0 C9 F0), none of the plain text, in schema personal only.
        var raw = await QueryAsync("SELECT record FROM personal.persons WHERE id = @id", r => r.GetFieldValue<byte[]>(0), ("id", personId));
        Assert.Equal(new byte[] { 0x09, 0xF0, 0xC9, 0xF0 }, raw[..4]);
        foreach (var secret in new[] { Name, "AFG", Notes, "Rahmawati" })
            Assert.Equal(-1, raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
        Assert.Equal(0, await app.ScalarAsync(
            "SELECT count(*) FROM personal.persons p WHERE encode(p.record, 'escape') LIKE '%Rahmawati%'"));
        foreach (var table in new[] { "incidents", "sightings", "incident_timeline", "outbox_messages", "sitreps" })
            Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM {table} t WHERE row_to_json(t)::text LIKE '%Rahmawati%'"));

        // Another key ring (another deployment, or the database stolen alone) cannot decrypt it.
        var foreignRing = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(Path.GetTempPath(), $"mcoord-foreign-{Guid.NewGuid():N}")),
            b => b.SetApplicationName("MaritimeCoord"));
        Assert.ThrowsAny<CryptographicException>(() => new PersonalDataProtector(foreignRing).UnprotectRecord(personId, raw));
        // The server's own ring lives in the configured directory, not in the database.
        Assert.NotEmpty(Directory.GetFiles(app.KeyDirectory, "key-*.xml"));
        // Bound to its row: the same ciphertext does not open as another person.
        var ours = app.Services.GetRequiredService<PersonalDataProtector>();
        Assert.Equal(Name, ours.UnprotectRecord(personId, raw).Name);
        Assert.ThrowsAny<CryptographicException>(() => ours.UnprotectRecord(Guid.NewGuid(), raw));

        // Reads: purpose required (400 naming it), another purpose 403, no grant 403, the granted purpose 200.
        var noPurpose = await coordinator.GetAsync($"/api/incidents/{incident}/persons");
        Assert.Equal(HttpStatusCode.BadRequest, noPurpose.StatusCode);
        Assert.True((await Json(noPurpose)).GetProperty("errors").TryGetProperty("purpose", out _));
        var otherPurpose = await coordinator.GetAsync($"/api/incidents/{incident}/persons?purpose=medical-care");
        Assert.Equal(HttpStatusCode.Forbidden, otherPurpose.StatusCode);
        Assert.Equal("other-purpose", (await Json(otherPurpose)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync($"/api/incidents/{incident}/persons?purpose=identification")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync($"/api/incidents/{incident}/persons?purpose=identification")).StatusCode);

        var list = await coordinator.GetAsync($"/api/incidents/{incident}/persons?purpose=identification");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("no-store", list.Headers.CacheControl?.ToString());
        var read = (await Json(list)).EnumerateArray().Single();
        Assert.Equal(Name, read.GetProperty("name").GetString());
        Assert.Equal(Notes, read.GetProperty("medicalNotes").GetString());
        Assert.Equal(34, read.GetProperty("age").GetInt32());

        // The analyst gets a grant from the coordinating centre's supervisor and reads one person.
        Assert.Equal(HttpStatusCode.Created, (await GrantAsync(As(MaritimeRoles.Supervisor, centre, "pd-supervisor"), incident, "pd-analyst", "family-reunification")).StatusCode);
        var one = await analyst.GetAsync($"/api/incidents/{incident}/persons/{personId}?purpose=family-reunification");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal("AFG", (await Json(one)).GetProperty("nationality").GetString());

        // The log: who, what, why, result, for each of the above (newest first).
        var log = await (await admin.GetAsync($"/api/personal-data/access-log?incidentId={incident}")).Content.ReadFromJsonAsync<JsonElement>();
        var lines = log.EnumerateArray().Select(e => $"{e.GetProperty("actor").GetString()} {e.GetProperty("action").GetString()} " +
                                                       $"{e.GetProperty("purpose").GetString()} {e.GetProperty("outcome").GetString()}").ToList();
        Assert.Contains("pd-op-coordinator create identification denied:no-grant", lines);
        Assert.Contains("pd-admin grant identification granted", lines);
        Assert.Contains("pd-op-coordinator create identification allowed", lines);
        Assert.Contains("pd-op-coordinator read medical-care denied:other-purpose", lines);
        Assert.Contains("pd-analyst read identification denied:no-grant", lines);
        Assert.Contains("pd-admin read identification denied:no-grant", lines);
        Assert.Contains("pd-op-coordinator read identification allowed", lines);
        Assert.Contains("pd-supervisor grant family-reunification granted", lines);
        Assert.Contains("pd-analyst read family-reunification allowed", lines);
        Assert.Equal(lines.Count, await app.ScalarAsync($"SELECT count(*) FROM personal.access_log WHERE incident_id = '{incident}'"));
    }

    [Fact]
    public async Task The_access_log_refuses_update_delete_and_truncate()
    {
        var (incident, centre) = await OpenIncidentAsync(-9.4, 113.3);
        await GrantAsync(As(MaritimeRoles.Admin, null, "pd-admin-log"), incident, "someone", "identification");
        Assert.True(await app.ScalarAsync("SELECT count(*) FROM personal.access_log") > 0);
        foreach (var sql in new[] { "UPDATE personal.access_log SET actor = 'nobody'", "DELETE FROM personal.access_log", "TRUNCATE personal.access_log" })
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => app.ScalarAsync(sql));
            Assert.Contains("append-only", error.MessageText);
        }
        _ = centre;
    }

    [Fact]
    public async Task Photos_are_sniffed_bounded_encrypted_and_returned_byte_for_byte()
    {
        var (incident, centre) = await OpenIncidentAsync(-9.5, 113.5);
        var coordinator = As(MaritimeRoles.Operator, centre, "pd-photo-op");
        await GrantAsync(As(MaritimeRoles.Admin, null, "pd-photo-admin"), incident, "pd-photo-op", "identification");
        var personId = (await Json(await coordinator.PostAsJsonAsync($"/api/incidents/{incident}/persons?purpose=identification",
            new { name = "Photo Person", age = 7 }))).GetProperty("id").GetGuid();
        var url = $"/api/incidents/{incident}/persons/{personId}/photo?purpose=identification";

        static ByteArrayContent Body(byte[] bytes, string type)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(type);
            return content;
        }

        // HTML declared as a PNG, a PNG declared as a JPEG, a type that is not an image, and one over the limit.
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await coordinator.PutAsync(url, Body("<html><script>alert(1)</script>"u8.ToArray(), "image/png"))).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await coordinator.PutAsync(url, Body(Png, "image/jpeg"))).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await coordinator.PutAsync(url, Body(Png, "text/plain"))).StatusCode);
        var big = new byte[5000];
        Png.CopyTo(big, 0);
        var tooLarge = await coordinator.PutAsync(url, Body(big, "image/png"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.PutAsync(url, Body(Png, "image/png"))).StatusCode);
        var stored = await QueryAsync("SELECT photo, photo_content_type FROM personal.persons WHERE id = @id",
            r => (r.GetFieldValue<byte[]>(0), r.GetString(1)), ("id", personId));
        Assert.Equal("image/png", stored.Item2);
        Assert.Equal(-1, stored.Item1.AsSpan().IndexOf(Png.AsSpan(0, 16)));

        var back = await coordinator.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal("image/png", back.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await back.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync(url.Replace("identification", "medical-care", StringComparison.Ordinal))).StatusCode);
    }

    [Fact]
    public async Task Grants_need_the_coordinating_centres_supervisor_never_go_to_oneself_and_a_revoked_grant_stops_reads()
    {
        var (incident, centre) = await OpenIncidentAsync(-9.6, 113.7);
        var other = centre == "JRCC-AUS" ? Idn : "JRCC-AUS";
        var coordinator = As(MaritimeRoles.Supervisor, centre, "pd-grant-op");
        var operatorOfTheCentre = As(MaritimeRoles.Operator, centre, "pd-grant-plain-op");
        var reader = As(MaritimeRoles.Operator, centre, "pd-grant-reader");

        // An operator of the coordinating centre runs the incident but does not open persons' data: a supervisor does.
        var byOperator = await GrantAsync(operatorOfTheCentre, incident, "pd-grant-reader", "identification");
        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        Assert.Equal("not-a-supervisor", (await Json(byOperator)).GetProperty("code").GetString());

        var self = await GrantAsync(coordinator, incident, "pd-grant-op", "identification");
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.True((await Json(self)).GetProperty("errors").TryGetProperty("grantee", out _));
        var tooLong = await GrantAsync(coordinator, incident, "pd-grant-reader", "identification", TimeSpan.FromDays(30));
        Assert.True((await Json(tooLong)).GetProperty("errors").TryGetProperty("expiresAt", out _));
        var badPurpose = await GrantAsync(coordinator, incident, "pd-grant-reader", "curiosity");
        Assert.True((await Json(badPurpose)).GetProperty("errors").TryGetProperty("purpose", out _));
        // Another centre's operator does not even learn the incident exists.
        Assert.Equal(HttpStatusCode.NotFound, (await GrantAsync(As(MaritimeRoles.Operator, other, "pd-other"), incident, "pd-grant-reader", "identification")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await As(MaritimeRoles.Operator, other, "pd-other").GetAsync($"/api/incidents/{incident}/persons?purpose=identification")).StatusCode);

        var granted = await GrantAsync(coordinator, incident, "pd-grant-reader", "disembarkation");
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        var grantId = (await Json(granted)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/incidents/{incident}/persons?purpose=disembarkation")).StatusCode);
        var grants = await coordinator.GetFromJsonAsync<JsonElement>($"/api/personal-data/grants?incidentId={incident}");
        Assert.Contains(grants.EnumerateArray(), g => g.GetProperty("id").GetGuid() == grantId && g.GetProperty("active").GetBoolean());

        // Closing access is open to any operator of the coordinating centre.
        Assert.Equal(HttpStatusCode.OK, (await operatorOfTheCentre.PostAsJsonAsync($"/api/personal-data/grants/{grantId}/revoke", new { reason = "Disembarkation done" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsJsonAsync($"/api/personal-data/grants/{grantId}/revoke", new { reason = "again" })).StatusCode);
        var afterRevoke = await reader.GetAsync($"/api/incidents/{incident}/persons?purpose=disembarkation");
        Assert.Equal(HttpStatusCode.Forbidden, afterRevoke.StatusCode);
        Assert.Equal("grant-revoked", (await Json(afterRevoke)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Incident_pictures_and_sitreps_carry_counts_never_persons()
    {
        var (incident, centre) = await OpenIncidentAsync(-9.7, 113.9);
        var coordinator = As(MaritimeRoles.Operator, centre, "pd-leak-op");
        await GrantAsync(As(MaritimeRoles.Admin, null, "pd-leak-admin"), incident, "pd-leak-op", "medical-care");
        Assert.Equal(HttpStatusCode.Created, (await coordinator.PostAsJsonAsync($"/api/incidents/{incident}/persons?purpose=medical-care",
            new { name = "Leak Canary Qx", nationality = "MMR", age = 51, medicalNotes = "Canary medical note Qx" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await coordinator.PostAsJsonAsync($"/api/incidents/{incident}/sitreps", new { form = "full" })).StatusCode);

        foreach (var url in new[]
                 {
                     $"/api/incidents/{incident}", "/api/incidents?includeClosed=true", $"/api/incidents/{incident}/sitrep?form=full",
                     $"/api/incidents/{incident}/sitrep?form=full&format=text", $"/api/incidents/{incident}/sitreps/1",
                     $"/api/incidents/{incident}/sitreps/1?format=text",
                 })
        {
            foreach (var client in new[] { coordinator, As(MaritimeRoles.Analyst, null, "pd-leak-analyst") })
            {
                var response = await client.GetAsync(url);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var text = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain("Canary", text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("Qx", text, StringComparison.Ordinal);
            }
        }
    }
}
