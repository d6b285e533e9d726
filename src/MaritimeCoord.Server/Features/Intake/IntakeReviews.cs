using System.Security.Claims;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Domain.Intake;
using MaritimeCoord.Domain.Sightings;
using MaritimeCoord.Contracts.Intake;
using MaritimeCoord.Persistence;
using MaritimeCoord.Server.Outbox;
using MaritimeCoord.Server.Features.Sightings;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaritimeCoord.Server.Features.Intake;

public sealed record IntakeReviewDto(Guid Id, string Reference, string Channel, string CentreCode, string Sender, DateTimeOffset ReceivedAt,
    string Body, string[] Reasons, string[] Notes, string Status);

/// <summary>Resolve: the operator's reading of the report (a position is required; the rest defaults to what the parser found).</summary>
public sealed record ResolveReviewRequest(double? Latitude, double? Longitude, string? PositionText, int? PersonsOnBoard,
    [property: TextLimit(SightingValidation.MaxDescriptionLength)] string? BoatDescription, string? Condition, string? ObservedAt);

public sealed record DiscardReviewRequest([property: TextLimit(1000)] string? Reason);

/// <summary>
/// Reports held for review, shown to the receiving centre's operators with the original text (admins see all). The
/// text can hold personal data; it is visible to the same people as the sighting it would become.
/// </summary>
/// <summary>What the review commands take besides the route value and body, bound with <c>[AsParameters]</c>: the caller,
/// the unit of work, the outbox that joins it, the clock and the request's abort token.</summary>
public readonly record struct IntakeReviewServices(
    ClaimsPrincipal User, MaritimeDbContext Db, OutboxWriter Outbox, TimeProvider Clock, CancellationToken Ct);

public static class IntakeReviews
{
    public static async Task<Ok<List<IntakeReviewDto>>> ListAsync(ClaimsPrincipal user, MaritimeDbContext db, CancellationToken ct)
    {
        var admin = user.IsInRole(MaritimeRoles.Admin);
        var centre = user.CentreCode() ?? "";
        var rows = await db.Database.SqlQuery<ReviewRow>($"""
            SELECT id, channel, centre_code, sender, received_at, body, reasons, notes, status FROM intake_messages
            WHERE status = 'review' AND ({admin} OR centre_code = {centre})
            ORDER BY received_at DESC LIMIT 200
            """).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => r.ToDto()).ToList());
    }

    public static async Task<Results<Ok<SightingResponse>, ValidationProblem, NotFound, ConflictProblem>> ResolveAsync(Guid id, ResolveReviewRequest body, LogSightingHandler handler, SightingRules rules,
        [AsParameters] IntakeReviewServices services)
    {
        var (user, db, outbox, clock, ct) = services;
        if (await FindAsync(id, user, db, ct) is not { } row) return TypedResults.NotFound();
        if (row.Status != IntakeStatuses.Review) return Problems.Field<ConflictProblem>("status", $"This report is already {row.Status}.");
        var parsed = ReportParser.Parse(row.Body);
        DateTimeOffset? observedAt = row.ReceivedAt;
        if (body.ObservedAt is not null)
        {
            if (!LogSightingEndpoint.TryParseInstant(body.ObservedAt, out var t)) return Problems.Field("observedAt", "observedAt must be ISO 8601 with a UTC offset.");
            observedAt = t;
        }
        var hasPosition = body.Latitude is not null || body.Longitude is not null || body.PositionText is not null;
        var (report, errors) = SightingValidation.Validate(new SightingDraft(observedAt,
            hasPosition ? body.Latitude : parsed.Position?.Latitude, hasPosition ? body.Longitude : parsed.Position?.Longitude, body.PositionText,
            body.BoatDescription ?? parsed.BoatDescription ?? $"Not described in the {row.Channel} report", body.PersonsOnBoard ?? parsed.PersonsOnBoard,
            body.Condition ?? parsed.Condition.WireName(), row.Sender, null, IntakeProcessor.Truncate($"{row.Channel} report: {row.Body}")),
            clock.GetUtcNow(), rules);
        if (report is null) return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value), title: "The sighting is not valid.");

        // Logged as the operator who read it, for the centre that received it.
        var actor = new ClaimsPrincipal(new ClaimsIdentity([new System.Security.Claims.Claim("sub", user.Subject()), new System.Security.Claims.Claim(MaritimeClaims.Centre, row.CentreCode)],
            "intake-review", "sub", MaritimeClaims.Role));
        var logged = await handler.LogAsync(report, actor, $"review:{id:N}", row.Id.ToString("N"), ct);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE intake_messages SET status = 'resolved', sighting_id = {logged.Id}, incident_reference = {logged.IncidentReference},
                   resolved_by = {user.Subject()}, resolved_at = {clock.GetUtcNow()}, resolution = 'logged as a sighting'
            WHERE id = {id}
            """, ct);
        await NotifyAsync(row, IntakeStatuses.Resolved, db, outbox, clock, ct);
        return TypedResults.Ok(logged);
    }

    public static async Task<Results<Ok<IntakeReviewDto>, ValidationProblem, NotFound, ConflictProblem>> DiscardAsync(Guid id, DiscardReviewRequest body, [AsParameters] IntakeReviewServices services)
    {
        var (user, db, outbox, clock, ct) = services;
        if (await FindAsync(id, user, db, ct) is not { } row) return TypedResults.NotFound();
        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 1000) return Problems.Field("reason", "reason is required (at most 1000 characters).");
        if (row.Status != IntakeStatuses.Review) return Problems.Field<ConflictProblem>("status", $"This report is already {row.Status}.");
        await db.Database.ExecuteSqlAsync($"""
            UPDATE intake_messages SET status = 'discarded', resolved_by = {user.Subject()}, resolved_at = {clock.GetUtcNow()}, resolution = {body.Reason.Trim()}
            WHERE id = {id}
            """, ct);
        await NotifyAsync(row, IntakeStatuses.Discarded, db, outbox, clock, ct);
        return TypedResults.Ok((row with { Status = IntakeStatuses.Discarded }).ToDto());
    }

    /// <summary>Tells the centre's consoles (after the change committed: a lost notice costs a stale row until the next refetch).</summary>
    private static async Task NotifyAsync(ReviewRow row, string status, MaritimeDbContext db, OutboxWriter outbox, TimeProvider clock,
        CancellationToken ct)
    {
        outbox.Add(new IntakeReviewChanged(row.Id, IntakeOutcome.Reference(row.Id), row.CentreCode, row.Channel, status, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
    }

    private static async Task<ReviewRow?> FindAsync(Guid id, ClaimsPrincipal user, MaritimeDbContext db, CancellationToken ct)
    {
        var row = await db.Database.SqlQuery<ReviewRow>($"""
            SELECT id, channel, centre_code, sender, received_at, body, reasons, notes, status FROM intake_messages WHERE id = {id}
            """).FirstOrDefaultAsync(ct);
        // Another centre's report does not exist for this caller.
        return row is not null && (user.IsInRole(MaritimeRoles.Admin) || row.CentreCode == user.CentreCode()) ? row : null;
    }

    private sealed record ReviewRow(Guid Id, string Channel, string CentreCode, string Sender, DateTimeOffset ReceivedAt, string Body, string[] Reasons,
        string[] Notes, string Status)
    {
        public IntakeReviewDto ToDto() => new(Id, IntakeOutcome.Reference(Id), Channel, CentreCode, Sender, ReceivedAt, Body, Reasons, Notes, Status);
    }
}
