using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MaritimeCoord.DevTools.Load;

/// <summary>
/// `mcoord-dev load cot` (docs/tak.md § Figures): the CoT-out path under the issue's load. This process is both ends of the
/// server's Cursor-on-Target path. It plays N streaming TAK endpoints (TCP listeners the server's links connect to, as
/// they would to a TAK Server's streaming input) plus slow ones that accept and never read, and it is the centre's field
/// units: <c>--tracks</c> units, each reporting its position once a second over several TCP connections into the
/// server's CoT listener. The server accepts each report (stamps <c>detail/_mcoord@accepted</c> at the socket read),
/// relays it as <c>mcoord.unit.&lt;code&gt;</c> to every link; each fast endpoint reads every event and records
/// accepted→received latency (same machine, same clock; millisecond stamps). Afterwards it checks that every fast
/// endpoint got every relayed report and stayed connected, and how often the slow ones were cut off.
/// </summary>
public static class CotLoad
{
    public sealed record Options(string ListenerHost, int ListenerPort, string EndpointHost, int FirstEndpointPort, int Clients, int SlowClients,
        int Tracks, int Connections, string CallsignPrefix, TimeSpan Warmup, TimeSpan Duration, TimeSpan ConnectTimeout, TextWriter Out);

    private const int MaxLatencyMs = 120_000;
    private const int MaxUnits = 100_000;

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var log = o.Out;
        if (o.Tracks > MaxUnits) throw new ArgumentOutOfRangeException(nameof(o), $"at most {MaxUnits} tracks");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var endpoints = new List<Endpoint>();
        for (int i = 0; i < o.Clients + o.SlowClients; i++)
            endpoints.Add(new Endpoint(i < o.Clients ? $"tak{i + 1:00}" : $"slow{i - o.Clients + 1}", i >= o.Clients,
                new TcpListener(IPAddress.Parse(o.EndpointHost), o.FirstEndpointPort + i)));
        foreach (var e in endpoints) e.Listener.Start();
        var serving = endpoints.Select(e => e.ServeAsync(stop.Token)).ToList();
        log.WriteLine($"load cot: {o.Clients} streaming endpoints + {o.SlowClients} slow on {o.EndpointHost}:{o.FirstEndpointPort}…{o.FirstEndpointPort + endpoints.Count - 1}");

        // The server's links reconnect with a back-off: wait until every endpoint has its connection.
        var deadline = Stopwatch.GetTimestamp() + (long)(o.ConnectTimeout.TotalSeconds * Stopwatch.Frequency);
        while (endpoints.Any(e => e.Connections == 0))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                log.WriteLine($"load cot: not every endpoint was connected within {o.ConnectTimeout.TotalSeconds:F0} s: {string.Join(", ", endpoints.Where(e => e.Connections == 0).Select(e => e.Name))}");
                await stop.CancelAsync();
                return 1;
            }
            await Task.Delay(100, ct);
        }
        log.WriteLine("load cot: every endpoint connected; feeding units");

        // Each feeder is its own thread: it sleeps (blocking) until its next 100 ms slot, and on pool threads ten such
        // sleepers starved the 50 readers' continuations for the seconds the pool took to grow, so every reader stalled
        // at once at the start and the server rightly dropped them all as slow.
        var feeders = new List<Task<Feed>>();
        var startAt = Stopwatch.GetTimestamp();
        var endAt = startAt + (long)((o.Warmup + o.Duration).TotalSeconds * Stopwatch.Frequency);
        var measureFrom = DateTime.UtcNow + o.Warmup;
        foreach (var e in endpoints) e.MeasureFrom = measureFrom;
        int perConnection = (o.Tracks + o.Connections - 1) / o.Connections;
        for (int c = 0; c < o.Connections; c++)
        {
            int first = c * perConnection, count = Math.Min(perConnection, o.Tracks - first);
            if (count <= 0) break;
            feeders.Add(Task.Factory.StartNew(() => FeedUnits(o, first, count, startAt, endAt, stop.Token), stop.Token,
                TaskCreationOptions.LongRunning, TaskScheduler.Default));
        }
        var fed = await Task.WhenAll(feeders);
        long sent = fed.Sum(f => f.Sent);
        var finalLatitude = new double[o.Tracks];
        foreach (var f in fed) Array.Copy(f.FinalLatitudes, 0, finalLatitude, f.First, f.FinalLatitudes.Length);
        var feeding = Stopwatch.GetElapsedTime(startAt).TotalSeconds;
        var measureTo = DateTime.UtcNow;

        // Let the links drain what was accepted, then compare counts.
        var fast = endpoints.Where(e => !e.Slow).ToList();
        var drainDeadline = Stopwatch.GetTimestamp() + 15 * Stopwatch.Frequency;
        bool HasNewest(Endpoint e) => e.LastLatitude is var seen && Enumerable.Range(0, o.Tracks).All(i => Math.Abs(Volatile.Read(ref seen[i]) - finalLatitude[i]) < 5e-7);
        while (!fast.All(HasNewest) && Stopwatch.GetTimestamp() < drainDeadline) await Task.Delay(100, ct);
        await stop.CancelAsync();
        foreach (var e in endpoints) e.Listener.Stop();
        try { await Task.WhenAll(serving); } catch (OperationCanceledException) { }

        var all = new long[MaxLatencyMs + 1];
        foreach (var e in fast)
            for (int i = 0; i < all.Length; i++) all[i] += e.Histogram[i];
        long measured = all.Sum();
        var seconds = (measureTo - measureFrom).TotalSeconds;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load cot: {o.Tracks:N0} tracks once a second over {o.Connections} connections; sent {sent:N0} reports in {feeding:F1} s ({sent / feeding:N0}/s; planned {(o.Warmup + o.Duration).TotalSeconds:F0} s: longer means the server's listener held the senders back)"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load cot: measured {seconds:F0} s after {o.Warmup.TotalSeconds:F0} s warm-up: {measured:N0} deliveries to {fast.Count} clients ({measured / Math.Max(1, seconds):N0}/s)"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  acceptance → client (ms)  p50 {Percentile(all, 50)}  p95 {Percentile(all, 95)}  p99 {Percentile(all, 99)}  p99.9 {Percentile(all, 99.9)}  max {Percentile(all, 100)}"));
        var worst = fast.Select(e => (e.Name, P99: Percentile(e.Histogram, 99))).OrderByDescending(x => x.P99).First();
        log.WriteLine($"  worst client p99: {worst.Name} {worst.P99} ms");
        // The server sends a unit's newest position, replacing one still waiting for that client: a client gets every
        // unit's last report, and fewer than all reports when it was momentarily behind (reported, not a loss).
        int complete = fast.Count(HasNewest);
        int reconnected = fast.Count(e => e.Connections > 1 || e.ClosedByServer > 0);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  fast clients with every unit's last report: {complete}/{fast.Count}; reports received min {fast.Min(e => Interlocked.Read(ref e.Received)):N0}, max {fast.Max(e => Interlocked.Read(ref e.Received)):N0} of {sent:N0} sent (fewer: superseded while waiting); cut off: {reconnected}"));
        foreach (var s in endpoints.Where(e => e.Slow))
            log.WriteLine($"  slow client {s.Name}: connected {s.Connections} times, saw the server reset it {s.ClosedByServer} times");
        bool ok = complete == fast.Count && reconnected == 0 && endpoints.Where(e => e.Slow).All(e => e.ClosedByServer > 0 || e.Connections > 1);
        log.WriteLine(ok ? "load cot: fast clients complete and never cut off; slow clients cut off" : "load cot: CHECK FAILED");
        return ok ? 0 : 1;
    }

    private sealed record Feed(int First, long Sent, double[] FinalLatitudes);

    /// <summary>One connection's units, each once a second, spread evenly over the second (10 slots of 100 ms); blocking, on its own thread.</summary>
    private static Feed FeedUnits(Options o, int first, int count, long startAt, long endAt, CancellationToken ct)
    {
        using var client = new TcpClient { NoDelay = true };
        client.Connect(o.ListenerHost, o.ListenerPort);
        using var stream = client.GetStream();
        var buffer = new MemoryStream(64 * 1024);
        var random = new Random(first);
        var lat = new double[count];
        var lon = new double[count];
        for (int i = 0; i < count; i++) (lat[i], lon[i]) = (-12 + random.NextDouble() * 6, 112 + random.NextDouble() * 12);
        long sent = 0;
        const int slots = 10;
        long slotTicks = Stopwatch.Frequency / slots;
        for (long slot = 0; ; slot++)
        {
            long due = startAt + slot * slotTicks;
            if (due >= endAt) break;
            PreciseSleep.Until(due);
            buffer.SetLength(0);
            var now = DateTime.UtcNow;
            var time = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var stale = now.AddMinutes(2).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            int part = (int)(slot % slots);
            for (int i = part; i < count; i += slots)
            {
                lat[i] += 0.0001;
                var xml = string.Create(CultureInfo.InvariantCulture,
                    $"<event version=\"2.0\" uid=\"ANDROID-{o.CallsignPrefix}{first + i:00000}\" type=\"a-f-S\" how=\"m-g\" time=\"{time}\" start=\"{time}\" stale=\"{stale}\"><point lat=\"{lat[i]:0.000000}\" lon=\"{lon[i]:0.000000}\" hae=\"0.0\" ce=\"10.0\" le=\"10.0\"/><detail><contact callsign=\"{o.CallsignPrefix}{first + i:00000}\"/><track course=\"0.0\" speed=\"5.0\"/></detail></event>");
                buffer.Write(Encoding.UTF8.GetBytes(xml));
                sent++;
            }
            ct.ThrowIfCancellationRequested();
            try
            {
                stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
            catch (IOException e)
            {
                // The server cut this unit connection: say so and keep the figures of the others.
                o.Out.WriteLine($"load cot: units {first}…{first + count - 1}: the server closed the connection after {sent:N0} reports ({e.InnerException?.Message ?? e.Message})");
                break;
            }
        }
        for (int i = 0; i < count; i++) lat[i] = Math.Round(lat[i], 6);
        return new Feed(first, sent, lat);
    }

    private static long Percentile(long[] histogram, double percent)
    {
        long total = histogram.Sum();
        if (total == 0) return -1;
        long rank = Math.Max(1, (long)Math.Ceiling(percent / 100 * total)), seen = 0;
        for (int i = 0; i < histogram.Length; i++)
        {
            seen += histogram[i];
            if (seen >= rank) return i;
        }
        return histogram.Length - 1;
    }

    private sealed class Endpoint(string name, bool slow, TcpListener listener)
    {
        private static readonly byte[] Accepted = "accepted=\""u8.ToArray();
        private static readonly byte[] EventEnd = "</event>"u8.ToArray();

        public string Name { get; } = name;
        public bool Slow { get; } = slow;
        public TcpListener Listener { get; } = listener;
        public long[] Histogram { get; } = new long[MaxLatencyMs + 1];
        public DateTime MeasureFrom { get; set; } = DateTime.MaxValue;
        /// <summary>Per unit (the number its asset code ends with), the latitude of the newest report this client received.</summary>
        public readonly double[] LastLatitude = new double[MaxUnits];
        public long Received;
        public int Connections;
        public int ClosedByServer;

        public async Task ServeAsync(CancellationToken ct)
        {
            var open = new List<Task>();
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    var client = await Listener.AcceptTcpClientAsync(ct);
                    Interlocked.Increment(ref Connections);
                    open.Add(Slow ? HoldAsync(client, ct) : ReadAsync(client, ct));
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
            await Task.WhenAll(open);
        }

        /// <summary>A slow reader: a small receive window, and reads nothing until the server gives up on it (a reset: unread data is discarded).</summary>
        private async Task HoldAsync(TcpClient client, CancellationToken ct)
        {
            using (client)
            {
                client.ReceiveBufferSize = 4096;
                var one = new byte[1];
                try
                {
                    // Peek once a second whether the server closed it (a read of 0 or a reset), reading at most one byte.
                    while (!ct.IsCancellationRequested)
                    {
                        await Task.Delay(1000, ct);
                        if (client.Client.Poll(0, SelectMode.SelectRead) && client.Client.Receive(one, SocketFlags.Peek) == 0) break;
                    }
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                Interlocked.Increment(ref ClosedByServer);
            }
        }

        private async Task ReadAsync(TcpClient client, CancellationToken ct)
        {
            using (client)
            {
                var stream = client.GetStream();
                var buffer = new byte[256 * 1024];
                int filled = 0;
                try
                {
                    while (true)
                    {
                        int read = await stream.ReadAsync(buffer.AsMemory(filled), ct);
                        if (read == 0) break;
                        var now = DateTime.UtcNow;
                        filled += read;
                        int start = 0;
                        while (true)
                        {
                            var rest = buffer.AsSpan(start, filled - start);
                            int end = rest.IndexOf(EventEnd);
                            if (end < 0) break;
                            Record(rest[..end], now);
                            start += end + EventEnd.Length;
                        }
                        Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
                        filled -= start;
                        if (filled == buffer.Length) filled = 0; // no event is this long
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
                {
                    if (e is not OperationCanceledException) Interlocked.Increment(ref ClosedByServer);
                    return;
                }
                if (!ct.IsCancellationRequested) Interlocked.Increment(ref ClosedByServer);
            }
        }

        private void Record(ReadOnlySpan<byte> xml, DateTime now)
        {
            int unit = xml.IndexOf("mcoord.unit."u8);
            if (unit < 0) return; // the picture's incidents and sightings are not the measured stream
            Interlocked.Increment(ref Received);
            var uid = xml[unit..];
            int uidEnd = uid.IndexOf((byte)'"'), digits = uidEnd;
            while (digits > 0 && uid[digits - 1] is >= (byte)'0' and <= (byte)'9') digits--;
            int latAt = xml.IndexOf(" lat=\""u8);
            if (uidEnd > digits && System.Buffers.Text.Utf8Parser.TryParse(uid[digits..uidEnd], out int number, out _) && number < MaxUnits
                && latAt >= 0 && System.Buffers.Text.Utf8Parser.TryParse(xml[(latAt + 6)..], out double latitude, out _))
                Volatile.Write(ref LastLatitude[number], latitude);
            int at = xml.IndexOf(Accepted);
            if (at < 0) return;
            var value = xml.Slice(at + Accepted.Length);
            int quote = value.IndexOf((byte)'"');
            if (quote < 0) return;
            Span<char> chars = stackalloc char[quote];
            Encoding.ASCII.GetChars(value[..quote], chars);
            if (!DateTime.TryParse(chars, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var accepted)) return;
            if (accepted < MeasureFrom) return;
            var ms = (int)Math.Clamp((now - accepted).TotalMilliseconds, 0, MaxLatencyMs);
            Histogram[ms]++;
        }
    }
}
