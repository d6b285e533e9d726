using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Jurisdiction;

namespace MaritimeCoord.Domain.Tests.Jurisdiction;

public sealed class JurisdictionRulesTests
{
    private static readonly GeoPosition P = new(-12.1, 110);
    private static RegionProximity Region(string code, bool covers, double edgeNm, bool approximate = true) =>
        new(code, code + " SRR", "RCC-" + code, "RCC " + code, "v1", approximate, covers, edgeNm * Distances.MetresPerNauticalMile);

    [Fact]
    public void The_covering_region_decides_and_neighbours_within_30_nm_are_named()
    {
        var j = JurisdictionRules.Resolve(P, [Region("AUS", true, 6), Region("IDN", false, 6), Region("LKA", false, 31)]);

        Assert.Equal("AUS", j.Region!.RegionCode);
        Assert.True(j.NearApproximateBoundary);
        Assert.Equal(["IDN"], j.Neighbours.Select(n => n.RegionCode));
        Assert.Equal(["RCC-AUS", "RCC-IDN"], JurisdictionRules.CentresToNotify(j, "RCC-AUS"));
    }

    [Fact]
    public void Far_inside_a_published_region_nothing_is_flagged()
    {
        var j = JurisdictionRules.Resolve(P, [Region("AUS", true, 200, approximate: false)]);
        Assert.False(j.NearApproximateBoundary);
        Assert.Empty(j.Neighbours);
    }

    [Fact]
    public void Near_a_published_boundary_the_neighbour_is_told_but_the_answer_is_not_flagged_uncertain()
    {
        var j = JurisdictionRules.Resolve(P, [Region("AUS", true, 5, approximate: false), Region("IDN", false, 5, approximate: false)]);
        Assert.False(j.NearApproximateBoundary);
        Assert.Single(j.Neighbours);
    }

    [Fact]
    public void Outside_every_region_the_answer_says_so_and_the_reporting_centre_is_notified()
    {
        var j = JurisdictionRules.Resolve(P, []);
        Assert.False(j.Covered);
        Assert.Equal(["RCC-REPORTER"], JurisdictionRules.CentresToNotify(j, "RCC-REPORTER"));
    }

    [Fact]
    public void Overlapping_boundary_data_is_reported_and_resolved_deterministically()
    {
        var j = JurisdictionRules.Resolve(P, [Region("IDN", true, 3), Region("AUS", true, 4)]);
        Assert.Equal("AUS", j.Region!.RegionCode);
        Assert.Equal(["AUS", "IDN"], j.OverlappingRegions);
    }
}
