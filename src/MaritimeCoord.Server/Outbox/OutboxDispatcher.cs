using System.Text.Json;
using MassTransit;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Outbox;
using MaritimeCoord.Server.Infrastructure;
using MaritimeCoord.Server.Realtime;
using MaritimeCoord.Server.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly;

namespace MaritimeCoord.Server.Outbox;

/// <summary>
/// Publishes committed outbox rows in id order. Rows are claimed with FOR UPDATE SKIP LOCKED, so several nodes can run
/// it; a row is marked dispatched only after the broker confirmed the publish (MassTransit waits for RabbitMQ publisher
/// confirms), so a crash in between publishes it again: delivery is at least once, never zero. A publish that does not
/// complete within <see cref="OutboxOptions.PublishTimeout"/> rolls the batch back and restarts the bus, and the node
/// reports itself unready while that lasts (<see cref="OutboxHealthCheck"/>).
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes, OutboxSignal signal, OutboxHealth health, IBusControl bus, IOptions<OutboxOptions> options,
    TimeProvider clock, ILogger<OutboxDispatcher> log, ServerMetrics metrics)
    : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A failed batch (database or broker error) is tried again for ever: its rows stay pending meanwhile. A publish
    /// timeout is not retried here: it needs the bus restarted first.
    /// </summary>
    private readonly ResiliencePipeline retry = Backoff.Forever(FirstRetryDelay, MaxBackoff, clock,
        retryOn: e => e is not TimeoutException,
        onRetry: args =>
        {
            log.LogWarning(args.Outcome.Exception, "Outbox dispatch failed ({Failures} in a row); retrying in {Delay}",
                args.AttemptNumber + 1, args.RetryDelay);
            return ValueTask.CompletedTask;
        });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await retry.ExecuteAsync(async ct => await DispatchBatchAsync(ct), stoppingToken);
                health.Published();
                if (published == BatchSize) continue;
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (TimeoutException e)
            {
                // The batch was rolled back: its rows stay pending and are published again after the restart.
                health.Stalled();
                log.LogError(e, "Outbox publish did not complete within {Timeout}; restarting the bus", options.Value.PublishTimeout);
                await RestartBusAsync(stoppingToken);
            }
        }
    }

    private async Task RestartBusAsync(CancellationToken stoppingToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        bounded.CancelAfter(options.Value.BusRestartTimeout);
        try
        {
            // MassTransit 8 can stop and start the same bus; starting opens a new connection and new channels, which is
            // what the stuck confirm needs. Consumers resume on the new connection.
            await bus.StopAsync(bounded.Token);
            await bus.StartAsync(bounded.Token);
            health.BusRestarted();
            log.LogWarning("Bus restarted after a stalled publish ({Restarts} so far)", health.BusRestarts);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            log.LogError(e, "Bus restart failed; the next batch tries again");
            try { await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken); } catch (OperationCanceledException) { }
        }
    }

    /// <summary>A publish bounded by <see cref="OutboxOptions.PublishTimeout"/>: the wait ends even if the client's task never does.</summary>
    private Task PublishBoundedAsync(Task publish, CancellationToken ct) => publish.WaitAsync(options.Value.PublishTimeout, clock, ct);

    internal async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaritimeDbContext>();
        var publisher = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var batch = await db.Outbox
            .FromSql($"SELECT * FROM outbox_messages WHERE dispatched_at IS NULL ORDER BY id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            .ToListAsync(ct);
        metrics.OutboxClaimed(batch.Count == 0 ? null : batch.Min(r => r.CreatedAt));
        if (batch.Count == 0) return 0;
        // The numbers the commit trigger gave each event in its streams travel with it, so the hub pushes them live.
        var streams = await SituationStreams.PositionsOfOutboxAsync(db, [.. batch.Select(r => r.Id)], ct);

        foreach (var row in batch)
        {
            if (!EventRoutes.ByTypeName.TryGetValue(row.MessageType, out var route))
            {
                row.Attempts++;
                row.LastError = $"Unknown message type {row.MessageType}";
                row.DispatchedAt = clock.GetUtcNow(); // parked: never publishable, kept for inspection
                log.LogError("Outbox row {Id} has unknown type {Type}; parked", row.Id, row.MessageType);
                continue;
            }
            var type = route.Type;
            var message = JsonSerializer.Deserialize(row.Payload, type, OutboxWriter.Json)!;
            if (streams.TryGetValue(row.Id, out var positions))
            {
                var header = JsonSerializer.Serialize(positions, OutboxWriter.Json);
                await PublishBoundedAsync(publisher.Publish(message, type, Pipe.Execute<PublishContext>(c => c.Headers.Set(SituationStreams.SequenceHeader, header)), ct), ct);
            }
            else
            {
                await PublishBoundedAsync(publisher.Publish(message, type, ct), ct);
            }
            row.Attempts++;
            row.DispatchedAt = clock.GetUtcNow();
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        foreach (var row in batch) metrics.OutboxPublished(row.CreatedAt);
        return batch.Count;
    }
}
