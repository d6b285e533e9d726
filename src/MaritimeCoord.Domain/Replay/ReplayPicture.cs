namespace MaritimeCoord.Domain.Replay;

/// <summary>
/// The state of a replay at a scenario instant t: for every vessel its latest position at or before t unless older than
/// the staleness limit; every sighting observed and every event that happened at or before t. Positions are fed in
/// time order (as the store streams them); sightings and events, being few, are given whole and revealed as t passes.
/// Frames after the first are deltas, so a replay of a busy area does not resend every vessel five times a second.
/// </summary>
public sealed class ReplayPicture
{
    private readonly TimeSpan _staleAfter;
    private readonly Dictionary<int, VesselFix> _vessels = [];
    private readonly HashSet<int> _moved = [];
    private readonly List<ReplaySighting> _sightings;
    private readonly List<ReplayEvent> _events;
    private readonly List<VesselFix> _pending = [];
    private int _sightingsShown;
    private int _eventsShown;
    private DateTimeOffset? _at;

    public ReplayPicture(TimeSpan staleAfter, IEnumerable<ReplaySighting> sightings, IEnumerable<ReplayEvent> events)
    {
        if (staleAfter <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(staleAfter), "The staleness limit must be positive.");
        _staleAfter = staleAfter;
        _sightings = [.. sightings.OrderBy(s => s.ObservedAt).ThenBy(s => s.Id)];
        _events = [.. events.OrderBy(e => e.At).ThenBy(e => e.Id, StringComparer.Ordinal)];
    }

    public TimeSpan StaleAfter => _staleAfter;
    public DateTimeOffset? At => _at;
    public int VesselCount => _vessels.Count;

    /// <summary>The newest position fed so far, or null: the store loads the next chunk from there.</summary>
    public DateTimeOffset? LatestFed { get; private set; }

    /// <summary>Feeds positions observed after the previous ones (any order within the call). Applied when t reaches them.</summary>
    public void Feed(IEnumerable<VesselFix> fixes)
    {
        foreach (var fix in fixes)
        {
            _pending.Add(fix);
            if (LatestFed is null || fix.ObservedAt > LatestFed) LatestFed = fix.ObservedAt;
        }
    }

    /// <summary>Moves the picture to <paramref name="t"/> (never backwards: a seek starts a new picture) and returns the frame.</summary>
    public ReplayPictureFrame AdvanceTo(DateTimeOffset t)
    {
        if (_at is { } previous && t < previous) throw new InvalidOperationException("A replay picture only moves forward; seek with a new picture.");
        var first = _at is null;
        _at = t;

        // Positions up to t, oldest first, so the latest one per vessel wins whatever order they were fed in.
        _pending.Sort((a, b) => a.ObservedAt.CompareTo(b.ObservedAt));
        var due = 0;
        while (due < _pending.Count && _pending[due].ObservedAt <= t) due++;
        for (var i = 0; i < due; i++)
        {
            var fix = _pending[i];
            if (_vessels.TryGetValue(fix.Mmsi, out var known) && known.ObservedAt > fix.ObservedAt) continue;
            _vessels[fix.Mmsi] = fix;
            _moved.Add(fix.Mmsi);
        }
        _pending.RemoveRange(0, due);

        var removed = new List<int>();
        var oldest = t - _staleAfter;
        foreach (var (mmsi, fix) in _vessels)
            if (fix.ObservedAt < oldest) removed.Add(mmsi);
        foreach (var mmsi in removed)
        {
            _vessels.Remove(mmsi);
            _moved.Remove(mmsi);
        }
        removed.Sort();

        var sightingsFrom = first ? 0 : _sightingsShown;
        while (_sightingsShown < _sightings.Count && _sightings[_sightingsShown].ObservedAt <= t) _sightingsShown++;
        var eventsFrom = first ? 0 : _eventsShown;
        while (_eventsShown < _events.Count && _events[_eventsShown].At <= t) _eventsShown++;

        IReadOnlyList<VesselFix> vessels = first
            ? [.. _vessels.Values.OrderBy(v => v.Mmsi)]
            : [.. _moved.Order().Select(m => _vessels[m])];
        _moved.Clear();
        return new ReplayPictureFrame(t, first, vessels, first ? [] : removed,
            _sightings.GetRange(sightingsFrom, _sightingsShown - sightingsFrom),
            _events.GetRange(eventsFrom, _eventsShown - eventsFrom));
    }

    /// <summary>Every vessel currently shown (latest position within the staleness limit), by MMSI.</summary>
    public IReadOnlyList<VesselFix> Vessels() => [.. _vessels.Values.OrderBy(v => v.Mmsi)];
}
