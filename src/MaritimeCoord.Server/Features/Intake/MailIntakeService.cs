using System.Security.Cryptography;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MailKit.Security;
using MaritimeCoord.Domain.Intake;
using Microsoft.Extensions.Options;
using MimeKit;

namespace MaritimeCoord.Server.Features.Intake;

/// <summary>
/// Reads each centre's report mailbox over IMAP: waits with IDLE when the server offers it (renewed every
/// <see cref="MailboxOptions.PollSeconds"/>), else polls at that interval. Each unseen message is checked (sender on the
/// allow-list, our server's DMARC pass), processed, answered by SMTP with the reference, then flagged \Seen. A crash
/// between processing and the flag is harmless: the Message-Id makes the second pass create nothing new.
/// </summary>
public sealed class MailIntakeService(IOptions<IntakeOptions> options, IServiceScopeFactory scopes, IntakeMetrics metrics,
    TimeProvider clock, ILogger<MailIntakeService> log) : BackgroundService
{
    public const int MaxBodyCharacters = 4000;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Value.Centres.Where(c => c.Mailbox is not null).Select(c => RunAsync(c, stoppingToken)));

    private async Task RunAsync(IntakeCentre centre, CancellationToken stop)
    {
        var mailbox = centre.Mailbox!;
        static bool Transient(Exception e) => e is IOException or ImapProtocolException or ImapCommandException or AuthenticationException
            or System.Net.Sockets.SocketException or ServiceNotConnectedException;
        // A mailbox that cannot be reached is retried with growing, jittered delays (1 s up to 60 s); a session that was
        // connected and then lost starts the backoff afresh after one ordinary delay.
        var reconnect = Infrastructure.Backoff.Forever(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), clock, Transient,
            onRetry: args =>
            {
                log.LogWarning("Mail intake for {Centre}: {Error}; reconnecting in {Delay}", centre.Code, args.Outcome.Exception?.GetType().Name, args.RetryDelay);
                return ValueTask.CompletedTask;
            });
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await reconnect.ExecuteAsync(async ct => await SessionAsync(ct), stop);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }

        // Returns when a connected session was lost; throws when no session could be opened.
        async Task SessionAsync(CancellationToken ct)
        {
            using var imap = new ImapClient();
            await imap.ConnectAsync(mailbox.Host, mailbox.ImapPort, mailbox.UseTls ? SecureSocketOptions.Auto : SecureSocketOptions.None, ct);
            await imap.AuthenticateAsync(mailbox.UserName, mailbox.Password, ct);
            await imap.Inbox.OpenAsync(FolderAccess.ReadWrite, ct);
            log.LogInformation("Mail intake for {Centre} connected (IDLE {Idle})", centre.Code, imap.Capabilities.HasFlag(ImapCapabilities.Idle));
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    await ProcessUnseenAsync(centre, imap.Inbox, ct);
                    await WaitAsync(imap, mailbox, ct);
                }
            }
            catch (Exception e) when (Transient(e) && !ct.IsCancellationRequested)
            {
                log.LogWarning("Mail intake for {Centre}: {Error}; reconnecting in {Delay}", centre.Code, e.GetType().Name, TimeSpan.FromSeconds(1));
            }
        }
    }

    private async Task WaitAsync(ImapClient imap, MailboxOptions mailbox, CancellationToken stop)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, mailbox.PollSeconds));
        if (mailbox.UseIdle && imap.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            using var done = new CancellationTokenSource(interval, clock);
            void OnChanged(object? sender, EventArgs e) => done.Cancel();
            imap.Inbox.CountChanged += OnChanged;
            try { await imap.IdleAsync(done.Token, stop); }
            finally { imap.Inbox.CountChanged -= OnChanged; }
        }
        else
        {
            await Task.Delay(interval, clock, stop);
            await imap.NoOpAsync(stop);
        }
    }

    private async Task ProcessUnseenAsync(IntakeCentre centre, IMailFolder inbox, CancellationToken stop)
    {
        var uids = await inbox.SearchAsync(SearchQuery.NotSeen, stop);
        foreach (var uid in uids.OrderBy(u => u.Id))
        {
            var message = await inbox.GetMessageAsync(uid, stop);
            await HandleAsync(centre, message, stop);
            await inbox.AddFlagsAsync(uid, MessageFlags.Seen, true, stop);
        }
    }

    private async Task HandleAsync(IntakeCentre centre, MimeMessage message, CancellationToken stop)
    {
        var mailbox = centre.Mailbox!;
        var from = message.From.Mailboxes.ToList();
        var sender = from.Count == 1 ? centre.EmailSenders.FirstOrDefault(s => IntakeAddresses.Email(s.Address) == IntakeAddresses.Email(from[0].Address)) : null;
        if (sender is null)
        {
            metrics.Refused("email", "unknown-sender");
            log.LogWarning("E-mail for {Centre} refused: sender not on the allow-list", centre.Code);
            return;
        }
        var verdict = AuthenticationResults.Evaluate(message.Headers.Where(h => h.Id == HeaderId.AuthenticationResults).Select(h => h.Value),
            mailbox.TrustedAuthServId);
        if (!verdict.Accepted)
        {
            metrics.Refused("email", "authentication");
            log.LogWarning("E-mail for {Centre} refused: {Refusal} ({Results})", centre.Code, verdict.Refusal, verdict.Recorded);
            return;
        }

        var text = (message.Subject is { Length: > 0 } subject ? subject + "\n" : "") + (message.TextBody ?? HtmlToText(message.HtmlBody) ?? "");
        if (text.Length > MaxBodyCharacters) text = text[..MaxBodyCharacters];
        text = text.Replace("\0", "", StringComparison.Ordinal);
        var messageId = message.MessageId is { Length: > 0 and <= 900 } id ? id
            : "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(message.Date.ToString("O") + text)));

        await using var scope = scopes.CreateAsyncScope();
        var processor = scope.ServiceProvider.GetRequiredService<IntakeProcessor>();
        var outcome = await processor.ProcessAsync(new IntakeMessage("email", messageId, centre.Code, sender.Label,
            message.Date == DateTimeOffset.MinValue ? null : message.Date, text, verdict.Recorded), stop);
        if (!outcome.Replayed) await ReplyAsync(mailbox, message, from[0], outcome, stop);
    }

    private async Task ReplyAsync(MailboxOptions mailbox, MimeMessage original, MailboxAddress to, IntakeOutcome outcome, CancellationToken stop)
    {
        try
        {
            var reply = new MimeMessage();
            reply.From.Add(MailboxAddress.Parse(mailbox.ReplyFrom));
            reply.To.Add(to);
            reply.Subject = "Re: " + (original.Subject ?? "your report");
            if (!string.IsNullOrEmpty(original.MessageId))
            {
                reply.InReplyTo = original.MessageId;
                reply.References.Add(original.MessageId);
            }
            reply.Body = new TextPart("plain") { Text = outcome.Reply };
            using var smtp = new SmtpClient();
            await smtp.ConnectAsync(mailbox.Host, mailbox.SmtpPort, mailbox.UseTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, stop);
            if (mailbox.UseTls) await smtp.AuthenticateAsync(mailbox.UserName, mailbox.Password, stop);
            await smtp.SendAsync(reply, stop);
            await smtp.DisconnectAsync(true, stop);
        }
        catch (Exception e) when (e is IOException or SmtpCommandException or SmtpProtocolException or System.Net.Sockets.SocketException or AuthenticationException)
        {
            // The report is in; only the acknowledgement failed. The operator sees the report either way.
            log.LogWarning("Reply for an intake report of {Reference} not sent: {Error}", outcome.IncidentReference ?? IntakeOutcome.Reference(outcome.MessageId), e.GetType().Name);
        }
    }

    private static string? HtmlToText(string? html) =>
        html is null ? null : System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " "));
}
