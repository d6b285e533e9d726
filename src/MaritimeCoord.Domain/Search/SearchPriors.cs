using System.Globalization;
using System.Xml;
using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Search;

/// <summary>
/// What the next search plan starts from: the drift run's particles weighted by every earlier search's miss
/// probability, binned into a grid of fixed geometry (docs/search-planning.md, "Next plan").
/// </summary>
public static class SearchPriors
{
    /// <summary>
    /// Particles binned into <paramref name="geometry"/>'s cells with their weights (cells outside count for nothing).
    /// <c>ProbabilityInGrid</c> becomes the weight inside the grid over the particle count (the unconditional chance
    /// that the object is there and not yet found, when every weight started at 1).
    /// </summary>
    public static ProbabilityGrid Rebin(ProbabilityGrid geometry, ReadOnlySpan<double> latitudes, ReadOnlySpan<double> longitudes, ReadOnlySpan<double> weights)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (longitudes.Length != latitudes.Length || weights.Length != latitudes.Length) throw new ArgumentException("One longitude and weight per latitude.");
        var sums = new double[geometry.CellCount];
        double inside = 0;
        for (int i = 0; i < latitudes.Length; i++)
        {
            if (!(weights[i] > 0)) continue;
            var (x, y) = geometry.Projection.Forward(latitudes[i], longitudes[i]);
            if (geometry.CellAt(x, y) is not { } cell) continue;
            sums[(cell.Row * geometry.Columns) + cell.Column] += weights[i];
            inside += weights[i];
        }
        double inGrid = latitudes.Length == 0 ? 0 : Math.Clamp(inside / latitudes.Length, 0, 1);
        return geometry.WithProbabilities(sums, inGrid);
    }

    /// <summary>
    /// Each particle's weight times (1 − POD of the cell it was in at that search's time), for one earlier search:
    /// <paramref name="latitudes"/> / <paramref name="longitudes"/> are the particles at that search's grid time.
    /// </summary>
    public static void ApplyMisses(ProbabilityGrid searched, ReadOnlySpan<double> pod, ReadOnlySpan<double> latitudes, ReadOnlySpan<double> longitudes, Span<double> weights)
    {
        ArgumentNullException.ThrowIfNull(searched);
        if (pod.Length != searched.CellCount) throw new ArgumentOutOfRangeException(nameof(pod));
        for (int i = 0; i < weights.Length; i++)
        {
            var (x, y) = searched.Projection.Forward(latitudes[i], longitudes[i]);
            if (searched.CellAt(x, y) is { } cell) weights[i] *= 1 - pod[(cell.Row * searched.Columns) + cell.Column];
        }
    }
}

/// <summary>
/// The search object's drift as a run's hourly mean positions, linear between them (and continued at the nearest
/// hour's velocity beyond them), in metres east and north of a plane. Used for the moving datum and for bringing an
/// actual track into the frame drifting with the object.
/// </summary>
public sealed class DriftPath
{
    private readonly (DateTimeOffset At, double X, double Y)[] _points;

    public DriftPath(LocalProjection plane, IEnumerable<(DateTimeOffset At, double Latitude, double Longitude)> means)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(means);
        _points = means.OrderBy(m => m.At).Select(m =>
        {
            var (x, y) = plane.Forward(m.Latitude, m.Longitude);
            return (m.At, x, y);
        }).ToArray();
    }

    /// <summary>The plane position of the mean at <paramref name="time"/>.</summary>
    public (double X, double Y) At(DateTimeOffset time)
    {
        if (_points.Length == 0) return (0, 0);
        if (_points.Length == 1) return (_points[0].X, _points[0].Y);
        int i = 1;
        while (i < _points.Length - 1 && _points[i].At < time) i++;
        var (a, b) = (_points[i - 1], _points[i]);
        double span = (b.At - a.At).TotalSeconds;
        double t = span > 0 ? (time - a.At).TotalSeconds / span : 0;
        return (a.X + (t * (b.X - a.X)), a.Y + (t * (b.Y - a.Y)));
    }

    /// <summary>Drift since <paramref name="origin"/> as the planner's delegate, for times <paramref name="start"/> + elapsed.</summary>
    public DriftSinceStart Since(DateTimeOffset origin, DateTimeOffset start)
    {
        var o = At(origin);
        return elapsed =>
        {
            var p = At(start + elapsed);
            return (p.X - o.X, p.Y - o.Y);
        };
    }
}

/// <summary>Reads an actual track from GPX 1.0/1.1 (track points, else route points), each with its time.</summary>
public static class GpxTrack
{
    public const int MaxPoints = 100_000;

    /// <summary>The points in file order; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static IReadOnlyList<TrackPoint> Parse(string gpx)
    {
        ArgumentNullException.ThrowIfNull(gpx);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true };
        var track = new List<TrackPoint>();
        var route = new List<TrackPoint>();
        try
        {
            using var reader = XmlReader.Create(new StringReader(gpx), settings);
            if (!reader.ReadToFollowing("gpx") && !IsGpxRoot(reader)) throw new FormatException("Not a GPX document (no <gpx> element).");
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName is not ("trkpt" or "rtept")) continue;
                var list = reader.LocalName == "trkpt" ? track : route;
                int index = list.Count;
                if (!double.TryParse(reader.GetAttribute("lat"), NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) || !GeoPosition.IsValidLatitude(lat))
                    throw new FormatException($"{reader.LocalName} {index + 1} has no valid lat.");
                if (!double.TryParse(reader.GetAttribute("lon"), NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) || !(lon is >= -180 and <= 180))
                    throw new FormatException($"{reader.LocalName} {index + 1} has no valid lon.");
                DateTimeOffset? time = null;
                if (!reader.IsEmptyElement)
                {
                    using var point = reader.ReadSubtree();
                    point.Read();
                    while (!point.EOF)
                    {
                        if (point.NodeType == XmlNodeType.Element && point.LocalName == "time")
                        {
                            if (DateTimeOffset.TryParse(point.ReadElementContentAsString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
                                time = t.ToUniversalTime();
                        }
                        else point.Read();
                    }
                }
                if (time is null) throw new FormatException($"{reader.LocalName} {index + 1} has no <time>: the drift correction needs when the asset was there.");
                list.Add(new TrackPoint(lat, lon, time.Value));
                if (track.Count + route.Count > MaxPoints) throw new FormatException($"More than {MaxPoints} points.");
            }
        }
        catch (XmlException e)
        {
            throw new FormatException($"Not well-formed XML: {e.Message}", e);
        }
        var points = track.Count > 0 ? track : route;
        if (points.Count < 2) throw new FormatException("A track needs at least two points with times.");
        for (int i = 1; i < points.Count; i++)
            if (points[i].Time < points[i - 1].Time) throw new FormatException($"Point {i + 1} is earlier than the one before.");
        return points;
    }

    private static bool IsGpxRoot(XmlReader reader) => reader.NodeType == XmlNodeType.Element && reader.LocalName == "gpx";
}
