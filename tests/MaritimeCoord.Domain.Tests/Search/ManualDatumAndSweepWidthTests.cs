using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Search;

namespace MaritimeCoord.Domain.Tests.Search;

public class ManualDatumAndSweepWidthTests
{
    [Fact]
    public void Total_probable_error_and_radius_follow_the_manual_method()
    {
        // X = 5 nm, Y = 1 nm, drift 20 nm: De = 6, E = √(25 + 1 + 36) = √62.
        Assert.Equal(Math.Sqrt(62), ManualDatum.TotalProbableError(5, 1, 20), 12);
        Assert.Equal(Math.Sqrt(62) * 1.1, ManualDatum.SearchRadius(Math.Sqrt(62), 1), 12);
        Assert.Equal([1.1, 1.6, 2.0, 2.3, 2.5, 2.5], Enumerable.Range(1, 6).Select(ManualDatum.SafetyFactor));
        Assert.Throws<ArgumentOutOfRangeException>(() => ManualDatum.SafetyFactor(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ManualDatum.TotalProbableError(-1, 0, 0));
        Assert.Equal(Math.Sqrt(62) * 1.35, ManualDatum.SearchRadiusWithSafetyFactor(Math.Sqrt(62), 1.35), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => ManualDatum.SearchRadiusWithSafetyFactor(1, 0.9));
    }

    [Fact]
    public void The_datum_is_the_mean_of_the_particles_afloat_even_across_the_antimeridian()
    {
        double[] lat = [-16, -16, -16, 0];
        double[] lon = [179.5, -179.5, 180, 0];
        bool[] stranded = [false, false, false, true];
        var lkp = new GeoPosition(-16, 179);
        var result = ManualDatum.FromParticles(lkp, lat, lon, stranded, default, initialErrorNm: 2, navigationErrorNm: 0.5, searchNumber: 2);
        Assert.Equal(-16, result.Datum.Latitude, 2);
        Assert.Equal(180, Math.Abs(result.Datum.Longitude), 6);
        double drift = Geodesic.Distance(lkp, result.Datum) / 1852;
        Assert.Equal(drift, result.DriftDistanceNauticalMiles, 9);
        Assert.Equal(0.3 * drift, result.DriftErrorNauticalMiles, 9);
        Assert.Equal(Math.Sqrt(4 + 0.25 + Math.Pow(0.3 * drift, 2)) * 1.6, result.SearchRadiusNauticalMiles, 9);
        Assert.True(result.LinearSumRadiusNauticalMiles >= result.SearchRadiusNauticalMiles);
    }

    [Fact]
    public void Sweep_widths_come_from_the_table_interpolated_and_corrected_for_weather()
    {
        Assert.Equal(0.5, SweepWidths.Uncorrected(SearchObjectType.PersonInWater, 5), 12);
        Assert.Equal((4.5 + 7.6) / 2, SweepWidths.Uncorrected(SearchObjectType.Boat12Metres, 7.5), 12);
        Assert.Equal(18.1, SweepWidths.Uncorrected(SearchObjectType.Boat24Metres, 40), 12);
        Assert.Equal(2.3 / 3, SweepWidths.Uncorrected(SearchObjectType.LifeRaft4Person, 1), 12);
        Assert.Equal(0.5 * 0.25, SweepWidths.Corrected(SearchObjectType.PersonInWater, 5, SeaConditions.Rough), 12);
        Assert.Equal(7.6 * 0.9 * 0.9, SweepWidths.Corrected(SearchObjectType.Boat12Metres, 10, SeaConditions.Moderate, 0.9), 12);
        Assert.Equal(SeaConditions.Calm, SweepWidths.ConditionsFrom(10, 0.5));
        Assert.Equal(SeaConditions.Moderate, SweepWidths.ConditionsFrom(20, 0.5));
        Assert.Equal(SeaConditions.Rough, SweepWidths.ConditionsFrom(10, 2));
        Assert.Equal(SearchObjectType.PersonInWater, SweepWidths.ForLeewayClass("PIW-1"));
        Assert.Equal(SearchObjectType.BoatUnder5Metres, SweepWidths.ForLeewayClass("REFUGEE-RAFT-1"));
        Assert.Equal(SearchObjectType.Boat12Metres, SweepWidths.ForLeewayClass("FISHING-VESSEL-1"));
        Assert.Equal(SearchObjectType.LifeRaft6Person, SweepWidths.ForLeewayClass("LIFE-RAFT-DB-11"));
        Assert.Null(SweepWidths.ForLeewayClass("OIL-DRUM"));
        var asset = SearchAsset.ForObject("PB-1", 15, 4, SearchObjectType.BoatUnder5Metres, 10, SeaConditions.Moderate);
        Assert.Equal(1.9 * 0.5, asset.SweepWidthNm, 12);
    }
}
