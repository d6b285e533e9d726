using System.Net;
using System.Net.Sockets;
using System.Text;
using MaritimeCoord.Cli.Scenarios;
using MaritimeCoord.Domain.Vessels;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.IntegrationTests.Security;
using MaritimeCoord.Server.Ingest;
using MaritimeCoord.Server.Ingest.Feeds;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MaritimeCoord.IntegrationTests.Ingest;

/// <summary>
/// Who may hold a TCP server feed's connections (issue 15 item 11; docs/ais-ingest.md § Connections), against the real
/// server with real sockets on loopback. Senders use distinct loopback addresses (127.0.0.2, .3, …: Linux routes all of
/// 127/8 to lo) so per-address rules can be told apart. No sleeps: each step waits for the server to close a socket
/// (the read ends) or for a counter; the idle timeout is configured short (1 s) and waited on the same way.
/// </summary>
public sealed class TcpFeedAdmissionTests(TcpFeedAdmissionTests.App app) : IClassFixture<TcpFeedAdmissionTests.App>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly IPAddress Feeder = IPAddress.Parse("127.0.0.2");

    public sealed class App : MaritimeAppFactory
    {
        public CapturingLoggerProvider Logs { get; } = new();
        protected override bool UseRabbitMq => false;

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Server:Ingest"] = "true",
            ["Ingest:Feeds:0:Name"] = "guarded", ["Ingest:Feeds:0:Kind"] = "TcpServer", ["Ingest:Feeds:0:Host"] = "127.0.0.1", ["Ingest:Feeds:0:Port"] = "0",
            ["Ingest:Feeds:0:MaxConnections"] = "4", ["Ingest:Feeds:0:MaxConnectionsPerAddress"] = "2",
            ["Ingest:Feeds:0:IdleTimeout"] = "00:00:01", ["Ingest:Feeds:0:MinBytesPerIdleTimeout"] = "82",
            ["Ingest:Feeds:1:Name"] = "tight", ["Ingest:Feeds:1:Kind"] = "TcpServer", ["Ingest:Feeds:1:Host"] = "127.0.0.1", ["Ingest:Feeds:1:Port"] = "0",
            ["Ingest:Feeds:1:MaxConnections"] = "3", ["Ingest:Feeds:1:MaxConnectionsPerAddress"] = "100",
            ["Ingest:Feeds:1:IdleTimeout"] = "01:00:00", ["Ingest:Feeds:1:RefusalLogInterval"] = "01:00:00",
            ["Ingest:Feeds:2:Name"] = "allowlisted", ["Ingest:Feeds:2:Kind"] = "TcpServer", ["Ingest:Feeds:2:Host"] = "127.0.0.1", ["Ingest:Feeds:2:Port"] = "0",
            ["Ingest:Feeds:2:AllowedSenders:0"] = "127.0.0.2", ["Ingest:Feeds:2:AllowedSenders:1"] = "10.9.0.0/16",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(l => l.AddProvider(Logs));
        }

        public IngestCounters Counters => Services.GetRequiredService<IngestCounters>();
        public IngestFeed Feed(string name) => Services.GetRequiredService<AisIngestService>().Feed(name);
        public int PortOf(string feed) => ((IPEndPoint)Feed(feed).EndPoint!).Port;
        public Task<long> RowsOfAsync(int mmsiBase, int count) =>
            ScalarAsync($"SELECT count(*) FROM ais_positions WHERE mmsi BETWEEN {mmsiBase} AND {mmsiBase + count - 1}");
    }

    [Fact]
    public async Task A_feeder_gets_through_while_an_attacker_holds_connections_and_idle_or_trickling_ones_are_closed()
    {
        int port = app.PortOf("guarded");
        var feed = app.Feed("guarded");

        // One attacker address holds what it may (2 of 4); its third connection is refused; a feeder still gets in.
        var attacker = IPAddress.Parse("127.0.0.3");
        var held = new List<Connection>();
        for (int i = 0; i < 3; i++) held.Add(await Connection.OpenAsync(attacker, port));
        await WhenClosedAsync(held, 1);
        Assert.Single(held, c => c.Closed.IsCompleted);
        await SendAllAsync(Feeder, port, 211_500_000, 50);

        // Attackers from two more addresses fill the feed: the feeder is refused while they hold it...
        var more = new List<Connection>();
        foreach (var address in new[] { "127.0.0.4", "127.0.0.5" })
            for (int i = 0; i < 2; i++) more.Add(await Connection.OpenAsync(IPAddress.Parse(address), port));
        held.AddRange(more);
        // ...and one of them trickles (a byte at a time: not enough to count as a sender).
        await held.First(c => !c.Closed.IsCompleted).WriteAsync([(byte)'!']);
        await held.First(c => !c.Closed.IsCompleted).WriteAsync([(byte)'A']);

        // Every held connection is closed by the idle guard (1 s, fewer than 82 bytes), and the feeder gets through.
        await WhenClosedAsync(held, held.Count);
        await SendAllAsync(Feeder, port, 211_510_000, 50);
        Assert.True(feed.RefusedConnections >= 1);
        foreach (var c in held) c.Dispose();
    }

    [Fact]
    public async Task The_connection_cap_is_exact_and_refusals_are_logged_as_one_summary_per_interval()
    {
        int port = app.PortOf("tight");
        var feed = app.Feed("tight");
        const int attempts = 40;

        // All at once: the accept loop must not let more in before the earlier ones are counted.
        var connections = await Task.WhenAll(Enumerable.Range(0, attempts).Select(_ => Connection.OpenAsync(IPAddress.Loopback, port)));
        await WhenClosedAsync(connections, attempts - 3);
        await WaitUntilAsync(() => feed.RefusedConnections == attempts - 3);

        Assert.Equal(3, feed.OpenConnections);
        Assert.Equal(3, connections.Count(c => !c.Closed.IsCompleted));
        var warnings = app.Logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("AIS feed tight: refused", StringComparison.Ordinal)).ToList();
        Assert.Single(warnings); // 37 refusals within one interval (1 h): the first is told at once, the rest wait for the next report
        foreach (var c in connections) c.Dispose();

        // The slots are given back: a new connection is accepted (it stays open: the cap no longer refuses it).
        await WaitUntilAsync(() => feed.OpenConnections == 0);
        using var again = await Connection.OpenAsync(IPAddress.Loopback, port);
        await WaitUntilAsync(() => feed.OpenConnections == 1);
        Assert.Equal(attempts - 3, feed.RefusedConnections);
    }

    [Fact]
    public async Task Only_allow_listed_senders_are_accepted()
    {
        int port = app.PortOf("allowlisted");
        var feed = app.Feed("allowlisted");

        using var stranger = await Connection.OpenAsync(IPAddress.Loopback, port);
        await stranger.Closed.WaitAsync(Timeout);
        await WaitUntilAsync(() => feed.RefusedConnections == 1);

        await SendAllAsync(Feeder, port, 211_520_000, 30);
        Assert.Equal(1, feed.RefusedConnections);
        Assert.Contains(app.Logs.Lines, l => l.Contains("AIS feed allowlisted: refused 1 connection(s)", StringComparison.Ordinal) && l.Contains("1 not on the allow-list", StringComparison.Ordinal));
    }

    /// <summary>Sends <paramref name="count"/> positions from <paramref name="from"/>, half-closes, waits until the server has read and stored them.</summary>
    private async Task SendAllAsync(IPAddress from, int port, int mmsiBase, int count)
    {
        long before = app.Counters.Persisted;
        using var feeder = await Connection.OpenAsync(from, port);
        await feeder.WriteAsync(Positions(mmsiBase, count));
        feeder.Client.Client.Shutdown(SocketShutdown.Send);
        Assert.Equal(0, await feeder.Closed.WaitAsync(Timeout)); // the server read to the end: no error, no refusal
        await app.Counters.WhenPersistedAsync(before + count).WaitAsync(Timeout);
        Assert.Equal(count, await app.RowsOfAsync(mmsiBase, count));
    }

    private static async Task WhenClosedAsync(IEnumerable<Connection> connections, int closed)
    {
        var pending = connections.Select(c => (Task)c.Closed).ToList();
        int done = pending.RemoveAll(t => t.IsCompleted);
        while (done < closed)
        {
            var finished = await Task.WhenAny(pending).WaitAsync(Timeout);
            pending.Remove(finished);
            done++;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (!condition()) await Task.Delay(10, deadline.Token);
    }

    private static byte[] Positions(int mmsiBase, int count)
    {
        long seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600;
        var text = new StringBuilder(count * 80);
        for (int i = 0; i < count; i++)
        {
            var report = new PositionReport(mmsiBase + i, seconds * 1000, 1, 114.5 + i * 0.001, -8.2, 8.5f, 120f, 120, 0, (ulong)i);
            text.Append(AivdmEncoder.PositionReport(report)).Append("\r\n");
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>A client socket from a chosen local address; <see cref="Closed"/> completes when the server closes it (with the bytes it sent back, 0 here).</summary>
    private sealed class Connection : IDisposable
    {
        private Connection(TcpClient client)
        {
            Client = client;
            Closed = DrainAsync(client.GetStream());
        }

        public TcpClient Client { get; }
        public Task<int> Closed { get; }

        public static async Task<Connection> OpenAsync(IPAddress from, int port)
        {
            var client = new TcpClient(new IPEndPoint(from, 0));
            await client.ConnectAsync(IPAddress.Loopback, port);
            return new Connection(client);
        }

        public async Task WriteAsync(byte[] bytes) => await Client.GetStream().WriteAsync(bytes);

        private static async Task<int> DrainAsync(NetworkStream stream)
        {
            var buffer = new byte[256];
            int total = 0;
            try
            {
                int n;
                while ((n = await stream.ReadAsync(buffer)) > 0) total += n;
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                // A reset is a close too.
            }
            return total;
        }

        public void Dispose() => Client.Dispose();
    }
}
