namespace MaritimeCoord.Server.Realtime;

/// <summary>Live-picture tuning (section <c>Realtime</c>).</summary>
public sealed class RealtimeOptions
{
    public const string Section = "Realtime";

    /// <summary>At most one update per vessel per client in this interval (positions in between are coalesced).</summary>
    public TimeSpan VesselUpdateInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often each client's due positions are sent as one batch.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Positions per pushed batch; more due ones wait for the next flush.</summary>
    public int MaxPositionsPerBatch { get; set; } = 2_000;

    /// <summary>A client whose previous batch is still not written after this long is disconnected (slow consumer).</summary>
    public TimeSpan SlowConsumerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Vessels sent from the latest-state table when a client sets its viewport (the current picture), newest first;
    /// the rest show when they next report.
    /// </summary>
    public int CurrentPictureMaxVessels { get; set; } = 10_000;

    /// <summary>
    /// Vessels silent longer than this are not in the current picture: the console hides them after the same time
    /// (<c>HIDE_AFTER_S</c> in wwwroot/js/vessels.js).
    /// </summary>
    public TimeSpan CurrentPictureMaxAge { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Events per <c>CatchUp</c> answer.</summary>
    public int CatchUpPageSize { get; set; } = 500;
}
