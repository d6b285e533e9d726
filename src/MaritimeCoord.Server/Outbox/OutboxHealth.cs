using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Outbox;

/// <summary>Section <c>Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>
    /// Longest wait for one publish (broker confirm included). RabbitMQ.Client 7.2 can leave a publish awaiting its
    /// confirm forever after a broker restart (rabbitmq-dotnet-client#1930); without a bound the dispatcher would stop
    /// for good while the rows wait in the table.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>After a publish timed out, the bus is stopped and started again (new connection and channels), bounded by this.</summary>
    public TimeSpan BusRestartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A dispatcher stalled this long reports the node unready, so an orchestrator replaces it.</summary>
    public TimeSpan UnhealthyAfter { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>What the dispatcher last achieved; read by the readiness check.</summary>
public sealed class OutboxHealth(TimeProvider clock)
{
    private long stalledSinceTicks;

    public int BusRestarts { get; private set; }

    public DateTimeOffset? StalledSince =>
        Interlocked.Read(ref stalledSinceTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public void Published() => Interlocked.Exchange(ref stalledSinceTicks, 0);

    public void Stalled() => Interlocked.CompareExchange(ref stalledSinceTicks, clock.GetUtcNow().UtcTicks, 0);

    public void BusRestarted() => BusRestarts++;
}

/// <summary>Unready while events wait behind a publish that does not complete; degraded while it is being recovered.</summary>
public sealed class OutboxHealthCheck(OutboxHealth health, TimeProvider clock, IOptions<OutboxOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (health.StalledSince is not { } since) return Task.FromResult(HealthCheckResult.Healthy());
        var stalledFor = clock.GetUtcNow() - since;
        return Task.FromResult(stalledFor > options.Value.UnhealthyAfter
            ? HealthCheckResult.Unhealthy($"outbox publishing stalled for {stalledFor.TotalSeconds:F0} s")
            : HealthCheckResult.Degraded($"outbox publishing stalled for {stalledFor.TotalSeconds:F0} s; restarting the bus"));
    }
}
