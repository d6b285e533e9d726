using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using MaritimeCoord.Cli.Scenarios;
using MaritimeCoord.Domain.Vessels;

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

    /// <summary>
    /// The k-th line of a connection: vessel k mod <see cref="Vessels"/>, report k / <see cref="Vessels"/>, two seconds
    /// apart, starting an hour ago (the validate stage replaces times more than an hour ahead, which would merge keys).
    /// Encoded by <c>mcoord</c>'s AivdmEncoder, with the report number in the communication
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
        // Type 1: 12.3 kn, course and heading 45°, under way; the report number goes into the communication state.
        var report = new PositionReport(mmsi, seconds * 1000, 1, lon, lat, 12.3f, 45f, 45, 0, (ulong)(round & 0x7FFFF));
        line.Append(AivdmEncoder.PositionReport(report)).Append("\r\n");
    }
}
