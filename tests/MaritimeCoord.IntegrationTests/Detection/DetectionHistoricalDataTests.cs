using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Detection;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.IntegrationTests.Detection;

/// <summary>
/// Issue 15 item 5: a day of AIS from last month replayed into a server gives the same events whether the detectors first
/// ran on an empty table (a freshly started server) or not, and after a restart; a restart re-reads only the retention
/// before the data's time, not the whole table. Real PostgreSQL, the detector job invoked directly.
/// </summary>
public sealed class DetectionHistoricalDataTests(DetectionHistoricalDataTests.App app) : IClassFixture<DetectionHistoricalDataTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;
    }

    private const int Dark = 504000001, Loiterer = 504000002, Passer = 504000003;

    private static readonly DateTimeOffset ArchiveDay = new(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(-30), TimeSpan.Zero);

    // Off north-west Australia: a vessel going dark at 08:00, one loitering 10:00–20:00, one passing all day (so the
    // data's time reaches the end of the day).
    private async Task InsertArchiveAsync()
    {
        await DetectionPositions.InsertTrackAsync(app, Dark, ArchiveDay, ArchiveDay.AddHours(8), 60, -16, 118, -16, 118.5, 10, 90);
        await DetectionPositions.InsertTrackAsync(app, Loiterer, ArchiveDay.AddHours(10), ArchiveDay.AddHours(20), 60, -17, 119, -17.01, 119.01, 0.5f, 45);
        await DetectionPositions.InsertTrackAsync(app, Passer, ArchiveDay, ArchiveDay.AddHours(23).AddMinutes(58), 120, -15, 117, -15, 119, 10, 90);
    }

    private async Task ResetAsync()
    {
        await DetectionPositions.ExecAsync(app, "DELETE FROM detection_events; DELETE FROM detection_cursor; DELETE FROM outbox_messages; DELETE FROM ais_positions;");
        app.Services.GetRequiredService<DetectionRuntime>().State = null;
    }

    private async Task<string> RunScenarioAsync(bool firstRunOnEmptyTable, bool restartAfter)
    {
        await ResetAsync();
        if (firstRunOnEmptyTable) await RunAsync();
        await InsertArchiveAsync();
        await RunAsync();
        if (restartAfter)
        {
            app.Services.GetRequiredService<DetectionRuntime>().State = null;
            await RunAsync();
        }
        return await ActiveEventsAsync();
    }

    [Fact]
    public async Task An_archive_gives_the_same_events_whether_the_detectors_first_ran_on_an_empty_table_or_not()
    {
        string direct = await RunScenarioAsync(firstRunOnEmptyTable: false, restartAfter: false);
        Assert.Contains($"gap:{Dark}:", direct, StringComparison.Ordinal);
        Assert.Contains($"loiter:{Loiterer}:", direct, StringComparison.Ordinal);

        Assert.Equal(direct, await RunScenarioAsync(firstRunOnEmptyTable: true, restartAfter: false));
        Assert.Equal(0, await app.ScalarAsync("SELECT (state->>'TooLate')::bigint FROM detection_cursor"));
        Assert.Equal(direct, await RunScenarioAsync(firstRunOnEmptyTable: true, restartAfter: true));
        Assert.Equal(direct, await RunScenarioAsync(firstRunOnEmptyTable: false, restartAfter: true));
        // The data's time, not the wall clock's: the archive's last position.
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM detection_cursor WHERE watermark <> (SELECT max(observed_at) FROM ais_positions)"));
    }

    [Fact]
    public async Task A_restart_rereads_the_retention_before_the_datas_time_not_the_whole_table()
    {
        await ResetAsync();
        // Five days of one vessel, each position stored a minute after it was observed (as a live feed does), then the
        // archive day on top.
        await DetectionPositions.InsertTrackAsync(app, Passer + 1, ArchiveDay.AddDays(-5), ArchiveDay.AddMinutes(-1), 60, -14, 110, -14, 116, 10, 90);
        await InsertArchiveAsync();
        await DetectionPositions.ExecAsync(app, "UPDATE ais_positions SET ingested_at = observed_at + interval '1 minute'");
        await RunAsync();
        string before = await ActiveEventsAsync();

        app.Services.GetRequiredService<DetectionRuntime>().State = null;
        await RunAsync();
        long total = await app.ScalarAsync("SELECT count(*) FROM ais_positions");
        long withinRetention = await app.ScalarAsync(
            "SELECT count(*) FROM ais_positions WHERE observed_at >= (SELECT watermark FROM detection_cursor) - interval '30 hours'");
        Assert.Equal(withinRetention, await app.ScalarAsync("SELECT (state->>'positionsRead')::bigint FROM detection_cursor"));
        Assert.True(withinRetention < total / 2, $"{withinRetention} of {total}");
        Assert.Equal(before, await ActiveEventsAsync());

        // A position stored after that run, however old, is still read (and counted as too late), not skipped.
        await DetectionPositions.InsertTrackAsync(app, Passer + 2, ArchiveDay.AddDays(-4), ArchiveDay.AddDays(-4).AddMinutes(10), 60, -14, 110, -14, 110.1, 10, 90);
        app.Services.GetRequiredService<DetectionRuntime>().State = null;
        await RunAsync();
        Assert.Equal(withinRetention + 11, await app.ScalarAsync("SELECT (state->>'positionsRead')::bigint FROM detection_cursor"));
        Assert.Equal(11, await app.ScalarAsync("SELECT (state->>'TooLate')::bigint FROM detection_cursor"));
    }

    [Fact]
    public async Task A_run_rereads_only_what_an_open_transaction_may_still_commit()
    {
        await ResetAsync();
        await InsertArchiveAsync();
        await RunAsync();
        string events = await ActiveEventsAsync();
        // Nothing open, nothing new: the next run reads nothing again (a fixed 2-minute overlap would re-read it all).
        await RunAsync();
        Assert.Equal(0, await app.ScalarAsync("SELECT (state->>'positionsRead')::bigint FROM detection_cursor"));

        // A writer's transaction open across a run: its rows (stamped with its start) are invisible to that run and
        // read by the next one after the commit.
        await using (var writer = new Npgsql.NpgsqlConnection(app.ConnectionString))
        {
            await writer.OpenAsync();
            await using var tx = await writer.BeginTransactionAsync();
            await using (var insert = new Npgsql.NpgsqlCommand($"""
                INSERT INTO ais_positions (mmsi, observed_at, message_type, position, speed_knots, course_degrees)
                SELECT {Passer}, '{ArchiveDay.AddHours(23).AddMinutes(59):O}'::timestamptz + make_interval(secs => s), 1,
                       ST_SetSRID(ST_MakePoint(119.01, -15), 4326)::geography, 10, 90
                FROM generate_series(0, 50, 10) s
                """, writer, tx))
                await insert.ExecuteNonQueryAsync();
            await RunAsync();
            Assert.Equal(0, await app.ScalarAsync("SELECT (state->>'positionsRead')::bigint FROM detection_cursor"));
            await tx.CommitAsync();
        }

        await RunAsync();
        Assert.Equal(6, await app.ScalarAsync("SELECT (state->>'positionsRead')::bigint FROM detection_cursor"));
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM detection_cursor WHERE watermark <> (SELECT max(observed_at) FROM ais_positions)"));
        Assert.Equal(events, await ActiveEventsAsync());
    }

    private Task<string> ActiveEventsAsync() => app.WithDbAsync(async _ =>
    {
        await using var conn = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT coalesce(string_agg(id, ',' ORDER BY id), '') FROM detection_events WHERE status = 'active'", conn);
        return (string)(await cmd.ExecuteScalarAsync())!;
    });

    private async Task RunAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RunDetectorsJob>().RunAsync(CancellationToken.None);
    }
}
