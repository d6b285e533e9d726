using System.Runtime.CompilerServices;
using MaritimeCoord.Domain.Replay;
using MaritimeCoord.Persistence.Replay;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Features.Replay;

/// <summary>
/// Plays a plan: the first frame (snapshot at the start) from one query for the vessels plus the incident's sightings
/// and events, then a frame every <see cref="ReplayOptions.FrameInterval"/> with the scenario time given by the
/// <see cref="ReplayClock"/>. Positions are read in time chunks, one chunk ahead of the picture, so a fast replay does
/// not wait on the database and a slow one does not hold a day of positions in memory.
/// </summary>
public sealed class ReplayPlayer(ReplayStore store, IOptions<ReplayOptions> options, TimeProvider time)
{
    /// <summary>Sightings and events of an area replay are read from this long before the window (an incident's: all).</summary>
    private static readonly TimeSpan AreaLookBack = TimeSpan.FromHours(24);

    public async IAsyncEnumerable<ReplayFrame> PlayAsync(ReplayPlan plan, bool firstFrameOnly, [EnumeratorCancellation] CancellationToken ct)
    {
        var o = options.Value;
        var staleAfter = o.StaleAfter;
        // The first frame's three reads run side by side, each on its own pooled connection.
        var initial = store.LatestPositionsAsync(plan.Area, plan.Start, staleAfter, ct);
        var sightingsAndEvents = LoadSightingsAndEventsAsync(plan, ct);
        await Task.WhenAll(initial, sightingsAndEvents);
        var (sightings, events) = await sightingsAndEvents;
        var picture = new ReplayPicture(staleAfter, sightings, events);
        picture.Feed(await initial);
        long sequence = 0;
        var at = plan.Start;
        var first = picture.AdvanceTo(at);
        yield return ToFrame(sequence++, first, plan, staleAfter, end: firstFrameOnly || at >= plan.To, plan.Target);
        if (firstFrameOnly || at >= plan.To) yield break;

        var clock = ReplayClock.Create(plan.From, plan.To, plan.Start, plan.Speed, time.GetUtcNow()).Play(time.GetUtcNow());
        var chunk = ChunkLength(plan.Speed);
        var loadedThrough = plan.Start;
        var nextUntil = Min(loadedThrough + chunk, plan.To);
        var next = LoadChunkAsync(plan.Area, loadedThrough, nextUntil, ct);
        while (true)
        {
            await Task.Delay(o.FrameInterval, time, ct);
            at = clock.ScenarioTimeAt(time.GetUtcNow());
            while (loadedThrough < at && next is not null)
            {
                picture.Feed(await next);
                loadedThrough = nextUntil;
                if (loadedThrough < plan.To)
                {
                    nextUntil = Min(loadedThrough + chunk, plan.To);
                    next = LoadChunkAsync(plan.Area, loadedThrough, nextUntil, ct); // the chunk after: prefetched while this one plays
                }
                else next = null;
            }
            var frame = picture.AdvanceTo(at);
            var end = at >= plan.To;
            yield return ToFrame(sequence++, frame, plan, staleAfter, end, null);
            if (end) yield break;
        }
    }

    /// <summary>About 20 s of playback per chunk, from 2 min (1×: a few rows) to 6 h (3600×).</summary>
    public static TimeSpan ChunkLength(double speed) =>
        TimeSpan.FromSeconds(Math.Clamp(speed * 20, 120, 6 * 3600));

    private async Task<List<VesselFix>> LoadChunkAsync(ReplayArea area, DateTimeOffset after, DateTimeOffset until, CancellationToken ct)
    {
        var list = new List<VesselFix>();
        await foreach (var fix in store.PositionsAsync(area, after, until, ct)) list.Add(fix);
        return list;
    }

    private async Task<(List<ReplaySighting>, List<ReplayEvent>)> LoadSightingsAndEventsAsync(ReplayPlan plan, CancellationToken ct)
    {
        if (plan.IncidentId is { } incidentId)
        {
            var sightings = store.IncidentSightingsAsync(incidentId, plan.To, ct);
            var events = store.EventsAsync([incidentId], plan.Area, plan.From - AreaLookBack, plan.To, ct);
            return (await sightings, await events);
        }
        var inArea = await store.AreaSightingsAsync(plan.Area, plan.From - AreaLookBack, plan.To, ct);
        var incidents = inArea.Select(s => s.IncidentId).Distinct().ToList();
        return (inArea, await store.EventsAsync(incidents, plan.Area, plan.From - AreaLookBack, plan.To, ct));
    }

    private static ReplayFrame ToFrame(long sequence, ReplayPictureFrame frame, ReplayPlan plan, TimeSpan staleAfter, bool end, ReplayTarget? target) =>
        new(sequence, frame.At, plan.From, plan.To, plan.Speed, frame.Snapshot, end, staleAfter.TotalSeconds, frame.Vessels, frame.Removed,
            frame.Sightings, frame.Events, target);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
