using MaritimeCoord.Domain.Realtime;
using MaritimeCoord.Persistence.Realtime;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MaritimeCoord.Server.Realtime;

/// <summary>
/// The current picture on connect and on pan: when a client sets a viewport, the vessels stored in
/// <c>vessel_states</c> inside the part it was not watching are queued into its live feed
/// (<see cref="LiveVesselFeeds.OfferStored"/>), newest first, at most <see cref="RealtimeOptions.CurrentPictureMaxVessels"/>,
/// none silent longer than <see cref="RealtimeOptions.CurrentPictureMaxAge"/>. Without it a ship at anchor (one report
/// every 3 minutes) would be missing from a freshly opened or panned map until it next reports.
/// </summary>
public sealed class CurrentPictureSender(CurrentVesselPicture picture, LiveVesselFeeds feeds, IOptions<RealtimeOptions> options,
    TimeProvider clock, ILogger<CurrentPictureSender> log)
{
    private readonly RealtimeOptions _options = options.Value;
    private long _failures;

    /// <summary>Current-picture reads that failed (the viewport still applies; vessels then show as they report).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>
    /// Reads the stored vessels inside <paramref name="viewport"/> but outside <paramref name="previous"/> (all of
    /// <paramref name="viewport"/> when null) and queues them for the connection; returns how many were queued. A failed
    /// read is logged and counted, not thrown: the viewport is set and live positions flow regardless.
    /// </summary>
    public async Task<int> SendCurrentPictureAsync(string connectionId, Viewport viewport, Viewport? previous, CancellationToken ct)
    {
        // Nothing new to show: the client already has every vessel of the new area (zoomed in, or the same view again).
        if (previous is { } before && before.Covers(viewport)) return 0;
        try
        {
            var since = clock.GetUtcNow() - _options.CurrentPictureMaxAge;
            var states = await picture.ReadAsync(viewport, previous, since, Math.Max(0, _options.CurrentPictureMaxVessels), ct);
            return feeds.OfferStored(connectionId, states);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            Interlocked.Increment(ref _failures);
            log.LogWarning(e, "Could not read the current vessel picture for {Connection}; its vessels show as they report", connectionId);
            return 0;
        }
    }
}
