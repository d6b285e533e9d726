namespace MaritimeCoord.Server.Features.Intake;

/// <summary>Configuration section <c>Intake</c> (docs/intake.md § Configuration).</summary>
public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>Shared secret of the SMS gateway: it signs each webhook body with HMAC-SHA256. Empty: the webhook refuses everything.</summary>
    public string? SmsSecret { get; set; }

    public List<IntakeCentre> Centres { get; set; } = [];

    public IntakeCentre? CentreBySmsNumber(string to) =>
        Centres.FirstOrDefault(c => !string.IsNullOrEmpty(c.SmsNumber) && IntakeAddresses.Phone(c.SmsNumber) == IntakeAddresses.Phone(to));
}

/// <summary>One rescue centre's channels and allow-lists.</summary>
public sealed class IntakeCentre
{
    /// <summary>Rescue centre code, e.g. BASARNAS-IDN: sightings are reported by (and reviews shown to) this centre.</summary>
    public string Code { get; set; } = "";

    /// <summary>The centre's number at the SMS gateway (the webhook's <c>To</c>).</summary>
    public string? SmsNumber { get; set; }

    /// <summary>Phone numbers allowed to report by SMS, each with the label that becomes the sighting's reporter.</summary>
    public List<IntakeSender> SmsSenders { get; set; } = [];

    /// <summary>E-mail addresses allowed to report, each with its label.</summary>
    public List<IntakeSender> EmailSenders { get; set; } = [];

    public MailboxOptions? Mailbox { get; set; }
}

public sealed class IntakeSender
{
    public string Address { get; set; } = "";
    public string Label { get; set; } = "";
}

public sealed class MailboxOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int ImapPort { get; set; } = 993;
    public int SmtpPort { get; set; } = 587;
    /// <summary>TLS on connect (993) or STARTTLS; false only for a server on loopback.</summary>
    public bool UseTls { get; set; } = true;
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    /// <summary>The address replies come from.</summary>
    public string ReplyFrom { get; set; } = "";
    /// <summary>authserv-id of our receiving mail server: only its Authentication-Results headers are believed.</summary>
    public string TrustedAuthServId { get; set; } = "";
    /// <summary>How often the inbox is checked when the server does not offer IMAP IDLE (and how often IDLE is renewed).</summary>
    public int PollSeconds { get; set; } = 10;
    public bool UseIdle { get; set; } = true;
}

/// <summary>Normal forms for allow-list comparison.</summary>
public static class IntakeAddresses
{
    /// <summary>+62 812-3456 → +628123456: digits and a leading plus only.</summary>
    public static string Phone(string? text) =>
        text is null ? "" : (text.TrimStart().StartsWith('+') ? "+" : "") + new string(text.Where(char.IsAsciiDigit).ToArray());

    public static string Email(string? text) => (text ?? "").Trim().ToLowerInvariant();
}
