using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Responders;

/// <param name="AssumedSpeedKnots">Speed assumed for an AIS vessel that is stopped or reports no speed: 10 kn is a
/// slow merchant passage and a fast fishing vessel; the ETA is flagged as assumed.</param>
/// <param name="StationaryBelowKnots">Below this SOG a vessel is treated as stopped (AIS SOG jitters by a few tenths
/// at anchor); its COG is noise, so it is neither dead-reckoned nor given a course change.</param>
/// <param name="StaleAfter">Position older than this is flagged stale. Satellite AIS often arrives an hour late; past
/// 2 h a dead-reckoned position is off by miles (COG error, current, alterations of course).</param>
public sealed record ResponderRankingPolicy(double AssumedSpeedKnots, double StationaryBelowKnots, TimeSpan StaleAfter)
{
    public static ResponderRankingPolicy Default { get; } = new(10, 0.5, TimeSpan.FromHours(2));
}

public enum ResponderKind
{
    GovernmentAsset,
    AisVessel,
}

/// <summary>One responder with what an RCC needs to task it (AMVER SURPIC: position, contact, time and course change to the distress).</summary>
/// <param name="Id">Asset id, or the MMSI for an AIS vessel.</param>
/// <param name="Description">Asset type, or AIS ship type when known.</param>
/// <param name="Position">Where it is estimated to be at <c>now</c> (dead-reckoned for an AIS vessel under way).</param>
/// <param name="DeadReckoned">The position was dead-reckoned from the last fix (false: the last fix as reported).</param>
/// <param name="BearingToTargetDegrees">Initial bearing of the geodesic from the responder to the target, degrees true.</param>
/// <param name="CourseToSteerDegrees">The course to steer: the bearing (no current or leeway allowed for).</param>
/// <param name="CurrentCourseDegrees">Its course over ground now (dead-reckoned); null for assets and stopped vessels.</param>
/// <param name="CourseChangeDegrees">Signed alteration from the current course to the course to steer, (-180, 180]:
/// positive to starboard (clockwise); null when there is no meaningful current course.</param>
/// <param name="SpeedKnots">Speed used for the ETA.</param>
/// <param name="SpeedAssumed">The speed is <see cref="ResponderRankingPolicy.AssumedSpeedKnots"/>, not reported.</param>
/// <param name="PositionAge">now − time of the last fix (or of the asset's position).</param>
public sealed record RankedResponder(
    int Rank,
    ResponderKind Kind,
    string Id,
    string Name,
    string? Description,
    string? Contact,
    GeoPosition Position,
    bool DeadReckoned,
    double DistanceMetres,
    double BearingToTargetDegrees,
    double CourseToSteerDegrees,
    double? CurrentCourseDegrees,
    double? CourseChangeDegrees,
    double SpeedKnots,
    bool SpeedAssumed,
    TimeSpan TimeToArrive,
    DateTimeOffset EstimatedArrival,
    TimeSpan PositionAge,
    bool Stale)
{
    public double DistanceNauticalMiles => DistanceMetres / Distances.MetresPerNauticalMile;
}

/// <summary>A candidate left out of the ranking, with the reason (e.g. an asset under maintenance).</summary>
public sealed record ExcludedResponder(ResponderKind Kind, string Id, string Name, string Reason);

public sealed record ResponderRankingResult(GeoPosition Target, DateTimeOffset At, IReadOnlyList<RankedResponder> Ranked, IReadOnlyList<ExcludedResponder> Excluded);

/// <summary>
/// Ranks responders for a target by estimated time to arrive (docs/domain.md, "Nearest responders": "distance along the
/// ellipsoid / speed, not straight distance; show how stale each responder's position is"), after AMVER's SURPIC:
/// AIS vessels dead-reckoned from their last report to now (<see cref="DeadReckoning"/>), distance and bearing by
/// <see cref="Geodesic.Inverse"/>. Ties on ETA go to the shorter distance, then to the id, so the order is stable.
/// </summary>
public static class ResponderRanking
{
    /// <param name="maxRanked">Materialise only the first this many of the ranking (the API returns the top 20 of ~150
    /// candidates): every candidate is still measured and ordered, but only these become <see cref="RankedResponder"/>
    /// records. Null: all of them.</param>
    public static ResponderRankingResult Rank(
        GeoPosition target, DateTimeOffset now, IEnumerable<GovernmentAsset> assets, IEnumerable<AisVessel> vessels, ResponderRankingPolicy? policy = null,
        int? maxRanked = null)
    {
        policy ??= ResponderRankingPolicy.Default;
        if (!(policy.AssumedSpeedKnots > 0) || !double.IsFinite(policy.AssumedSpeedKnots))
            throw new ArgumentOutOfRangeException(nameof(policy), policy.AssumedSpeedKnots, "The assumed speed must be positive.");
        if (maxRanked is < 0) throw new ArgumentOutOfRangeException(nameof(maxRanked), maxRanked, "maxRanked must not be negative.");

        // Measured as values and ordered, then materialised for the top only: this runs on every GET …/responders
        // (issue 4, docs/responders-performance.md), and records for ~150 candidates, copied once more to set the rank,
        // were half of the request's garbage.
        var assetList = assets as IReadOnlyList<GovernmentAsset> ?? [.. assets];
        var vesselList = vessels as IReadOnlyList<AisVessel> ?? [.. vessels];
        var measured = new Measured[assetList.Count + vesselList.Count];
        int count = 0;
        var excluded = new List<ExcludedResponder>();

        for (int i = 0; i < assetList.Count; i++)
        {
            var asset = assetList[i];
            if (asset.Availability != AssetAvailability.Available)
            {
                excluded.Add(new(ResponderKind.GovernmentAsset, asset.Id, asset.Name,
                    $"{Describe(asset.Availability)}{(string.IsNullOrWhiteSpace(asset.AvailabilityNote) ? "" : ": " + asset.AvailabilityNote.Trim())}"));
                continue;
            }
            if (!(asset.CruiseSpeedKnots > 0) || !double.IsFinite(asset.CruiseSpeedKnots))
            {
                excluded.Add(new(ResponderKind.GovernmentAsset, asset.Id, asset.Name, "no cruise speed recorded"));
                continue;
            }
            measured[count++] = Measure(ResponderKind.GovernmentAsset, i, asset.Id, asset.Position, false, null, asset.CruiseSpeedKnots, false,
                Age(now, asset.PositionTime), target);
        }

        for (int i = 0; i < vesselList.Count; i++)
        {
            var vessel = vesselList[i];
            var underWay = IsUnderWay(vessel, policy);
            var position = vessel.Position;
            double? course = null;
            // Dead-reckon forward only: a fix stamped after `now` (clock skew) is taken as it is.
            if (underWay && now > vessel.FixTime)
            {
                var state = DeadReckoning.ProjectWithCourse(
                    new KinematicFix(vessel.Position, vessel.CourseOverGroundDegrees!.Value, vessel.SpeedOverGroundKnots!.Value, vessel.FixTime), now);
                position = state.Position;
                course = state.CourseOverGroundDegrees;
            }
            else if (underWay)
            {
                course = Bearing(vessel.CourseOverGroundDegrees!.Value);
            }

            var speed = underWay ? vessel.SpeedOverGroundKnots!.Value : policy.AssumedSpeedKnots;
            measured[count++] = Measure(ResponderKind.AisVessel, i, null, position, underWay && now > vessel.FixTime, course, speed, !underWay,
                Age(now, vessel.FixTime), target);
        }

        // By ETA, then distance, then id (ordinal); the input order last, so equal keys keep it (a stable sort).
        Array.Sort(measured, 0, count, Comparer<Measured>.Create((a, b) =>
        {
            int c = a.TimeToArrive.CompareTo(b.TimeToArrive);
            if (c != 0) return c;
            c = a.DistanceMetres.CompareTo(b.DistanceMetres);
            if (c != 0) return c;
            c = string.CompareOrdinal(IdOf(a, vesselList), IdOf(b, vesselList));
            return c != 0 ? c : a.Order.CompareTo(b.Order);
        }));

        int take = Math.Min(count, maxRanked ?? count);
        var ranked = new List<RankedResponder>(take);
        for (int r = 0; r < take; r++)
        {
            var m = measured[r];
            string id, name;
            string? description, contact;
            if (m.Kind == ResponderKind.GovernmentAsset)
            {
                var asset = assetList[m.Source];
                (id, name, description, contact) = (asset.Id, asset.Name, asset.Type.ToString(), asset.Contact);
            }
            else
            {
                var vessel = vesselList[m.Source];
                (id, name, description, contact) = (IdOf(m, vesselList),
                    string.IsNullOrWhiteSpace(vessel.Name) ? $"MMSI {vessel.Mmsi}" : vessel.Name.Trim(), vessel.ShipType, vessel.Contact);
            }
            ranked.Add(new RankedResponder(r + 1, m.Kind, id, name, description, contact, m.Position, m.DeadReckoned,
                m.DistanceMetres, m.BearingDegrees, m.BearingDegrees,
                m.CourseDegrees, m.CourseDegrees is { } c ? CourseChange(c, m.BearingDegrees) : null,
                m.SpeedKnots, m.SpeedAssumed, m.TimeToArrive, now + m.TimeToArrive, m.PositionAge, m.PositionAge > policy.StaleAfter));
        }
        return new ResponderRankingResult(target, now, ranked, excluded);
    }

    /// <summary>
    /// Whether the ranking dead-reckons <paramref name="vessel"/> at its own SOG and COG (false: it is taken as stopped,
    /// at its fix, at <see cref="ResponderRankingPolicy.AssumedSpeedKnots"/>).
    /// </summary>
    public static bool IsUnderWay(AisVessel vessel, ResponderRankingPolicy policy) =>
        IsUnderWay(vessel.CourseOverGroundDegrees, vessel.SpeedOverGroundKnots, policy);

    /// <summary><see cref="IsUnderWay(AisVessel, ResponderRankingPolicy)"/> from a fix's course and speed.</summary>
    public static bool IsUnderWay(double? courseOverGroundDegrees, double? speedOverGroundKnots, ResponderRankingPolicy policy) =>
        speedOverGroundKnots is { } sog && double.IsFinite(sog) && sog >= policy.StationaryBelowKnots
        && courseOverGroundDegrees is { } cog && double.IsFinite(cog);

    /// <summary>
    /// A bearing or course rounded to <paramref name="digits"/> decimals, kept in [0, 360): 359.96 rounds to 0.0, not
    /// 360.0 (issue 15, item 7).
    /// </summary>
    public static double RoundBearing(double degrees, int digits = 1)
    {
        var r = Math.Round(Bearing(degrees), digits);
        return r >= 360 ? 0 : r + 0.0;
    }

    /// <summary>
    /// A course change rounded to <paramref name="digits"/> decimals, kept in (-180, 180]: -179.96 rounds to 180.0, not
    /// -180.0 (issue 15, item 7).
    /// </summary>
    public static double RoundCourseChange(double degrees, int digits = 1)
    {
        var r = Math.Round(Geodesic.NormaliseLongitude(degrees), digits);
        return r <= -180 ? 180 : r + 0.0;
    }

    /// <summary>A candidate measured to the target, before it is ranked. <see cref="Source"/> indexes the asset or vessel list.</summary>
    private readonly record struct Measured(
        ResponderKind Kind, int Source, int Order, string? AssetId, GeoPosition Position, bool DeadReckoned, double? CourseDegrees, double SpeedKnots,
        bool SpeedAssumed, TimeSpan PositionAge, double DistanceMetres, double BearingDegrees, TimeSpan TimeToArrive);

    private static Measured Measure(ResponderKind kind, int source, string? assetId, GeoPosition position, bool deadReckoned, double? course,
        double speedKnots, bool speedAssumed, TimeSpan age, GeoPosition target)
    {
        var leg = Geodesic.Inverse(position, target);
        var eta = TimeSpan.FromHours(leg.DistanceNauticalMiles / speedKnots);
        int order = kind == ResponderKind.GovernmentAsset ? source : source + (1 << 30);
        return new Measured(kind, source, order, assetId, position, deadReckoned, course, speedKnots, speedAssumed, age, leg.DistanceMetres,
            leg.InitialBearingDegrees, eta);
    }

    // Vessel ids (the MMSI as text) are only needed for the ranked ones and for ties, so they are formatted on demand.
    private static string IdOf(in Measured m, IReadOnlyList<AisVessel> vessels) =>
        m.AssetId ?? vessels[m.Source].Mmsi.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Signed smallest turn from <paramref name="fromDegrees"/> to <paramref name="toDegrees"/>, in (-180, 180]; positive clockwise.</summary>
    public static double CourseChange(double fromDegrees, double toDegrees)
    {
        var d = Geodesic.NormaliseLongitude(toDegrees - fromDegrees);
        return d == -180 ? 180 : d;
    }

    private static TimeSpan Age(DateTimeOffset now, DateTimeOffset fixTime) => fixTime > now ? TimeSpan.Zero : now - fixTime;

    // In [0, 360): a tiny negative angle plus 360 rounds to 360.0 in floating point, which is 0.
    private static double Bearing(double degrees)
    {
        var b = degrees % 360;
        if (b < 0) b += 360;
        return b >= 360 ? 0 : b + 0.0;
    }

    private static string Describe(AssetAvailability availability) => availability switch
    {
        AssetAvailability.Tasked => "on another task",
        AssetAvailability.Maintenance => "in maintenance",
        AssetAvailability.OffDuty => "off duty",
        _ => availability.ToString(),
    };
}
