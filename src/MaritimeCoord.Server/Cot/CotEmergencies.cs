using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.Cot;
using MaritimeCoord.Domain.Sightings;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Entities;
using MaritimeCoord.Server.Features.Sightings;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MaritimeCoord.Server.Cot;

/// <summary>An emergency (or its cancellation) from a mapped unit of a centre.</summary>
internal sealed record CotEmergency(string Centre, string Callsign, string AssetCode, CotEvent Event, bool Cancel);

/// <summary>
/// Turns a field unit's emergency into a sighting through the same handler as the web form (validation, jurisdiction,
/// correlation, outbox, live push), attributed to the unit and flagged for the operator on the incident's timeline.
/// Idempotent by the event uid: TAK clients repeat an active alert with the same uid, and each repeat finds the sighting
/// it made (the uid is the idempotency key of the centre's CoT subject). A cancellation is noted on that incident's
/// timeline; the sighting stays (it happened). A bounded queue: a flood of alerts waits here, never in memory unbounded.
/// </summary>
public sealed class CotEmergencies(IServiceScopeFactory scopes, SightingRules rules, CotCounters counters, TimeProvider clock,
    ILogger<CotEmergencies> log) : BackgroundService
{
    public const string FieldEmergencyKind = "field-emergency";
    private readonly Channel<CotEmergency> _queue = Channel.CreateBounded<CotEmergency>(new BoundedChannelOptions(256)
    {
        FullMode = BoundedChannelFullMode.Wait, SingleReader = true,
    });

    public static string Subject(string centre) => $"cot:{centre}";

    /// <summary>Waits while the queue is full: the unit's connection stops being read (back-pressure, nothing lost).</summary>
    internal ValueTask EnqueueAsync(CotEmergency emergency, CancellationToken ct) => _queue.Writer.WriteAsync(emergency, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var emergency in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await HandleAsync(emergency, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                counters.Add(CotCounters.In(emergency.Centre, "emergency-failed"));
                log.LogError(e, "CoT {Centre}: an emergency from a unit could not be stored", emergency.Centre);
            }
        }
    }

    internal async Task HandleAsync(CotEmergency emergency, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<MaritimeDbContext>();
        var subject = Subject(emergency.Centre);
        var key = IdempotencyKey(emergency.Event.Uid);
        var e = emergency.Event;

        if (emergency.Cancel)
        {
            var sighting = await db.Sightings.AsNoTracking().FirstOrDefaultAsync(s => s.ReportedBy == subject && s.IdempotencyKey == key, ct);
            if (sighting is null)
            {
                counters.Add(CotCounters.In(emergency.Centre, "cancel-without-emergency"));
                return;
            }
            db.IncidentTimeline.Add(new IncidentTimelineEntry
            {
                IncidentId = sighting.IncidentId, At = clock.GetUtcNow(), Actor = subject, Kind = FieldEmergencyKind, SightingId = sighting.Id,
                Summary = $"TAK unit {emergency.Callsign} ({emergency.AssetCode}) cancelled its emergency.",
            });
            await db.SaveChangesAsync(ct);
            // Counted once stored, so whoever waits on the counter finds the timeline entry.
            counters.Add(CotCounters.In(emergency.Centre, "emergency-cancelled"));
            return;
        }

        var handler = services.GetRequiredService<LogSightingHandler>();
        if (await handler.FindByIdempotencyKeyAsync(subject, key, ct) is not null)
        {
            counters.Add(CotCounters.In(emergency.Centre, "emergency-repeated"));
            return;
        }

        var now = clock.GetUtcNow();
        // A unit's clock may run a little ahead: never a time in the future.
        var observedAt = e.Time > now ? now : e.Time;
        double? uncertaintyNm = e.CircularError is > 0 and < CotEvent.Unknown ? Math.Min(e.CircularError / 1852.0, 50) : null;
        var kind = e.EmergencyType ?? e.Type;
        var draft = new SightingDraft(observedAt, e.Latitude, e.Longitude, null,
            Truncate($"Emergency ({kind}) raised by TAK unit {emergency.Callsign}", 200), null, "unknown",
            Truncate($"TAK unit {emergency.Callsign} ({emergency.AssetCode})", 200), uncertaintyNm,
            Truncate($"Cursor-on-Target emergency '{kind}' from unit {emergency.Callsign} (asset {emergency.AssetCode}), event uid {e.Uid}. Confirm with the unit.", 1000));
        var (report, errors) = SightingValidation.Validate(draft, now, rules);
        if (report is null)
        {
            counters.Add(CotCounters.In(emergency.Centre, "emergency-invalid"));
            log.LogWarning("CoT {Centre}: an emergency from a unit was refused: {Fields}", emergency.Centre, string.Join(", ", errors.Keys));
            return;
        }

        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("sub", subject), new Claim(MaritimeClaims.Centre, emergency.Centre), new Claim(MaritimeClaims.Role, MaritimeRoles.Liaison)],
            "cot", "sub", MaritimeClaims.Role));
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(e.Uid)));
        SightingResponse logged;
        try
        {
            logged = await handler.LogAsync(report, user, key, fingerprint, ct);
        }
        catch (DbUpdateException x) when (x.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            counters.Add(CotCounters.In(emergency.Centre, "emergency-repeated"));
            return;
        }

        db.IncidentTimeline.Add(new IncidentTimelineEntry
        {
            IncidentId = logged.IncidentId, At = now, Actor = subject, Kind = FieldEmergencyKind, SightingId = logged.Id,
            Summary = string.Create(CultureInfo.InvariantCulture,
                $"Emergency from TAK unit {emergency.Callsign} ({emergency.AssetCode}): a sighting was logged from it. Confirm with the unit."),
        });
        await db.SaveChangesAsync(ct);
        counters.Add(CotCounters.In(emergency.Centre, "emergency-sighting"));
        log.LogWarning("CoT {Centre}: emergency from unit {AssetCode} logged as sighting {SightingId} on {Incident}",
            emergency.Centre, emergency.AssetCode, logged.Id, logged.IncidentReference);
    }

    /// <summary>The uid as the idempotency key (hashed when longer than the column's 128 printable characters).</summary>
    internal static string IdempotencyKey(string uid) =>
        uid.Length <= LogSightingEndpoint.MaxIdempotencyKeyLength && uid.All(c => c is >= (char)0x21 and <= (char)0x7e)
            ? uid
            : "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(uid)));

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
