using System.Text;

namespace MaritimeCoord.Domain.Cot;

/// <summary>
/// Cuts a TAK streaming connection (events one after another, each optionally with its own XML declaration) into
/// events, by the closing <c>&lt;/event&gt;</c> tag, holding at most <see cref="MaxEventBytes"/> bytes: an event that
/// grows past it is counted once as oversized and skipped up to its end, so memory per connection is bounded whatever
/// a sender writes. Pure: feed it what the socket read, get the complete events.
/// </summary>
public sealed class CotStreamSplitter(int maxEventBytes)
{
    private static readonly byte[] EndTag = "</event>"u8.ToArray();
    private readonly byte[] _buffer = new byte[maxEventBytes];
    private int _length;
    private bool _skipping;

    public int MaxEventBytes { get; } = maxEventBytes;

    /// <summary>Events too large, skipped since this splitter started.</summary>
    public long Oversized { get; private set; }

    /// <summary>Appends <paramref name="data"/>; calls <paramref name="onEvent"/> with each complete event's text.</summary>
    public void Push(ReadOnlySpan<byte> data, Action<string> onEvent)
    {
        while (!data.IsEmpty)
        {
            if (_skipping)
            {
                // Keep the last few bytes: the end tag may straddle two reads.
                int end = FindEnd(data, out int consumed);
                if (end < 0)
                {
                    KeepTail(data);
                    return;
                }
                _skipping = false;
                _length = 0;
                data = data[consumed..];
                continue;
            }

            int room = _buffer.Length - _length;
            int take = Math.Min(room, data.Length);
            data[..take].CopyTo(_buffer.AsSpan(_length));
            int searchFrom = Math.Max(0, _length - EndTag.Length + 1);
            _length += take;
            data = data[take..];

            int start = 0;
            while (true)
            {
                int at = _buffer.AsSpan(Math.Max(start, searchFrom), _length - Math.Max(start, searchFrom)).IndexOf(EndTag);
                if (at < 0) break;
                int stop = Math.Max(start, searchFrom) + at + EndTag.Length;
                var text = Encoding.UTF8.GetString(_buffer, start, stop - start).Trim();
                if (text.Length > 0) onEvent(text);
                start = stop;
                searchFrom = stop;
            }
            if (start > 0)
            {
                _buffer.AsSpan(start, _length - start).CopyTo(_buffer);
                _length -= start;
            }
            else if (_length == _buffer.Length)
            {
                Oversized++;
                _skipping = true;
                var tail = _buffer.AsSpan(_length - (EndTag.Length - 1), EndTag.Length - 1).ToArray();
                _length = 0;
                KeepTail(tail);
                // What is left of this read belongs to the skipped event until its end tag.
            }
            // Whitespace between events only: nothing to keep.
            if (_length > 0 && _buffer.AsSpan(0, _length).Trim(" \r\n\t"u8).IsEmpty) _length = 0;
        }
    }

    private int FindEnd(ReadOnlySpan<byte> data, out int consumed)
    {
        // Search the kept tail joined with the new data.
        consumed = 0;
        if (_length > 0)
        {
            int n = Math.Min(data.Length, EndTag.Length);
            var probe = new byte[_length + n];
            _buffer.AsSpan(0, _length).CopyTo(probe);
            data[..n].CopyTo(probe.AsSpan(_length));
            int atProbe = probe.AsSpan().IndexOf(EndTag);
            if (atProbe >= 0)
            {
                consumed = atProbe + EndTag.Length - _length;
                return consumed;
            }
        }
        int at = data.IndexOf(EndTag);
        if (at < 0) return -1;
        consumed = at + EndTag.Length;
        return consumed;
    }

    private void KeepTail(ReadOnlySpan<byte> data)
    {
        var joined = new byte[_length + data.Length];
        _buffer.AsSpan(0, _length).CopyTo(joined);
        data.CopyTo(joined.AsSpan(_length));
        int keep = Math.Min(EndTag.Length - 1, joined.Length);
        joined.AsSpan(joined.Length - keep).CopyTo(_buffer);
        _length = keep;
    }
}
