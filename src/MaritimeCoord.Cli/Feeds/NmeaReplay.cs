using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Sockets;
using MaritimeCoord.Ais;
using MaritimeCoord.Ais.Nmea;

namespace MaritimeCoord.Cli.Feeds;

/// <summary><c>--rate</c>: <c>original</c> (capture timing × speed), <c>max</c>, or a number of lines per second.</summary>
public readonly record struct ReplayRate(bool Max, bool Original, double LinesPerSecond)
{
    public static readonly ReplayRate AsFastAsPossible = new(true, false, 0);

    public static bool TryParse(string text, out ReplayRate rate)
    {
        rate = default;
        if (string.Equals(text, "max", StringComparison.OrdinalIgnoreCase)) { rate = AsFastAsPossible; return true; }
        if (string.Equals(text, "original", StringComparison.OrdinalIgnoreCase)) { rate = new(false, true, 0); return true; }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) && n > 0) { rate = new(false, false, n); return true; }
        return false;
    }
}

public sealed record ReplayOptions(ReplayRate Rate, double Speed = 1, TimeSpan? Duration = null, bool Loop = false);

public sealed record ReplayResult(long Lines, long Bytes, TimeSpan Elapsed, bool StoppedByDuration);

/// <summary>
/// `mcoord feed replay`: sends a capture's lines to a TCP feed. Original timing comes from each line's receive time
/// (tag block <c>c:</c>, USCG trailer or a preceding <c>$PGHP</c>) as the decoder reads it; lines without one follow the
/// previous line; time going backwards does not wait. At the end the socket is half-closed and the replayer waits for
/// the server to close its side, so "replay finished" means the server has read every byte.
/// </summary>
public static class NmeaReplay
{
    private const int BlockSize = 64 * 1024;

    public static Stream OpenCapture(string path)
    {
        Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BlockSize, FileOptions.SequentialScan);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    public static async Task<ReplayResult> ToTcpAsync(Func<Stream> openInput, string host, int port, ReplayOptions options, CancellationToken ct)
    {
        using var client = new TcpClient { SendBufferSize = 1 << 20 };
        await client.ConnectAsync(host, port, ct);
        var network = client.GetStream();
        var result = await ReplayAsync(openInput, network, options, ct);
        client.Client.Shutdown(SocketShutdown.Send);
        // Wait for the server to finish reading and close; anything it sends back is ignored.
        var sink = new byte[4096];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        while (await network.ReadAsync(sink, timeout.Token) > 0) { }
        return result;
    }

    public static async Task<ReplayResult> ReplayAsync(Func<Stream> openInput, Stream output, ReplayOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var buffer = new byte[BlockSize];
        var outBuffer = new byte[BlockSize];
        int outLength = 0;
        long lines = 0, bytes = 0;
        long firstCaptureMs = -1, lastCaptureMs = -1, pghpMs = -1;
        bool stopped = false;
        do
        {
            await using var input = openInput();
            int filled = 0;
            while (!stopped)
            {
                int read = await input.ReadAsync(buffer.AsMemory(filled), ct);
                filled += read;
                int start = 0;
                while (true)
                {
                    int nl = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                    bool last = nl < 0 && read == 0 && start < filled;
                    if (nl < 0 && !last) break;
                    int length = last ? filled - start : nl + 1;
                    var line = buffer.AsMemory(start, length);
                    start += length;

                    var due = DueTime(line.Span, options, lines, ref firstCaptureMs, ref lastCaptureMs, ref pghpMs);
                    if (due > clock.Elapsed + TimeSpan.FromMilliseconds(2))
                    {
                        await FlushAsync(output, outBuffer, outLength, ct);
                        outLength = 0;
                        // The flush itself takes time (a slow reader): the line may be due by now.
                        if (due - clock.Elapsed is { Ticks: > 0 } wait) await Task.Delay(wait, ct);
                    }

                    if (options.Duration is { } limit && (lines & 255) == 0 && clock.Elapsed >= limit) { stopped = true; break; }
                    if (outLength + length + 1 > outBuffer.Length)
                    {
                        await FlushAsync(output, outBuffer, outLength, ct);
                        outLength = 0;
                    }

                    line.Span.CopyTo(outBuffer.AsSpan(outLength));
                    outLength += length;
                    if (last) outBuffer[outLength++] = (byte)'\n';
                    lines++;
                    bytes += length;
                    if (last) break;
                }

                if (read == 0) break;
                if (start == 0 && filled == buffer.Length)
                {
                    filled = 0; // a "line" longer than the buffer: not NMEA, skip it
                    continue;
                }

                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
            }
        }
        while (options.Loop && !stopped && !ct.IsCancellationRequested);

        await FlushAsync(output, outBuffer, outLength, ct);
        await output.FlushAsync(ct);
        return new ReplayResult(lines, bytes, clock.Elapsed, stopped);
    }

    private static TimeSpan DueTime(ReadOnlySpan<byte> line, ReplayOptions options, long index, ref long first, ref long last, ref long pghp)
    {
        if (options.Rate.Max) return TimeSpan.Zero;
        if (!options.Rate.Original) return TimeSpan.FromSeconds(index / options.Rate.LinesPerSecond);

        if (line.Length > 0 && line[^1] == (byte)'\n') line = line[..^1];
        if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
        long t = -1;
        if (NmeaParser.TryParse(line, out var sentence, out _) == AisRejectReason.None)
        {
            if (sentence.Kind == NmeaSentenceKind.PghpTimestamp) pghp = sentence.ReceiveTimeMs;
            else t = sentence.ReceiveTimeMs >= 0 ? sentence.ReceiveTimeMs : pghp;
        }

        if (t < 0) return last < 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds((last - first) / options.Speed);
        if (first < 0) first = t;
        if (t > last) last = t;
        return TimeSpan.FromMilliseconds((last - first) / options.Speed);
    }

    private static ValueTask FlushAsync(Stream output, byte[] buffer, int length, CancellationToken ct) =>
        length == 0 ? ValueTask.CompletedTask : output.WriteAsync(buffer.AsMemory(0, length), ct);
}
