namespace MaritimeCoord.Domain.Detection;

/// <summary>
/// Everything the detectors remember between runs: per-vessel tracks (bounded by <see cref="DetectionSettings.Retention"/>
/// and <see cref="DetectionSettings.Resolution"/>), the events currently standing, pairs of vessels seen close together,
/// retained sightings. Owned by one caller at a time (not thread-safe); <see cref="DetectionEngine.Process"/> is the only
/// thing that changes it. Rebuildable: processing the same positions again, in any order, gives the same state.
/// </summary>
public sealed class DetectionState(DetectionSettings settings)
{
    public DetectionSettings Settings { get; } = Validated(settings);

    // A sample keeps the time of its interval's last fix as an int offset from its first.
    private static DetectionSettings Validated(DetectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Resolution.TotalMilliseconds is < 1 or > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Resolution, "Resolution must be between 1 ms and 24 days.");
        return settings;
    }

    /// <summary>The detectors' clock: the latest time passed to <see cref="DetectionEngine.Process"/>.</summary>
    public long NowMs { get; internal set; } = long.MinValue;

    /// <summary>Positions ignored because they were older than the retention window (e.g. years late).</summary>
    public long TooLate { get; internal set; }

    /// <summary>Positions ignored because their MMSI or coordinates are invalid.</summary>
    public long Invalid { get; internal set; }

    /// <summary>Positions taken (changing the track or not: duplicates are taken and change nothing).</summary>
    public long Accepted { get; internal set; }

    public int VesselCount => Tracks.Count;

    internal Dictionary<int, VesselTrack> Tracks { get; } = [];
    internal int NextTrackSequence { get; set; }

    /// <summary>Vessels by the earliest time they could have been silent for the shortest gap threshold.</summary>
    internal PriorityQueue<VesselTrack, long> SilenceQueue { get; } = new();

    /// <summary>Vessels silent for at least the shortest gap threshold, with no open gap yet.</summary>
    internal List<VesselTrack> Silent { get; } = [];
    internal Dictionary<long, PairState> Pairs { get; } = [];
    internal Dictionary<long, SlotGrid> Grids { get; } = [];
    internal Stack<SlotGrid> SpareGrids { get; } = new();

    // A run's changed vessels and steps, reused from run to run (tens of thousands each in a large batch).
    internal List<VesselTrack> ScratchDirty { get; } = [];
    internal List<ChangedSlot> ScratchSlots { get; } = [];
    internal long MaxSlot { get; set; } = long.MinValue;
    internal Dictionary<string, DetectionEvent> Suspects { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, SightingObservation> Sightings { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, DetectionEvent> SightingLinks { get; } = new(StringComparer.Ordinal);
    internal long LastPruneMs { get; set; } = long.MinValue;
    internal RegionTable Regions { get; } = new(settings);
    internal long LoiterWindowMs { get; } = (long)settings.MaxGapContext().LoiterAverageWindow.TotalMilliseconds;
    internal long MinGapMs { get; } = (long)settings.MaxGapContext().GapThreshold.TotalMilliseconds;

    /// <summary>Every event currently standing (not withdrawn), in no particular order.</summary>
    public IEnumerable<DetectionEvent> ActiveEvents =>
        Tracks.Values.SelectMany(t => t.Events)
            .Concat(Pairs.Values.SelectMany(p => p.Events))
            .Concat(SightingLinks.Values);
}

internal sealed class PairState(int a, int b)
{
    public int A { get; } = a;
    public int B { get; } = b;
    public List<long> CloseSlots { get; } = [];
    public List<DetectionEvent> Events { get; } = [];

    public static long Key(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;
}

/// <summary>Slow vessels of one time step, bucketed by ~1 km cells, for the encounter neighbour search.</summary>
internal sealed class SlotGrid
{
    public const double CellDegrees = 0.01;
    public Dictionary<long, List<SlotEntry>> Cells { get; } = [];
    public Dictionary<int, SlotEntry> ByVessel { get; } = [];

    public static long CellKey(int row, int col) => ((long)row << 32) | (uint)col;

    public static (int Row, int Col) Cell(double lat, double lon) =>
        ((int)Math.Floor((lat + 90) / CellDegrees), (int)Math.Floor((lon + 180) / CellDegrees));

    // Emptied cell lists, reused (a grid is reused for a later step once its own is too old).
    private readonly Stack<List<SlotEntry>> spareLists = new();

    /// <summary>Empties the grid, keeping its storage for reuse.</summary>
    public void Clear()
    {
        foreach (var list in Cells.Values)
        {
            list.Clear();
            spareLists.Push(list);
        }
        Cells.Clear();
        ByVessel.Clear();
    }

    public void Add(SlotEntry e)
    {
        Remove(e.Mmsi);
        var (r, c) = Cell(e.Lat, e.Lon);
        var key = CellKey(r, c);
        if (!Cells.TryGetValue(key, out var list)) Cells[key] = list = spareLists.TryPop(out var spare) ? spare : [];
        list.Add(e);
        ByVessel[e.Mmsi] = e;
    }

    public void Remove(int mmsi)
    {
        if (!ByVessel.Remove(mmsi, out var old)) return;
        var (r, c) = Cell(old.Lat, old.Lon);
        var key = CellKey(r, c);
        var list = Cells[key];
        for (int k = 0; k < list.Count; k++)
        {
            if (list[k].Mmsi != mmsi) continue;
            list.RemoveAt(k);
            break;                                  // Add removes first, so a vessel is in at most once
        }
        if (list.Count == 0)
        {
            Cells.Remove(key);
            spareLists.Push(list);
        }
    }
}

internal readonly record struct SlotEntry(int Mmsi, double Lat, double Lon);
