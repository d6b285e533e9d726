namespace MaritimeCoord.Domain.Drift;

/// <summary>
/// A gridded vector field (wind or current) on a regular or irregular lat/lon grid over time, already decoded (scale
/// and offset applied, fill and missing values as NaN). Values are [time][lat][lon], row-major, as east/north
/// components in m/s. Latitudes may be given descending (they are flipped here); longitudes ascending, in −180..180 or
/// 0..360 (queries are mapped into the grid's range; a grid spanning the globe wraps).
/// </summary>
public sealed class GriddedField
{
    private readonly double[] _lat, _lon;
    private readonly long[] _timeTicks;
    private readonly float[] _east, _north;
    private readonly int _nLat, _nLon, _nTime;
    private readonly bool _latRegular, _lonRegular;
    private readonly double _latStep, _lonStep, _invLatStep, _invLonStep;
    private readonly bool _globalLon;

    /// <summary>A name for messages, e.g. "wind (u10/v10) from gfs.nc".</summary>
    public string Name { get; }

    public GriddedField(string name, double[] latitudes, double[] longitudes, DateTimeOffset[] times, float[] east, float[] north)
    {
        ArgumentNullException.ThrowIfNull(latitudes);
        ArgumentNullException.ThrowIfNull(longitudes);
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(east);
        ArgumentNullException.ThrowIfNull(north);
        Name = name;
        _nLat = latitudes.Length; _nLon = longitudes.Length; _nTime = times.Length;
        if (_nLat < 2 || _nLon < 2) throw new ArgumentException($"{name}: the grid needs at least 2 latitudes and 2 longitudes (has {_nLat} × {_nLon}).");
        if (_nTime < 1) throw new ArgumentException($"{name}: no time steps.");
        var cells = (long)_nTime * _nLat * _nLon;
        if (east.Length != cells || north.Length != cells) throw new ArgumentException($"{name}: {east.Length} values for a {_nTime} × {_nLat} × {_nLon} grid.");
        foreach (var v in latitudes) if (!(v is >= -90 and <= 90)) throw new ArgumentException($"{name}: latitude {v} out of range.");
        foreach (var v in longitudes) if (!(v is >= -360 and <= 360)) throw new ArgumentException($"{name}: longitude {v} out of range.");

        _east = east; _north = north;
        _lat = (double[])latitudes.Clone();
        _lon = (double[])longitudes.Clone();
        if (_lat[0] > _lat[^1])
        {
            Array.Reverse(_lat);
            _east = FlipRows(east, _nTime, _nLat, _nLon);
            _north = FlipRows(north, _nTime, _nLat, _nLon);
        }
        if (!StrictlyAscending(_lat)) throw new ArgumentException($"{name}: latitudes are not monotonic.");
        if (!StrictlyAscending(_lon)) throw new ArgumentException($"{name}: longitudes are not ascending.");
        if (_lon[^1] - _lon[0] >= 360) throw new ArgumentException($"{name}: longitudes span 360° or more.");
        _timeTicks = new long[_nTime];
        for (var i = 0; i < _nTime; i++) _timeTicks[i] = times[i].UtcTicks;
        for (var i = 1; i < _nTime; i++) if (_timeTicks[i] <= _timeTicks[i - 1]) throw new ArgumentException($"{name}: times are not ascending.");

        (_latRegular, _latStep) = Regular(_lat);
        (_lonRegular, _lonStep) = Regular(_lon);
        _invLatStep = 1 / _latStep; _invLonStep = 1 / _lonStep;
        // A global grid (e.g. 0, 0.25, …, 359.75) interpolates across its seam between the last and first column.
        _globalLon = _lonRegular && Math.Abs(_lon[^1] - _lon[0] + _lonStep - 360) < 1e-6 * 360;
    }

    public double SouthLatitude => _lat[0];
    public double NorthLatitude => _lat[^1];
    /// <summary>Western edge, as the file gives it (−180..180 or 0..360).</summary>
    public double WestLongitude => _lon[0];
    public double EastLongitude => _lon[^1];
    public bool IsGlobalInLongitude => _globalLon;
    public DateTimeOffset FirstTime => new(_timeTicks[0], TimeSpan.Zero);
    public DateTimeOffset LastTime => new(_timeTicks[^1], TimeSpan.Zero);
    public int TimeCount => _nTime;
    public int LatitudeCount => _nLat;
    public int LongitudeCount => _nLon;

    /// <summary>Whether the lat/lon box overlaps the grid (longitudes either convention).</summary>
    public bool OverlapsArea(double south, double west, double north, double east)
    {
        if (north < _lat[0] || south > _lat[^1]) return false;
        if (_globalLon || east - west >= 360) return true;
        for (var shift = -720.0; shift <= 720; shift += 360)
            if (west + shift <= _lon[^1] && east + shift >= _lon[0]) return true;
        return false;
    }

    /// <summary>Whether the time span overlaps the grid's times.</summary>
    public bool OverlapsTime(DateTimeOffset from, DateTimeOffset to) =>
        to.UtcTicks >= _timeTicks[0] && from.UtcTicks <= _timeTicks[^1];

    /// <summary>
    /// The two time slices around <paramref name="time"/> and the weight of the second; false outside the grid's times.
    /// </summary>
    internal bool TimeWeights(DateTimeOffset time, out int slice0, out int slice1, out double weight1)
    {
        var t = time.UtcTicks;
        slice0 = slice1 = 0; weight1 = 0;
        if (t < _timeTicks[0] || t > _timeTicks[^1]) return false;
        if (_nTime == 1) return true;
        var i = Array.BinarySearch(_timeTicks, t);
        if (i >= 0) { slice0 = slice1 = i; return true; }
        i = ~i;
        slice0 = i - 1; slice1 = i;
        weight1 = (double)(t - _timeTicks[i - 1]) / (_timeTicks[i] - _timeTicks[i - 1]);
        return true;
    }

    /// <summary>
    /// Bilinear in space and linear in time between two slices. Corners without a value (NaN: fill value, land cell)
    /// are left out and the weights of the others renormalised; false when no corner of either slice has a value or the
    /// position is outside the grid.
    /// </summary>
    internal bool Interpolate(double latitude, double longitude, int slice0, int slice1, double weight1, out double east, out double north)
    {
        east = north = 0;
        // Row.
        int r0; double fy;
        if (latitude < _lat[0] || latitude > _lat[^1]) return false;
        if (_latRegular)
        {
            var y = (latitude - _lat[0]) * _invLatStep;
            r0 = (int)y;
            if (r0 >= _nLat - 1) r0 = _nLat - 2;
            fy = y - r0;
        }
        else
        {
            r0 = Bracket(_lat, latitude);
            fy = (latitude - _lat[r0]) / (_lat[r0 + 1] - _lat[r0]);
        }
        // Column: the query longitude mapped into [lon0, lon0 + 360).
        var x = longitude - _lon[0];
        if (x < 0) x += 360 * Math.Ceiling(-x / 360);
        else if (x >= 360) x -= 360 * Math.Floor(x / 360);
        int c0, c1; double fx;
        if (_lonRegular)
        {
            var xi = x * _invLonStep;
            c0 = (int)xi;
            fx = xi - c0;
            if (c0 >= _nLon - 1)
            {
                if (_globalLon && c0 == _nLon - 1) c1 = 0;
                else if (c0 == _nLon - 1 && fx < 1e-9) { c0 = _nLon - 2; fx = 1; c1 = _nLon - 1; }
                else return false;
            }
            else c1 = c0 + 1;
        }
        else
        {
            var lon = _lon[0] + x;
            if (lon > _lon[^1]) return false;
            c0 = Bracket(_lon, lon);
            c1 = c0 + 1;
            fx = (lon - _lon[c0]) / (_lon[c1] - _lon[c0]);
        }

        double se = 0, sn = 0, sw = 0;
        Accumulate(slice0, 1 - weight1, r0, c0, c1, fx, fy, ref se, ref sn, ref sw);
        if (weight1 > 0) Accumulate(slice1, weight1, r0, c0, c1, fx, fy, ref se, ref sn, ref sw);
        if (sw < 1e-9) return false;
        east = se / sw;
        north = sn / sw;
        return true;
    }

    private void Accumulate(int slice, double timeWeight, int r0, int c0, int c1, double fx, double fy, ref double se, ref double sn, ref double sw)
    {
        var rowSize = _nLon;
        var b = (long)slice * _nLat * rowSize + (long)r0 * rowSize;
        Corner(b + c0, timeWeight * (1 - fx) * (1 - fy), ref se, ref sn, ref sw);
        Corner(b + c1, timeWeight * fx * (1 - fy), ref se, ref sn, ref sw);
        Corner(b + rowSize + c0, timeWeight * (1 - fx) * fy, ref se, ref sn, ref sw);
        Corner(b + rowSize + c1, timeWeight * fx * fy, ref se, ref sn, ref sw);
    }

    private void Corner(long index, double w, ref double se, ref double sn, ref double sw)
    {
        var e = _east[index];
        var n = _north[index];
        // NaN fails the comparison, so a fill value or a land cell adds nothing.
        if (w > 0 && float.IsFinite(e) && float.IsFinite(n))
        {
            se += w * e; sn += w * n; sw += w;
        }
    }

    private static int Bracket(double[] axis, double value)
    {
        var i = Array.BinarySearch(axis, value);
        if (i < 0) i = ~i - 1;
        return Math.Clamp(i, 0, axis.Length - 2);
    }

    private static bool StrictlyAscending(double[] a)
    {
        for (var i = 1; i < a.Length; i++) if (!(a[i] > a[i - 1])) return false;
        return true;
    }

    private static (bool Regular, double Step) Regular(double[] a)
    {
        var step = (a[^1] - a[0]) / (a.Length - 1);
        for (var i = 1; i < a.Length; i++)
            if (Math.Abs(a[i] - a[i - 1] - step) > 1e-6 * Math.Abs(step) + 1e-9) return (false, step);
        return (true, step);
    }

    private static float[] FlipRows(float[] values, int nTime, int nLat, int nLon)
    {
        var flipped = new float[values.Length];
        for (var t = 0; t < nTime; t++)
            for (var r = 0; r < nLat; r++)
                Array.Copy(values, ((long)t * nLat + r) * nLon, flipped, ((long)t * nLat + (nLat - 1 - r)) * nLon, nLon);
        return flipped;
    }
}
