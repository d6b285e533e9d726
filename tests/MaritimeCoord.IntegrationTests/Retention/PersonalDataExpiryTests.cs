using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.IntegrationTests.Retention;

/// <summary>Personal data expires by itself: the Hangfire retention job deletes it on its schedule and the log keeps the trace.</summary>
[Collection("Hangfire")] // Hangfire's JobStorage.Current is static: one Hangfire host at a time
public sealed class PersonalDataExpiryTests(PersonalDataExpiryTests.App app) : IClassFixture<PersonalDataExpiryTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;
        protected override bool JobsEnabled => true;
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["PersonalData:KeyDirectory"] = Path.Combine(Path.GetTempPath(), $"mcoord-keys-{Guid.NewGuid():N}"),
            ["Retention:PersonalData"] = "00:00:04",
            ["Retention:Cron"] = "*/1 * * * * *", // every second (Hangfire's 6-field cron)
            ["Jobs:SchedulePollingInterval"] = "00:00:01",
            ["Jobs:MarkStaleCron"] = "0 0 1 1 *",
            ["Jobs:ExpireHandoverOffersCron"] = "0 0 1 1 *",
        };
    }

    [Fact]
    public async Task A_person_is_deleted_by_the_recurring_job_after_the_retention_period_and_the_log_keeps_every_line()
    {
        var recurring = app.Services.GetRequiredService<JobStorage>().GetConnection().GetRecurringJobs();
        Assert.Contains(recurring, j => j.Id == RetentionJob.Id);

        var posted = await (await Sightings.PostAsync(app.ClientAs(MaritimeRoles.Liaison, "BASARNAS-IDN", "exp-liaison"),
            Sightings.Valid(b => { b.Remove("positionText"); b["latitude"] = -9.2; b["longitude"] = 112.9; }))).Content.ReadFromJsonAsync<JsonElement>();
        var incident = posted.GetProperty("incidentId").GetGuid();
        var centre = posted.GetProperty("coordinatingCentreCode").GetString()!;
        var op = app.ClientAs(MaritimeRoles.Operator, centre, "exp-op");
        Assert.Equal(HttpStatusCode.Created, (await app.ClientAs(MaritimeRoles.Admin, null, "exp-admin").PostAsJsonAsync("/api/personal-data/grants",
            new { incidentId = incident, grantee = "exp-op", purpose = "medical-care", expiresAt = DateTimeOffset.UtcNow.AddHours(1), reason = "hospital hand-over" })).StatusCode);
        var created = await op.PostAsJsonAsync($"/api/incidents/{incident}/persons?purpose=medical-care", new { name = "Expiring Person", age = 40 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var personId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await app.ScalarAsync($"SELECT count(*) FROM personal.persons WHERE id = '{personId}'") > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the retention job did not delete the expired person");
            await Task.Delay(250);
        }

        Assert.Equal(1, await app.ScalarAsync(
            $"SELECT count(*) FROM personal.access_log WHERE person_id = '{personId}' AND action = 'expire' AND actor = 'system:retention' AND outcome = 'deleted'"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM personal.access_log WHERE person_id = '{personId}' AND action = 'create'"));
        var list = await op.GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}/persons?purpose=medical-care");
        Assert.Equal(0, list.GetArrayLength());
        // The incident itself (operational data) is untouched.
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync($"/api/incidents/{incident}")).StatusCode);
    }
}
