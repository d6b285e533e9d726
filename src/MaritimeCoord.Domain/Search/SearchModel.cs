using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Search;

/// <summary>IAMSAR search patterns.</summary>
public enum SearchPattern
{
    /// <summary>PS: legs along the area's major axis, stepping across it by the track spacing.</summary>
    ParallelSweep,

    /// <summary>CS: legs across the area (along the minor axis), advancing along the major axis.</summary>
    CreepingLine,

    /// <summary>SS: from the datum, legs S, S, 2S, 2S, 3S, 3S … turning 90° right.</summary>
    ExpandingSquare,

    /// <summary>VS: from the datum, three triangles of side = radius with 120° turns; further passes rotated 30°.</summary>
    Sector,

    /// <summary>TS: legs along the major axis (the intended track), the track itself first, then S, −S, 2S, −2S … either side.</summary>
    TrackLine,
}

/// <summary>A search unit as tasked: effort = W × speed × endurance on scene.</summary>
public sealed record SearchAsset
{
    public SearchAsset(string assetCode, double speedKnots, double enduranceHours, double sweepWidthNm, SearchPattern? pattern = null)
    {
        if (string.IsNullOrWhiteSpace(assetCode)) throw new ArgumentException("An asset code is required.", nameof(assetCode));
        if (!(speedKnots > 0) || !double.IsFinite(speedKnots)) throw new ArgumentOutOfRangeException(nameof(speedKnots), speedKnots, "Speed must be positive.");
        if (!(enduranceHours > 0) || !double.IsFinite(enduranceHours)) throw new ArgumentOutOfRangeException(nameof(enduranceHours), enduranceHours, "Endurance must be positive.");
        if (!(sweepWidthNm > 0) || !double.IsFinite(sweepWidthNm)) throw new ArgumentOutOfRangeException(nameof(sweepWidthNm), sweepWidthNm, "Sweep width must be positive.");
        AssetCode = assetCode;
        SpeedKnots = speedKnots;
        EnduranceHours = enduranceHours;
        SweepWidthNm = sweepWidthNm;
        Pattern = pattern;
    }

    /// <summary>W looked up from the IAMSAR table (<see cref="SweepWidths"/>) for the object and on-scene conditions.</summary>
    public static SearchAsset ForObject(string assetCode, double speedKnots, double enduranceHours, SearchObjectType objectType,
        double visibilityNm, SeaConditions conditions, SearchPattern? pattern = null) =>
        new(assetCode, speedKnots, enduranceHours, SweepWidths.Corrected(objectType, visibilityNm, conditions), pattern);

    public string AssetCode { get; }
    public double SpeedKnots { get; }
    public double EnduranceHours { get; }
    public double SweepWidthNm { get; }
    public SearchPattern? Pattern { get; }

    public double SweepWidthMetres => SweepWidthNm * Distances.MetresPerNauticalMile;
    public double TrackLengthMetres => SpeedKnots * EnduranceHours * Distances.MetresPerNauticalMile;
    public double SpeedMetresPerSecond => SpeedKnots * Distances.MetresPerNauticalMile / 3600;

    /// <summary>Area swept, W × track length (m²).</summary>
    public double EffortSquareMetres => SweepWidthMetres * TrackLengthMetres;
}

/// <summary>
/// A rectangle in a grid's projected plane (metres): centre, length along the major axis, width across it, and the
/// major axis's orientation in degrees clockwise from the plane's north (true north at the grid's centre).
/// </summary>
public readonly record struct SearchArea
{
    public SearchArea(double centreX, double centreY, double lengthMetres, double widthMetres, double orientationDegrees)
    {
        if (!double.IsFinite(centreX) || !double.IsFinite(centreY)) throw new ArgumentOutOfRangeException(nameof(centreX));
        if (!(lengthMetres > 0) || !double.IsFinite(lengthMetres)) throw new ArgumentOutOfRangeException(nameof(lengthMetres), lengthMetres, "Length must be positive.");
        if (!(widthMetres > 0) || !double.IsFinite(widthMetres)) throw new ArgumentOutOfRangeException(nameof(widthMetres), widthMetres, "Width must be positive.");
        if (!double.IsFinite(orientationDegrees)) throw new ArgumentOutOfRangeException(nameof(orientationDegrees));
        CentreX = centreX;
        CentreY = centreY;
        LengthMetres = lengthMetres;
        WidthMetres = widthMetres;
        double o = orientationDegrees % 360;
        OrientationDegrees = o < 0 ? o + 360 : o;
    }

    public double CentreX { get; }
    public double CentreY { get; }
    public double LengthMetres { get; }
    public double WidthMetres { get; }
    public double OrientationDegrees { get; }
    public double AreaSquareMetres => LengthMetres * WidthMetres;

    /// <summary>An axis-aligned rectangle [x0, x1] × [y0, y1]; the longer side becomes the major axis.</summary>
    public static SearchArea FromBounds(double x0, double y0, double x1, double y1)
    {
        double dx = x1 - x0, dy = y1 - y0;
        return dx > dy
            ? new SearchArea((x0 + x1) / 2, (y0 + y1) / 2, dx, dy, 90)
            : new SearchArea((x0 + x1) / 2, (y0 + y1) / 2, dy, dx, 0);
    }

    /// <summary>Plane point from (u along the major axis, v to its right).</summary>
    public (double X, double Y) FromLocal(double u, double v)
    {
        double t = OrientationDegrees * Math.PI / 180, s = Math.Sin(t), c = Math.Cos(t);
        return (CentreX + (u * s) + (v * c), CentreY + (u * c) - (v * s));
    }

    public (double U, double V) ToLocal(double x, double y)
    {
        double t = OrientationDegrees * Math.PI / 180, s = Math.Sin(t), c = Math.Cos(t);
        double dx = x - CentreX, dy = y - CentreY;
        return ((dx * s) + (dy * c), (dx * c) - (dy * s));
    }

    /// <summary>Corners in order (−L/2, −W/2), (+L/2, −W/2), (+L/2, +W/2), (−L/2, +W/2) in local terms.</summary>
    public (double X, double Y)[] Corners()
    {
        double a = LengthMetres / 2, b = WidthMetres / 2;
        return [FromLocal(-a, -b), FromLocal(a, -b), FromLocal(a, b), FromLocal(-a, b)];
    }

    public SearchArea MovedBy(double eastMetres, double northMetres) => new(CentreX + eastMetres, CentreY + northMetres, LengthMetres, WidthMetres, OrientationDegrees);
    public SearchArea MovedTo(double x, double y) => new(x, y, LengthMetres, WidthMetres, OrientationDegrees);
    public SearchArea Resized(double lengthMetres, double widthMetres) => new(CentreX, CentreY, lengthMetres, widthMetres, OrientationDegrees);
    public SearchArea RotatedTo(double orientationDegrees) => new(CentreX, CentreY, LengthMetres, WidthMetres, orientationDegrees);
}

/// <summary>One asset's sub-area, pattern and track spacing.</summary>
public sealed record AssetAssignment(SearchAsset Asset, SearchArea Area, SearchPattern Pattern, double TrackSpacingMetres)
{
    public double Coverage => Asset.SweepWidthMetres / TrackSpacingMetres;
}

/// <summary>What one assignment achieves on a grid (random-search model over the area, docs/search-planning.md).</summary>
/// <param name="TrackLengthMetres">Pattern length flown, cut at the asset's endurance.</param>
/// <param name="Coverage">Effort density over the area: W × track length / area.</param>
/// <param name="ProbabilityOfDetection">In the area: 1 − exp(−coverage).</param>
/// <param name="ProbabilityOfContainment">Grid probability inside the area (cells in part count in proportion).</param>
/// <param name="ProbabilityOfSuccess">This asset's own POS, as if it searched alone.</param>
public sealed record AssignmentOutcome(string AssetCode, double TrackLengthMetres, double Coverage, double ProbabilityOfDetection,
    double ProbabilityOfContainment, double ProbabilityOfSuccess);

/// <summary>A search plan over a grid: assignments, per-asset outcomes and the plan's POS (conditional on the grid).</summary>
public sealed record SearchPlan(
    ProbabilityGrid Grid,
    IReadOnlyList<AssetAssignment> Assignments,
    IReadOnlyList<SearchAsset> Unassigned,
    IReadOnlyList<AssignmentOutcome> Outcomes,
    double ProbabilityOfSuccess)
{
    /// <summary>POS times the probability that the object is in the grid at all.</summary>
    public double AbsoluteProbabilityOfSuccess => ProbabilityOfSuccess * Grid.ProbabilityInGrid;
}
