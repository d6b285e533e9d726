using System.Diagnostics.Metrics;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.Intake;
using MaritimeCoord.Domain.Sightings;
using MaritimeCoord.Contracts.Intake;
using MaritimeCoord.Persistence;
using MaritimeCoord.Server.Outbox;
using MaritimeCoord.Persistence.Geo;
using MaritimeCoord.Server.Features.Sightings;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MaritimeCoord.Server.Features.Intake;

/// <summary>A message from an allow-listed sender, authenticated by its channel.</summary>
public sealed record IntakeMessage(string Channel, string ExternalId, string CentreCode, string SenderLabel, DateTimeOffset? SentAt, string Body,
    string? AuthenticationResults);

/// <summary>What became of a message: a sighting in an incident, or a report held for review.</summary>
public sealed record IntakeOutcome(Guid MessageId, string Status, string? IncidentReference, Guid? SightingId, IReadOnlyList<string> Reasons,
    bool Replayed)
{
    /// <summary>The text the sender gets back (SMS reply body, e-mail reply).</summary>
    public string Reply => Status == IntakeStatuses.Logged || Status == IntakeStatuses.Resolved
        ? $"MaritimeCoord: received, logged in incident {IncidentReference}. Thank you."
        : $"MaritimeCoord: received as report {Reference(MessageId)}, held for an operator to review ({string.Join(", ", Reasons)}).";

    public static string Reference(Guid id) => "R-" + id.ToString("N")[^8..].ToUpperInvariant();
}

public static class IntakeStatuses
{
    public const string Logged = "logged";
    public const string Review = "review";
    public const string Resolved = "resolved";
    public const string Discarded = "discarded";
}

/// <summary>Counters for refused and accepted intake (System.Diagnostics.Metrics "MaritimeCoord.Intake").</summary>
public sealed class IntakeMetrics : IDisposable
{
    private readonly Meter meter = new("MaritimeCoord.Intake");
    private readonly Counter<long> received;
    private readonly Counter<long> refused;
    private long refusedTotal;

    public IntakeMetrics()
    {
        received = meter.CreateCounter<long>("intake.received");
        refused = meter.CreateCounter<long>("intake.refused");
    }

    public long RefusedTotal => Interlocked.Read(ref refusedTotal);

    public void Received(string channel, string status) => received.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("status", status));

    public void Refused(string channel, string reason)
    {
        Interlocked.Increment(ref refusedTotal);
        refused.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("reason", reason));
    }

    public void Dispose() => meter.Dispose();
}

/// <summary>
/// Turns an accepted message into a sighting (through the same handler as POST /api/sightings) or a report held for
/// review; a message already seen (same channel, centre and external id) returns what it became the first time.
/// </summary>
public sealed class IntakeProcessor(MaritimeDbContext db, LogSightingHandler handler, TimeProvider clock, SightingRules rules,
    IntakeMetrics metrics, OutboxWriter outbox, ILogger<IntakeProcessor> log)
{
    public async Task<IntakeOutcome> ProcessAsync(IntakeMessage message, CancellationToken ct)
    {
        if (await FindAsync(message, ct) is { } previous) return previous with { Replayed = true };

        var now = clock.GetUtcNow();
        var draft = ReportParser.Parse(message.Body);
        var reasons = draft.Reasons.ToList();
        var notes = draft.Notes.ToList();
        if (draft.Position is { } position && await db.IsOnLandAsync(position, ct))
        {
            reasons.Add(ReviewReasons.PositionOnLand);
            notes.Add($"The position {position} is on land.");
        }

        Guid? sightingId = null;
        string? reference = null;
        if (reasons.Count == 0)
        {
            // The sender's own time when it is plausible; else when we received it.
            var observedAt = message.SentAt is { } sent && sent <= now + rules.MaxClockSkew && now - sent < rules.MaxAge ? sent : now;
            var (report, errors) = SightingValidation.Validate(new SightingDraft(observedAt, draft.Position!.Value.Latitude,
                draft.Position.Value.Longitude, null, draft.BoatDescription ?? $"Not described in the {message.Channel} report",
                draft.PersonsOnBoard, draft.Condition.WireName(), message.SenderLabel, null, Truncate($"{message.Channel} report: {message.Body}")), now, rules);
            if (report is null)
            {
                reasons.Add("invalidReport");
                notes.Add(string.Join(" ", errors.SelectMany(e => e.Value)));
            }
            else
            {
                var response = await LogAsync(report with { PositionText = draft.PositionText }, message, ct);
                sightingId = response.Id;
                reference = response.IncidentReference;
            }
        }

        var id = Guid.CreateVersion7(now);
        var status = reasons.Count == 0 ? IntakeStatuses.Logged : IntakeStatuses.Review;
        // A held report and its live notice to the centre's consoles commit together.
        await using var tx = status == IntakeStatuses.Review ? await db.Database.BeginTransactionAsync(ct) : null;
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO intake_messages (id, channel, external_id, centre_code, sender, received_at, body, authentication_results, status,
                                         reasons, notes, sighting_id, incident_reference)
            VALUES ({id}, {message.Channel}, {message.ExternalId}, {message.CentreCode}, {message.SenderLabel}, {now}, {message.Body},
                    {message.AuthenticationResults}, {status}, {reasons.ToArray()}, {notes.ToArray()}, {sightingId}, {reference})
            ON CONFLICT (channel, centre_code, external_id) DO NOTHING
            """, ct);
        if (tx is not null)
        {
            if (inserted == 1)
            {
                outbox.Add(new IntakeReviewChanged(id, IntakeOutcome.Reference(id), message.CentreCode, message.Channel, status, now));
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        if (inserted == 0 && await FindAsync(message, ct) is { } raced) return raced with { Replayed = true };
        metrics.Received(message.Channel, status);
        // No sender, number, address or text in the log: those are personal data (docs/intake.md § Security).
        log.LogInformation("Intake {Channel} report for {Centre}: {Status} {Reasons}", message.Channel, message.CentreCode, status, string.Join(",", reasons));
        return new IntakeOutcome(id, status, reference, sightingId, reasons, false);
    }

    private async Task<SightingResponse> LogAsync(SightingReport report, IntakeMessage message, CancellationToken ct)
    {
        var user = Principal(message.Channel, message.CentreCode);
        // The idempotency key makes the sighting itself unique per message even if two deliveries race past FindAsync.
        var key = $"{message.Channel}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(message.ExternalId)))[..40]}";
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(message.Body)));
        try
        {
            return await handler.LogAsync(report, user, key, fingerprint, ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            var winner = await handler.FindByIdempotencyKeyAsync(user.Subject(), key, ct) ?? throw new InvalidOperationException("Intake key conflict without a sighting.", e);
            return winner.Response;
        }
    }

    /// <summary>Sightings from a channel are reported by the channel of the receiving centre, e.g. <c>intake:sms:BASARNAS-IDN</c>.</summary>
    public static ClaimsPrincipal Principal(string channel, string centre) => new(new ClaimsIdentity(
        [new Claim("sub", $"intake:{channel}:{centre}"), new Claim(MaritimeClaims.Centre, centre)], "intake", "sub", MaritimeClaims.Role));

    private async Task<IntakeOutcome?> FindAsync(IntakeMessage message, CancellationToken ct)
    {
        var row = await db.Database.SqlQuery<IntakeRow>($"""
            SELECT id, status, incident_reference, sighting_id, reasons FROM intake_messages
            WHERE channel = {message.Channel} AND centre_code = {message.CentreCode} AND external_id = {message.ExternalId}
            """).FirstOrDefaultAsync(ct);
        return row is null ? null : new IntakeOutcome(row.Id, row.Status, row.IncidentReference, row.SightingId, row.Reasons, false);
    }

    internal static string Truncate(string text) => text.Length <= SightingValidation.MaxNotesLength ? text : text[..(SightingValidation.MaxNotesLength - 1)] + "…";

    private sealed record IntakeRow(Guid Id, string Status, string? IncidentReference, Guid? SightingId, string[] Reasons);
}
