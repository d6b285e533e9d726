using System.Threading.Channels;
using MaritimeCoord.Server.Ingest.Pipeline;

namespace MaritimeCoord.Server.Ingest.Feeds;

/// <summary>
/// Stages 1-3 on one byte stream: read → pace → frame → decode/validate → queue. The pacer (the feed's cap) and the
/// queue write are awaited before the next read, so when the feed is over its cap or the writer falls behind, the
/// socket is not read and TCP flow control pushes back on the sender.
/// </summary>
internal static class NmeaStreamPump
{
    public const int ReadBufferSize = 64 * 1024;

    /// <summary>
    /// Runs until end of stream; <paramref name="stopReading"/> ends it between reads. With <paramref name="idle"/>, a
    /// stream that delivers fewer than its minimum bytes within its timeout (waits for our cap and queue excluded) ends
    /// with <see cref="IdleConnectionException"/>.
    /// </summary>
    public static async Task<long> RunAsync(Stream stream, StreamPacer pacer, ChannelWriter<IngestChunk> output, IngestCounters counters, TimeProvider clock,
        CancellationToken stopReading, CancellationToken abort, IdleGuard? idle = null)
    {
        var framer = new LineFramer();
        var stage = new AisDecodeStage();
        var buffer = new byte[ReadBufferSize];
        long bytes = 0;
        using var idleTimer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, clock);
        using var readToken = CancellationTokenSource.CreateLinkedTokenSource(stopReading, idleTimer.Token);
        var windowStart = clock.GetUtcNow();
        long windowBytes = 0;
        while (true)
        {
            int n;
            if (idle is { } guard)
            {
                var now = clock.GetUtcNow();
                if (windowBytes >= guard.MinBytes) (windowStart, windowBytes) = (now, 0);
                var remaining = windowStart + guard.Timeout - now;
                if (remaining <= TimeSpan.Zero) throw new IdleConnectionException(guard);
                idleTimer.CancelAfter(remaining);
                try
                {
                    n = await stream.ReadAsync(buffer, readToken.Token);
                }
                catch (OperationCanceledException) when (idleTimer.IsCancellationRequested && !stopReading.IsCancellationRequested)
                {
                    throw new IdleConnectionException(guard);
                }
                idleTimer.CancelAfter(Timeout.InfiniteTimeSpan);
                windowBytes += n;
            }
            else n = await stream.ReadAsync(buffer, stopReading);
            var readAt = clock.GetUtcNow();
            stage.ArrivalMs = readAt.ToUnixTimeMilliseconds();
            if (n == 0)
            {
                framer.Flush(stage);
                await EmitAsync(stage, output, counters, abort);
                return bytes;
            }

            bytes += n;
            try
            {
                await pacer.WaitAsync(buffer.AsSpan(0, n), stopReading);
            }
            catch (OperationCanceledException) when (stopReading.IsCancellationRequested)
            {
                // Stopping while over the cap: what was read is still handled (never dropped); the next read is not made.
            }

            stage.ArrivalMs = clock.GetUtcNow().ToUnixTimeMilliseconds(); // accepted now, after any wait for the cap
            framer.Push(buffer.AsSpan(0, n), stage, out int tooLong);
            for (int i = 0; i < tooLong; i++) counters.RejectLineTooLong();
            await EmitAsync(stage, output, counters, abort);
            windowStart += clock.GetUtcNow() - readAt;   // our own waits (cap, queue) are not the sender's idleness
            stopReading.ThrowIfCancellationRequested();
        }
    }

    public static async ValueTask EmitAsync(AisDecodeStage stage, ChannelWriter<IngestChunk> output, IngestCounters counters, CancellationToken abort)
    {
        stage.ReportTo(counters);
        if (!stage.Chunk.IsEmpty) await output.WriteAsync(stage.TakeChunk(), abort);
    }
}

/// <summary>A connection must deliver at least <paramref name="MinBytes"/> within every <paramref name="Timeout"/>.</summary>
internal readonly record struct IdleGuard(TimeSpan Timeout, int MinBytes);

/// <summary>The sender delivered too little for too long (idle, or a byte at a time): the connection is closed.</summary>
internal sealed class IdleConnectionException(IdleGuard guard)
    : IOException($"fewer than {guard.MinBytes} bytes in {guard.Timeout.TotalSeconds:0.###} s (idle or too slow)");
