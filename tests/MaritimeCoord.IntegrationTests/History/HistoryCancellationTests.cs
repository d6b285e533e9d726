using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Persistence.History;
using Npgsql;

namespace MaritimeCoord.IntegrationTests.History;

/// <summary>
/// A client that goes away stops its query on the server. The day partition is locked by another transaction, so the
/// history statement waits in PostgreSQL (seen in pg_stat_activity) until something cancels it; the client then
/// disconnects, and the statement must disappear while the lock is still held — only a cancel request can do that.
/// </summary>
[Collection(HistoryCollection.Name)]
public sealed class HistoryCancellationTests(HistoryFixture app)
{
    private const string Waiting = $"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE '{HistoryQuery.StatementTag}%'";

    [Fact]
    public async Task A_client_disconnect_cancels_the_running_query_in_postgresql()
    {
        await using var locker = new NpgsqlConnection(app.ConnectionString);
        await locker.OpenAsync();
        await using var tx = await locker.BeginTransactionAsync();
        await using (var lockCmd = new NpgsqlCommand("LOCK TABLE ais_positions_p20261101 IN ACCESS EXCLUSIVE MODE", locker, tx)) await lockCmd.ExecuteNonQueryAsync();

        using var client = app.ClientAs(MaritimeRoles.Analyst, null);
        client.Timeout = TimeSpan.FromMinutes(5);
        using var disconnect = new CancellationTokenSource();
        var request = client.GetAsync("/api/history/positions?bbox=104,-9,111,-7&from=2026-11-01T00:00:00Z&to=2026-11-01T01:00:00Z&format=ndjson",
            HttpCompletionOption.ResponseHeadersRead, disconnect.Token);

        Assert.True(await EventuallyAsync(async () => await app.ScalarAsync(Waiting) == 1), "the history statement never started waiting");
        disconnect.Cancel(); // HttpClient closes the connection
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        Assert.True(await EventuallyAsync(async () => await app.ScalarAsync(Waiting) == 0),
            "the history statement is still running in PostgreSQL after the client went away");
        await tx.RollbackAsync();
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(100);
        }

        return false;
    }
}
