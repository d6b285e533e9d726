namespace MaritimeCoord.Domain.Search;

/// <summary>Search object categories of the IAMSAR sweep-width table for surface vessels.</summary>
public enum SearchObjectType
{
    PersonInWater,
    LifeRaft4Person,
    LifeRaft6Person,
    LifeRaft15Person,
    LifeRaft25Person,
    BoatUnder5Metres,
    Boat7Metres,
    Boat12Metres,
    Boat24Metres,
}

/// <summary>Weather for the sweep-width correction (IAMSAR: winds 0–15 / 15–25 / over 25 kn, or seas 0–1 / 1–1.5 / over 1.5 m).</summary>
public enum SeaConditions
{
    Calm,
    Moderate,
    Rough,
}

/// <summary>
/// Uncorrected sweep widths for visual search from merchant vessels, by meteorological visibility, and the weather
/// correction factors: IAMSAR Manual Vol II, Appendix N (tables for merchant vessels and weather correction), as the
/// values are commonly reproduced. APPROXIMATE: check against the current edition before operational use; an operator
/// who knows W enters it and this table is not used.
/// </summary>
public static class SweepWidths
{
    private static readonly double[] VisibilitiesNm = [3, 5, 10, 15, 20];

    // Rows follow SearchObjectType; columns VisibilitiesNm; values in nautical miles.
    private static readonly double[][] MerchantVesselNm =
    [
        [0.4, 0.5, 0.6, 0.7, 0.7],
        [2.3, 3.2, 4.2, 4.9, 5.5],
        [2.5, 3.6, 5.0, 6.2, 6.9],
        [2.6, 4.0, 5.1, 6.4, 7.3],
        [2.7, 4.2, 5.2, 6.5, 7.5],
        [1.1, 1.4, 1.9, 2.1, 2.3],
        [2.0, 2.9, 4.3, 5.2, 5.8],
        [2.8, 4.5, 7.6, 9.4, 11.6],
        [3.2, 5.6, 10.7, 14.7, 18.1],
    ];

    /// <summary>
    /// W uncorrected for the object at this visibility (nm), linear between the table's columns; below 3 nm it shrinks
    /// in proportion to the visibility, above 20 nm it stays at the 20 nm value.
    /// </summary>
    public static double Uncorrected(SearchObjectType type, double visibilityNm)
    {
        if (!(visibilityNm > 0) || !double.IsFinite(visibilityNm)) throw new ArgumentOutOfRangeException(nameof(visibilityNm), visibilityNm, "Visibility must be positive.");
        if (!Enum.IsDefined(type)) throw new ArgumentOutOfRangeException(nameof(type));
        var row = MerchantVesselNm[(int)type];
        if (visibilityNm <= VisibilitiesNm[0]) return row[0] * visibilityNm / VisibilitiesNm[0];
        for (int i = 1; i < VisibilitiesNm.Length; i++)
        {
            if (visibilityNm <= VisibilitiesNm[i])
            {
                double t = (visibilityNm - VisibilitiesNm[i - 1]) / (VisibilitiesNm[i] - VisibilitiesNm[i - 1]);
                return row[i - 1] + (t * (row[i] - row[i - 1]));
            }
        }
        return row[^1];
    }

    /// <summary>Person in water, rafts and boats under 10 m: 1.0 / 0.5 / 0.25; larger objects: 1.0 / 0.9 / 0.9.</summary>
    public static double WeatherFactor(SearchObjectType type, SeaConditions conditions)
    {
        bool small = type is not (SearchObjectType.Boat12Metres or SearchObjectType.Boat24Metres);
        return conditions switch
        {
            SeaConditions.Calm => 1.0,
            SeaConditions.Moderate => small ? 0.5 : 0.9,
            SeaConditions.Rough => small ? 0.25 : 0.9,
            _ => throw new ArgumentOutOfRangeException(nameof(conditions)),
        };
    }

    /// <summary>W = W uncorrected × weather factor × fatigue factor (0.9 when the crew is tired, IAMSAR).</summary>
    public static double Corrected(SearchObjectType type, double visibilityNm, SeaConditions conditions, double fatigueFactor = 1.0)
    {
        if (!(fatigueFactor is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(fatigueFactor));
        return Uncorrected(type, visibilityNm) * WeatherFactor(type, conditions) * fatigueFactor;
    }

    public static SeaConditions ConditionsFrom(double windKnots, double seaHeightMetres) =>
        windKnots > 25 || seaHeightMetres > 1.5 ? SeaConditions.Rough
        : windKnots > 15 || seaHeightMetres > 1.0 ? SeaConditions.Moderate
        : SeaConditions.Calm;

    /// <summary>
    /// The table row for a Leeway object class key (docs/search-planning.md lists the mapping); null for debris and
    /// other classes the table has no row for, whose sweep width the operator must give.
    /// </summary>
    public static SearchObjectType? ForLeewayClass(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var k = key.ToUpperInvariant();
        if (k.StartsWith("PIW", StringComparison.Ordinal)) return SearchObjectType.PersonInWater;
        if (k is "LIFE-RAFT-DB-18" or "LIFE-RAFT-DB-19" or "LIFE-RAFT-DB-20") return SearchObjectType.LifeRaft25Person;
        if (k.StartsWith("LIFE-RAFT", StringComparison.Ordinal) || k.StartsWith("AVIATION", StringComparison.Ordinal)
            || k.StartsWith("OVATEK", StringComparison.Ordinal) || k is "LIFE-CAPSULE" or "USCG-RESCUE") return SearchObjectType.LifeRaft6Person;
        if (k.StartsWith("PERSON-POWERED", StringComparison.Ordinal) || k.StartsWith("SKIFF", StringComparison.Ordinal)
            || k.StartsWith("REFUGEE-RAFT", StringComparison.Ordinal) || k is "SPORT-BOAT" or "SAILBOAT-8") return SearchObjectType.BoatUnder5Metres;
        if (k.StartsWith("SAILBOAT", StringComparison.Ordinal) || k is "SPORT-FISHER") return SearchObjectType.Boat7Metres;
        if (k.StartsWith("FISHING-VESSEL", StringComparison.Ordinal)) return SearchObjectType.Boat12Metres;
        if (k is "COASTAL-FREIGHTER") return SearchObjectType.Boat24Metres;
        return null;
    }
}
