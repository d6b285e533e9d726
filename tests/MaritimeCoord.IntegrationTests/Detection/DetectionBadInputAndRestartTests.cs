using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Detection;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.IntegrationTests.Detection;

/// <summary>
/// The detection job against PostgreSQL with the bad input written straight into ais_positions (so the
/// ingest's own filters do not hide it from the detectors): duplicated positions, an invalid MMSI, positions years
/// late, positions arriving out of order; and a run interrupted before its commit (the process dying mid-run is the
/// same for the database: the transaction never commits), then a restart (a new process has no detector state and
/// rebuilds it from ais_positions). No event is lost, none is stored or pushed twice.
/// </summary>
public sealed class DetectionBadInputAndRestartTests(DetectionBadInputAndRestartTests.App app) : IClassFixture<DetectionBadInputAndRestartTests.App>
{
    public sealed class App : MaritimeAppFactory
    {
        protected override bool UseRabbitMq => false;
    }

    private const int Dark = 503000001, Loiterer = 503000002, Ancient = 503000003;

    [Fact]
    public async Task Bad_input_is_counted_and_ignored_and_an_interrupted_run_loses_and_duplicates_nothing()
    {
        var now = DateTimeOffset.UtcNow;
        // Off north-west Australia, far from the sample boundaries' edges.
        await DetectionPositions.InsertTrackAsync(app, Dark, now.AddHours(-20), now.AddHours(-12), 60, -16, 118, -16, 118.5, 10, 90);
        await DetectionPositions.InsertTrackAsync(app, Dark, now.AddHours(-20), now.AddHours(-12), 60, -16, 118, -16, 118.5, 10, 90);   // duplicated
        await DetectionPositions.InsertTrackAsync(app, Loiterer, now.AddHours(-10), now.AddMinutes(-1), 60, -17, 119, -17.01, 119.01, 0.5f, 45);
        await DetectionPositions.InsertTrackAsync(app, 0, now.AddHours(-3), now.AddHours(-1), 60, -17, 119.5, -17, 119.6, 10, 90);      // invalid MMSI

        // A run that dies before its commit: a trigger makes the cursor write (the last statement) fail.
        await DetectionPositions.ExecAsync(app, """
            CREATE FUNCTION test_crash() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated crash before commit'; END $$;
            CREATE TRIGGER test_crash BEFORE INSERT OR UPDATE ON detection_cursor FOR EACH ROW EXECUTE FUNCTION test_crash();
            """);
        await Assert.ThrowsAnyAsync<Exception>(RunAsync);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM detection_events"));
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%Detection%'"));
        Assert.Null(app.Services.GetRequiredService<DetectionRuntime>().State);
        await DetectionPositions.ExecAsync(app, "DROP TRIGGER test_crash ON detection_cursor; DROP FUNCTION test_crash();");

        await RunAsync();
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM detection_events WHERE kind = 'ais-gap' AND mmsi = {Dark} AND status = 'active' AND ended_at IS NULL"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM detection_events WHERE kind = 'loitering' AND mmsi = {Loiterer} AND status = 'active'"));
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM detection_events WHERE mmsi = 0"));
        long events = await app.ScalarAsync("SELECT count(*) FROM detection_events");
        Assert.Equal(events, await Raised());
        Assert.True(await app.ScalarAsync("SELECT (state->>'Invalid')::bigint FROM detection_cursor") > 0);

        // Years late: stored now, observed in 2019 — counted, ignored.
        await DetectionPositions.InsertTrackAsync(app, Ancient, new DateTimeOffset(2019, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2019, 3, 1, 12, 0, 0, TimeSpan.Zero), 60, -17, 119, -17, 119, 0.2f, 0);
        await RunAsync();
        Assert.True(await app.ScalarAsync("SELECT (state->>'TooLate')::bigint FROM detection_cursor") > 0);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM detection_events WHERE mmsi = {Ancient}"));
        Assert.Equal(events, await Raised());

        // Out of order: the dark vessel's positions up to an hour ago arrive late; it was never dark. Withdrawn, once.
        await DetectionPositions.InsertTrackAsync(app, Dark, now.AddHours(-12), now.AddHours(-1), 60, -16, 118.5, -16, 119, 10, 90);
        await RunAsync();
        await RunAsync();
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM detection_events WHERE kind = 'ais-gap' AND mmsi = {Dark} AND status = 'withdrawn'"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM detection_events WHERE kind = 'ais-gap' AND mmsi = {Dark} AND status = 'active'"));
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%DetectionEventWithdrawn'"));

        // A restart (no detector state): rebuilt from ais_positions, the same events, nothing stored or pushed again.
        long rows = await app.ScalarAsync("SELECT count(*) FROM detection_events"), pushes = await app.ScalarAsync("SELECT count(*) FROM outbox_messages");
        string before = await Snapshot();
        app.Services.GetRequiredService<DetectionRuntime>().State = null;
        await RunAsync();
        Assert.Equal(rows, await app.ScalarAsync("SELECT count(*) FROM detection_events"));
        Assert.Equal(pushes, await app.ScalarAsync("SELECT count(*) FROM outbox_messages"));
        Assert.Equal(before, await Snapshot());
    }

    private Task<long> Raised() => app.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%DetectionEventRaised'");

    private Task<string> Snapshot() => app.WithDbAsync(async db =>
    {
        await using var conn = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT string_agg(id || ':' || status, ',' ORDER BY id) FROM detection_events", conn);
        return (string)(await cmd.ExecuteScalarAsync())!;
    });

    private async Task RunAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RunDetectorsJob>().RunAsync(CancellationToken.None);
    }
}
