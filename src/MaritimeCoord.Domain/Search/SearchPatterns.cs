using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Search;

/// <summary>A turn point of a search pattern.</summary>
/// <param name="Position">Where the asset steers for, on the earth (shifted by the drift when the datum moves).</param>
/// <param name="Time">When it gets there at its search speed.</param>
/// <param name="PlaneX">The point in the grid's plane, in the frame drifting with the object (not shifted).</param>
/// <param name="PlaneY">See <paramref name="PlaneX"/>.</param>
public sealed record SearchWaypoint(GeoPosition Position, DateTimeOffset Time, double PlaneX, double PlaneY);

/// <summary>Drift of the search object since the plan's start: metres east and north.</summary>
public delegate (double EastMetres, double NorthMetres) DriftSinceStart(TimeSpan elapsed);

/// <summary>Pattern geometry, the track an asset flies over its sub-area, and its waypoints (moving datum).</summary>
public static class SearchPatterns
{
    /// <summary>A datum drifting at a constant velocity (m/s east, north): the mean drift vector of a run.</summary>
    public static DriftSinceStart ConstantDrift(double eastMetresPerSecond, double northMetresPerSecond) =>
        elapsed => (eastMetresPerSecond * elapsed.TotalSeconds, northMetresPerSecond * elapsed.TotalSeconds);

    /// <summary>
    /// The whole pattern in the area's local frame (u along the major axis, v to its right), before the endurance cut.
    /// </summary>
    public static List<(double U, double V)> LocalTrack(SearchArea area, SearchPattern pattern, double trackSpacingMetres, double maxTrackLengthMetres = double.PositiveInfinity)
    {
        if (!(trackSpacingMetres > 0) || !double.IsFinite(trackSpacingMetres)) throw new ArgumentOutOfRangeException(nameof(trackSpacingMetres), trackSpacingMetres, "Track spacing must be positive.");
        double a = area.LengthMetres / 2, b = area.WidthMetres / 2, s = trackSpacingMetres;
        var points = new List<(double U, double V)>();
        switch (pattern)
        {
            case SearchPattern.ParallelSweep:
            {
                int n = Math.Max(1, (int)Math.Round(area.WidthMetres / s));
                double step = area.WidthMetres / n;
                for (int k = 0; k < n; k++)
                {
                    double v = -b + ((k + 0.5) * step);
                    bool forward = k % 2 == 0;
                    points.Add((forward ? -a : a, v));
                    points.Add((forward ? a : -a, v));
                }
                break;
            }
            case SearchPattern.CreepingLine:
            {
                int n = Math.Max(1, (int)Math.Round(area.LengthMetres / s));
                double step = area.LengthMetres / n;
                for (int k = 0; k < n; k++)
                {
                    double u = -a + ((k + 0.5) * step);
                    bool right = k % 2 == 0;
                    points.Add((u, right ? -b : b));
                    points.Add((u, right ? b : -b));
                }
                break;
            }
            case SearchPattern.TrackLine:
            {
                int n = Math.Max(1, (int)Math.Round(area.WidthMetres / s));
                double step = area.WidthMetres / n;
                var offsets = Enumerable.Range(0, n).Select(k => -b + ((k + 0.5) * step))
                    .OrderBy(v => Math.Round(Math.Abs(v), 6)).ThenByDescending(v => v).ToList();
                for (int k = 0; k < offsets.Count; k++)
                {
                    bool forward = k % 2 == 0;
                    points.Add((forward ? -a : a, offsets[k]));
                    points.Add((forward ? a : -a, offsets[k]));
                }
                break;
            }
            case SearchPattern.ExpandingSquare:
            {
                // Legs S, S, 2S, 2S … turning right until the square spans the area's larger side.
                double side = Math.Max(area.LengthMetres, area.WidthMetres);
                (double U, double V)[] headings = [(1, 0), (0, 1), (-1, 0), (0, -1)];
                double u = 0, v = 0;
                points.Add((u, v));
                for (int leg = 1; ; leg++)
                {
                    double length = ((leg + 1) / 2) * s;
                    if (length > side + 1e-9) break;
                    var h = headings[(leg - 1) % 4];
                    u += h.U * length;
                    v += h.V * length;
                    points.Add((u, v));
                }
                break;
            }
            case SearchPattern.Sector:
            {
                // Each pass: three triangles through the datum (headings h, h+120, h+240 from it); the next pass is
                // turned 30° so its legs fall between the first one's. Passes repeat while endurance remains.
                double r = Math.Min(area.LengthMetres, area.WidthMetres) / 2;
                points.Add((0, 0));
                double flown = 0;
                for (int pass = 0; pass == 0 || (double.IsFinite(maxTrackLengthMetres) && flown + (9 * r) <= maxTrackLengthMetres); pass++)
                {
                    double start = pass * 30;
                    for (int tri = 0; tri < 3; tri++)
                    {
                        double h = start + (tri * 240);
                        var p1 = Polar(r, h);
                        var p2 = (U: p1.U + Polar(r, h + 120).U, V: p1.V + Polar(r, h + 120).V);
                        points.Add(p1);
                        points.Add(p2);
                        points.Add((0, 0));
                    }
                    flown += 9 * r;
                    if (pass >= 11) break; // twelve passes turn a full circle
                }
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(pattern));
        }
        return points;
    }

    // Heading measured from the major axis towards its right (clockwise), as bearings are.
    private static (double U, double V) Polar(double r, double headingDegrees)
    {
        double t = headingDegrees * Math.PI / 180;
        return (r * Math.Cos(t), r * Math.Sin(t));
    }

    /// <summary>The pattern in the grid's plane, cut where the asset's endurance runs out.</summary>
    public static List<(double X, double Y)> PlaneTrack(AssetAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var local = LocalTrack(assignment.Area, assignment.Pattern, assignment.TrackSpacingMetres, assignment.Asset.TrackLengthMetres);
        var plane = local.Select(p => assignment.Area.FromLocal(p.U, p.V)).ToList();
        return Truncate(plane, assignment.Asset.TrackLengthMetres);
    }

    public static double Length(IReadOnlyList<(double X, double Y)> track)
    {
        double length = 0;
        for (int i = 1; i < track.Count; i++) length += Math.Sqrt(Sq(track[i].X - track[i - 1].X) + Sq(track[i].Y - track[i - 1].Y));
        return length;
    }

    /// <summary>The first <paramref name="maxLength"/> metres of a polyline.</summary>
    public static List<(double X, double Y)> Truncate(IReadOnlyList<(double X, double Y)> track, double maxLength)
    {
        var result = new List<(double X, double Y)>(track.Count);
        if (track.Count == 0) return result;
        result.Add(track[0]);
        double flown = 0;
        for (int i = 1; i < track.Count; i++)
        {
            double leg = Math.Sqrt(Sq(track[i].X - track[i - 1].X) + Sq(track[i].Y - track[i - 1].Y));
            if (flown + leg >= maxLength)
            {
                double t = leg > 0 ? (maxLength - flown) / leg : 0;
                if (t > 0) result.Add((track[i - 1].X + (t * (track[i].X - track[i - 1].X)), track[i - 1].Y + (t * (track[i].Y - track[i - 1].Y))));
                return result;
            }
            flown += leg;
            result.Add(track[i]);
        }
        return result;
    }

    /// <summary>
    /// Waypoints of an assignment from <paramref name="start"/> at the asset's speed. With <paramref name="drift"/>,
    /// each one is moved by the object's drift between the start and the time the asset gets there (moving datum),
    /// so the track relative to the drifting object stays the planned pattern.
    /// </summary>
    public static IReadOnlyList<SearchWaypoint> Waypoints(ProbabilityGrid grid, AssetAssignment assignment, DateTimeOffset start, DriftSinceStart? drift = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var track = PlaneTrack(assignment);
        var waypoints = new List<SearchWaypoint>(track.Count);
        double speed = assignment.Asset.SpeedMetresPerSecond, flown = 0;
        for (int i = 0; i < track.Count; i++)
        {
            if (i > 0) flown += Math.Sqrt(Sq(track[i].X - track[i - 1].X) + Sq(track[i].Y - track[i - 1].Y));
            var time = start + TimeSpan.FromSeconds(Math.Round(flown / speed));
            var (lat, lon) = grid.Projection.Inverse(track[i].X, track[i].Y);
            var position = new GeoPosition(lat, lon);
            if (drift is not null)
                position = Shift(position, drift(time - start));
            waypoints.Add(new SearchWaypoint(position, time, track[i].X, track[i].Y));
        }
        return waypoints;
    }

    internal static GeoPosition Shift(GeoPosition position, (double EastMetres, double NorthMetres) by)
    {
        double distance = Math.Sqrt(Sq(by.EastMetres) + Sq(by.NorthMetres));
        if (distance == 0) return position;
        double bearing = Math.Atan2(by.EastMetres, by.NorthMetres) * 180 / Math.PI;
        return Geodesic.Destination(position, bearing, distance);
    }

    private static double Sq(double v) => v * v;
}
