using System.Diagnostics;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Persistence.Ais;
using MaritimeCoord.Persistence.Retention;
using MaritimeCoord.Server.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace MaritimeCoord.IntegrationTests.Retention;

/// <summary>
/// Issue 6 item 5 against the real PostgreSQL: expired days of ais_positions go as whole partitions (DETACH
/// CONCURRENTLY + DROP), recent ones stay, and an insert arriving while a detach is in progress is not held up by it.
/// </summary>
public sealed class AisPartitionRetentionTests(AisPartitionRetentionTests.App app, ITestOutputHelper output)
    : IClassFixture<AisPartitionRetentionTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Retention:Positions"] = "30.00:00:00",
            ["Retention:LockTimeout"] = "00:02:00",
        };
    }

    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    // The tests of this class share one database; each uses its own days so they never see each other's partitions.
    private async Task EnsurePartitionsAsync(params DateOnly[] days)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var dataSource = NpgsqlDataSource.Create(app.ConnectionString);
        await new AisPartitions(dataSource).EnsureAsync(days, default);
    }

    private static async Task InsertAsync(NpgsqlConnection conn, DateOnly day, int mmsi, NpgsqlTransaction? tx = null)
    {
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO ais_positions (mmsi, observed_at, message_type, position) VALUES (@mmsi, @at, 1, ST_GeogFromText('POINT(114.5 -8.2)'))", conn, tx);
        cmd.Parameters.AddWithValue("mmsi", mmsi);
        cmd.Parameters.AddWithValue("at", new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    private Task<long> TableExistsAsync(DateOnly day) => app.ScalarAsync($"SELECT count(*) FROM pg_class WHERE relname = '{AisPartitions.PartitionName(day)}'");

    [Fact]
    public async Task The_job_drops_whole_expired_days_keeps_recent_ones_and_a_second_run_drops_nothing()
    {
        DateOnly[] old = [Today.AddDays(-400), Today.AddDays(-399), Today.AddDays(-31)];
        DateOnly[] recent = [Today.AddDays(-29), Today.AddDays(-2), Today];
        await EnsurePartitionsAsync([.. old, .. recent]);
        await using (var conn = await OpenAsync())
            foreach (var (day, i) in old.Concat(recent).Select((d, i) => (d, i)))
                for (var n = 0; n < 10; n++) await InsertAsync(conn, day, 100_000_000 + i * 100 + n);

        RetentionReport report;
        await using (var scope = app.Services.CreateAsyncScope())
            report = await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(default);

        Assert.Equal(old.Select(AisPartitions.PartitionName), report.PartitionsDropped.Where(n => old.Select(AisPartitions.PartitionName).Contains(n)));
        foreach (var day in old) Assert.Equal(0, await TableExistsAsync(day)); // dropped, not only detached
        foreach (var day in recent) Assert.Equal(1, await TableExistsAsync(day));
        foreach (var day in recent)
            Assert.Equal(10, await app.ScalarAsync(
                $"SELECT count(*) FROM ais_positions WHERE observed_at >= '{day:yyyy-MM-dd}T00:00:00Z' AND observed_at < '{day.AddDays(1):yyyy-MM-dd}T00:00:00Z'"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM ais_positions WHERE observed_at < '{Today.AddDays(-30):yyyy-MM-dd}T00:00:00Z'"));

        await using (var scope = app.Services.CreateAsyncScope())
            Assert.Empty((await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(default)).PartitionsDropped);
    }

    [Fact]
    public async Task An_insert_while_a_detach_is_in_progress_is_not_blocked_by_it()
    {
        var oldDay = Today.AddDays(-500);
        var liveDay = Today.AddDays(-1);
        await EnsurePartitionsAsync(oldDay, liveDay);
        await using (var conn = await OpenAsync()) await InsertAsync(conn, oldDay, 200_000_001);

        // A long writer transaction holds a lock on ais_positions: DETACH … CONCURRENTLY must wait for it to end.
        await using var blocker = await OpenAsync();
        await using var blockerTx = await blocker.BeginTransactionAsync();
        await InsertAsync(blocker, liveDay, 200_000_002, blockerTx);

        var retention = app.Services.GetRequiredService<AisPartitionRetention>();
        var detach = Task.Run(() => retention.DropExpiredAsync(DateTimeOffset.UtcNow, TimeSpan.FromDays(30), TimeSpan.FromMinutes(2), default));

        // Wait until the detach is really waiting (it has done its first step and holds its lock on the parent).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await app.ScalarAsync(
                   "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'ALTER TABLE ais_positions DETACH PARTITION%CONCURRENTLY' AND wait_event_type = 'Lock'") == 0)
        {
            Assert.False(detach.IsCompleted, $"the detach ended before the blocker committed: {detach.Exception}");
            Assert.True(DateTime.UtcNow < deadline, "the detach never started waiting");
            await Task.Delay(100);
        }

        // A new writer now: with a plain DETACH (ACCESS EXCLUSIVE) it would queue behind the detach, itself queued behind the blocker.
        await using var writer = await OpenAsync();
        await using (var timeout = new NpgsqlCommand("SET lock_timeout = '30s'", writer)) await timeout.ExecuteNonQueryAsync();
        var clock = Stopwatch.StartNew();
        await InsertAsync(writer, liveDay, 200_000_003);
        clock.Stop();
        Assert.False(detach.IsCompleted, "the insert must have run while the detach was in progress");
        output.WriteLine($"insert during DETACH … CONCURRENTLY: {clock.Elapsed.TotalMilliseconds:0.0} ms");

        await blockerTx.CommitAsync();
        var dropped = await detach.WaitAsync(TimeSpan.FromSeconds(120));
        Assert.Contains(AisPartitions.PartitionName(oldDay), dropped);
        Assert.Equal(0, await TableExistsAsync(oldDay));
        Assert.Equal(2, await app.ScalarAsync("SELECT count(*) FROM ais_positions WHERE mmsi IN (200000002, 200000003)"));
    }

    [Fact]
    public async Task A_detach_interrupted_half_way_is_finished_and_dropped_by_the_next_run()
    {
        var oldDay = Today.AddDays(-600);
        var liveDay = Today.AddDays(-3);
        await EnsurePartitionsAsync(oldDay, liveDay);

        await using (var blocker = await OpenAsync())
        {
            await using var blockerTx = await blocker.BeginTransactionAsync();
            await InsertAsync(blocker, liveDay, 300_000_001, blockerTx);
            var retention = app.Services.GetRequiredService<AisPartitionRetention>();
            // Its lock wait times out after the first of DETACH CONCURRENTLY's two transactions: the partition is left "detach pending".
            var error = await Assert.ThrowsAsync<PostgresException>(() =>
                retention.DropExpiredAsync(DateTimeOffset.UtcNow, TimeSpan.FromDays(30), TimeSpan.FromSeconds(1), default));
            Assert.Equal(PostgresErrorCodes.LockNotAvailable, error.SqlState);
            await blockerTx.CommitAsync();
        }
        Assert.Equal(1, await app.ScalarAsync(
            $"SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relname = '{AisPartitions.PartitionName(oldDay)}' AND i.inhdetachpending"));

        var dropped = await app.Services.GetRequiredService<AisPartitionRetention>()
            .DropExpiredAsync(DateTimeOffset.UtcNow, TimeSpan.FromDays(30), TimeSpan.FromMinutes(1), default);
        Assert.Contains(AisPartitions.PartitionName(oldDay), dropped);
        Assert.Equal(0, await TableExistsAsync(oldDay));
        Assert.Equal(1, await TableExistsAsync(liveDay));
    }
}
