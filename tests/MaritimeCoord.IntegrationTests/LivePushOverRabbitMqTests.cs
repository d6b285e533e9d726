using System.Text.Json;
using MassTransit;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Contracts.Incidents;
using MaritimeCoord.Contracts.Sightings;
using MaritimeCoord.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.IntegrationTests;

/// <summary>The whole path: API → PostgreSQL (outbox) → RabbitMQ → consumer → SignalR group → client.</summary>
public sealed class LivePushOverRabbitMqTests(LivePushOverRabbitMqTests.App app) : IClassFixture<LivePushOverRabbitMqTests.App>
{
    public sealed class App : MaritimeAppFactory;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void The_bus_runs_on_RabbitMQ()
    {
        var bus = app.Services.GetRequiredService<IBus>();
        Assert.Equal("rabbitmq", bus.Address.Scheme);
    }

    [Fact]
    public async Task Readiness_covers_the_database_and_the_broker()
    {
        var checks = app.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Contains(checks, c => c.Name == "postgresql" && c.Tags.Contains("ready"));
        Assert.Contains(checks, c => c.Name.Contains("masstransit", StringComparison.OrdinalIgnoreCase) && c.Tags.Contains("ready"));
        // Not ready until the bus has connected to RabbitMQ and started its receive endpoints; then ready.
        var client = app.CreateClient();
        var deadline = DateTime.UtcNow + Timeout;
        var status = (await client.GetAsync("/health/ready")).StatusCode;
        while (status != System.Net.HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            status = (await client.GetAsync("/health/ready")).StatusCode;
        }
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task An_operator_of_the_covering_centre_receives_the_new_incident_and_the_sighting_live()
    {
        await using var hub = app.HubAs(MaritimeRoles.Operator, "BASARNAS-IDN");
        var opened = new TaskCompletionSource<IncidentOpened>(TaskCreationOptions.RunContinuationsAsynchronously);
        var logged = new TaskCompletionSource<SightingLogged>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<IncidentOpened>("incidentOpened", e => opened.TrySetResult(e));
        hub.On<SightingLogged>("sightingLogged", e => logged.TrySetResult(e));
        await hub.StartAsync();

        var response = await Sightings.PostAsync(app.ClientAs(MaritimeRoles.Liaison, "BASARNAS-IDN", "liaison-live"),
            Sightings.Valid(b => { b.Remove("positionText"); b["latitude"] = -5.5; b["longitude"] = 110.0; }));
        var posted = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        var incident = await opened.Task.WaitAsync(Timeout);
        var sighting = await logged.Task.WaitAsync(Timeout);
        Assert.Equal(posted.GetProperty("incidentId").GetGuid(), incident.IncidentId);
        Assert.Equal("uncertainty", incident.Phase);
        Assert.Equal("IDN", incident.SarRegionCode);
        Assert.Equal(posted.GetProperty("id").GetGuid(), sighting.SightingId);
        Assert.Equal(-5.5, sighting.Latitude, 6);
        // The dispatcher marks rows dispatched after the broker confirmed them, so the mark may trail the delivery.
        var deadline = DateTime.UtcNow + Timeout;
        while (await app.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL") > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL"));
    }

    [Fact]
    public async Task A_neighbouring_centre_receives_sightings_near_its_boundary_and_a_distant_centre_does_not()
    {
        await using var neighbour = app.HubAs(MaritimeRoles.Operator, "BASARNAS-IDN");
        await using var distant = app.HubAs(MaritimeRoles.Operator, "MRCC-LKA");
        var neighbourGot = new TaskCompletionSource<SightingLogged>(TaskCreationOptions.RunContinuationsAsynchronously);
        var distantGot = new List<SightingLogged>();
        neighbour.On<SightingLogged>("sightingLogged", e => { if (e.Reporter() == "near-boundary") neighbourGot.TrySetResult(e); });
        distant.On<SightingLogged>("sightingLogged", e => { lock (distantGot) distantGot.Add(e); });
        await neighbour.StartAsync();
        await distant.StartAsync();

        // 10 nm south of the Australia/Indonesia line at 110°E: Australian SRR, Indonesian boundary within 30 nm.
        await Sightings.PostAsync(app.ClientAs(MaritimeRoles.Liaison, "JRCC-AUS", "liaison-boundary"), Sightings.Valid(b =>
        {
            b.Remove("positionText"); b["latitude"] = -12.0 - 10.0 / 60; b["longitude"] = 110.0; b["boatDescription"] = "near-boundary";
        }));

        var received = await neighbourGot.Task.WaitAsync(Timeout);
        Assert.Equal("JRCC-AUS", received.CoordinatingCentreCode);
        Assert.Contains("BASARNAS-IDN", received.NotifiedCentreCodes);
        // The event has reached a hub client, so the broadcast to every group is done; the distant centre got nothing.
        lock (distantGot) Assert.DoesNotContain(distantGot, e => e.SightingId == received.SightingId);
    }

    [Fact]
    public async Task An_operator_cannot_join_another_centres_group()
    {
        await using var hub = app.HubAs(MaritimeRoles.Operator, "MRCC-LKA");
        await hub.StartAsync();
        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<string>("JoinCentre", "JRCC-AUS"));
        Assert.Contains("Forbidden", error.Message);
        Assert.Equal("centre:MRCC-LKA", await hub.InvokeAsync<string>("JoinCentre", "MRCC-LKA"));
    }

    [Fact]
    public async Task The_hub_refuses_a_connection_without_a_token_or_with_a_liaison_role()
    {
        await using var liaison = app.HubAs(MaritimeRoles.Liaison, "JRCC-AUS");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => liaison.StartAsync());
        Assert.Contains("403", error.Message);
    }
}

internal static class SightingLoggedExtensions
{
    public static string Reporter(this SightingLogged e) => e.BoatDescription;
}
