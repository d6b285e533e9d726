using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Outbox;
using MaritimeCoord.Server.Outbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MaritimeCoord.IntegrationTests;

/// <summary>
/// The outbox dispatcher is woken by <see cref="OutboxCommitInterceptor"/> when rows with events commit, through
/// either path a command takes: an explicit transaction (signalled at its commit, not at SaveChanges) or a
/// SaveChanges on its own. A rolled-back or abandoned transaction, or rows only updated (the dispatcher's own marks),
/// wake nothing. The app runs without its dispatcher, so the test is the only one waiting on <see cref="OutboxSignal"/>;
/// the signal is raised inside the commit call, so it is checked as soon as the call returns.
/// </summary>
public sealed class OutboxCommitSignalTests(OutboxCommitSignalTests.App app) : IClassFixture<OutboxCommitSignalTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                var dispatcher = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(OutboxDispatcher));
                services.Remove(dispatcher);
            });
        }
    }

    private const string Idn = "BASARNAS-IDN";

    private OutboxSignal Signal => app.Services.GetRequiredService<OutboxSignal>();

    private Task<bool> SignalledAsync() => Signal.WaitAsync(TimeSpan.Zero, CancellationToken.None);

    private async Task DrainAsync()
    {
        while (await SignalledAsync()) { }
    }

    private static OutboxMessage Row() => new() { MessageType = "test.not-published", Payload = "{}", CreatedAt = DateTimeOffset.UtcNow };

    [Fact]
    public async Task A_sighting_logged_in_a_transaction_and_a_phase_change_saved_alone_wake_the_dispatcher()
    {
        await DrainAsync();
        var response = await Sightings.PostAsync(app.ClientAs(MaritimeRoles.Liaison, Idn, $"liaison-{Guid.NewGuid():N}"),
            Sightings.Valid(b => { b.Remove("positionText"); b["latitude"] = -9.3; b["longitude"] = 111.2; }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(await SignalledAsync(), "logging a sighting (explicit transaction) signals the dispatcher");

        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetGuid();
        var operatorClient = app.ClientAs(MaritimeRoles.Operator, Idn, $"op-{Idn}");
        var detail = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}");
        await DrainAsync();
        var changed = await operatorClient.PostAsJsonAsync($"/api/incidents/{id}/phase",
            new { phase = "alert", reason = "No contact for an hour", expectedVersion = detail.GetProperty("version").GetUInt32() });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.True(await SignalledAsync(), "a phase change (SaveChanges without a transaction) signals the dispatcher");
    }

    [Fact]
    public async Task Inside_a_transaction_the_commit_signals_not_the_save()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaritimeDbContext>();
        await DrainAsync();

        await using var tx = await db.Database.BeginTransactionAsync();
        db.Outbox.Add(Row());
        await db.SaveChangesAsync();
        Assert.False(await SignalledAsync(), "saved but not committed: the dispatcher could not see the row yet");
        await tx.CommitAsync();
        Assert.True(await SignalledAsync());
    }

    [Fact]
    public async Task A_rolled_back_or_abandoned_transaction_wakes_nothing()
    {
        await DrainAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MaritimeDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Outbox.Add(Row());
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }
        Assert.False(await SignalledAsync(), "rolled back");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MaritimeDbContext>();
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                db.Outbox.Add(Row());
                await db.SaveChangesAsync();
            } // disposed without a commit: PostgreSQL rolls it back
            // The same context saving something else afterwards does not signal the abandoned rows either.
            var centre = await db.RescueCentres.FirstAsync();
            centre.Name += " ";
            await db.SaveChangesAsync();
        }
        Assert.False(await SignalledAsync(), "abandoned");
    }

    [Fact]
    public async Task Rows_only_updated_wake_nothing()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaritimeDbContext>();
        db.Outbox.Add(Row());
        await db.SaveChangesAsync();
        await DrainAsync();

        var row = await db.Outbox.OrderByDescending(r => r.Id).FirstAsync();
        row.DispatchedAt = DateTimeOffset.UtcNow;
        await using var tx = await db.Database.BeginTransactionAsync();
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        Assert.False(await SignalledAsync(), "the dispatcher marking rows dispatched does not wake itself");
    }
}
