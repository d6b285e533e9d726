namespace MaritimeCoord.Server.Infrastructure;

/// <summary>
/// The <c>Idempotency-Key</c> header of the endpoints that create something (sightings, drift runs, search plans): a
/// retried POST with the same key and body answers the first result instead of creating it again.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 128;

    /// <summary>The request's key (null when it sent none), or the problem to answer when the header is malformed.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem? Read(HttpRequest request, out string? key)
    {
        key = null;
        if (!request.Headers.TryGetValue(Header, out var values)) return null;
        key = values.ToString().Trim();
        return key.Length is 0 or > MaxLength || key.Any(c => c < 0x21 || c > 0x7e)
            ? Problems.Field(Header, $"{Header} must be 1–{MaxLength} printable ASCII characters.")
            : null;
    }
}
