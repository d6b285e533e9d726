namespace MaritimeCoord.Domain.PersonalData;

/// <summary>
/// The image formats accepted for photos, recognised by their leading bytes: the client's Content-Type is a claim,
/// the bytes are the evidence (a "photo" that is really HTML or a script is refused).
/// </summary>
public static class PhotoFormat
{
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string Webp = "image/webp";

    public static IReadOnlyList<string> Accepted { get; } = [Jpeg, Png, Webp];

    /// <summary>The content type the bytes are, or null when they are none of the accepted formats.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) return Jpeg;
        if (bytes.Length >= 8 && bytes[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return Png;
        if (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8)) return Webp;
        return null;
    }
}
