using System.Net;
using Hangfire;
using Hangfire.Storage;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.IntegrationTests;

/// <summary>Hangfire with PostgreSQL storage, running the real recurring job on its own schedule.</summary>
[Collection("Hangfire")] // Hangfire's JobStorage.Current is static: one Hangfire host at a time
public sealed class JobsTests(JobsTests.App app) : IClassFixture<JobsTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;
        protected override bool JobsEnabled => true;
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Jobs:MarkStaleCron"] = "*/1 * * * * *", // every second (Hangfire's 6-field cron)
            ["Jobs:StaleAfter"] = "01:00:00",
            ["Jobs:SchedulePollingInterval"] = "00:00:01",
            ["Jobs:ExpireHandoverOffersCron"] = "0 0 1 1 *",
            ["Detection:HandoverReminderCron"] = "0 0 2 1 *",
        };
    }

    [Fact]
    public async Task The_recurring_job_marks_an_incident_without_recent_sightings_stale_exactly_once()
    {
        var response = await Sightings.PostAsync(app.ClientAs(MaritimeRoles.Liaison, "JRCC-AUS", "liaison-stale"),
            Sightings.Valid(b => { b.Remove("positionText"); b["latitude"] = -30.0; b["longitude"] = 100.0; b["observedAt"] = Sightings.Now(180); }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await app.ScalarAsync("SELECT count(*) FROM incidents WHERE is_stale") == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(250);

        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM incidents WHERE is_stale"));
        // Run it once more by hand: the job is idempotent, so no second timeline entry appears.
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<MarkStaleIncidentsJob>().RunAsync(default);
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM incident_timeline WHERE kind = 'marked-stale'"));
        Assert.True(await app.ScalarAsync("SELECT count(*) FROM hangfire.job") >= 1);
    }

    [Fact]
    public async Task The_jobs_dashboard_is_for_administrators_only()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(MaritimeRoles.Operator, "JRCC-AUS").GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientAs(MaritimeRoles.Admin, null).GetAsync("/hangfire")).StatusCode);
        var recurring = app.Services.GetRequiredService<JobStorage>().GetConnection().GetRecurringJobs();
        Assert.Contains(recurring, j => j.Id == MarkStaleIncidentsJob.Id);
    }

    [Fact]
    public void Each_recurring_job_runs_on_its_own_schedule_setting()
    {
        var cron = app.Services.GetRequiredService<JobStorage>().GetConnection().GetRecurringJobs().ToDictionary(j => j.Id, j => j.Cron);
        Assert.Equal("*/1 * * * * *", cron[MarkStaleIncidentsJob.Id]);
        Assert.Equal("0 0 1 1 *", cron[ExpireHandoverOffersJob.Id]);
        Assert.Equal("0 0 2 1 *", cron[HandoverReminderJob.Id]);
    }
}
