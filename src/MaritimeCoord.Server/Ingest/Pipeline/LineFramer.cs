namespace MaritimeCoord.Server.Ingest.Pipeline;

/// <summary>Receives the lines cut by <see cref="LineFramer"/>.</summary>
public interface ILineSink
{
    void OnLine(ReadOnlySpan<byte> line);
}

/// <summary>
/// Stage "frame": cuts a byte stream into lines at <c>\n</c> (a trailing <c>\r</c> is removed). A line longer than
/// <see cref="MaxLineLength"/> is dropped whole and reported once (random bytes, floods without newlines): memory
/// per stream is bounded by that length. Lines inside one read are passed without copying.
/// </summary>
public sealed class LineFramer(int maxLineLength = LineFramer.DefaultMaxLineLength)
{
    public const int DefaultMaxLineLength = 4096;
    private readonly byte[] _partial = new byte[maxLineLength];
    private int _partialLength;
    private bool _discarding;

    public int MaxLineLength => _partial.Length;

    /// <summary>Feeds bytes; returns the number of lines passed to the sink. <paramref name="tooLong"/> counts dropped lines.</summary>
    public int Push<TSink>(ReadOnlySpan<byte> data, TSink sink, out int tooLong)
        where TSink : ILineSink
    {
        int lines = 0;
        tooLong = 0;
        while (!data.IsEmpty)
        {
            int nl = data.IndexOf((byte)'\n');
            if (nl < 0)
            {
                Keep(data, ref tooLong);
                break;
            }

            var piece = data[..nl];
            data = data[(nl + 1)..];
            if (_discarding)
            {
                _discarding = false;
                continue;
            }

            if (_partialLength > 0)
            {
                if (_partialLength + piece.Length > _partial.Length)
                {
                    _partialLength = 0;
                    tooLong++;
                    continue;
                }

                piece.CopyTo(_partial.AsSpan(_partialLength));
                piece = _partial.AsSpan(0, _partialLength + piece.Length);
                _partialLength = 0;
            }
            else if (piece.Length > _partial.Length)
            {
                tooLong++;
                continue;
            }

            sink.OnLine(TrimCr(piece));
            lines++;
        }

        return lines;
    }

    /// <summary>End of stream (or of a datagram): a last line without newline is passed on.</summary>
    public int Flush<TSink>(TSink sink)
        where TSink : ILineSink
    {
        bool had = _partialLength > 0 && !_discarding;
        var last = _partial.AsSpan(0, _partialLength);
        _partialLength = 0;
        _discarding = false;
        if (!had) return 0;
        sink.OnLine(TrimCr(last));
        return 1;
    }

    private void Keep(ReadOnlySpan<byte> rest, ref int tooLong)
    {
        if (_discarding) return;
        if (_partialLength + rest.Length > _partial.Length)
        {
            _partialLength = 0;
            _discarding = true;
            tooLong++;
            return;
        }

        rest.CopyTo(_partial.AsSpan(_partialLength));
        _partialLength += rest.Length;
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
