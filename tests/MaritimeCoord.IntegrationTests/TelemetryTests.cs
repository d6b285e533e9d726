using System.Net;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Detection;
using MaritimeCoord.Server.Telemetry;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.IntegrationTests;

/// <summary>The Prometheus scrape endpoint: administrators only, and after some activity it shows the figures docs/operations.md tells an operator to alert on.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class TelemetryTests(SharedHost app)
{
    [Fact]
    public async Task Metrics_are_for_administrators_only_and_name_requests_hub_outbox_detector_and_ingest_figures()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(TelemetrySetup.MetricsPath)).StatusCode);
        foreach (var role in new[] { MaritimeRoles.Operator, MaritimeRoles.Analyst, MaritimeRoles.Liaison })
            Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(role, role == MaritimeRoles.Analyst ? null : "BASARNAS-IDN").GetAsync(TelemetrySetup.MetricsPath)).StatusCode);

        // Activity: a hub client, a sighting (outbox → bus → hub), a detector run.
        await using var hub = app.HubAs(MaritimeRoles.Operator, "JRCC-AUS");
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<System.Text.Json.JsonElement>("incidentOpened", _ => opened.TrySetResult());
        await hub.StartAsync();
        // Off the Kimberley coast: the Australian region of the samples, where no other test of this host reports.
        var sighting = await Sightings.PostAsync(app.ClientAs(MaritimeRoles.Liaison, "JRCC-AUS", "liaison-telemetry"),
            Sightings.Valid(b => b["positionText"] = "13°10.0'S 122°40.0'E"));
        Assert.Equal(HttpStatusCode.Created, sighting.StatusCode);
        await opened.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RunDetectorsJob>().RunAsync(CancellationToken.None);

        var admin = app.ClientAs(MaritimeRoles.Admin, null);
        string text = "";
        // The exporter caches a scrape briefly; the hub push above is recorded before the client sees it.
        await Quiescence.UntilAsync(async () =>
        {
            text = await admin.GetStringAsync(TelemetrySetup.MetricsPath);
            return text.Contains("maritimecoord_hub_messages_total{", StringComparison.Ordinal)
                && text.Contains("maritimecoord_outbox_lag_seconds_count", StringComparison.Ordinal);
        }, "the scrape shows the hub and outbox figures");

        foreach (var name in new[]
        {
            "http_server_request_duration_seconds_count",   // ASP.NET Core
            "maritimecoord_hub_connections",
            "maritimecoord_hub_messages_total{",
            "maritimecoord_outbox_lag_seconds_count",
            "maritimecoord_outbox_oldest_pending_age_seconds",
            "maritimecoord_detector_runs_total{",
            "maritimecoord_detector_run_duration_seconds_count",
            "maritimecoord_ingest_lines_total",
            "db_client_operation",                          // Npgsql
        })
            Assert.True(text.Contains(name, StringComparison.Ordinal), $"{name} missing from the scrape:\n{text[..Math.Min(text.Length, 4000)]}");
        Assert.Contains("event=\"incidentOpened\"", text, StringComparison.Ordinal);
        Assert.Contains("outcome=\"success\"", text, StringComparison.Ordinal);
    }
}
