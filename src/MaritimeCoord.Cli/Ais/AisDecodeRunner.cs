using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using MaritimeCoord.Ais;
using MaritimeCoord.Ais.Gpsd;
using MaritimeCoord.Ais.Nmea;

namespace MaritimeCoord.Cli.Ais;

// `mcoord ais decode`: the I/O edge around the pure decoder. Reads bytes, splits lines, writes JSON lines in big
// chunks (no per-line strings); corrupt input is counted by the decoder and summarised on stderr, never fatal.
internal static class AisDecodeRunner
{
    private const int ReadBufferSize = 1 << 20;
    private const int FlushThreshold = 1 << 16;

    public static int Run(string? path, bool unscaled)
    {
        using Stream input = path is null or "-" ? Console.OpenStandardInput() : OpenFile(path);
        using Stream output = Console.OpenStandardOutput();
        var decoder = new AisStreamDecoder();
        using var sink = new JsonSink(output, new GpsdJsonFormatter(scaled: !unscaled));
        long lines = Decode(input, decoder, sink);
        sink.Flush();
        WriteSummary(Console.Error, lines, decoder.Stats);
        return 0;
    }

    private static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    internal static long Decode(Stream input, AisStreamDecoder decoder, JsonSink sink)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        long lines = 0;
        int filled = 0;
        try
        {
            while (true)
            {
                int read = input.Read(buffer, filled, buffer.Length - filled);
                filled += read;
                int start = 0;
                var span = buffer.AsSpan(0, filled);
                while (true)
                {
                    int nl = span[start..].IndexOf((byte)'\n');
                    if (nl < 0) break;
                    decoder.DecodeLine(TrimCr(span.Slice(start, nl)), ref sink);
                    lines++;
                    start += nl + 1;
                }

                if (read == 0)
                {
                    if (start < filled)
                    {
                        decoder.DecodeLine(TrimCr(span[start..filled]), ref sink);
                        lines++;
                    }

                    return lines;
                }

                if (start == 0 && filled == buffer.Length)
                {
                    // A "line" longer than the buffer: not NMEA. Count it once and drop it.
                    decoder.DecodeLine("!"u8, ref sink);
                    filled = 0;
                    continue;
                }

                span[start..filled].CopyTo(buffer);
                filled -= start;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    internal static void WriteSummary(TextWriter error, long lines, DecodeStats stats)
    {
        error.Write($"ais decode: {lines} lines, {stats.Sentences} AIVDM/AIVDO sentences, {stats.Messages} messages, {stats.Corrupt} corrupt");
        var parts = stats.Rejects().Select(r => $"{r.Key}={r.Value}").ToList();
        if (stats.TagBlockChecksumMismatches > 0)
        {
            parts.Add($"TagBlockChecksumMismatch(used anyway)={stats.TagBlockChecksumMismatches}");
        }

        error.WriteLine(parts.Count == 0 ? string.Empty : " (" + string.Join(", ", parts) + ")");
    }

    internal sealed class JsonSink : IAisMessageSink, IDisposable
    {
        private static readonly JsonWriterOptions Options = new()
        {
            // gpsd escapes only quote, backslash and control characters; keep ' < > & + readable like it does.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
        };

        private readonly Stream _output;
        private readonly GpsdJsonFormatter _formatter;
        private readonly ArrayBufferWriter<byte> _buffer;
        private readonly Utf8JsonWriter _writer;

        public JsonSink(Stream output, GpsdJsonFormatter formatter)
        {
            _output = output;
            _formatter = formatter;
            _buffer = new ArrayBufferWriter<byte>(FlushThreshold * 2);
            _writer = new Utf8JsonWriter(_buffer, Options);
        }

        public void OnMessage(scoped in NmeaSentence lastSentence, long receiveTimeMs, scoped AisPayload payload)
        {
            _formatter.Write(_writer, payload, lastSentence.Channel);
            _writer.Flush();
            _writer.Reset();
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            if (_buffer.WrittenCount >= FlushThreshold)
            {
                _output.Write(_buffer.WrittenSpan);
                _buffer.ResetWrittenCount();
            }
        }

        public void Flush()
        {
            _output.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
            _output.Flush();
        }

        public void Dispose() => _writer.Dispose();
    }
}
