using System.Security.Claims;
using System.Text;
using System.Text.Json;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Domain.Sightings;
using MaritimeCoord.Domain.Sitreps;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.Entities;
using MaritimeCoord.Contracts.Incidents;
using MaritimeCoord.Server.Infrastructure;
using MaritimeCoord.Server.Outbox;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Features.Incidents;

/// <summary>The free-text fields of a SITREP hold at most <see cref="MaxFreeTextLength"/> characters each (a telex-era form: a few lines).</summary>
public sealed record IssueSitrepRequest(string? Form, bool? Final,
    [property: TextLimit(IssueSitrepRequest.MaxFreeTextLength)] string? Weather,
    [property: TextLimit(IssueSitrepRequest.MaxFreeTextLength)] string? SearchArea,
    [property: TextLimit(IssueSitrepRequest.MaxFreeTextLength)] string? CoordinatingInstructions,
    [property: TextLimit(IssueSitrepRequest.MaxFreeTextLength)] string? FuturePlans,
    [property: TextLimit(IssueSitrepRequest.MaxFreeTextLength)] string? AdditionalInformation,
    [property: TextLimit(IssueSitrepRequest.MaxFreeTextLength)] string? AssistanceRequired)
{
    public const int MaxFreeTextLength = 2000;
}

/// <summary>
/// IAMSAR SITREPs from the incident's own data. <c>GET …/sitrep</c> drafts the next one (not numbered until issued);
/// <c>POST …/sitreps</c> issues it with the next number of the incident (a unique index makes numbers never repeat);
/// <c>GET …/sitreps/{n}</c> returns an issued one as text (text/plain) or JSON. Counts only, never persons.
/// </summary>
public static class SitrepEndpoints
{
    public static async Task<IResult> DraftAsync(Guid id, ClaimsPrincipal user, MaritimeDbContext db, TimeProvider clock, IOptions<JsonOptions> json,
        CancellationToken ct, string? form = null, string? format = null)
    {
        if (!TryForm(form, out var sitrepForm)) return Problems.Field("form", "form must be short or full.");
        if (format is not (null or "json" or "text")) return Problems.Field("format", "format must be json or text.");
        var incident = await db.Incidents.AsNoTracking().VisibleTo(user, db).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null) return TypedResults.NotFound();
        var sitrep = SitrepBuilder.Build(await InputAsync(db, incident, incident.LastSitrepNumber + 1, clock.GetUtcNow(), null, ct), sitrepForm);
        return Render(sitrep, format, json.Value.SerializerOptions);
    }

    public static async Task<Results<Created<Sitrep>, ValidationProblem, NotFound, RefusedProblem>> IssueAsync(Guid id, IssueSitrepRequest request, IOptions<JsonOptions> json,
        [AsParameters] IncidentCommandServices services)
    {
        var (user, db, outbox, clock, ct) = services;
        if (!TryForm(request.Form, out var sitrepForm)) return Problems.Field("form", "form must be short or full.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var incident = await db.Incidents.FromSql($"SELECT *, xmin FROM incidents WHERE id = {id} FOR UPDATE").VisibleTo(user, db).FirstOrDefaultAsync(ct);
        if (incident is null) return TypedResults.NotFound();
        if (!user.MayCoordinate(incident))
            return Problems.Refused(new Refusal(RefusalCode.NotCoordinatingCentre, $"Only the coordinating centre ({incident.CoordinatingCentreCode}) issues SITREPs."));

        var now = clock.GetUtcNow();
        var number = Sitrep.NextNumber(incident.LastSitrepNumber);
        var sitrep = SitrepBuilder.Build(await InputAsync(db, incident, number, now, request, ct), sitrepForm);
        incident.LastSitrepNumber = number;
        db.Sitreps.Add(new SitrepRecord
        {
            IncidentId = id, Number = number, IssuedAt = now, IssuedBy = user.Subject(), Form = sitrepForm.ToString(), Final = sitrep.Final,
            Text = sitrep.Text, Payload = JsonSerializer.Serialize(sitrep, json.Value.SerializerOptions),
        });
        db.IncidentTimeline.Add(ChangeIncident.Entry(incident, user, TimelineKinds.SitrepIssued,
            $"SITREP {number} ({(sitrepForm == SitrepForm.FullForm ? "full" : "short")} form{(sitrep.Final ? ", final" : "")}) issued.", now));
        outbox.Add(new SitrepIssued(id, incident.Reference, number, sitrepForm == SitrepForm.FullForm ? "full" : "short", sitrep.Final,
            user.DisplayName(), incident.CoordinatingCentreCode, [incident.CoordinatingCentreCode], now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/incidents/{id}/sitreps/{number}", sitrep);
    }

    public static async Task<IResult> GetAsync(Guid id, int number, ClaimsPrincipal user, MaritimeDbContext db, CancellationToken ct, string? format = null)
    {
        if (!await db.Incidents.AsNoTracking().VisibleTo(user, db).AnyAsync(i => i.Id == id, ct)) return TypedResults.NotFound();
        var record = await db.Sitreps.AsNoTracking().FirstOrDefaultAsync(s => s.IncidentId == id && s.Number == number, ct);
        if (record is null) return TypedResults.NotFound();
        return format == "text"
            ? TypedResults.Text(record.Text, "text/plain", Encoding.UTF8)
            : TypedResults.Text(record.Payload, "application/json", Encoding.UTF8);
    }

    private static IResult Render(Sitrep sitrep, string? format, JsonSerializerOptions options) =>
        format == "text" ? TypedResults.Text(sitrep.Text, "text/plain", Encoding.UTF8) : TypedResults.Json(sitrep, options);

    private static bool TryForm(string? text, out SitrepForm form)
    {
        form = text?.Trim().ToLowerInvariant() switch
        {
            null or "" or "short" => SitrepForm.ShortForm,
            "full" => SitrepForm.FullForm,
            _ => (SitrepForm)(-1),
        };
        return Enum.IsDefined(form);
    }

    private static async Task<SitrepInput> InputAsync(MaritimeDbContext db, Incident incident, int number, DateTimeOffset now,
        IssueSitrepRequest? extra, CancellationToken ct)
    {
        var latest = await db.Sightings.AsNoTracking().Where(s => s.IncidentId == incident.Id).OrderByDescending(s => s.ObservedAt).ThenByDescending(s => s.Id).FirstOrDefaultAsync(ct);
        var centreName = await db.RescueCentres.Where(c => c.Code == incident.CoordinatingCentreCode).Select(c => c.Name).FirstOrDefaultAsync(ct);
        var taskings = await db.IncidentTaskings.AsNoTracking().Where(t => t.IncidentId == incident.Id && t.ReleasedAt == null)
            .Join(db.ResponseAssets, t => t.AssetCode, a => a.Code, (t, a) => new { a.Name, a.Type, t.TaskedAt, t.EstimatedArrival }).ToListAsync(ct);
        var highlights = await db.IncidentTimeline.AsNoTracking().Where(t => t.IncidentId == incident.Id && t.Kind != TimelineKinds.SightingAttached && t.Kind != TimelineKinds.PossiblySame)
            .OrderByDescending(t => t.Id).Take(5).Select(t => new SitrepTimelineEntry(t.At, t.Summary)).ToListAsync(ct);
        var condition = BoatConditions.TryParse(latest?.Condition, out var parsed) ? parsed : BoatCondition.Unknown;
        return new SitrepInput
        {
            IncidentReference = incident.Reference,
            Number = number,
            Time = now,
            FromCentre = incident.CoordinatingCentreCode,
            Final = extra?.Final ?? false,
            CasualtyIdentity = latest is null ? null : $"Unnamed boat: {latest.BoatDescription}",
            // A, B, C and G come from one sighting (the latest), D from the incident's own estimate: never one boat's
            // description beside another's position (issue 15 item 2).
            Position = latest is null ? new GeoPosition(incident.LastPosition.Y, incident.LastPosition.X) : new GeoPosition(latest.Position.Y, latest.Position.X),
            PositionTime = latest?.ObservedAt ?? incident.LastSightingAt,
            PositionSource = latest is null ? null : $"sighting reported by {latest.Reporter}",
            Phase = incident.Phase,
            Outcome = IncidentOutcomes.TryParse(incident.Outcome, out var outcome) ? outcome : null,
            Condition = condition,
            Situation = incident.IsStale ? "No recent sighting (stale)." : null,
            PersonsOnBoard = IncidentDetails.PersonsOnBoardOf(incident),
            AssistanceRequired = extra?.AssistanceRequired,
            CoordinatingCentre = incident.CoordinatingCentreCode,
            CoordinatingCentreName = centreName,
            Description = latest?.BoatDescription,
            Weather = extra?.Weather ?? await Search.SearchSitrep.WeatherAsync(db, incident.Id, now, ct),
            RespondersTasked = taskings.Select(t => new SitrepResponder(t.Name, t.Type, t.TaskedAt, t.EstimatedArrival)).ToList(),
            TimelineHighlights = highlights.OrderBy(h => h.At).ToList(),
            SearchArea = extra?.SearchArea ?? await Search.SearchSitrep.SearchAreaAsync(db, incident.Id, ct),
            CoordinatingInstructions = extra?.CoordinatingInstructions,
            FuturePlans = extra?.FuturePlans,
            AdditionalInformation = extra?.AdditionalInformation,
        };
    }
}
