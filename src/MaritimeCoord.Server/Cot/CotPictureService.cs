using MaritimeCoord.Domain.Cot;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Domain.Search;
using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Cot;

/// <summary>
/// Reads each centre's picture from PostgreSQL every <see cref="CotOptions.RefreshInterval"/> and publishes what changed
/// (and everything every <see cref="CotOptions.ResendInterval"/>); a marker that left the picture (incident closed,
/// asset released, sighting too old) is withdrawn with a stale time of now. Reading the committed state instead of
/// following bus events means a restart, a missed event or a TAK Server that was away cannot leave the picture wrong for
/// longer than one interval, and the visibility rule is the SQL of <c>IncidentAccess</c>.
/// </summary>
internal sealed class CotPictureService(CotRuntime runtime, IServiceScopeFactory scopes, IOptions<CotOptions> options, TimeProvider clock,
    ILogger<CotPictureService> log) : BackgroundService
{
    private static readonly IncidentPhase[] OpenPhases = [.. Enum.GetValues<IncidentPhase>().Where(p => p.IsOpen())];
    private readonly Dictionary<string, Dictionary<string, Sent>> _sent = new(StringComparer.Ordinal);

    private sealed record Sent(CotEvent Event, string Signature, DateTimeOffset At);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cot = options.Value;
        using var timer = new PeriodicTimer(cot.RefreshInterval, clock);
        do
        {
            foreach (var feed in runtime.Feeds)
            {
                try
                {
                    await RefreshAsync(feed, cot, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    runtime.Counters.Add($"picture.{feed.Centre}.failed");
                    log.LogWarning(e, "CoT {Centre}: reading the picture failed; the next interval tries again", feed.Centre);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task RefreshAsync(CotCentreFeed feed, CotOptions cot, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var events = await ReadPictureAsync(feed.Options, cot, now, ct);
        if (!_sent.TryGetValue(feed.Centre, out var sent)) _sent[feed.Centre] = sent = new(StringComparer.Ordinal);

        foreach (var e in events)
        {
            var signature = Signature(e);
            if (sent.TryGetValue(e.Uid, out var last) && last.Signature == signature && now - last.At < cot.ResendInterval) continue;
            feed.Publish(e);
            sent[e.Uid] = new Sent(e, signature, now);
        }

        var current = events.Select(e => e.Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in sent.Keys.Where(uid => !current.Contains(uid)).ToList())
        {
            feed.Publish(CotPicture.Withdraw(sent[gone].Event, now));
            sent.Remove(gone);
            runtime.Counters.Add($"picture.{feed.Centre}.withdrawn");
        }
    }

    private static string Signature(CotEvent e) => FormattableString.Invariant($"{e.Type}|{e.Latitude:0.######}|{e.Longitude:0.######}|{e.Callsign}|{e.Remarks}")
        + (e.Shape is { } shape ? string.Join(";", shape.Vertices.Select(v => FormattableString.Invariant($"{v.Latitude:0.######},{v.Longitude:0.######}"))) : "");

    private async Task<List<CotEvent>> ReadPictureAsync(CotCentreOptions centre, CotOptions cot, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaritimeDbContext>();
        var code = centre.Centre;
        // IncidentAccess.VisibleTo for an operator of this centre: coordinated here, or offered to / handed over by it.
        var incidentRows = await db.Incidents.AsNoTracking()
            .Where(i => OpenPhases.Contains(i.Phase))
            .Where(i => i.CoordinatingCentreCode == code
                        || db.HandoverOffers.Any(h => h.IncidentId == i.Id && (h.ToCentreCode == code || h.FromCentreCode == code)))
            .OrderBy(i => i.OpenedAt)
            .Select(i => new { i.Id, i.Reference, i.Phase, i.LastPosition, i.LastSightingAt, i.PersonsOnBoardEstimate, i.CoordinatingCentreCode })
            .Take(2_000)
            .ToListAsync(ct);
        // Coordinates are taken from the points here: ST_X/ST_Y do not accept the geography columns.
        var incidents = incidentRows.Select(i => new CotIncident(i.Id, i.Reference, i.Phase, i.LastPosition.Y, i.LastPosition.X, i.LastSightingAt,
            i.PersonsOnBoardEstimate, i.CoordinatingCentreCode)).ToList();
        var ids = incidents.Select(i => i.Id).ToList();
        var events = new List<CotEvent>();
        if (centre.ShareIncidents) events.AddRange(incidents.Select(i => CotPicture.Incident(i, now, cot.StaleAfter)));

        if (centre.ShareSightings && ids.Count > 0)
        {
            var since = now - cot.SightingsWithin;
            var sightings = await db.Sightings.AsNoTracking()
                .Where(s => ids.Contains(s.IncidentId) && s.ObservedAt >= since)
                .OrderByDescending(s => s.ObservedAt).Take(2_000)
                .Select(s => new { s.Id, s.Incident!.Reference, s.ObservedAt, s.Position, s.BoatDescription, s.PersonsOnBoard, s.Condition, s.PositionUncertaintyNm })
                .ToListAsync(ct);
            events.AddRange(sightings.Select(s => CotPicture.Sighting(new CotSighting(s.Id, s.Reference, s.ObservedAt, s.Position.Y, s.Position.X,
                s.BoatDescription, s.PersonsOnBoard, s.Condition, s.PositionUncertaintyNm), now, cot.StaleAfter)));
        }

        if (centre.ShareTaskedAssets && ids.Count > 0)
        {
            var assets = await (from t in db.IncidentTaskings.AsNoTracking()
                                join a in db.ResponseAssets.AsNoTracking() on t.AssetCode equals a.Code
                                join i in db.Incidents.AsNoTracking() on t.IncidentId equals i.Id
                                where t.ReleasedAt == null && ids.Contains(t.IncidentId)
                                select new { a.Code, a.Name, a.Type, a.Position, a.PositionAt, i.Reference })
                .Take(2_000).ToListAsync(ct);
            events.AddRange(assets.Select(a => CotPicture.Asset(new CotAsset(a.Code, a.Name, a.Type, a.Position.Y, a.Position.X, a.PositionAt, a.Reference),
                now, cot.StaleAfter)));
        }
        if (centre.ShareSearchPlans && ids.Count > 0)
        {
            var idArray = ids.ToArray();
            // Issued plans only (a proposal is not yet an order); an assignment the planner found no room for has no area.
            var areas = await db.Database.SqlQuery<SearchAreaRow>($"""
                SELECT p.incident_id, i.reference, p.number, p.start_at, p.grid_centre_latitude, p.grid_centre_longitude,
                       a.asset_code, coalesce(r.name, a.asset_code) AS asset_name, a.pattern, a.track_spacing_metres,
                       a.centre_x, a.centre_y, a.length_metres, a.width_metres, a.orientation_degrees
                FROM search_plans p
                JOIN incidents i ON i.id = p.incident_id
                JOIN search_plan_assignments a ON a.incident_id = p.incident_id AND a.number = p.number
                LEFT JOIN response_assets r ON r.code = a.asset_code
                WHERE p.status = 'issued' AND p.incident_id = ANY({idArray}) AND a.centre_x IS NOT NULL
                ORDER BY p.issued_at, a.ordinal
                LIMIT 2000
                """).ToListAsync(ct);
            events.AddRange(areas.Select(a => CotPicture.SearchPlanArea(new CotSearchArea(a.IncidentId, a.Reference, a.Number, a.StartAt,
                a.GridCentreLatitude, a.GridCentreLongitude, new SearchArea(a.CentreX!.Value, a.CentreY!.Value, a.LengthMetres!.Value, a.WidthMetres!.Value,
                    a.OrientationDegrees ?? 0), a.AssetCode, a.AssetName, a.Pattern, a.TrackSpacingMetres), now, cot.StaleAfter)));
        }
        return events;
    }

    private sealed record SearchAreaRow(Guid IncidentId, string Reference, int Number, DateTimeOffset StartAt, double GridCentreLatitude,
        double GridCentreLongitude, string AssetCode, string AssetName, string Pattern, double? TrackSpacingMetres, double? CentreX, double? CentreY,
        double? LengthMetres, double? WidthMetres, double? OrientationDegrees);
}
