using MaritimeCoord.Server.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MaritimeCoord.IntegrationTests;

/// <summary>
/// The standard OpenTelemetry resource settings reach what the node exports (docs/operations.md § Monitoring): a service
/// name set by the server itself must not hide <c>OTEL_SERVICE_NAME</c>. Telemetry only, no database, no started host.
/// </summary>
public sealed class TelemetryResourceTests
{
    [Theory]
    [InlineData(null, "maritimecoord")]
    [InlineData("mcoord-centre-a", "mcoord-centre-a")]
    public async Task The_exported_service_name_is_OTEL_SERVICE_NAME_when_set(string? configured, string expected)
    {
        var builder = WebApplication.CreateBuilder();
        if (configured is not null) builder.Configuration["OTEL_SERVICE_NAME"] = configured;
        builder.Configuration["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=test";
        builder.AddTelemetry();
        await using var app = builder.Build();

        var resource = app.Services.GetRequiredService<TracerProvider>().GetResource();
        var attributes = resource.Attributes.ToDictionary(a => a.Key, a => a.Value);
        Assert.Equal(expected, attributes["service.name"]);
        Assert.Equal("test", attributes["deployment.environment"]);
    }
}
