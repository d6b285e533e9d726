using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MaritimeCoord.FaultTests;

/// <summary>
/// A throwaway PostgreSQL 15 + PostGIS cluster (initdb into a temp dir, its own port and socket dir), so restarting or
/// crashing it never touches the shared server other test projects use at the same time.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    public string DataDir { get; }
    public int Port { get; }
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Password=unused;Database={database};Timeout=5;Command Timeout=15";

    private PrivatePostgres(string dir, int port) { DataDir = dir; Port = port; }

    public static async Task<PrivatePostgres> StartAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"mcoord-fault-pg-{Guid.NewGuid():N}"[..30]);
        Directory.CreateDirectory(dir);
        var pg = new PrivatePostgres(dir, FreePort());
        if (IsRoot) await Run("chown", $"postgres:postgres {dir}");
        await pg.AsPostgres($"{Bin}/initdb", $"-D {dir} -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8");
        await pg.StartServerAsync();
        await using (var conn = new NpgsqlConnection(pg.ConnectionString("template1")))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS postgis", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return pg;
    }

    /// <summary>fsync off: the faults here kill processes, not the machine, so the page cache survives them.</summary>
    public Task StartServerAsync() => AsPostgres($"{Bin}/pg_ctl",
        $"-D {DataDir} -l {DataDir}/server.log -o \"-c listen_addresses=127.0.0.1 -p {Port} -k {DataDir} -c fsync=off -c max_connections=200\" -w -t 60 start");

    /// <summary><c>immediate</c> is a crash (no checkpoint; WAL replay at the next start); <c>fast</c> a clean stop.</summary>
    public Task StopServerAsync(string mode = "immediate") => AsPostgres($"{Bin}/pg_ctl", $"-D {DataDir} -m {mode} -w -t 60 stop");

    public async Task<long> ScalarAsync(string database, string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    public async Task<HashSet<Guid>> IdsAsync(string database, string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var ids = new HashSet<Guid>();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopServerAsync(); } catch (InvalidOperationException) { /* already stopped */ }
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task AsPostgres(string file, string arguments) =>
        IsRoot ? Run("runuser", $"-u postgres -- {file} {arguments}") : Run(file, arguments);

    private static async Task Run(string file, string arguments)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"{file} {arguments}"])
        {
            WorkingDirectory = "/", RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {await stdout} {await stderr}");
    }

    /// <summary>
    /// A free port below the kernel's ephemeral range (32768+): a port the kernel hands out (port 0) can be taken as the
    /// source port of some outgoing connection — the server's own to PostgreSQL — before the server binds it (seen:
    /// "Address already in use"). Ports below the range are only ever taken by an explicit bind, which this probes.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) when (attempt < 100)
            {
            }
        }
    }
}
