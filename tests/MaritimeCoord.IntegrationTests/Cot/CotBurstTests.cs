using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using MaritimeCoord.Domain.Cot;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Cot;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.IntegrationTests.Cot;

/// <summary>
/// A burst of tracks many times a link's queue, published while a TAK reader is momentarily not reading (what a
/// picture at connect plus every unit's first reports, or a reader's scheduling stall, looks like), over real sockets
/// on loopback with a real listener and PostgreSQL. The reader that then reads normally must not be dropped and must end
/// with every unit's newest position, never an older one after a newer; a reader that never reads is still dropped and
/// counted. Waits are on counters and arrivals, never on a clock.
/// </summary>
public sealed partial class CotBurstTests(CotBurstTests.App app) : IClassFixture<CotBurstTests.App>
{
    private const string Idn = "BASARNAS-IDN";
    private const int Units = 50;
    private const int InitialRounds = 100;
    private const int QueueCapacity = 100;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public sealed class App : MaritimeAppFactory
    {
        public PausedReader Reader { get; } = new();
        public TcpListener Never { get; } = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _heldByNever = [];
        protected override bool UseRabbitMq => false;

        public override async Task InitializeAsync()
        {
            // A small, fixed receive window (no autotuning): what the server writes mostly waits in its own queue.
            Never.Server.ReceiveBufferSize = 4096;
            Never.Start();
            _ = HoldAsync();
            Reader.Start();
            await base.InitializeAsync();
        }

        private async Task HoldAsync()
        {
            try
            {
                while (true)
                {
                    var c = await Never.AcceptTcpClientAsync();
                    lock (_heldByNever) _heldByNever.Add(c);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Reader.Dispose();
            Never.Stop();
            lock (_heldByNever) foreach (var c in _heldByNever) c.Dispose();
        }

        protected override IDictionary<string, string?> ExtraSettings
        {
            get
            {
                string P(int port) => port.ToString(CultureInfo.InvariantCulture);
                var settings = new Dictionary<string, string?>
                {
                    ["Cot:Enabled"] = "true",
                    ["Cot:ReconnectDelay"] = "00:00:00.200",
                    ["Cot:PositionFlushInterval"] = "00:00:00.100",
                    // The paused reader is behind for as long as the burst takes on a busy machine: neither the lag nor
                    // the write timeout may be what decides here; the never-reading one has its own short write timeout.
                    ["Cot:MaxLag"] = "00:10:00",
                    ["Cot:WriteTimeout"] = "00:10:00",
                    ["Cot:Centres:0:Centre"] = Idn,
                    ["Cot:Centres:0:ShareIncidents"] = "false", ["Cot:Centres:0:ShareSightings"] = "false",
                    ["Cot:Centres:0:ShareTaskedAssets"] = "false", ["Cot:Centres:0:ShareSearchPlans"] = "false",
                    ["Cot:Centres:0:Endpoints:0:Name"] = "reader", ["Cot:Centres:0:Endpoints:0:Transport"] = "Tcp",
                    ["Cot:Centres:0:Endpoints:0:Host"] = "127.0.0.1", ["Cot:Centres:0:Endpoints:0:Port"] = P(Reader.Port),
                    ["Cot:Centres:0:Endpoints:0:QueueCapacity"] = P(QueueCapacity),
                    ["Cot:Centres:0:Endpoints:1:Name"] = "never", ["Cot:Centres:0:Endpoints:1:Transport"] = "Tcp",
                    ["Cot:Centres:0:Endpoints:1:Host"] = "127.0.0.1", ["Cot:Centres:0:Endpoints:1:Port"] = P(((IPEndPoint)Never.LocalEndpoint).Port),
                    ["Cot:Centres:0:Endpoints:1:QueueCapacity"] = P(QueueCapacity),
                    ["Cot:Centres:0:Endpoints:1:WriteTimeout"] = "00:00:01",
                    ["Cot:Centres:0:Listener:Host"] = "127.0.0.1", ["Cot:Centres:0:Listener:Port"] = "0",
                    ["Cot:Centres:0:Listener:MaxEventsPerSecond"] = "1000000", ["Cot:Centres:0:Listener:MaxEventsPerSecondPerConnection"] = "1000000",
                };
                for (int u = 0; u < Units; u++) settings[$"Cot:Centres:0:Units:BURST-{u:00}"] = AssetCode(u);
                return settings;
            }
        }

        public CotRuntime Runtime => Services.GetRequiredService<CotRuntime>();
        public CotCounters Counters => Services.GetRequiredService<CotCounters>();
    }

    /// <summary>A TAK reader that accepts the server's connection, reads nothing until told, then reads everything.</summary>
    public sealed partial class PausedReader : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly TaskCompletionSource _go = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _arrived = new(0);
        private int _connections;

        /// <summary>Per uid, the latitudes received, in order.</summary>
        public ConcurrentDictionary<string, List<double>> Latitudes { get; } = new(StringComparer.Ordinal);

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
        public int Connections => Volatile.Read(ref _connections);

        public void Start()
        {
            _listener.Server.ReceiveBufferSize = 4096;
            _listener.Start();
            _ = AcceptAsync();
        }

        public void StartReading() => _go.TrySetResult();

        public async Task WaitUntilAsync(Func<bool> done, TimeSpan timeout, string what)
        {
            using var cts = new CancellationTokenSource(timeout);
            while (!done())
            {
                try
                {
                    await _arrived.WaitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"{what} did not arrive within {timeout}");
                }
            }
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync();
                    Interlocked.Increment(ref _connections);
                    _ = ReadAsync(client);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        }

        private async Task ReadAsync(TcpClient client)
        {
            using (client)
            {
                await _go.Task;
                var stream = client.GetStream();
                var buffer = new byte[64 * 1024];
                var text = new StringBuilder();
                try
                {
                    int read;
                    while ((read = await stream.ReadAsync(buffer)) > 0)
                    {
                        text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                        var all = text.ToString();
                        int start = 0, end;
                        while ((end = all.IndexOf("</event>", start, StringComparison.Ordinal)) >= 0)
                        {
                            var one = all[start..end];
                            if (Event().Match(one) is { Success: true } m)
                                Latitudes.GetOrAdd(m.Groups["uid"].Value, _ => []).Add(double.Parse(m.Groups["lat"].Value, CultureInfo.InvariantCulture));
                            start = end + "</event>".Length;
                        }
                        text.Remove(0, start);
                        _arrived.Release();
                    }
                }
                catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
                {
                }
            }
        }

        [GeneratedRegex("uid=\"(?<uid>[^\"]+)\".*?<point lat=\"(?<lat>[^\"]+)\"", RegexOptions.Singleline)]
        private static partial Regex Event();

        public void Dispose()
        {
            _listener.Stop();
            _go.TrySetResult();
        }
    }

    private static string AssetCode(int unit) => $"BURST-ASSET-{unit:00}";
    private static double Latitude(int unit, int round) => -8.0 - unit * 0.01 - round * 1e-6;

    private Task WaitForCounterAsync(string name, long atLeast) => app.Counters.WaitForCounterAsync(name, atLeast, Timeout);

    [Fact]
    public async Task A_burst_of_many_times_the_queue_does_not_drop_a_reader_that_reads_and_a_reader_that_never_reads_is_still_dropped()
    {
        await WaitForCounterAsync(CotCounters.Out(Idn, "reader", "connected"), 1);
        await WaitForCounterAsync(CotCounters.Out(Idn, "never", "connected"), 1);
        var port = ((IPEndPoint)app.Runtime.ListenerEndPoint(Idn)!).Port;
        var before = app.Counters.Get(CotCounters.In(Idn, "positions"));
        string Never(string what) => CotCounters.Out(Idn, "never", what);

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        var start = DateTimeOffset.UtcNow;
        int rounds = 0;
        async Task SendRoundsAsync(int n)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < n; i++, rounds++)
                for (int u = 0; u < Units; u++)
                {
                    var at = start.AddMilliseconds(rounds);
                    sb.Append(CotXml.Write(new CotEvent($"ANDROID-burst-{u}", "a-f-G-U-C", "m-g", at, at, at.AddMinutes(2), Latitude(u, rounds), 113.5)
                        { Callsign = $"BURST-{u:00}" }));
                }
            await stream.WriteAsync(Encoding.UTF8.GetBytes(sb.ToString()));
        }

        // First every unit reports InitialRounds times at once (50 times the queue)...
        await SendRoundsAsync(InitialRounds);
        // ...then a round at a time, each once the never-reading link has written the previous one, until its socket
        // buffers are full, its write times out and it is dropped: the paused reader's socket is as full by then.
        using (var deadline = new CancellationTokenSource(Timeout))
        {
            while (app.Counters.Get(Never("dropped-slow")) == 0)
            {
                Assert.False(deadline.IsCancellationRequested, "the never-reading link was not dropped; counters: " +
                                                                string.Join(", ", app.Counters.Snapshot().Select(kv => $"{kv.Key}={kv.Value}")));
                var written = app.Counters.Get(Never("sent"));
                await SendRoundsAsync(1);
                try
                {
                    await app.Counters.WaitUntilAsync(c => c.Get(Never("sent")) >= written + Units || c.Get(Never("dropped-slow")) > 0, deadline.Token);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    // The assertion at the top of the loop says what was missing.
                }
            }
        }
        client.Close();
        await WaitForCounterAsync(CotCounters.In(Idn, "positions"), before + Units * rounds);
        // Everything was published while the reader read nothing: a queue of every event would have overflowed here.
        Assert.Equal(0, app.Counters.Get(CotCounters.Out(Idn, "reader", "dropped-slow")));

        app.Reader.StartReading();
        string Uid(int u) => $"{CotPicture.UidPrefix}unit.{AssetCode(u)}";
        bool HasNewest() => Enumerable.Range(0, Units).All(u =>
            app.Reader.Latitudes.TryGetValue(Uid(u), out var seen) && seen.Count > 0 && Math.Abs(seen[^1] - Latitude(u, rounds - 1)) < 1e-6);
        await app.Reader.WaitUntilAsync(HasNewest, Timeout, "every unit's newest position");

        Assert.Equal(1, app.Reader.Connections);
        Assert.Equal(1, app.Counters.Get(CotCounters.Out(Idn, "reader", "connected")));
        Assert.Equal(0, app.Counters.Get(CotCounters.Out(Idn, "reader", "dropped-slow")));
        Assert.True(app.Counters.Get(CotCounters.Out(Idn, "reader", "superseded")) > 0, "positions waiting for the reader were replaced by newer ones");
        foreach (var (uid, seen) in app.Reader.Latitudes)
            for (int i = 1; i < seen.Count; i++)
                Assert.True(seen[i] <= seen[i - 1], $"{uid}: an older position ({seen[i]}) arrived after a newer one ({seen[i - 1]})");
    }
}
