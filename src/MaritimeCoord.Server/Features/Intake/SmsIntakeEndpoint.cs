using MaritimeCoord.Server.Infrastructure;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Features.Intake;

/// <summary>
/// POST /api/intake/sms: the webhook of an SMS gateway (form post with From, To, Body, MessageSid, as Twilio-style
/// gateways send). Authenticated by the body signature (SmsGatewayAuthenticationHandler). The answer's text/plain body
/// is the reply the gateway relays to the sender: the incident reference, or the review reference.
/// </summary>
public static class SmsIntakeEndpoint
{
    public const int MaxTextLength = 1600; // ten concatenated SMS
    public const int MaxMessageIdLength = 128;

    public static async Task<IResult> HandleAsync(HttpRequest request, IOptions<IntakeOptions> options, IntakeProcessor processor,
        IntakeMetrics metrics, ILogger<IntakeProcessor> log, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send application/x-www-form-urlencoded.");
        var form = await request.ReadFormAsync(ct);
        string Field(string name) => form[name].ToString();
        var (from, to, body, sid) = (Field("From"), Field("To"), Field("Body"), Field("MessageSid"));
        if (sid.Length is 0 or > MaxMessageIdLength || sid.Any(c => c < 0x21 || c > 0x7e))
            return Problems.Field("MessageSid", $"MessageSid must be 1–{MaxMessageIdLength} printable ASCII characters.");
        if (body.Length > MaxTextLength) return Problems.Field("Body", $"Body is longer than {MaxTextLength} characters.", StatusCodes.Status413PayloadTooLarge);
        if (body.Contains('\0', StringComparison.Ordinal)) return Problems.Field("Body", "Body must not contain the NUL character (U+0000).");

        var centre = options.Value.CentreBySmsNumber(to);
        if (centre is null) return Problems.Field("To", "No rescue centre receives reports at this number.", StatusCodes.Status404NotFound);
        var sender = centre.SmsSenders.FirstOrDefault(s => IntakeAddresses.Phone(s.Address) == IntakeAddresses.Phone(from) && IntakeAddresses.Phone(from).Length > 1);
        if (sender is null)
        {
            metrics.Refused("sms", "unknown-sender");
            log.LogWarning("SMS for {Centre} refused: sender not on the allow-list", centre.Code);
            // Nothing for strangers: no reply, no hint that the number is a rescue centre's.
            return TypedResults.Text("", "text/plain");
        }

        var outcome = await processor.ProcessAsync(new IntakeMessage("sms", sid, centre.Code, sender.Label, null, body, null), ct);
        return TypedResults.Text(outcome.Reply, "text/plain");
    }
}
