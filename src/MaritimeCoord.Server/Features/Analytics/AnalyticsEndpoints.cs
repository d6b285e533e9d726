using System.Globalization;
using System.Text;
using MaritimeCoord.Persistence.Analytics;
using MaritimeCoord.Server.Infrastructure;
using Npgsql;

namespace MaritimeCoord.Server.Features.Analytics;

/// <summary>
/// <c>GET /api/analytics/incidents?from=YYYY-MM&amp;to=YYYY-MM[&amp;region=CODE][&amp;format=json|csv]</c> for analysts and
/// admins: per SAR region and month, incidents by phase and outcome, persons on board, minutes from first sighting to
/// first responder tasked and to rescue (docs/analytics.md). Counts only: no person, no incident identity.
/// </summary>
public static class AnalyticsEndpoints
{
    public const string DataSourceKey = "analytics";
    public const int MaxMonths = 120;

    public static WebApplicationBuilder AddAnalytics(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.MaritimeConnectionString();
        builder.Services.AddKeyedSingleton(DataSourceKey, (_, _) => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton(sp => new IncidentAnalyticsQuery(sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey)));
        return builder;
    }

    public static WebApplication MapAnalytics(this WebApplication app)
    {
        app.MapGet("/api/analytics/incidents", IncidentsAsync).WithTags("Analytics").RequireAuthorization(Policies.Analytics)
            .Produces<List<MaritimeCoord.Persistence.Analytics.RegionMonthStatistics>>(StatusCodes.Status200OK, "application/json")
            .ProducesText(StatusCodes.Status200OK, "text/csv").ProducesProblems(StatusCodes.Status400BadRequest);
        return app;
    }

    public static async Task<IResult> IncidentsAsync(IncidentAnalyticsQuery query, CancellationToken ct,
        string? from = null, string? to = null, string? region = null, string? format = null)
    {
        if (!TryMonth(from, out var fromMonth)) return Problems.Field("from", "from is a month, YYYY-MM.");
        if (!TryMonth(to, out var toMonth)) return Problems.Field("to", "to is a month, YYYY-MM (inclusive).");
        if (toMonth < fromMonth) return Problems.Field("to", "to is not before from.");
        if ((toMonth.Year - fromMonth.Year) * 12 + toMonth.Month - fromMonth.Month >= MaxMonths)
            return Problems.Field("to", $"At most {MaxMonths} months at once.");
        if (region is not null && (region.Length is 0 or > 40)) return Problems.Field("region", "region is a SAR region code.");
        if (format is not (null or "json" or "csv")) return Problems.Field("format", "format is json or csv.");

        var rows = await query.RunAsync(fromMonth, toMonth, region, ct);
        return format == "csv"
            ? TypedResults.Text(ToCsv(rows), "text/csv; charset=utf-8", Encoding.UTF8)
            : TypedResults.Ok(rows);
    }

    private static bool TryMonth(string? text, out DateOnly month) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out month);

    public static readonly string[] CsvColumns =
    [
        "sar_region", "month", "incidents", "uncertainty", "alert", "distress", "resolved", "closed",
        "rescued", "disembarked", "false_alarm", "lost", "no_outcome",
        "persons_on_board", "incidents_with_persons_on_board", "minors", "medical_cases", "deceased",
        "incidents_tasked", "mean_minutes_to_first_tasking", "median_minutes_to_first_tasking",
        "incidents_rescued", "mean_minutes_to_rescue", "median_minutes_to_rescue",
    ];

    /// <summary>RFC 4180; numbers in invariant culture; an empty cell where no incident had the time measured.</summary>
    public static string ToCsv(IEnumerable<RegionMonthStatistics> rows)
    {
        var csv = new StringBuilder().Append(string.Join(',', CsvColumns)).Append("\r\n");
        foreach (var s in rows)
        {
            object?[] cells =
            [
                s.SarRegion, s.Month, s.Incidents, s.Uncertainty, s.Alert, s.Distress, s.Resolved, s.Closed,
                s.Rescued, s.Disembarked, s.FalseAlarm, s.Lost, s.NoOutcome,
                s.PersonsOnBoard, s.IncidentsWithPersonsOnBoard, s.Minors, s.MedicalCases, s.Deceased,
                s.IncidentsTasked, s.MeanMinutesToFirstTasking, s.MedianMinutesToFirstTasking,
                s.IncidentsRescued, s.MeanMinutesToRescue, s.MedianMinutesToRescue,
            ];
            csv.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        string text => text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text,
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
