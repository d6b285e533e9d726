using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Jurisdiction;

/// <summary>One SAR region near a position, as measured by PostGIS on the ellipsoid.</summary>
/// <param name="Covers">The region's polygon covers the position.</param>
/// <param name="EdgeDistanceMetres">Distance from the position to the region's boundary line.</param>
public sealed record RegionProximity(
    string RegionCode,
    string RegionName,
    string CentreCode,
    string CentreName,
    string BoundaryVersion,
    bool Approximate,
    bool Covers,
    double EdgeDistanceMetres);

/// <summary>Which SAR region (and so which rescue centre) a position falls in, and how sure that answer is.</summary>
/// <param name="Region">The covering region, or null when no loaded region covers the position.</param>
/// <param name="NearApproximateBoundary">Within the margin of an approximate boundary: the answer may be wrong.</param>
/// <param name="Neighbours">Other regions within the margin; their centres are told too.</param>
/// <param name="OverlappingRegions">More than one region covers the position: the boundary data overlaps.</param>
public sealed record JurisdictionResult(
    GeoPosition Position,
    RegionProximity? Region,
    bool NearApproximateBoundary,
    IReadOnlyList<RegionProximity> Neighbours,
    IReadOnlyList<string> OverlappingRegions)
{
    public bool Covered => Region is not null;
}

public static class JurisdictionRules
{
    /// <summary>docs/domain.md: flag positions within ~30 nm of an approximate edge.</summary>
    public const double BoundaryMarginNauticalMiles = 30;

    public static double BoundaryMarginMetres => Distances.NauticalMilesToMetres(BoundaryMarginNauticalMiles);

    /// <summary>Decides jurisdiction from the regions found within the margin of <paramref name="position"/>.</summary>
    public static JurisdictionResult Resolve(GeoPosition position, IEnumerable<RegionProximity> nearby)
    {
        var margin = BoundaryMarginMetres;
        var candidates = nearby.Where(r => r.Covers || r.EdgeDistanceMetres <= margin).ToList();
        var covering = candidates.Where(r => r.Covers).OrderBy(r => r.RegionCode, StringComparer.Ordinal).ToList();

        // Overlap means the boundary data is inconsistent; pick deterministically and say so rather than fail a rescue.
        var region = covering.FirstOrDefault();
        var neighbours = candidates.Where(r => r != region).OrderBy(r => r.EdgeDistanceMetres).ThenBy(r => r.RegionCode, StringComparer.Ordinal).ToList();
        var nearApproximate = candidates.Any(r => r.Approximate && r.EdgeDistanceMetres <= margin);
        return new JurisdictionResult(position, region, nearApproximate, neighbours,
            covering.Count > 1 ? covering.Select(r => r.RegionCode).ToList() : []);
    }

    /// <summary>Centres whose operators must see an event at this position: the coordinating one, then neighbours near the boundary.</summary>
    public static IReadOnlyList<string> CentresToNotify(JurisdictionResult jurisdiction, string coordinatingCentreCode) =>
        new[] { coordinatingCentreCode }
            .Concat(jurisdiction.Region is { } r ? [r.CentreCode] : [])
            .Concat(jurisdiction.Neighbours.Select(n => n.CentreCode))
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
