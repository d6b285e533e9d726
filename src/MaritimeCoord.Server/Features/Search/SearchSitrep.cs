using System.Globalization;
using System.Text;
using System.Text.Json;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Search;
using MaritimeCoord.Persistence;
using MaritimeCoord.Server.Features.Drift;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Server.Features.Search;

/// <summary>
/// SITREP items H (weather on scene) and K (search area) from the incident's drift runs and search plans, for when
/// the operator writes none: H from the latest succeeded run's on-scene forcing (or the forcing file it used) and the
/// latest visibility and sea state an asset reported; K from the latest plan's areas and POS, and the cumulative POS.
/// </summary>
public static class SearchSitrep
{
    public static async Task<string?> WeatherAsync(MaritimeDbContext db, Guid incidentId, DateTimeOffset now, CancellationToken ct)
    {
        var runs = await db.Database.SqlQuery<RunWeatherRow>($"""
            SELECT r.id, r.request::text AS request, f.name AS file_name
            FROM drift_runs r LEFT JOIN forcing_files f ON f.id = r.forcing_file_id
            WHERE r.incident_id = {incidentId} AND r.status = 'succeeded' ORDER BY r.finished_at DESC, r.created_at DESC LIMIT 1
            """).ToListAsync(ct);
        var reported = await db.Database.SqlQuery<ReportedRow>($"""
            SELECT visibility_nm, sea_state, asset_code, recorded_at FROM search_plan_results
            WHERE incident_id = {incidentId} AND (visibility_nm IS NOT NULL OR sea_state IS NOT NULL) ORDER BY recorded_at DESC LIMIT 1
            """).ToListAsync(ct);
        var parts = new List<string>();
        if (runs.Count == 1)
        {
            var run = runs[0];
            DriftRunRequest? request = null;
            try { request = JsonSerializer.Deserialize<DriftRunRequest>(run.Request, JsonSerializerOptions.Web); }
            catch (JsonException) { /* an unreadable stored request leaves the on-scene part out */ }
            var onScene = request?.Forcing?.OnScene;
            var values = onScene?.Series is { Count: > 0 } series
                ? series.Where(o => o.Time is not null && DateTimeOffset.TryParse(o.Time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) && t <= now)
                    .LastOrDefault() ?? series[0]
                : onScene is null ? null : new OnSceneObservationDto(null, onScene.WindSpeed, onScene.WindFrom, onScene.CurrentSpeed, onScene.CurrentTo);
            var measured = new List<string>();
            if (values?.WindSpeed is { } ws)
                measured.Add(Invariant($"wind {ws:0.#} m/s ({ws * 3600 / Distances.MetresPerNauticalMile:0} kn) from {values.WindFrom ?? 0:000}°"));
            if (values?.CurrentSpeed is { } cs)
                measured.Add(Invariant($"current {cs:0.0#} m/s ({cs * 3600 / Distances.MetresPerNauticalMile:0.0} kn) setting {values.CurrentTo ?? 0:000}°"));
            var sources = new List<string>();
            if (measured.Count > 0) sources.Add("on-scene values");
            if (run.FileName is not null) sources.Add($"gridded forcing {run.FileName}");
            sources.Add($"drift run {DriftRunJob.ShortId(run.Id)}");
            parts.Add(measured.Count > 0
                ? $"{string.Join(", ", measured)} ({string.Join("; ", sources)})"
                : $"wind and current from {string.Join("; ", sources)}");
        }
        if (reported.Count == 1)
        {
            var r = reported[0];
            var sea = new List<string>();
            if (r.VisibilityNm is { } v) sea.Add(Invariant($"visibility {v:0.#} NM"));
            if (r.SeaState is { } s) sea.Add($"sea {s}");
            parts.Add($"{string.Join(", ", sea)} (reported by {r.AssetCode} at {Sitreps(r.RecordedAt)})");
        }
        return parts.Count == 0 ? null : string.Join(". ", parts) + ".";
    }

    public static async Task<string?> SearchAreaAsync(MaritimeDbContext db, Guid incidentId, CancellationToken ct)
    {
        var plans = await SearchPlanStore.ComputeAllAsync(db, incidentId, ct);
        if (plans.Count == 0) return null;
        var latest = plans[^1];
        var text = new StringBuilder();
        text.Append(Invariant($"Search plan {latest.Row.Number} ({latest.Row.Status}), start {Sitreps(latest.Row.StartAt)}: "));
        var areas = new List<string>();
        foreach (var a in latest.Evaluation.Assignments)
        {
            var outcome = latest.Evaluation.Outcomes.First(o => o.AssetCode == a.Asset.AssetCode);
            var centre = SearchPlanStore.Position(latest.Prior, a.Area.CentreX, a.Area.CentreY);
            areas.Add(Invariant($"{a.Asset.AssetCode} {Code(a.Pattern)} {a.Area.LengthMetres / Distances.MetresPerNauticalMile:0.0} x {a.Area.WidthMetres / Distances.MetresPerNauticalMile:0.0} NM centred {centre.ToDegreesDecimalMinutes()} axis {a.Area.OrientationDegrees:000}, track spacing {a.TrackSpacingMetres / Distances.MetresPerNauticalMile:0.0#} NM, POS {outcome.ProbabilityOfSuccess:P0}"));
        }
        text.Append(areas.Count == 0 ? "no areas assigned" : string.Join("; ", areas));
        text.Append(Invariant($". Plan POS {latest.Evaluation.ProbabilityOfSuccess:P0}"));
        if (latest.Update is { } update) text.Append(Invariant($", achieved {update.ProbabilityOfSuccess:P0}"));
        text.Append(Invariant($". Cumulative POS {latest.Cumulative:P0} after {plans.Count} plan{(plans.Count == 1 ? "" : "s")}."));
        return text.ToString();
    }

    private static string Code(SearchPattern pattern) => pattern switch
    {
        SearchPattern.ParallelSweep => "PS",
        SearchPattern.CreepingLine => "CS",
        SearchPattern.ExpandingSquare => "SS",
        SearchPattern.Sector => "VS",
        _ => "TS",
    };

    private static string Sitreps(DateTimeOffset at) => Domain.Sitreps.SitrepBuilder.DateTimeGroup(at);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private sealed record RunWeatherRow(Guid Id, string Request, string? FileName);

    private sealed record ReportedRow(double? VisibilityNm, string? SeaState, string AssetCode, DateTimeOffset RecordedAt);
}
