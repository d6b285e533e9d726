using MaritimeCoord.Domain.History;
using MaritimeCoord.Persistence.History;

namespace MaritimeCoord.Server.Features.History;

/// <summary>One page of positions in time order, with the cursor of the next page (null on the last one).</summary>
public sealed record HistoryPage(IReadOnlyList<HistoryPositionDto> Items, int Count, string? NextCursor);

public sealed record HistoryPositionDto(int Mmsi, DateTimeOffset ObservedAt, double Longitude, double Latitude, float? SpeedKnots,
    float? CourseDegrees, short? Heading, short? NavigationalStatus, short MessageType)
{
    public static HistoryPositionDto From(HistoryPosition p) =>
        new(p.Mmsi, p.ObservedAt, p.Longitude, p.Latitude, p.SpeedKnots, p.CourseDegrees, p.Heading, p.NavigationalStatus, p.MessageType);
}

/// <summary>Paged JSON: one more row than the page is read, so the last page says so without a count query.</summary>
internal sealed class HistoryPageResult(HistoryQuery query, HistorySelection selection, int limit, HistoryCursor? after) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var items = new List<HistoryPositionDto>(Math.Min(limit, 1024));
        HistoryPosition last = default;
        bool more = false;
        await foreach (var p in query.PositionsAsync(selection, HistoryOrder.ByTime, after, limit + 1, http.RequestAborted))
        {
            if (items.Count == limit) { more = true; break; }
            items.Add(HistoryPositionDto.From(p));
            last = p;
        }

        var page = new HistoryPage(items, items.Count, more ? HistoryCursor.After(last).Encode() : null);
        await TypedResults.Ok(page).ExecuteAsync(http);
    }
}

/// <summary>
/// NDJSON and exports, written while rows are read. Once the first byte is out a failure cannot become a problem
/// response, so it aborts the connection: the client sees a broken transfer, never a truncated file that looks whole.
/// </summary>
internal sealed class HistoryStreamResult(HistoryQuery query, HistorySelection selection, HistoryFormat format, HistoryShape shape, string? fileName,
    IncidentHistory? incident = null) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var log = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("MaritimeCoord.History");
        http.Response.ContentType = format.MediaType() + "; charset=utf-8";
        if (fileName is not null) http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        http.Response.Headers.CacheControl = "no-store";
        // Nginx-style proxies would otherwise hold the stream back until it ends.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var order = shape == HistoryShape.Tracks ? HistoryOrder.ByVessel : HistoryOrder.ByTime;
        try
        {
            var rows = query.PositionsAsync(selection, order, null, null, ct);
            await HistoryWriters.WriteAsync(http.Response.Body, rows, format, shape, ct, incident);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            log.LogInformation("History stream stopped: the client went away (query cancelled on the server)");
        }
        catch (Exception e) when (http.Response.HasStarted)
        {
            log.LogError(e, "History stream failed after the response started; aborting the connection");
            http.Abort();
        }
    }
}
