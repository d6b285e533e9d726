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

    /// <summary>Runs until end of stream; <paramref name="stopReading"/> ends it between reads.</summary>
    public static async Task<long> RunAsync(Stream stream, StreamPacer pacer, ChannelWriter<IngestChunk> output, IngestCounters counters, TimeProvider clock,
        CancellationToken stopReading, CancellationToken abort)
    {
        var framer = new LineFramer();
        var stage = new AisDecodeStage();
        var buffer = new byte[ReadBufferSize];
        long bytes = 0;
        while (true)
        {
            int n = await stream.ReadAsync(buffer, stopReading);
            stage.ArrivalMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
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
            stopReading.ThrowIfCancellationRequested();
        }
    }

    public static async ValueTask EmitAsync(AisDecodeStage stage, ChannelWriter<IngestChunk> output, IngestCounters counters, CancellationToken abort)
    {
        stage.ReportTo(counters);
        if (!stage.Chunk.IsEmpty) await output.WriteAsync(stage.TakeChunk(), abort);
    }
}
