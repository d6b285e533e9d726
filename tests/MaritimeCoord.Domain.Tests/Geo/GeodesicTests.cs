using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Tests.Geo;

public sealed class GeodesicTests
{
    [Fact]
    public void Smoke()
    {
        var r = Geodesic.Inverse(new GeoPosition(-41.32, 174.81), new GeoPosition(40.96, -5.50));
        Assert.Equal(19959679.26735382, r.DistanceMetres, 6);
        Assert.Equal(161.06766998615882, r.InitialBearingDegrees, 10);
        Assert.Equal(18.825195123248392, r.FinalBearingDegrees, 10);
    }
}
