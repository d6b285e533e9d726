using System.Diagnostics;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace MaritimeCoord.FaultTests;

/// <summary>
/// A throwaway RabbitMQ node (its own node name, AMQP and distribution ports, mnesia and log dirs in a temp dir), so
/// stopping it never touches the shared broker on 5672. Started like ops/services.sh does, without systemd; epmd on
/// 127.0.0.1:4369 is shared by every node on the machine, which is how Erlang is meant to run several nodes.
/// </summary>
public sealed class PrivateRabbitMq : IAsyncDisposable
{
    private const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private const string CtlScript = "/usr/lib/rabbitmq/bin/rabbitmqctl";
    private readonly string dir;
    private readonly string nodeName;
    private readonly int distPort;

    public int Port { get; }

    private PrivateRabbitMq(string dir, string nodeName, int port, int distPort)
    {
        this.dir = dir;
        this.nodeName = nodeName;
        Port = port;
        this.distPort = distPort;
    }

    public static async Task<PrivateRabbitMq> StartAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var dir = Path.Combine(Path.GetTempPath(), $"mcoord-fault-rmq-{id}");
        Directory.CreateDirectory(dir);
        var broker = new PrivateRabbitMq(dir, $"mcfault{id}@localhost", PrivatePostgres.FreePort(), PrivatePostgres.FreePort());
        if (IsRoot) await Run("chown", ["rabbitmq:rabbitmq", dir], TimeSpan.FromSeconds(10));
        try
        {
            await broker.StartServerAsync();
        }
        catch
        {
            await broker.DisposeAsync(); // never leave a half-started node behind
            throw;
        }

        return broker;
    }

    /// <summary>Starts the node (again, after a stop: queues and persistent messages survive in its mnesia dir).</summary>
    public async Task StartServerAsync()
    {
        // setsid + nohup: the node must not hold this process's stdout open, nor die with its process group.
        await Run("/bin/sh", ["-c", $"setsid nohup {AsRabbit($"{Env()} {ServerScript}")} >> {dir}/node.out 2>&1 < /dev/null &"], TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow.AddSeconds(300); // generous: await_startup is slow on a loaded 2-core machine (docs/reliability.md)
        while (true)
        {
            // await_startup fails at once (exit 69) while the node has not registered with epmd yet, so loop on it.
            try
            {
                await Ctl("await_startup --timeout 60", TimeSpan.FromSeconds(70));
                return;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary><c>rabbitmqctl stop</c>: the broker goes away (connections closed, port refused) until started again.</summary>
    public Task StopServerAsync() => Ctl("stop", TimeSpan.FromSeconds(180));

    /// <summary>Who is connected and what is queued, for a failure message.</summary>
    public async Task<string> DescribeAsync()
    {
        try
        {
            return "connections:\n" + await Ctl("list_connections name state", TimeSpan.FromSeconds(60)) +
                   "queues:\n" + await Ctl("list_queues name messages consumers", TimeSpan.FromSeconds(60));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            return "rabbitmqctl failed: " + e.Message;
        }
    }

    /// <summary>
    /// Declares a durable queue bound to the fanout exchange MassTransit publishes <typeparamref name="T"/> to, so the
    /// test sees every message the server's outbox dispatches (a second subscriber beside the server's own consumers).
    /// </summary>
    public async Task BindCountingQueueAsync<T>(string queue)
    {
        await using var connection = await Factory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var exchange = ExchangeOf<T>();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, exchange, "");
    }

    /// <summary>Takes every message in the queue and returns the <paramref name="property"/> of each (MassTransit's JSON envelope).</summary>
    public async Task<List<string>> DrainAsync(string queue, string property)
    {
        await using var connection = await Factory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var values = new List<string>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } delivery)
        {
            using var envelope = JsonDocument.Parse(delivery.Body);
            values.Add(envelope.RootElement.GetProperty("message").GetProperty(property).GetString()!);
        }

        return values;
    }

    /// <summary>MassTransit's exchange name for a message type: <c>Namespace:TypeName</c>.</summary>
    public static string ExchangeOf<T>() => $"{typeof(T).Namespace}:{typeof(T).Name}";

    public string Log
    {
        get
        {
            var log = Path.Combine(dir, "log", $"{nodeName}.log");
            return File.Exists(log) ? File.ReadAllText(log) : File.ReadAllText(Path.Combine(dir, "node.out"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopServerAsync(); } catch (InvalidOperationException) { /* already stopped */ } catch (TimeoutException) { }
        // A stop that timed out (as it may on a loaded machine) must not leave the node running after the test: kill what is left.
        KillNodeProcesses();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Kills every process started for this node; they are recognised by their unique RABBITMQ_NODENAME.</summary>
    private void KillNodeProcesses()
    {
        var marker = $"RABBITMQ_NODENAME={nodeName}\0";
        foreach (var procDir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(procDir), out var pid)) continue;
            try
            {
                var environ = File.ReadAllText(Path.Combine(procDir, "environ"));
                if (environ.Contains(marker, StringComparison.Ordinal)) System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException
                                          or System.ComponentModel.Win32Exception)
            {
                // the process ended meanwhile, or is not ours to read
            }
        }
    }

    private ConnectionFactory Factory() => new() { HostName = "127.0.0.1", Port = Port, UserName = "guest", Password = "guest" };

    private string Env() =>
        $"HOME=/var/lib/rabbitmq RABBITMQ_NODENAME={nodeName} RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT={Port} " +
        $"RABBITMQ_DIST_PORT={distPort} ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_MNESIA_BASE={dir}/mnesia RABBITMQ_LOG_BASE={dir}/log " +
        "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'";

    // ERL_EPMD_ADDRESS for the CLI too: its first call may spawn epmd, which would otherwise listen on 0.0.0.0.
    private Task<string> Ctl(string arguments, TimeSpan timeout) =>
        Run("/bin/sh", ["-c", AsRabbit($"{Env()} {CtlScript} -q -n {nodeName} {arguments}")], timeout);

    /// <summary>As root, run as the rabbitmq user (its Erlang cookie is in /var/lib/rabbitmq), as the Debian wrapper does.</summary>
    private static string AsRabbit(string command) => IsRoot ? $"runuser -u rabbitmq -- env {command}" : $"env {command}";

    private static bool IsRoot => Environment.UserName == "root";

    private static async Task<string> Run(string file, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = "/", RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} took longer than {timeout}");
        }

        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await stdout} {await stderr}");
        return await stdout;
    }
}
