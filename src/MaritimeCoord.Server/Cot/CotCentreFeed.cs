using System.Collections.Concurrent;
using System.Text;
using MaritimeCoord.Domain.Cot;

namespace MaritimeCoord.Server.Cot;

/// <summary>
/// One centre's outbound CoT: its current picture (newest event per uid, encoded once) and its links. A centre's links
/// carry only what this feed is given, and the feed is only given that centre's picture (<see cref="CotPictureService"/>)
/// and its own units' tracks (<see cref="CotListener"/>), so one centre's TAK never sees another's incidents unless
/// they were shared with it by handover, the rule of the hub.
/// </summary>
internal sealed class CotCentreFeed
{
    private readonly ConcurrentDictionary<string, (CotEvent Event, byte[] Encoded)> _picture = new(StringComparer.Ordinal);

    public CotCentreFeed(CotCentreOptions options, CotOptions cot, CotCounters counters, TimeProvider clock, ILogger log)
    {
        Options = options;
        Links = [.. options.Endpoints.Select(e => CotLink.Create(options.Centre, e, cot, counters, clock, log))];
        foreach (var link in Links) link.Snapshot = SnapshotEncoded;
    }

    public CotCentreOptions Options { get; }
    public string Centre => Options.Centre;
    public IReadOnlyList<CotLink> Links { get; }

    /// <summary>The newest event per uid (not withdrawn ones).</summary>
    public IReadOnlyDictionary<string, CotEvent> Picture => _picture.ToDictionary(kv => kv.Key, kv => kv.Value.Event, StringComparer.Ordinal);

    public void Publish(CotEvent e)
    {
        var encoded = Encoding.UTF8.GetBytes(CotXml.Write(e));
        if (e.Stale <= e.Time) _picture.TryRemove(e.Uid, out _);
        else _picture[e.Uid] = (e, encoded);
        foreach (var link in Links) link.Offer(e.Uid, encoded);
    }

    private IReadOnlyList<KeyValuePair<string, byte[]>> SnapshotEncoded() => [.. _picture.Select(kv => KeyValuePair.Create(kv.Key, kv.Value.Encoded))];
}
