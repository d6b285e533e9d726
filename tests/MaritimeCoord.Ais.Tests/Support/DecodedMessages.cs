using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MaritimeCoord.Ais.Gpsd;
using MaritimeCoord.Ais.Nmea;

namespace MaritimeCoord.Ais.Tests.Support;

/// <summary>Runs the decoder over lines and renders every message as gpsd JSON, attributed to the sentence that completed it.</summary>
internal static class DecodedMessages
{
    public sealed record SentenceOutput(string Key, List<JsonObject> Messages);

    public static List<SentenceOutput> DecodePerSentence(IEnumerable<byte[]> lines, bool scaled, out DecodeStats stats)
    {
        var decoder = new AisStreamDecoder();
        var sink = new CollectingSink(new GpsdJsonFormatter(scaled));
        var result = new List<SentenceOutput>();
        foreach (var line in lines)
        {
            ReadOnlySpan<byte> rest = line;
            while (!rest.IsEmpty)
            {
                NmeaParser.TryParse(rest, out _, out int consumed);
                consumed = Math.Max(consumed, 1);
                var slice = rest[..consumed];
                rest = rest[consumed..];
                sink.Collected.Clear();
                decoder.DecodeLine(slice, ref sink);
                var key = SentenceKey(Encoding.Latin1.GetString(slice));
                if (key is not null)
                {
                    result.Add(new SentenceOutput(key, sink.Collected.ToList()));
                }
            }
        }

        stats = decoder.Stats;
        return result;
    }

    public static List<JsonObject> DecodeAll(IEnumerable<byte[]> lines, bool scaled) =>
        DecodePerSentence(lines, scaled, out _).SelectMany(s => s.Messages).ToList();

    /// <summary>The sentence from its '!' or '$' to the end of its checksum: how gpsd's echo and our input are matched.</summary>
    public static string? SentenceKey(string text)
    {
        int start = text.IndexOfAny(['!', '$']);
        while (start >= 0 && start + 1 < text.Length && text[start + 1] == '!') start++;
        if (start < 0) return null;
        int star = text.IndexOf('*', start);
        if (star < 0) return text[start..].TrimEnd();
        return text[start..Math.Min(text.Length, star + 3)];
    }

    internal sealed class CollectingSink : IAisMessageSink
    {
        private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private readonly GpsdJsonFormatter _formatter;

        public CollectingSink(GpsdJsonFormatter formatter) => _formatter = formatter;

        public List<JsonObject> Collected { get; } = [];

        public void OnMessage(scoped in NmeaSentence lastSentence, long receiveTimeMs, scoped AisPayload payload)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer, Options))
            {
                _formatter.Write(w, payload, lastSentence.Channel);
            }

            Collected.Add(JsonNode.Parse(buffer.WrittenSpan)!.AsObject());
        }
    }
}
