using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Server.Features.Incidents;

/// <summary>
/// A link between two incidents, as the workspace shows it: <c>possibly-same</c> (correlation found the other near but
/// describing another boat; shown while both are open), <c>merged-into</c> (this incident was merged into the other) or
/// <c>merged-from</c> (the other was merged into this one).
/// </summary>
public sealed record IncidentLinkDto(Guid IncidentId, string Reference, string Kind, string Phase, double? DistanceNauticalMiles, string Reason, DateTimeOffset At);

/// <summary>The <c>incident_links</c> table (raw SQL: not in the EF model; migration IncidentCorrelationLinks).</summary>
public static class IncidentLinks
{
    public const string PossiblySame = "possibly-same";
    public const string MergedInto = "merged-into";
    public const string MergedFrom = "merged-from";

    public static Task FlagPossiblySameAsync(MaritimeDbContext db, Guid incidentId, Guid otherId, double distanceMetres, string reason,
        DateTimeOffset at, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO incident_links (incident_id, other_incident_id, kind, distance_metres, reason, created_at)
            VALUES ({incidentId}, {otherId}, {PossiblySame}, {distanceMetres}, {Clip(reason)}, {at})
            ON CONFLICT DO NOTHING
            """, ct);

    /// <summary>Records that <paramref name="mergedId"/> was merged into <paramref name="intoId"/>; the flag between them is settled.</summary>
    public static async Task RecordMergeAsync(MaritimeDbContext db, Guid mergedId, Guid intoId, string reason, DateTimeOffset at, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM incident_links
            WHERE kind = {PossiblySame} AND ((incident_id = {mergedId} AND other_incident_id = {intoId}) OR (incident_id = {intoId} AND other_incident_id = {mergedId}))
            """, ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO incident_links (incident_id, other_incident_id, kind, distance_metres, reason, created_at)
            VALUES ({mergedId}, {intoId}, {MergedInto}, NULL, {Clip(reason)}, {at})
            ON CONFLICT (incident_id, other_incident_id, kind) DO UPDATE SET reason = EXCLUDED.reason, created_at = EXCLUDED.created_at
            """, ct);
    }

    /// <summary>
    /// The links of one incident in both directions, limited to incidents of the same coordinating centre (the only
    /// ones an operator of this incident may merge, and so no other centre's incident is disclosed). A possibly-same
    /// flag is shown while the other incident is open.
    /// </summary>
    public static async Task<List<IncidentLinkDto>> LoadAsync(MaritimeDbContext db, Guid id, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<LinkRow>($"""
            SELECT o.id AS other_id, o.reference, o.phase, l.kind, (l.incident_id = {id}) AS outgoing, l.distance_metres, l.reason, l.created_at
            FROM incident_links l
            JOIN incidents o ON o.id = CASE WHEN l.incident_id = {id} THEN l.other_incident_id ELSE l.incident_id END
            JOIN incidents me ON me.id = {id}
            WHERE (l.incident_id = {id} OR l.other_incident_id = {id}) AND o.coordinating_centre_code = me.coordinating_centre_code
            ORDER BY l.created_at, o.reference
            """).ToListAsync(ct);
        return rows
            .Where(r => r.Kind != PossiblySame || Enum.Parse<IncidentPhase>(r.Phase, true).IsOpen())
            .Select(r => new IncidentLinkDto(r.OtherId, r.Reference, r.Kind == MergedInto && !r.Outgoing ? MergedFrom : r.Kind, r.Phase,
                r.DistanceMetres is { } m ? Math.Round(Distances.MetresToNauticalMiles(m), 1) : null, r.Reason, r.CreatedAt))
            .ToList();
    }

    /// <summary>Open possibly-same flags of many incidents at once (the list's badge): incident → other references.</summary>
    public static async Task<Dictionary<Guid, List<string>>> OpenFlagsAsync(MaritimeDbContext db, Guid[] ids, CancellationToken ct)
    {
        if (ids.Length == 0) return [];
        string[] openPhases = [.. Enum.GetValues<IncidentPhase>().Where(p => p.IsOpen()).Select(p => p.WireName())];
        var rows = await db.Database.SqlQuery<FlagRow>($"""
            SELECT x.id AS incident_id, o.reference
            FROM incident_links l
            CROSS JOIN LATERAL (VALUES (l.incident_id, l.other_incident_id), (l.other_incident_id, l.incident_id)) AS x (id, other)
            JOIN incidents o ON o.id = x.other
            JOIN incidents me ON me.id = x.id
            WHERE l.kind = {PossiblySame} AND x.id = ANY({ids}) AND o.phase = ANY({openPhases})
              AND o.coordinating_centre_code = me.coordinating_centre_code
            """).ToListAsync(ct);
        return rows.GroupBy(r => r.IncidentId).ToDictionary(g => g.Key, g => g.Select(r => r.Reference).Distinct().Order(StringComparer.Ordinal).ToList());
    }

    private static string Clip(string text) => text.Length <= 2000 ? text : text[..2000];

    private sealed record LinkRow(Guid OtherId, string Reference, string Phase, string Kind, bool Outgoing, double? DistanceMetres, string Reason, DateTimeOffset CreatedAt);

    private sealed record FlagRow(Guid IncidentId, string Reference);
}
