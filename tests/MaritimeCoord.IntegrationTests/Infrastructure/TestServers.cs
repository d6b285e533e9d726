using Npgsql;

namespace MaritimeCoord.IntegrationTests.Infrastructure;

/// <summary>The real servers started by ops/services.sh (or overridden by environment variables).</summary>
public static class TestServers
{
    public static string PostgresAdmin =>
        Environment.GetEnvironmentVariable("MCOORD_TEST_PG") ?? "Host=127.0.0.1;Port=5432;Username=maritime;Password=maritime;Database=postgres";

    public static string RabbitMqHost => Environment.GetEnvironmentVariable("MCOORD_TEST_RABBIT_HOST") ?? "127.0.0.1";
    public static string Redis => Environment.GetEnvironmentVariable("MCOORD_TEST_REDIS") ?? "127.0.0.1:6379";

    /// <summary>A fresh database per test class (xunit runs classes in parallel); postgis comes from template1.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using var conn = new NpgsqlConnection(PostgresAdmin);
        await conn.OpenAsync();
        await using (var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn)) await cmd.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Deletes the durable queues a test created under its own prefix (one per consumer of the server).</summary>
    public static async Task DeleteRabbitQueuesAsync(string prefix)
    {
        var formatter = new MassTransit.KebabCaseEndpointNameFormatter(prefix, false);
        var consumerMethod = typeof(MassTransit.KebabCaseEndpointNameFormatter).GetMethod(nameof(formatter.Consumer))!;
        var consumers = typeof(Program).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetInterfaces().Any(i => i == typeof(MassTransit.IConsumer)));
        var factory = new RabbitMQ.Client.ConnectionFactory { HostName = RabbitMqHost };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var consumer in consumers)
        {
            var queue = (string)consumerMethod.MakeGenericMethod(consumer).Invoke(formatter, null)!;
            await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
        }
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(PostgresAdmin);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
