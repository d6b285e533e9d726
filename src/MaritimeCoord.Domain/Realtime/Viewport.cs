namespace MaritimeCoord.Domain.Realtime;

/// <summary>
/// The part of the map a client looks at: a longitude/latitude box and the zoom it is drawn at. A box whose
/// <see cref="West"/> is greater than its <see cref="East"/> crosses the antimeridian (e.g. 170°E … 170°W over Fiji and
/// Samoa), as in GeoJSON (RFC 7946 §5.2).
/// </summary>
public readonly record struct Viewport(double West, double South, double East, double North, double Zoom)
{
    public const double MaxZoom = 24;

    /// <summary>Every position on Earth: what a client gets until it sends its viewport.</summary>
    public static Viewport World { get; } = new(-180, -90, 180, 90, 0);

    public bool CrossesAntimeridian => West > East;

    /// <summary>True when the position is inside the box (edges included), on either side of the antimeridian.</summary>
    public bool Contains(double latitude, double longitude)
    {
        if (latitude < South || latitude > North) return false;
        return CrossesAntimeridian
            ? longitude >= West || longitude <= East
            : longitude >= West && longitude <= East;
    }

    /// <summary>
    /// True when every position inside <paramref name="inner"/> is inside this box too (zoom aside): after zooming in, or
    /// re-sending the same view, a client has nothing new to be shown.
    /// </summary>
    public bool Covers(Viewport inner)
    {
        if (inner.South < South || inner.North > North) return false;
        if (West <= -180 && East >= 180) return true; // the whole width
        // Longitudes as spans on [-180, 540): a box crossing the antimeridian runs past 180. The inner span is compared
        // as is and one turn east, so a box just east of the antimeridian is found inside one that crosses it.
        var (from, to) = CrossesAntimeridian ? (West, East + 360) : (West, East);
        var (innerFrom, innerTo) = inner.CrossesAntimeridian ? (inner.West, inner.East + 360) : (inner.West, inner.East);
        return (innerFrom >= from && innerTo <= to) || (innerFrom + 360 >= from && innerTo + 360 <= to);
    }

    /// <summary>
    /// Validates a viewport sent by a client: longitudes in [-180, 180] (west &gt; east means it crosses the
    /// antimeridian), latitudes in [-90, 90] with south ≤ north, zoom in [0, 24]. Errors are keyed by field name.
    /// </summary>
    public static ViewportResult Create(double west, double south, double east, double north, double zoom)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CheckLongitude(west, nameof(west), errors);
        CheckLongitude(east, nameof(east), errors);
        CheckLatitude(south, nameof(south), errors);
        CheckLatitude(north, nameof(north), errors);
        if (!errors.ContainsKey(nameof(south)) && !errors.ContainsKey(nameof(north)) && south > north)
            errors[nameof(south)] = [$"south ({south}) must not be greater than north ({north})."];
        if (!double.IsFinite(zoom) || zoom < 0 || zoom > MaxZoom)
            errors[nameof(zoom)] = [$"zoom must be between 0 and {MaxZoom}."];
        return errors.Count > 0 ? new ViewportResult(null, errors) : new ViewportResult(new Viewport(west, south, east, north, zoom), errors);
    }

    /// <summary>
    /// A map library's bounds, whose longitudes run past ±180 when the map is panned across the antimeridian (e.g.
    /// west 160, east 200), folded into a <see cref="Viewport"/>; 360° or more of longitude is the whole world's width.
    /// </summary>
    public static ViewportResult FromMapBounds(double west, double south, double east, double north, double zoom)
    {
        if (!double.IsFinite(west) || !double.IsFinite(east))
            return Create(west, south, east, north, zoom);
        if (east - west >= 360) return Create(-180, south, 180, north, zoom);
        return Create(Wrap(west), south, Wrap(east), north, zoom);
    }

    /// <summary>Longitude folded into [-180, 180), except that exactly 180 stays 180 (the east edge of the world).</summary>
    public static double Wrap(double longitude)
    {
        if (longitude is >= -180 and <= 180) return longitude;
        var wrapped = ((longitude + 180) % 360 + 360) % 360 - 180;
        return wrapped;
    }

    private static void CheckLongitude(double value, string field, Dictionary<string, string[]> errors)
    {
        if (!double.IsFinite(value) || value < -180 || value > 180)
            errors[field] = [$"{field} must be a longitude between -180 and 180 (west > east crosses the antimeridian)."];
    }

    private static void CheckLatitude(double value, string field, Dictionary<string, string[]> errors)
    {
        if (!double.IsFinite(value) || value < -90 || value > 90)
            errors[field] = [$"{field} must be a latitude between -90 and 90."];
    }
}

/// <summary>A validated viewport, or the reasons it was refused (keyed by field).</summary>
public sealed record ViewportResult(Viewport? Value, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => Value is not null;
}
