namespace MaritimeCoord.Domain.Geo;

/// <summary>
/// A vessel's position with its course and speed over ground at one instant: an AIS position report, a sighting with
/// an estimated track, or a responder's last known state.
/// </summary>
/// <param name="Position">Where the vessel was.</param>
/// <param name="CourseOverGroundDegrees">Course over ground, degrees clockwise from true north (any finite value; normalised).</param>
/// <param name="SpeedOverGroundKnots">Speed over ground, knots (international nautical miles per hour), finite and not negative.</param>
/// <param name="Time">When it was there.</param>
public readonly record struct KinematicFix(GeoPosition Position, double CourseOverGroundDegrees, double SpeedOverGroundKnots, DateTimeOffset Time)
{
    /// <summary>Speed over ground in metres per second.</summary>
    public double SpeedMetresPerSecond => SpeedOverGroundKnots * Distances.MetresPerNauticalMile / 3600.0;
}

/// <summary>
/// Dead reckoning: where a vessel is now if it kept the course and speed of its last fix (what AMVER does for its
/// SURPIC, docs/domain.md). The vessel is moved along the <b>geodesic</b> that leaves the fix on its course over ground.
/// </summary>
/// <remarks>
/// <para>
/// A vessel holding a constant compass course follows a rhumb line (loxodrome) instead. The two paths leave the fix
/// tangent to each other and separate by about <c>s² · sin(C) · tan(φ) / (2R)</c> after a run of <c>s</c> on course
/// <c>C</c> at latitude <c>φ</c>. For an east–west course: 5 m after 10 nm and 120 m after 50 nm at 10° latitude;
/// 470 m after 50 nm and 2.7 km (1.5 nm) after 120 nm at 35°; nothing on a north–south course or on the equator
/// (docs/geodesy.md has the measured table).
/// </para>
/// <para>
/// The geodesic is chosen because (1) a single course-over-ground report does not say which of the two the vessel is
/// following — COG is the instantaneous direction of motion, and ocean passages are planned as great circles;
/// (2) over the horizons on which a dead-reckoned position is worth anything (minutes to a few hours) the difference is
/// far below the uncertainty of the dead reckoning itself (a 1° error in COG is 0.35 nm off-track after 20 nm;
/// currents and leeway are larger still); (3) it keeps dead reckoning consistent with <see cref="Geodesic"/> distances
/// and with <see cref="ClosestPointOfApproach"/>; and (4) it is defined everywhere, where a rhumb line spirals into the
/// poles and is singular on an east–west course at a pole.
/// </para>
/// </remarks>
public static class DeadReckoning
{
    /// <summary>
    /// The position at <paramref name="to"/> of a vessel that was at <paramref name="at"/> at <paramref name="fixTime"/>
    /// and kept <paramref name="courseOverGroundDegrees"/> and <paramref name="speedKnots"/>. A time before the fix
    /// projects backwards (where the vessel came from).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The course is not finite, or the speed is negative or not finite.</exception>
    public static GeoPosition Project(GeoPosition at, DateTimeOffset fixTime, double courseOverGroundDegrees, double speedKnots, DateTimeOffset to) =>
        ProjectWithCourse(new KinematicFix(at, courseOverGroundDegrees, speedKnots, fixTime), to).Position;

    /// <summary>The dead-reckoned position of <paramref name="fix"/> at <paramref name="to"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The course is not finite, or the speed is negative or not finite.</exception>
    public static GeoPosition Project(KinematicFix fix, DateTimeOffset to) => ProjectWithCourse(fix, to).Position;

    /// <summary>
    /// The dead-reckoned state of <paramref name="fix"/> at <paramref name="to"/>: position, and the course along the
    /// geodesic there (the geodesic's direction of travel changes as it goes, except on a meridian or the equator).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The course is not finite, or the speed is negative or not finite.</exception>
    public static KinematicFix ProjectWithCourse(KinematicFix fix, DateTimeOffset to)
    {
        Validate(fix);
        var distance = fix.SpeedMetresPerSecond * (to - fix.Time).TotalSeconds;
        if (distance == 0) return fix with { Time = to };
        var direct = Geodesic.Direct(fix.Position, fix.CourseOverGroundDegrees, distance);
        return fix with { Position = direct.Destination, CourseOverGroundDegrees = direct.FinalBearingDegrees, Time = to };
    }

    internal static void Validate(KinematicFix fix)
    {
        if (!double.IsFinite(fix.CourseOverGroundDegrees))
            throw new ArgumentOutOfRangeException(nameof(fix), fix.CourseOverGroundDegrees, "Course over ground must be a finite number of degrees.");
        if (!(fix.SpeedOverGroundKnots >= 0) || double.IsPositiveInfinity(fix.SpeedOverGroundKnots))
            throw new ArgumentOutOfRangeException(nameof(fix), fix.SpeedOverGroundKnots, "Speed over ground must be finite and not negative.");
    }
}
