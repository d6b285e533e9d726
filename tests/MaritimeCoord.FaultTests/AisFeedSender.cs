using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MaritimeCoord.FaultTests;

/// <summary>
/// One TCP connection of the sender: its lines carry MMSIs of its own range, so the database says exactly how many of
/// them were stored. <see cref="Written"/> counts lines whose write completed; <see cref="Attempted"/> also counts a
/// write that failed half-way (the peer may have read part of it).
/// </summary>
public sealed class FeedConnection(int index, int mmsiBase)
{
    public int Index { get; } = index;
    public int MmsiBase { get; } = mmsiBase;
    public int MmsiLast => MmsiBase + AisFeedSender.Vessels - 1;
    public long Written { get; internal set; }
    public long Attempted { get; internal set; }

    /// <summary>The server went away under it (a kill): only what the server acknowledged as committed must be stored.</summary>
    public bool Broken { get; internal set; }

    /// <summary>We half-closed it and the server closed its side: the server read every line written.</summary>
    public bool Completed { get; internal set; }

    public override string ToString() => $"connection {Index}: written {Written}, attempted {Attempted}{(Broken ? ", broken by the kill" : "")}{(Completed ? ", closed cleanly" : "")}";
}

/// <summary>
/// An AIS aggregator pushing raw NMEA to a TCP server feed at a steady rate (5,000 positions/s): class A position
/// reports (type 1, tag-block receive time) from <see cref="Vessels"/> vessels, each (MMSI, time) unique, so no two lines
/// are one transmission and the server keeps all of them. Like a real aggregator it buffers while it cannot write
/// (back-pressure, server down) and catches up afterwards, and reconnects when the connection breaks.
/// </summary>
public sealed class AisFeedSender : IAsyncDisposable
{
    public const int Vessels = 2000;
    private const int MaxLinesPerWrite = 1000;
    private readonly int port;
    private readonly int rate;
    private readonly List<FeedConnection> connections = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Stopwatch clock = new();
    private TaskCompletionSource<FeedConnection>? rotate;
    private Task loop = Task.CompletedTask;
    private long generated;

    public AisFeedSender(int port, int rate)
    {
        this.port = port;
        this.rate = rate;
    }

    public IReadOnlyList<FeedConnection> Connections { get { lock (connections) return [.. connections]; } }

    public long Generated => Interlocked.Read(ref generated);

    public TimeSpan Elapsed => clock.Elapsed;

    public void Start()
    {
        clock.Start();
        loop = Task.Run(RunAsync);
    }

    /// <summary>Closes the current connection cleanly (everything written is then read by the server) and opens a new one.</summary>
    public Task<FeedConnection> RotateAsync()
    {
        var request = new TaskCompletionSource<FeedConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref rotate, request);
        return request.Task.WaitAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>Stops generating and closes the last connection cleanly.</summary>
    public async Task<FeedConnection?> StopAsync()
    {
        await stop.CancelAsync();
        await loop;
        lock (connections) return connections.Count > 0 ? connections[^1] : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested) await StopAsync();
        stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            using var socket = await ConnectAsync();
            if (socket is null) return;
            FeedConnection connection;
            lock (connections)
            {
                connection = new FeedConnection(connections.Count, 200_000_000 + connections.Count * 10_000);
                connections.Add(connection);
            }

            await StreamAsync(socket, connection);
        }
    }

    private async Task<Socket?> ConnectAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync("127.0.0.1", port, stop.Token);
                return socket;
            }
            catch (SocketException)
            {
                socket.Dispose();
                try { await Task.Delay(200, stop.Token); } catch (OperationCanceledException) { return null; }
            }
            catch (OperationCanceledException)
            {
                socket.Dispose();
                return null;
            }
        }

        return null;
    }

    /// <summary>Writes lines on schedule until the connection breaks, a rotation is asked for, or the sender stops.</summary>
    private async Task StreamAsync(Socket socket, FeedConnection connection)
    {
        var start = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
        var buffer = new StringBuilder(MaxLinesPerWrite * 64);
        long k = 0;
        while (true)
        {
            if (stop.IsCancellationRequested || Volatile.Read(ref rotate) is not null)
            {
                await CloseCleanlyAsync(socket, connection);
                if (Interlocked.Exchange(ref rotate, null) is { } request) request.TrySetResult(connection);
                return;
            }

            long due = (long)(clock.Elapsed.TotalSeconds * rate) - Interlocked.Read(ref generated);
            if (due <= 0)
            {
                await Task.Delay(10);
                continue;
            }

            int lines = (int)Math.Min(due, MaxLinesPerWrite);
            buffer.Clear();
            for (int i = 0; i < lines; i++, k++) AppendLine(buffer, connection.MmsiBase, start, k);
            var bytes = Encoding.ASCII.GetBytes(buffer.ToString());
            connection.Attempted += lines;
            Interlocked.Add(ref generated, lines);
            try
            {
                // No cancellation here: a write blocked by back-pressure (database down) simply waits, as a sender would.
                int sent = 0;
                while (sent < bytes.Length) sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None);
                connection.Written += lines;
            }
            catch (SocketException)
            {
                connection.Broken = true;
                return;
            }
        }
    }

    private static async Task CloseCleanlyAsync(Socket socket, FeedConnection connection)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            // The server closes its side once it has read (and queued) everything up to our FIN.
            var sink = new byte[256];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            while (await socket.ReceiveAsync(sink, SocketFlags.None, timeout.Token) > 0) { }
            connection.Completed = true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            connection.Broken = true;
        }
    }

    private static readonly byte[] Bits = new byte[168];

    /// <summary>
    /// The k-th line of a connection: vessel k mod <see cref="Vessels"/>, report k / <see cref="Vessels"/>, two seconds
    /// apart, starting an hour ago (the validate stage replaces times more than an hour ahead, which would merge keys).
    /// The payload is built bit by bit as in <c>mcoord</c>'s SyntheticAis, with the report number in the communication
    /// state so no two payloads of a vessel are equal (equal ones are one transmission heard twice and dropped).
    /// </summary>
    public static void AppendLine(StringBuilder line, int mmsiBase, long startSeconds, long k)
    {
        int v = (int)(k % Vessels);
        long round = k / Vessels;
        long seconds = startSeconds + round * 2;
        int mmsi = mmsiBase + v;
        double lat = -15 + (v * 7919 % 25_000) / 1000.0 + round * 0.0005;
        double lon = 95 + (v * 104_729 % 45_000) / 1000.0 + round * 0.0005;
        var bits = Bits;
        lock (bits)
        {
            int p = 0;
            Put(bits, ref p, 1, 6);
            Put(bits, ref p, 0, 2);
            Put(bits, ref p, mmsi, 30);
            Put(bits, ref p, 0, 4);
            Put(bits, ref p, 0, 8);
            Put(bits, ref p, 123, 10);
            Put(bits, ref p, 1, 1);
            Put(bits, ref p, (long)Math.Round(lon * 600_000), 28);
            Put(bits, ref p, (long)Math.Round(lat * 600_000), 27);
            Put(bits, ref p, 450, 12);
            Put(bits, ref p, 45, 9);
            Put(bits, ref p, seconds % 60, 6);
            Put(bits, ref p, 0, 2);
            Put(bits, ref p, 0, 3);
            Put(bits, ref p, 0, 1);
            Put(bits, ref p, round & 0x7FFFF, 19);
            var payload = new StringBuilder(28);
            for (int i = 0; i < 168; i += 6)
            {
                int six = 0;
                for (int b = 0; b < 6; b++) six = (six << 1) | bits[i + b];
                payload.Append((char)(six < 40 ? six + 48 : six + 56));
            }

            string tag = "c:" + seconds.ToString(CultureInfo.InvariantCulture);
            string body = "AIVDM,1,1,,A," + payload + ",0";
            line.Append('\\').Append(tag).Append('*').Append(Checksum(tag)).Append('\\')
                .Append('!').Append(body).Append('*').Append(Checksum(body)).Append("\r\n");
        }
    }

    private static void Put(byte[] bits, ref int position, long value, int width)
    {
        for (int i = width - 1; i >= 0; i--) bits[position++] = (byte)((value >> i) & 1);
    }

    private static string Checksum(string body)
    {
        int c = 0;
        foreach (char ch in body) c ^= ch;
        return c.ToString("X2", CultureInfo.InvariantCulture);
    }
}
