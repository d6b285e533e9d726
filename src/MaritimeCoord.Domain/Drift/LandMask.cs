using NetTopologySuite.Geometries;

namespace MaritimeCoord.Domain.Drift;

/// <summary>
/// Land as a bit grid over a lat/lon box, built once from land polygons, so the model tests a particle-step in O(1)
/// (one multiply-and-shift per axis and one bit read). A cell is land when its centre is inside a land polygon
/// (scanline fill, even–odd within each polygon so holes are water); the coastline is therefore right to half a cell.
/// Outside the box is water. Longitudes wrap: a box may cross ±180° (east &gt; 180 or west &lt; −180).
/// </summary>
public sealed class LandMask
{
    /// <summary>Most cells a mask may hold (32 MiB of bits); a larger box gets coarser cells.</summary>
    public const long MaxCells = 1L << 28;

    private readonly ulong[] _bits;
    private readonly int _width, _height;
    private readonly double _south, _west, _cellLat, _cellLon, _invCellLat, _invCellLon;

    /// <summary>A mask with no land.</summary>
    public static LandMask None { get; } = new(0, 0, 1, 1, 1, 1, new ulong[1]);

    private LandMask(double south, double west, double cellLat, double cellLon, int width, int height, ulong[] bits)
    {
        _south = south; _west = west; _cellLat = cellLat; _cellLon = cellLon;
        _invCellLat = 1 / cellLat; _invCellLon = 1 / cellLon;
        _width = width; _height = height; _bits = bits;
    }

    public double South => _south;
    public double West => _west;
    public double North => _south + _height * _cellLat;
    public double East => _west + _width * _cellLon;
    public int Width => _width;
    public int Height => _height;
    /// <summary>Cell size in degrees of latitude and longitude.</summary>
    public (double Latitude, double Longitude) CellDegrees => (_cellLat, _cellLon);

    /// <summary>Whether (lat, lon) is on land. O(1), no allocation.</summary>
    public bool IsLand(double latitude, double longitude)
    {
        var y = (latitude - _south) * _invCellLat;
        if (!(y >= 0) || y >= _height) return false;
        var x = longitude - _west;
        if (x < 0) x += 360;
        else if (x >= 360) x -= 360;
        x *= _invCellLon;
        if (!(x >= 0) || x >= _width) return false;
        var index = (long)(int)y * _width + (int)x;
        return (_bits[index >> 6] & (1UL << (int)(index & 63))) != 0;
    }

    /// <summary>
    /// Rasterises the polygons of <paramref name="land"/> (Polygon / MultiPolygon / GeometryCollection, x = longitude
    /// in −180..180, y = latitude) over the box, with cells of about <paramref name="resolutionMetres"/> (square at the
    /// box's middle latitude; coarser when the box would exceed <see cref="MaxCells"/>).
    /// </summary>
    public static LandMask Build(IEnumerable<Geometry> land, double south, double west, double north, double east, double resolutionMetres = 500)
    {
        ArgumentNullException.ThrowIfNull(land);
        if (!(resolutionMetres > 0)) throw new ArgumentOutOfRangeException(nameof(resolutionMetres));
        south = Math.Max(-90, south); north = Math.Min(90, north);
        if (!(north > south) || !(east > west)) throw new ArgumentException("Empty box.");
        if (east - west > 360) { west = -180; east = 180; }
        var midLat = (south + north) / 2;
        var cellLat = resolutionMetres / 111_132.0;
        var cellLon = resolutionMetres / (111_320.0 * Math.Max(0.05, Math.Cos(midLat * Math.PI / 180)));
        var width = (long)Math.Ceiling((east - west) / cellLon);
        var height = (long)Math.Ceiling((north - south) / cellLat);
        while (width * height > MaxCells)
        {
            cellLat *= 1.5; cellLon *= 1.5;
            width = (long)Math.Ceiling((east - west) / cellLon);
            height = (long)Math.Ceiling((north - south) / cellLat);
        }
        var bits = new ulong[(width * height + 63) / 64];
        var mask = new LandMask(south, west, cellLat, cellLon, (int)width, (int)height, bits);
        var polygons = new List<Polygon>();
        foreach (var g in land) Collect(g, polygons);
        foreach (var polygon in polygons) mask.Fill(polygon);
        return mask;
    }

    private static void Collect(Geometry g, List<Polygon> into)
    {
        switch (g)
        {
            case Polygon p: into.Add(p); break;
            case GeometryCollection c:
                for (var i = 0; i < c.NumGeometries; i++) Collect(c.GetGeometryN(i), into);
                break;
        }
    }

    private void Fill(Polygon polygon)
    {
        var env = polygon.EnvelopeInternal;
        if (env.MaxY < _south || env.MinY > North) return;
        if (!LongitudesMayOverlap(env.MinX, env.MaxX)) return;
        var rowFrom = Math.Max(0, (int)Math.Floor((env.MinY - _south) * _invCellLat - 0.5));
        var rowTo = Math.Min(_height - 1, (int)Math.Ceiling((env.MaxY - _south) * _invCellLat));
        // Edge-driven: bucket each edge's crossings by row, so the cost is the number of crossings, not rows × edges.
        var rows = rowTo - rowFrom + 1;
        if (rows <= 0) return;
        var perRow = new List<double>?[rows];
        AddRing(polygon.ExteriorRing, rowFrom, rowTo, perRow);
        for (var h = 0; h < polygon.NumInteriorRings; h++) AddRing(polygon.GetInteriorRingN(h), rowFrom, rowTo, perRow);
        for (var r = 0; r < rows; r++)
        {
            var xs = perRow[r];
            if (xs is null || xs.Count < 2) continue;
            xs.Sort();
            for (var k = 0; k + 1 < xs.Count; k += 2) FillSpan(rowFrom + r, xs[k], xs[k + 1]);
        }
    }

    private bool LongitudesMayOverlap(double minLon, double maxLon)
    {
        for (var shift = -360.0; shift <= 360; shift += 360)
            if (minLon + shift <= East && maxLon + shift >= _west) return true;
        return false;
    }

    private void AddRing(LineString ring, int rowFrom, int rowTo, List<double>?[] perRow)
    {
        var seq = ring.CoordinateSequence;
        var n = seq.Count;
        for (var i = 0; i + 1 < n; i++)
        {
            double x1 = seq.GetX(i), y1 = seq.GetY(i), x2 = seq.GetX(i + 1), y2 = seq.GetY(i + 1);
            if (y1 == y2) continue;
            var yLow = Math.Min(y1, y2);
            var yHigh = Math.Max(y1, y2);
            // Rows whose centre latitude c satisfies yLow <= c < yHigh (half-open, so a vertex is counted once).
            var first = Math.Max(rowFrom, (int)Math.Ceiling((yLow - _south) * _invCellLat - 0.5));
            var last = Math.Min(rowTo, (int)Math.Ceiling((yHigh - _south) * _invCellLat - 0.5) - 1);
            for (var r = first; r <= last; r++)
            {
                var c = _south + (r + 0.5) * _cellLat;
                if (c < yLow || c >= yHigh) continue;
                var x = x1 + (c - y1) / (y2 - y1) * (x2 - x1);
                (perRow[r - rowFrom] ??= []).Add(x);
            }
        }
    }

    private void FillSpan(int row, double lonFrom, double lonTo)
    {
        for (var shift = -360.0; shift <= 360; shift += 360)
        {
            // Cells whose centre longitude lies in [lonFrom, lonTo].
            var a = (lonFrom + shift - _west) * _invCellLon - 0.5;
            var b = (lonTo + shift - _west) * _invCellLon - 0.5;
            var from = Math.Max(0, (int)Math.Ceiling(a));
            var to = Math.Min(_width - 1, (int)Math.Floor(b));
            for (var col = from; col <= to; col++)
            {
                var index = (long)row * _width + col;
                _bits[index >> 6] |= 1UL << (int)(index & 63);
            }
        }
    }
}
