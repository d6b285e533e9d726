using System.Data.Common;
using System.Runtime.CompilerServices;
using MaritimeCoord.Persistence.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace MaritimeCoord.Server.Outbox;

/// <summary>
/// Wakes the outbox dispatcher (<see cref="OutboxSignal"/>) when outbox rows become visible to it, so no command has to
/// remember to. Rows become visible at the commit, not at SaveChanges: inside an explicit transaction the rows are
/// remembered against that transaction and signalled when it commits (never when it rolls back or is dropped); a
/// SaveChanges outside one commits by itself and is signalled when it returns. Only added rows count, so the
/// dispatcher marking rows dispatched does not wake itself.
/// </summary>
public sealed class OutboxCommitInterceptor(OutboxSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly object Marker = new();
    private readonly ConditionalWeakTable<DbTransaction, object> pendingTransactions = new();
    private readonly ConditionalWeakTable<DbContext, object> pendingSaves = new();

    private void Saving(DbContext? context)
    {
        if (context is null || !context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added)) return;
        if (context.Database.CurrentTransaction is { } tx) pendingTransactions.AddOrUpdate(tx.GetDbTransaction(), Marker);
        else pendingSaves.AddOrUpdate(context, Marker);
    }

    private void Saved(DbContext? context)
    {
        if (context is not null && pendingSaves.Remove(context)) signal.Notify();
    }

    private void Failed(DbContext? context)
    {
        if (context is not null) pendingSaves.Remove(context);
    }

    private void Ended(DbTransaction transaction, bool committed)
    {
        if (pendingTransactions.Remove(transaction) && committed) signal.Notify();
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Failed(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => Failed(eventData.Context);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction, committed: true);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction, committed: true);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction, committed: false);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction, committed: false);
        return Task.CompletedTask;
    }

    // A failed commit may still have committed (the connection broke after the server did): the dispatcher's poll
    // finds those rows. A failed savepoint does not end the transaction.
    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData)
    {
        if (eventData.Action is "Commit" or "Rollback") Ended(transaction, committed: false);
    }

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionFailed(transaction, eventData);
        return Task.CompletedTask;
    }
}
