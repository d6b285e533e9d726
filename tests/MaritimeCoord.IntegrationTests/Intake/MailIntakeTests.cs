using System.Diagnostics;
using System.Text.Json;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.IntegrationTests.Infrastructure;
using MaritimeCoord.Server.Features.Intake;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Xunit.Abstractions;

namespace MaritimeCoord.IntegrationTests.Intake;

/// <summary>
/// Issue 18, e-mail intake against real Postfix and Dovecot on loopback (ops/services.sh with MCOORD_WITH_MAIL=1): mail
/// is sent over SMTP, read by the server over IMAP, appears on the operator's hub as a sighting, and the sender gets the
/// reference back by SMTP. Unknown senders, failed or forged authentication and a re-delivered Message-Id create nothing.
/// The Authentication-Results header is written by the test: it stands for the receiving server's DMARC milter, which
/// the loopback Postfix does not run (docs/intake.md).
/// </summary>
public sealed class MailIntakeTests(MailIntakeTests.App app, ITestOutputHelper output) : IClassFixture<MailIntakeTests.App>
{
    public const string Host = "127.0.0.1";
    public static readonly int SmtpPort = int.Parse(Environment.GetEnvironmentVariable("MCOORD_SMTP_PORT") ?? "25");
    public static readonly int ImapPort = int.Parse(Environment.GetEnvironmentVariable("MCOORD_IMAP_PORT") ?? "1143");
    public const string Password = "mcoord";
    public const string AuthServId = "mx.mcoord.test";
    private const string Idn = "BASARNAS-IDN";

    public sealed class App : MaritimeAppFactory
    {
        private readonly string run = Guid.NewGuid().ToString("N")[..10];
        public string IdleMailbox => $"ops-idle-{run}@mcoord.test";
        public string PollMailbox => $"ops-poll-{run}@mcoord.test";
        public string Fisher => $"fisher-{run}@mcoord.test";
        public string Stranger => $"stranger-{run}@mcoord.test";
        protected override bool UseRabbitMq => false;

        protected override IDictionary<string, string?> ExtraSettings
        {
            get
            {
                var settings = new Dictionary<string, string?>();
                foreach (var (i, code, mailbox, idle) in new[] { (0, Idn, IdleMailbox, true), (1, "JRCC-AUS", PollMailbox, false) })
                {
                    var p = $"Intake:Centres:{i}:";
                    settings[p + "Code"] = code;
                    settings[p + "EmailSenders:0:Address"] = Fisher.ToUpperInvariant(); // compared without case
                    settings[p + "EmailSenders:0:Label"] = "Fishing cooperative (e-mail)";
                    settings[p + "Mailbox:Host"] = Host;
                    settings[p + "Mailbox:ImapPort"] = ImapPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    settings[p + "Mailbox:SmtpPort"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    settings[p + "Mailbox:UseTls"] = "false";
                    settings[p + "Mailbox:UserName"] = mailbox;
                    settings[p + "Mailbox:Password"] = Password;
                    settings[p + "Mailbox:ReplyFrom"] = mailbox;
                    settings[p + "Mailbox:TrustedAuthServId"] = AuthServId;
                    settings[p + "Mailbox:UseIdle"] = idle ? "true" : "false";
                }
                return settings;
            }
        }
    }

    private static MimeMessage Mail(string from, string to, string subject, string text, string? authenticationResults, string? messageId = null)
    {
        var m = new MimeMessage();
        m.From.Add(MailboxAddress.Parse(from));
        m.To.Add(MailboxAddress.Parse(to));
        m.Subject = subject;
        m.MessageId = messageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId("sender.mcoord.test");
        if (authenticationResults is not null) m.Headers.Add(HeaderId.AuthenticationResults, authenticationResults);
        m.Body = new TextPart("plain") { Text = text };
        return m;
    }

    private static string Pass(string from) => $"{AuthServId}; spf=pass smtp.mailfrom={from.Split('@')[1]}; dkim=pass header.d={from.Split('@')[1]}; dmarc=pass header.from={from.Split('@')[1]}";

    private static async Task SendAsync(MimeMessage message)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(Host, SmtpPort, SecureSocketOptions.None);
        await smtp.SendAsync(message);
        await smtp.DisconnectAsync(true);
    }

    /// <summary>Waits on IMAP IDLE (re-checking every few seconds) for a message in a mailbox.</summary>
    private static async Task<MimeMessage> WaitForMailAsync(string user, Func<MimeMessage, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var imap = new ImapClient();
        await imap.ConnectAsync(Host, ImapPort, SecureSocketOptions.None, cts.Token);
        await imap.AuthenticateAsync(user, Password, cts.Token);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, cts.Token);
        while (true)
        {
            for (var i = 0; i < imap.Inbox.Count; i++)
                if (await imap.Inbox.GetMessageAsync(i, cts.Token) is var m && match(m)) return m;
            using var done = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
            done.CancelAfter(TimeSpan.FromSeconds(3));
            void Changed(object? s, EventArgs e) => done.Cancel();
            imap.Inbox.CountChanged += Changed;
            try { await imap.IdleAsync(done.Token, cts.Token); }
            finally { imap.Inbox.CountChanged -= Changed; }
        }
    }

    private async Task<(HubConnection Hub, Func<string, Task<JsonElement>> Wait)> WatchAsync()
    {
        var hub = app.HubAs(MaritimeRoles.Operator, Idn);
        var waiting = new System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource<JsonElement>>();
        TaskCompletionSource<JsonElement> For(string marker) => waiting.GetOrAdd(marker, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        hub.On<JsonElement>("sightingLogged", e =>
        {
            var id = e.GetProperty("sightingId").GetGuid();
            var notes = app.WithDbAsync(db => Task.FromResult(db.Sightings.Where(s => s.Id == id).Select(s => s.Notes).FirstOrDefault())).Result ?? "";
            foreach (var marker in waiting.Keys.Where(k => notes.Contains(k, StringComparison.Ordinal))) For(marker).TrySetResult(e);
        });
        await hub.StartAsync();
        return (hub, async marker =>
        {
            try { return await For(marker).Task.WaitAsync(TimeSpan.FromSeconds(90)); }
            catch (TimeoutException) { throw new TimeoutException($"No sightingLogged for {marker} within 90 s.\n{MailServerState()}"); }
        });
    }

    /// <summary>
    /// What a failure needs to say when the mail never arrived: whether Postfix and Dovecot answer, and the end of
    /// their logs (ops/services.sh writes them under its state directory).
    /// </summary>
    private static string MailServerState()
    {
        var state = Environment.GetEnvironmentVariable("MCOORD_STATE_DIR");
        var text = new System.Text.StringBuilder();
        foreach (var (name, port) in new[] { ("SMTP", SmtpPort), ("IMAP", ImapPort), ("LMTP", 2424) })
        {
            using var probe = new System.Net.Sockets.TcpClient();
            bool open;
            try { open = probe.ConnectAsync(Host, port).Wait(TimeSpan.FromSeconds(2)); }
            catch (AggregateException) { open = false; }
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{name} {Host}:{port} {(open ? "answers" : "does not answer")}");
        }
        if (state is null) return text.Append("MCOORD_STATE_DIR is not set (ops/test.sh sets it): mail server logs not read.").ToString();
        foreach (var log in new[] { "postfix.log", "dovecot.log" })
        {
            var path = Path.Combine(state, log);
            text.AppendLine($"--- last lines of {path}:");
            if (File.Exists(path)) foreach (var line in File.ReadLines(path).TakeLast(15)) text.AppendLine(line);
        }
        return text.ToString();
    }

    [Fact]
    public async Task A_messenger_mail_from_an_allowed_sender_appears_on_the_operators_hub_and_the_sender_gets_the_reference()
    {
        var (hub, wait) = await WatchAsync();
        await using var _ = hub;
        var marker = $"m{Guid.NewGuid():N}";
        var pending = wait(marker);
        var sent = Stopwatch.StartNew();

        await SendAsync(Mail(app.Fisher, app.IdleMailbox, "Iridium GO check-in",
            $"I am here Lat-10.200000 Lon+110.300000 Alt+0 ft GPS Sats seen 08 http://map.iridium.com/m?lat=-10.200000&lon=110.300000 " +
            $"blue wooden boat 40 people {marker} Sent via Iridium GO", Pass(app.Fisher)));
        var logged = await pending;
        output.WriteLine($"IDLE: delivered → hub sightingLogged in {sent.Elapsed.TotalSeconds:0.00} s");

        Assert.Equal(-10.2, logged.GetProperty("latitude").GetDouble(), 6);
        Assert.Equal(40, logged.GetProperty("personsOnBoard").GetInt32());
        var reference = logged.GetProperty("incidentReference").GetString()!;
        var reply = await WaitForMailAsync(app.Fisher, m => m.TextBody?.Contains(reference, StringComparison.Ordinal) == true, TimeSpan.FromSeconds(60));
        Assert.StartsWith("Re: Iridium GO check-in", reply.Subject, StringComparison.Ordinal);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM intake_messages WHERE channel = 'email' AND body LIKE '%{marker}%' AND authentication_results = 'spf=pass dkim=pass dmarc=pass'"));
    }

    [Fact]
    public async Task Strangers_failed_or_forged_authentication_and_a_redelivered_mail_create_nothing()
    {
        var (hub, wait) = await WatchAsync();
        await using var _ = hub;
        var run = Guid.NewGuid().ToString("N")[..8];
        var metrics = app.Services.GetRequiredService<IntakeMetrics>();
        var refusedBefore = metrics.RefusedTotal;
        const string position = "S 10 12.0 E 110 18.0 POB 40";

        await SendAsync(Mail(app.Stranger, app.IdleMailbox, "help", $"{position} stranger-{run}", Pass(app.Stranger)));
        await SendAsync(Mail(app.Fisher, app.IdleMailbox, "help", $"{position} dmarcfail-{run}", $"{AuthServId}; spf=pass; dkim=fail; dmarc=fail"));
        await SendAsync(Mail(app.Fisher, app.IdleMailbox, "help", $"{position} forged-{run}", "evil.example; spf=pass; dkim=pass; dmarc=pass"));
        await SendAsync(Mail(app.Fisher, app.IdleMailbox, "help", $"{position} noauth-{run}", null));
        var id = MimeKit.Utils.MimeUtils.GenerateMessageId("sender.mcoord.test");
        var once = wait($"once-{run}");
        await SendAsync(Mail(app.Fisher, app.IdleMailbox, "help", $"{position} once-{run}", Pass(app.Fisher), id));
        await once;
        await SendAsync(Mail(app.Fisher, app.IdleMailbox, "help", $"{position} once-{run}", Pass(app.Fisher), id));
        // Mail is read in arrival order: when this one is on the hub, every message above has been dealt with.
        var barrier = wait($"barrier-{run}");
        await SendAsync(Mail(app.Fisher, app.IdleMailbox, "help", $"{position} barrier-{run}", Pass(app.Fisher)));
        await barrier;

        foreach (var refused in new[] { "stranger", "dmarcfail", "forged", "noauth" })
            Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM sightings WHERE notes LIKE '%{refused}-{run}%'"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM intake_messages WHERE body LIKE '%-{run}%' AND body NOT LIKE '%once-{run}%' AND body NOT LIKE '%barrier-{run}%'"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM sightings WHERE notes LIKE '%once-{run}%'"));
        Assert.True(metrics.RefusedTotal - refusedBefore >= 4, $"refused {metrics.RefusedTotal - refusedBefore}");
    }

    [Fact]
    public async Task Figure_delivery_to_hub_latency_with_idle_and_with_default_polling()
    {
        var (hub, wait) = await WatchAsync();
        await using var _ = hub;
        foreach (var (mode, mailbox) in new[] { ("IDLE", app.IdleMailbox), ("polling (10 s default)", app.PollMailbox) })
        {
            var seconds = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                var marker = $"f{Guid.NewGuid():N}";
                var pending = wait(marker);
                var sent = Stopwatch.StartNew();
                await SendAsync(Mail(app.Fisher, mailbox, "position", $"S 10 12.0 E 110 18.0 POB 5 {marker}", Pass(app.Fisher)));
                await pending;
                seconds.Add(sent.Elapsed.TotalSeconds);
            }
            output.WriteLine($"{mode}: SMTP accepted → hub sightingLogged {string.Join(", ", seconds.Select(s => s.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))} s");
            Assert.All(seconds, s => Assert.True(s <= 30, $"{mode} {s:0.0} s"));
        }
    }
}
