namespace MaritimeCoord.Domain.Realtime;

/// <summary>What a client does with an event of a numbered stream.</summary>
public enum SequenceVerdict
{
    /// <summary>The next number: apply it (and any buffered ones that now follow).</summary>
    Next,

    /// <summary>Already applied (at-least-once delivery, or catch-up overlapping the live stream): ignore it.</summary>
    Duplicate,

    /// <summary>Numbers are missing before it: keep it, and ask the server for what follows the last applied one.</summary>
    Gap,
}

/// <summary>
/// A client's position in one gap-free stream (numbers 1, 2, 3 …, see docs/realtime.md): the last number applied and
/// the events that arrived ahead of a gap. Events are released strictly in order, each once. Pure; used by the load
/// tool and mirrored by the console's hub.js.
/// </summary>
public sealed class StreamSequence(long lastApplied = 0)
{
    private readonly SortedDictionary<long, object?> _ahead = new();

    public long LastApplied { get; private set; } = lastApplied;

    /// <summary>Events held back behind a gap.</summary>
    public int Waiting => _ahead.Count;

    /// <summary>First number of the current gap (LastApplied + 1) when events wait behind it, else null.</summary>
    public long? MissingFrom => _ahead.Count > 0 ? LastApplied + 1 : null;

    /// <summary>Classifies an arriving event and appends to <paramref name="released"/> every event now applicable, in order.</summary>
    public SequenceVerdict Offer(long seq, object? item, List<(long Seq, object? Item)> released)
    {
        if (seq <= LastApplied || _ahead.ContainsKey(seq)) return SequenceVerdict.Duplicate;
        if (seq != LastApplied + 1)
        {
            _ahead[seq] = item;
            return SequenceVerdict.Gap;
        }

        LastApplied = seq;
        released.Add((seq, item));
        while (_ahead.Remove(LastApplied + 1, out var next))
        {
            LastApplied++;
            released.Add((LastApplied, next));
        }

        return SequenceVerdict.Next;
    }
}
