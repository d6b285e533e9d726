using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace MaritimeCoord.Persistence.History;

/// <summary>
/// Keyset position of the last row of a page: the next page starts strictly after (observed_at, mmsi) in the query's
/// order, so a page costs the same at any depth (no OFFSET). Opaque to clients: base64url of "ticks.mmsi".
/// </summary>
public readonly record struct HistoryCursor(DateTimeOffset ObservedAt, int Mmsi)
{
    public static HistoryCursor After(HistoryPosition last) => new(last.ObservedAt, last.Mmsi);

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{ObservedAt.UtcTicks}.{Mmsi}")));

    public static bool TryDecode(string text, out HistoryCursor cursor)
    {
        cursor = default;
        if (text.Length > 64) return false;
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split('.');
            if (parts.Length != 2
                || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var mmsi)
                || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
                return false;
            cursor = new HistoryCursor(new DateTimeOffset(ticks, TimeSpan.Zero), mmsi);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
