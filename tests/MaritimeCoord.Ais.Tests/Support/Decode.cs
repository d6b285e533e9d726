using System.Text;
using MaritimeCoord.Ais.Nmea;

namespace MaritimeCoord.Ais.Tests.Support;

internal static class Decode
{
    /// <summary>Feeds lines to a fresh decoder and returns each delivered payload's armoured text and fill bits.</summary>
    public static (List<(string Armored, int Fill, long Time, string Talker)> Messages, DecodeStats Stats) Lines(params string[] lines)
    {
        var decoder = new AisStreamDecoder();
        var sink = new PayloadSink();
        foreach (var line in lines)
        {
            decoder.DecodeLine(Encoding.Latin1.GetBytes(line), ref sink);
        }

        return (sink.Messages, decoder.Stats);
    }

    public static T Single<T>(string line, Func<AisPayload, T> decode)
    {
        var (messages, _) = Lines(line);
        var m = Assert.Single(messages);
        return decode(new AisPayload(Encoding.ASCII.GetBytes(m.Armored), m.Fill));
    }

    private sealed class PayloadSink : IAisMessageSink
    {
        public List<(string, int, long, string)> Messages { get; } = [];

        public void OnMessage(scoped in NmeaSentence lastSentence, long receiveTimeMs, scoped AisPayload payload) =>
            Messages.Add((Encoding.ASCII.GetString(payload.Armored), payload.BitLength % 6 == 0 ? 0 : 6 - (payload.BitLength % 6), receiveTimeMs, Encoding.ASCII.GetString(lastSentence.Talker)));
    }
}
