using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Responders;

/// <summary>
/// Which candidates the nearest-responder ranking must see so that its top N equals the top N by ETA over every
/// available asset and every AIS vessel seen within the freshness window, dead-reckoned to now (issue 15, item 1;
/// the rule and its proof: docs/responders-performance.md, "Exact top N").
/// </summary>
/// <remarks>
/// <para>
/// <b>Lower bound of an ETA.</b> The straight line through the Earth between two points (the chord of their
/// Earth-centred, Earth-fixed positions on the WGS84 ellipsoid) is never longer than the geodesic between them: the
/// geodesic is a curve joining the same two points. A vessel under way is dead-reckoned along a geodesic of length
/// L = SOG × age from its fix P, so its position D now satisfies chord(P, D) ≤ L, and by the triangle inequality
/// geodesic(D, target) ≥ chord(D, target) ≥ chord(P, target) − L. Hence ETA ≥ (chord(P, target) − L) / speed
/// (<see cref="VesselLowerBoundHours"/>); for an asset or a vessel taken as stopped, ETA ≥ chord / speed.
/// </para>
/// <para>
/// <b>Threshold.</b> Rank any set of real candidates exactly; the ETA of its N-th (<see cref="Threshold"/>, U) is at
/// least the true N-th ETA, because the true top N are the best N of a superset. A candidate whose lower bound exceeds U
/// therefore cannot be in the true top N (not even on a tie, which needs an equal ETA).
/// </para>
/// <para>
/// <b>Search.</b> Every candidate whose lower bound is ≤ U lies within a chord of maxSpeed × (U + its age) of the target
/// (a stopped vessel within assumed speed × U ≤ maxSpeed × U), so a search of every vessel whose fix lies in a box of
/// half-width <see cref="VesselSearchRadiusMetres"/> around the target, per band of fix age, and every available asset
/// within <see cref="AssetSearchRadiusMetres"/>, contains all of them. <see cref="RankExact"/> then ranks the union of
/// seeds and searched rows exactly: its top N is the brute-force top N.
/// </para>
/// </remarks>
public static class ResponderSearch
{
    /// <summary>
    /// Slack for floating-point rounding of the chord (computed here and in SQL from degrees: errors of micrometres)
    /// and of the geodesic solver (nanometres): a bound lowered by this much is still a bound.
    /// </summary>
    public const double MarginMetres = 1.0;

    /// <summary>
    /// Upper ends of the bands of fix age (hours) the vessel search is split into. A band's box is sized for its oldest
    /// fix, so finer bands for young fixes (most of a live picture) keep the boxes close to the disc each fix can reach.
    /// </summary>
    public static IReadOnlyList<double> AgeBandHours { get; } = [0.25, 0.5, 1, 2, 3, 4, 6, 9, 13, 18, 24];

    private const double A = Geodesic.EquatorialRadiusMetres;
    private const double E2 = Geodesic.Flattening * (2 - Geodesic.Flattening);

    /// <summary>Earth-centred, Earth-fixed coordinates (metres) of a position on the WGS84 ellipsoid (height 0).</summary>
    public static (double X, double Y, double Z) Ecef(GeoPosition p)
    {
        var (sinLat, cosLat) = Math.SinCos(p.Latitude * (Math.PI / 180));
        var (sinLon, cosLon) = Math.SinCos(p.Longitude * (Math.PI / 180));
        var n = A / Math.Sqrt(1 - E2 * sinLat * sinLat);
        return (n * cosLat * cosLon, n * cosLat * sinLon, n * (1 - E2) * sinLat);
    }

    /// <summary>The straight-line (chord) distance in metres between two positions on the ellipsoid: never more than the geodesic.</summary>
    public static double ChordMetres(GeoPosition a, GeoPosition b)
    {
        var (ax, ay, az) = Ecef(a);
        var (bx, by, bz) = Ecef(b);
        double dx = ax - bx, dy = ay - by, dz = az - bz;
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }

    /// <summary>A lower bound of the hours an available asset needs to reach <paramref name="target"/> (as <see cref="ResponderRanking"/> measures it).</summary>
    public static double AssetLowerBoundHours(GovernmentAsset asset, GeoPosition target) => AssetLowerBoundHours(asset.Position, asset.CruiseSpeedKnots, target);

    /// <summary>
    /// A lower bound of the hours <paramref name="vessel"/> needs to reach <paramref name="target"/>, as
    /// <see cref="ResponderRanking"/> measures it: dead-reckoned to <paramref name="now"/> when under way, else from its
    /// fix at the assumed speed.
    /// </summary>
    public static double VesselLowerBoundHours(AisVessel vessel, GeoPosition target, DateTimeOffset now, ResponderRankingPolicy? policy = null) =>
        VesselLowerBoundHours(vessel.Position, vessel.CourseOverGroundDegrees, vessel.SpeedOverGroundKnots, vessel.FixTime, target, now, policy);

    /// <summary>
    /// <see cref="VesselLowerBoundHours(AisVessel, GeoPosition, DateTimeOffset, ResponderRankingPolicy?)"/> from a fix's
    /// numbers, so a reader can drop a row before allocating a record for it.
    /// </summary>
    public static double VesselLowerBoundHours(GeoPosition position, double? courseOverGroundDegrees, double? speedOverGroundKnots, DateTimeOffset fixTime,
        GeoPosition target, DateTimeOffset now, ResponderRankingPolicy? policy = null)
    {
        policy ??= ResponderRankingPolicy.Default;
        var chord = ChordMetres(position, target) - MarginMetres;
        if (!ResponderRanking.IsUnderWay(courseOverGroundDegrees, speedOverGroundKnots, policy))
            return Math.Max(0, chord) / Distances.MetresPerNauticalMile / policy.AssumedSpeedKnots;
        var speed = speedOverGroundKnots!.Value;
        // The same travel as DeadReckoning.ProjectWithCourse: metres per second × seconds since the fix (none for a fix
        // stamped after now, which the ranking takes as it is).
        var travel = now > fixTime ? speed * Distances.MetresPerNauticalMile / 3600.0 * (now - fixTime).TotalSeconds : 0;
        return Math.Max(0, chord - travel) / Distances.MetresPerNauticalMile / speed;
    }

    /// <summary>A lower bound of the hours an asset at <paramref name="position"/> cruising at <paramref name="cruiseSpeedKnots"/> needs to reach <paramref name="target"/>.</summary>
    public static double AssetLowerBoundHours(GeoPosition position, double cruiseSpeedKnots, GeoPosition target) =>
        Math.Max(0, ChordMetres(position, target) - MarginMetres) / Distances.MetresPerNauticalMile / cruiseSpeedKnots;

    /// <summary>
    /// U: the ETA (hours) of the <paramref name="n"/>-th of an exact ranking of real candidates, or +∞ when it has fewer
    /// than n (then nothing may be left out).
    /// </summary>
    public static double Threshold(ResponderRankingResult ranked, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return ranked.Ranked.Count >= n ? ranked.Ranked[n - 1].TimeToArrive.TotalHours : double.PositiveInfinity;
    }

    /// <summary>
    /// The fastest speed (knots) the ranking can give a vessel: the fastest finite SOG seen, or the assumed speed of a
    /// vessel without one, whichever is greater.
    /// </summary>
    public static double VesselSpeedBound(double? fastestSpeedOverGroundKnots, ResponderRankingPolicy? policy = null)
    {
        policy ??= ResponderRankingPolicy.Default;
        return fastestSpeedOverGroundKnots is { } s && double.IsFinite(s) ? Math.Max(s, policy.AssumedSpeedKnots) : policy.AssumedSpeedKnots;
    }

    /// <summary>
    /// Half-width (metres) of the box around the target (ECEF) holding every vessel whose fix is at most
    /// <paramref name="oldestAgeHours"/> old and whose ETA may be ≤ <paramref name="thresholdHours"/>; +∞ when U is.
    /// </summary>
    public static double VesselSearchRadiusMetres(double maxSpeedKnots, double thresholdHours, double oldestAgeHours) =>
        maxSpeedKnots * (thresholdHours + oldestAgeHours) * Distances.MetresPerNauticalMile + 10 * MarginMetres;

    /// <summary>Half-width (metres) of the box holding every available asset whose ETA may be ≤ <paramref name="thresholdHours"/>.</summary>
    public static double AssetSearchRadiusMetres(double maxCruiseKnots, double thresholdHours) =>
        maxCruiseKnots * thresholdHours * Distances.MetresPerNauticalMile + 10 * MarginMetres;

    /// <summary>
    /// What the snapshot of dead-reckoned positions holds for one AIS fix (docs/responders-performance.md, "Snapshot of
    /// dead-reckoned positions"): where the ranking would put the vessel at <paramref name="snapshotTime"/> (ECEF metres,
    /// by the same <see cref="DeadReckoning.ProjectWithCourse"/> as <see cref="ResponderRanking"/>), the speed its ETA is
    /// divided by (SOG under way, else the assumed speed), and the speed its estimated position moves at (SOG under way,
    /// else 0).
    /// </summary>
    public static SnapshotEntry Snapshot(GeoPosition position, double? courseOverGroundDegrees, double? speedOverGroundKnots, DateTimeOffset fixTime,
        DateTimeOffset snapshotTime, ResponderRankingPolicy? policy = null)
    {
        policy ??= ResponderRankingPolicy.Default;
        if (!ResponderRanking.IsUnderWay(courseOverGroundDegrees, speedOverGroundKnots, policy))
        {
            var (sx, sy, sz) = Ecef(position);
            return new SnapshotEntry(sx, sy, sz, policy.AssumedSpeedKnots, 0);
        }
        var speed = speedOverGroundKnots!.Value;
        var at = snapshotTime > fixTime
            ? DeadReckoning.ProjectWithCourse(new KinematicFix(position, courseOverGroundDegrees!.Value, speed, fixTime), snapshotTime).Position
            : position;
        var (x, y, z) = Ecef(at);
        return new SnapshotEntry(x, y, z, speed, speed);
    }

    /// <summary>
    /// A lower bound of the hours the vessel of <paramref name="entry"/> needs to reach <paramref name="target"/> at any
    /// time within <paramref name="snapshotAgeHours"/> (either side) of the snapshot, as <see cref="ResponderRanking"/>
    /// measures it, provided its fix has not changed since: its estimated position then lies on the same geodesic as at
    /// the snapshot, at most moving × |now − T| along it, so (chord(snapshot, target) − moving × |now − T|) / speed.
    /// </summary>
    public static double SnapshotLowerBoundHours(SnapshotEntry entry, GeoPosition target, double snapshotAgeHours)
    {
        var (tx, ty, tz) = Ecef(target);
        double dx = entry.X - tx, dy = entry.Y - ty, dz = entry.Z - tz;
        var chord = Math.Sqrt(dx * dx + dy * dy + dz * dz) - MarginMetres;
        var travel = entry.MovingKnots * Math.Abs(snapshotAgeHours) * Distances.MetresPerNauticalMile;
        return Math.Max(0, chord - travel) / Distances.MetresPerNauticalMile / entry.SpeedKnots;
    }

    /// <summary>
    /// Half-width (metres) of the box around the target (ECEF) holding every snapshot entry of speed ≤
    /// <paramref name="maxSpeedKnots"/> whose ETA may be ≤ <paramref name="thresholdHours"/> when the snapshot is
    /// <paramref name="snapshotAgeHours"/> old: speed × (U + |age|) (the moving speed never exceeds the speed).
    /// </summary>
    public static double SnapshotSearchRadiusMetres(double maxSpeedKnots, double thresholdHours, double snapshotAgeHours) =>
        maxSpeedKnots * (thresholdHours + Math.Abs(snapshotAgeHours)) * Distances.MetresPerNauticalMile + 10 * MarginMetres;

    /// <summary>
    /// Upper ends of the bands of snapshot speed (knots) the snapshot search is split into (the last band ends at the
    /// fastest speed in the snapshot). A band's box is sized for its fastest entry, so one implausible SOG (102.3 kn, the
    /// "not available" code read as a number) widens only the box of its own band, which holds few rows.
    /// </summary>
    public static IReadOnlyList<double> SpeedBandKnots { get; } = [10, 12, 14, 16, 18, 20, 25, 30, 40, 60, 100];

    /// <summary>
    /// The exact ranking over seeds and searched candidates (each asset and vessel once, by id/MMSI), keeping only those
    /// whose lower bound is ≤ <paramref name="thresholdHours"/> (the rest cannot reach the top <paramref name="maxRanked"/>).
    /// Candidates are taken in a canonical order (assets by code, vessels by MMSI) so ties resolve as in a ranking of all.
    /// </summary>
    public static ResponderRankingResult RankExact(
        GeoPosition target, DateTimeOffset now, IEnumerable<GovernmentAsset> assets, IEnumerable<AisVessel> vessels, double thresholdHours,
        int maxRanked, ResponderRankingPolicy? policy = null)
    {
        policy ??= ResponderRankingPolicy.Default;
        var keptAssets = new Dictionary<string, GovernmentAsset>(StringComparer.Ordinal);
        foreach (var a in assets)
        {
            if (a.Availability != AssetAvailability.Available || !(a.CruiseSpeedKnots > 0) || !double.IsFinite(a.CruiseSpeedKnots)) continue;
            if (AssetLowerBoundHours(a, target) <= thresholdHours) keptAssets.TryAdd(a.Id, a);
        }
        var keptVessels = new Dictionary<long, AisVessel>();
        foreach (var v in vessels)
        {
            if (!keptVessels.ContainsKey(v.Mmsi) && VesselLowerBoundHours(v, target, now, policy) <= thresholdHours) keptVessels.Add(v.Mmsi, v);
        }
        var orderedAssets = keptAssets.Values.OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
        var orderedVessels = keptVessels.Values.OrderBy(v => v.Mmsi).ToList();
        return ResponderRanking.Rank(target, now, orderedAssets, orderedVessels, policy, maxRanked);
    }
}

/// <summary>
/// One AIS fix in the snapshot of dead-reckoned positions: its estimated position at the snapshot time (ECEF metres),
/// the speed its ETA is divided by, and the speed its estimated position moves at (<see cref="ResponderSearch.Snapshot"/>).
/// </summary>
public readonly record struct SnapshotEntry(double X, double Y, double Z, double SpeedKnots, double MovingKnots);
