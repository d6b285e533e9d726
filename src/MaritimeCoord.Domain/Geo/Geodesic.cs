namespace MaritimeCoord.Domain.Geo;

/// <summary>
/// Geodesics on the WGS84 ellipsoid: the shortest path between two positions (inverse problem) and the position reached
/// from a start, an initial bearing and a distance (direct problem).
/// </summary>
/// <remarks>
/// <para>
/// The algorithm is Karney's (C. F. F. Karney, "Algorithms for geodesics", J. Geodesy 87, 43–55 (2013),
/// doi:10.1007/s00190-012-0578-z), with the series truncated at order 6 in the third flattening — the same method as
/// GeographicLib's <c>Geodesic</c> class and PROJ's <c>geodesic.c</c>, on which PostGIS <c>geography</c> relies. It is
/// accurate to about 15 nm (nanometres) for WGS84 and, unlike Vincenty's iteration, converges for every pair of
/// points, nearly antipodal ones included (the inverse problem is solved by Newton's method on the auxiliary sphere,
/// started from the solution of the astroid equation near the antipode and guarded by bisection).
/// </para>
/// <para>
/// Bearings are degrees clockwise from true north in [0, 360). Longitudes of results are normalised to [-180, 180], so
/// geodesics crossing the antimeridian need no special handling by callers. See docs/geodesy.md.
/// </para>
/// </remarks>
public static class Geodesic
{
    /// <summary>WGS84 equatorial radius <c>a</c>, metres.</summary>
    public const double EquatorialRadiusMetres = 6378137.0;

    /// <summary>WGS84 flattening <c>f</c> = 1 / 298.257223563.</summary>
    public const double Flattening = 1 / 298.257223563;

    private const double A = EquatorialRadiusMetres;
    private const double F = Flattening;
    private const double F1 = 1 - F;                    // b / a
    private const double B = A * F1;                     // polar semi-axis
    private const double E2 = F * (2 - F);               // first eccentricity squared
    private const double Ep2 = E2 / (F1 * F1);           // second eccentricity squared
    private const double N = F / (2 - F);                // third flattening

    private const int Order = 6;                         // order of the series in eps (Karney 2013, §3)
    private const int MaxNewton = 20;                    // Newton steps before falling back to bisection
    private const int MaxIterations = MaxNewton + 53 + 10;

    private const double MachineEpsilon = 2.220446049250313e-16;     // 2^-52 (not double.Epsilon, which is subnormal)
    private const double Tol0 = MachineEpsilon;
    private const double Tol1 = 200 * Tol0;
    private static readonly double Tol2 = Math.Sqrt(Tol0);
    private static readonly double TolB = Tol0 * Tol2;
    private static readonly double XThreshold = 1000 * Tol2;
    private static readonly double Tiny = Math.Sqrt(2.2250738585072014e-308); // sqrt of the smallest normal double

    // "Really short" threshold for sig12 (see the remark on etol2 in GeographicLib): below it the auxiliary-sphere
    // solution with the mid-latitude scale is already exact to rounding.
    private static readonly double ShortLineTolerance =
        0.1 * Tol2 / Math.Sqrt(Math.Max(0.001, Math.Abs(F)) * Math.Min(1.0, 1 - F / 2) / 2);

    private static readonly double[] A3Coefficients = BuildA3Coefficients();
    private static readonly double[] C3Coefficients = BuildC3Coefficients();

    /// <summary>
    /// Solves the inverse problem: the geodesic (shortest path on the ellipsoid) from <paramref name="from"/> to
    /// <paramref name="to"/>.
    /// </summary>
    /// <returns>
    /// The distance in metres, the initial bearing at <paramref name="from"/> and the final bearing (direction of travel)
    /// at <paramref name="to"/>, both degrees in [0, 360). For coincident points the distance is 0 and the bearings are
    /// arbitrary; at a pole the bearing is measured from the meridian of the given longitude.
    /// </returns>
    public static GeodesicInverseResult Inverse(GeoPosition from, GeoPosition to)
    {
        SolveInverse(from.Latitude, from.Longitude, to.Latitude, to.Longitude,
            out var s12, out var salp1, out var calp1, out var salp2, out var calp2);
        return new GeodesicInverseResult(s12, ToBearing(Atan2d(salp1, calp1)), ToBearing(Atan2d(salp2, calp2)));
    }

    /// <summary>The geodesic (ellipsoidal) distance between two positions, metres.</summary>
    public static double Distance(GeoPosition from, GeoPosition to) => Inverse(from, to).DistanceMetres;

    /// <summary>
    /// Solves the direct problem: the position reached by following the geodesic that leaves <paramref name="start"/>
    /// on <paramref name="bearingDegrees"/> for <paramref name="distanceMetres"/>, and the bearing (direction of travel)
    /// there.
    /// </summary>
    /// <param name="start">The starting position.</param>
    /// <param name="bearingDegrees">Initial bearing, degrees clockwise from true north; any finite value (normalised).</param>
    /// <param name="distanceMetres">Distance along the geodesic; negative values travel backwards along it.</param>
    /// <exception cref="ArgumentOutOfRangeException">The bearing or the distance is not finite.</exception>
    public static GeodesicDirectResult Direct(GeoPosition start, double bearingDegrees, double distanceMetres)
    {
        if (!double.IsFinite(bearingDegrees))
            throw new ArgumentOutOfRangeException(nameof(bearingDegrees), bearingDegrees, "Bearing must be a finite number of degrees.");
        if (!double.IsFinite(distanceMetres))
            throw new ArgumentOutOfRangeException(nameof(distanceMetres), distanceMetres, "Distance must be a finite number of metres.");

        if (distanceMetres == 0) return new GeodesicDirectResult(start, ToBearing(NormaliseLongitude(bearingDegrees)));

        SolveDirect(start.Latitude, start.Longitude, bearingDegrees, distanceMetres, out var lat2, out var lon2, out var azi2);
        var destination = new GeoPosition(Math.Clamp(lat2, -90, 90), Math.Clamp(lon2, -180, 180));
        return new GeodesicDirectResult(destination, ToBearing(azi2));
    }

    /// <summary>
    /// The position reached from <paramref name="start"/> after <paramref name="distanceMetres"/> along the geodesic
    /// with initial bearing <paramref name="bearingDegrees"/> (the direct problem; see <see cref="Direct"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The bearing or the distance is not finite.</exception>
    public static GeoPosition Destination(GeoPosition start, double bearingDegrees, double distanceMetres) =>
        Direct(start, bearingDegrees, distanceMetres).Destination;

    /// <summary>Normalises a longitude (or any angle) in degrees to [-180, 180]; +180 is kept for positive input.</summary>
    public static double NormaliseLongitude(double degrees)
    {
        var y = Math.IEEERemainder(degrees, 360);
        return Math.Abs(y) == 180 ? Math.CopySign(180.0, degrees) : y;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Inverse problem (Karney 2013, §4–5)
    // ---------------------------------------------------------------------------------------------------------------

    private static void SolveInverse(double lat1, double lon1, double lat2, double lon2,
        out double s12, out double salp1, out double calp1, out double salp2, out double calp2)
    {
        // Longitude difference, reduced carefully to [-180, 180] with its rounding error kept in lon12s.
        var lon12 = AngleDifference(lon1, lon2, out var lon12s);
        // Canonical form: 0 <= lon12 <= 180, lat1 <= 0, lat1 <= lat2 <= -lat1. The three sign flags undo it at the end.
        double lonSign = lon12 >= 0 ? 1 : -1;
        lon12 = lonSign * AngRound(lon12);
        lon12s = AngRound((180 - lon12) - lonSign * lon12s);
        var lam12 = DegreesToRadians(lon12);
        double slam12, clam12;
        if (lon12 > 90)
        {
            SinCosd(lon12s, out slam12, out clam12);
            clam12 = -clam12;
        }
        else
        {
            SinCosd(lon12, out slam12, out clam12);
        }

        lat1 = AngRound(lat1);
        lat2 = AngRound(lat2);
        double swap = Math.Abs(lat1) < Math.Abs(lat2) ? -1 : 1;
        if (swap < 0)
        {
            lonSign = -lonSign;
            (lat1, lat2) = (lat2, lat1);
        }
        double latSign = lat1 < 0 ? 1 : -1;
        lat1 *= latSign;
        lat2 *= latSign;

        // Reduced latitudes beta: tan(beta) = (1 - f) tan(phi); cos(beta) kept >= tiny so poles need no special case.
        SinCosd(lat1, out var sbet1, out var cbet1);
        sbet1 *= F1;
        Normalise(ref sbet1, ref cbet1);
        cbet1 = Math.Max(Tiny, cbet1);
        SinCosd(lat2, out var sbet2, out var cbet2);
        sbet2 *= F1;
        Normalise(ref sbet2, ref cbet2);
        cbet2 = Math.Max(Tiny, cbet2);

        // Force |beta2| = |beta1| exactly when they are equal to rounding (avoids singular Newton steps).
        if (cbet1 < -sbet1)
        {
            if (cbet2 == cbet1) sbet2 = sbet2 < 0 ? sbet1 : -sbet1;
        }
        else if (Math.Abs(sbet2) == -sbet1)
        {
            cbet2 = cbet1;
        }

        var dn1 = Math.Sqrt(1 + Ep2 * Sq(sbet1));
        var dn2 = Math.Sqrt(1 + Ep2 * Sq(sbet2));

        double sig12, s12x = 0, m12x;
        salp1 = calp1 = salp2 = calp2 = 0;
        var meridian = lat1 == -90 || slam12 == 0;

        if (meridian)
        {
            // Both ends on one full meridian: the geodesic is the meridian (for an oblate ellipsoid).
            calp1 = clam12;
            salp1 = slam12;
            calp2 = 1;
            salp2 = 0;
            double ssig1 = sbet1, csig1 = calp1 * cbet1;
            double ssig2 = sbet2, csig2 = calp2 * cbet2;
            sig12 = Math.Atan2(Math.Max(0.0, csig1 * ssig2 - ssig1 * csig2), csig1 * csig2 + ssig1 * ssig2);
            Lengths(N, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2, out s12x, out m12x);
            if (sig12 < 1 || m12x >= 0)
            {
                if (sig12 < 3 * Tiny || (sig12 < Tol0 && (s12x < 0 || m12x < 0)))
                    s12x = 0;
                s12x *= B;
            }
            else
            {
                meridian = false; // only possible on a prolate ellipsoid; kept for fidelity to the method
            }
        }

        if (!meridian && sbet1 == 0 && lon12s >= F * 180)
        {
            // Both on the equator and not so far apart that the geodesic leaves it: it runs along the equator.
            calp1 = calp2 = 0;
            salp1 = salp2 = 1;
            s12x = A * lam12;
        }
        else if (!meridian)
        {
            sig12 = InverseStart(sbet1, cbet1, sbet2, cbet2, lam12, slam12, clam12,
                ref salp1, ref calp1, ref salp2, ref calp2, out var dnm);

            if (sig12 >= 0)
            {
                // Short line: the spherical solution with the mid-latitude scale is exact to rounding.
                s12x = sig12 * B * dnm;
            }
            else
            {
                // Newton's method on alpha1 for lambda12(alpha1) = lam12, keeping a bracket [alpha1a, alpha1b] around
                // the root and bisecting whenever a Newton step misbehaves (Karney 2013, §5).
                double ssig1 = 0, csig1 = 0, ssig2 = 0, csig2 = 0, eps = 0;
                var tripNewton = false;
                var tripBisect = false;
                double salp1a = Tiny, calp1a = 1, salp1b = Tiny, calp1b = -1;
                for (var iteration = 0; iteration < MaxIterations;)
                {
                    var v = Lambda12(sbet1, cbet1, dn1, sbet2, cbet2, dn2, salp1, calp1, slam12, clam12,
                        iteration < MaxNewton, out salp2, out calp2, out sig12,
                        out ssig1, out csig1, out ssig2, out csig2, out eps, out var dv);
                    // Reversed test so that NaN escapes.
                    if (tripBisect || !(Math.Abs(v) >= (tripNewton ? 8 : 1) * Tol0)) break;

                    if (v > 0 && (iteration > MaxNewton || calp1 / salp1 > calp1b / salp1b))
                    {
                        salp1b = salp1;
                        calp1b = calp1;
                    }
                    else if (v < 0 && (iteration > MaxNewton || calp1 / salp1 < calp1a / salp1a))
                    {
                        salp1a = salp1;
                        calp1a = calp1;
                    }

                    iteration++;
                    if (iteration < MaxNewton && dv > 0)
                    {
                        var dalp1 = -v / dv;
                        var sdalp1 = Math.Sin(dalp1);
                        var cdalp1 = Math.Cos(dalp1);
                        var nsalp1 = salp1 * cdalp1 + calp1 * sdalp1;
                        if (nsalp1 > 0 && Math.Abs(dalp1) < Math.PI)
                        {
                            calp1 = calp1 * cdalp1 - salp1 * sdalp1;
                            salp1 = nsalp1;
                            Normalise(ref salp1, ref calp1);
                            // Near a vanishing slope convergence is linear: accept epsilon-level tolerance.
                            tripNewton = Math.Abs(v) <= 16 * Tol0;
                            continue;
                        }
                    }

                    // Bisection of the bracket.
                    salp1 = (salp1a + salp1b) / 2;
                    calp1 = (calp1a + calp1b) / 2;
                    Normalise(ref salp1, ref calp1);
                    tripNewton = false;
                    tripBisect = Math.Abs(salp1a - salp1) + (calp1a - calp1) < TolB ||
                                 Math.Abs(salp1 - salp1b) + (calp1 - calp1b) < TolB;
                }

                Lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2, out s12x, out _);
                s12x *= B;
            }
        }

        s12 = 0.0 + s12x; // -0 becomes 0

        // Undo the canonical transformation.
        if (swap < 0)
        {
            (salp1, salp2) = (salp2, salp1);
            (calp1, calp2) = (calp2, calp1);
        }
        salp1 *= swap * lonSign;
        calp1 *= swap * latSign;
        salp2 *= swap * lonSign;
        calp2 *= swap * latSign;
    }

    // Starting guess for Newton's method (Karney 2013, §5 and the astroid of §6). Returns sig12 >= 0 (and sets alpha2
    // and dnm) when the line is so short that no iteration is needed, otherwise -1.
    private static double InverseStart(double sbet1, double cbet1, double sbet2, double cbet2,
        double lam12, double slam12, double clam12,
        ref double salp1, ref double calp1, ref double salp2, ref double calp2, out double dnm)
    {
        var sig12 = -1.0;
        dnm = double.NaN;
        var sbet12 = sbet2 * cbet1 - cbet2 * sbet1;   // sin(beta2 - beta1)
        var cbet12 = cbet2 * cbet1 + sbet2 * sbet1;
        var sbet12a = sbet2 * cbet1;                   // sin(beta2 + beta1)
        sbet12a += cbet2 * sbet1;

        var shortLine = cbet12 >= 0 && sbet12 < 0.5 && cbet2 * lam12 < 0.5;
        double somg12, comg12;
        if (shortLine)
        {
            var sbetm2 = Sq(sbet1 + sbet2);
            sbetm2 /= sbetm2 + Sq(cbet1 + cbet2);
            dnm = Math.Sqrt(1 + Ep2 * sbetm2);
            var omg12 = lam12 / (F1 * dnm);
            somg12 = Math.Sin(omg12);
            comg12 = Math.Cos(omg12);
        }
        else
        {
            somg12 = slam12;
            comg12 = clam12;
        }

        salp1 = cbet2 * somg12;
        calp1 = comg12 >= 0
            ? sbet12 + cbet2 * sbet1 * Sq(somg12) / (1 + comg12)
            : sbet12a - cbet2 * sbet1 * Sq(somg12) / (1 - comg12);

        var ssig12 = double.Hypot(salp1, calp1);
        var csig12 = sbet1 * sbet2 + cbet1 * cbet2 * comg12;

        if (shortLine && ssig12 < ShortLineTolerance)
        {
            salp2 = cbet1 * somg12;
            calp2 = sbet12 - cbet1 * sbet2 * (comg12 >= 0 ? Sq(somg12) / (1 + comg12) : 1 - comg12);
            Normalise(ref salp2, ref calp2);
            sig12 = Math.Atan2(ssig12, csig12);
        }
        else if (Math.Abs(N) >= 0.1 || csig12 >= 0 || ssig12 >= 6 * Math.Abs(N) * Math.PI * Sq(cbet1))
        {
            // The zeroth-order spherical estimate is good enough.
        }
        else
        {
            // Nearly antipodal: scale to coordinates (x, y) centred on the antipode and solve the astroid equation.
            var lam12x = Math.Atan2(-slam12, -clam12);
            var k2 = Sq(sbet1) * Ep2;
            var eps = k2 / (2 * (1 + Math.Sqrt(1 + k2)) + k2);
            var lamScale = F * cbet1 * A3(eps) * Math.PI;
            var betScale = lamScale * cbet1;
            var x = lam12x / lamScale;
            var y = sbet12a / betScale;

            if (y > -Tol1 && x > -1 - XThreshold)
            {
                salp1 = Math.Min(1.0, -x);
                calp1 = -Math.Sqrt(1 - Sq(salp1));
            }
            else
            {
                var k = Astroid(x, y);
                var omg12a = lamScale * (-x * k / (1 + k));
                somg12 = Math.Sin(omg12a);
                comg12 = -Math.Cos(omg12a);
                salp1 = cbet2 * somg12;
                calp1 = sbet12a - cbet2 * sbet1 * Sq(somg12) / (1 - comg12);
            }
        }

        // Sanity check; written so that NaN passes through to the result.
        if (!(salp1 <= 0))
        {
            Normalise(ref salp1, ref calp1);
        }
        else
        {
            salp1 = 1;
            calp1 = 0;
        }
        return sig12;
    }

    // lambda12(alpha1) - lam12 and its derivative: the "hybrid" problem of Karney 2013, §5.
    private static double Lambda12(double sbet1, double cbet1, double dn1, double sbet2, double cbet2, double dn2,
        double salp1, double calp1, double slam120, double clam120, bool withDerivative,
        out double salp2, out double calp2, out double sig12,
        out double ssig1, out double csig1, out double ssig2, out double csig2, out double eps, out double dlam12)
    {
        if (sbet1 == 0 && calp1 == 0) calp1 = -Tiny; // break the degeneracy of the equatorial line

        var salp0 = salp1 * cbet1;
        var calp0 = double.Hypot(calp1, salp1 * sbet1);

        ssig1 = sbet1;
        var somg1 = salp0 * sbet1;
        csig1 = calp1 * cbet1;
        var comg1 = csig1;
        Normalise(ref ssig1, ref csig1);

        salp2 = cbet2 != cbet1 ? salp0 / cbet2 : salp1;
        calp2 = cbet2 != cbet1 || Math.Abs(sbet2) != -sbet1
            ? Math.Sqrt(Sq(calp1 * cbet1) + (cbet1 < -sbet1 ? (cbet2 - cbet1) * (cbet1 + cbet2) : (sbet1 - sbet2) * (sbet1 + sbet2))) / cbet2
            : Math.Abs(calp1);

        ssig2 = sbet2;
        var somg2 = salp0 * sbet2;
        csig2 = calp2 * cbet2;
        var comg2 = csig2;
        Normalise(ref ssig2, ref csig2);

        sig12 = Math.Atan2(Math.Max(0.0, csig1 * ssig2 - ssig1 * csig2), csig1 * csig2 + ssig1 * ssig2);
        var somg12 = Math.Max(0.0, comg1 * somg2 - somg1 * comg2);
        var comg12 = comg1 * comg2 + somg1 * somg2;
        var eta = Math.Atan2(somg12 * clam120 - comg12 * slam120, comg12 * clam120 + somg12 * slam120);

        var k2 = Sq(calp0) * Ep2;
        eps = k2 / (2 * (1 + Math.Sqrt(1 + k2)) + k2);
        Span<double> c3 = stackalloc double[Order];
        C3(eps, c3);
        var b312 = SinSeries(ssig2, csig2, c3) - SinSeries(ssig1, csig1, c3);
        var domg12 = -F * A3(eps) * salp0 * (sig12 + b312);
        var lam12 = eta + domg12;

        if (!withDerivative)
        {
            dlam12 = double.NaN;
        }
        else if (calp2 == 0)
        {
            dlam12 = -2 * F1 * dn1 / sbet1;
        }
        else
        {
            Lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2, out _, out var m12b);
            dlam12 = m12b * F1 / (calp2 * cbet2);
        }
        return lam12;
    }

    // Distance s12 / b and reduced length m12 / b from the series I1 and I2 (Karney 2013, eqs. 15–18 and 38–41).
    private static void Lengths(double eps, double sig12, double ssig1, double csig1, double dn1,
        double ssig2, double csig2, double dn2, out double s12b, out double m12b)
    {
        Span<double> c1 = stackalloc double[Order + 1];
        Span<double> c2 = stackalloc double[Order + 1];
        var a1 = A1m1(eps);
        C1(eps, c1);
        var a2 = A2m1(eps);
        C2(eps, c2);
        var m0 = a1 - a2;
        a1 += 1;
        a2 += 1;
        var b1 = SinSeries(ssig2, csig2, c1) - SinSeries(ssig1, csig1, c1);
        s12b = a1 * (sig12 + b1);
        var b2 = SinSeries(ssig2, csig2, c2) - SinSeries(ssig1, csig1, c2);
        var j12 = m0 * sig12 + (a1 * b1 - a2 * b2);
        // Parenthesised products cancel exactly for coincident points.
        m12b = dn2 * (csig1 * ssig2) - dn1 * (ssig1 * csig2) - csig1 * csig2 * j12;
    }

    // Positive root k of k^4 + 2k^3 - (x^2 + y^2 - 1)k^2 - 2y^2 k - y^2 = 0 (Karney 2013, eq. 55).
    private static double Astroid(double x, double y)
    {
        var p = Sq(x);
        var q = Sq(y);
        var r = (p + q - 1) / 6;
        if (q == 0 && r <= 0) return 0;

        var s = p * q / 4;
        var r2 = Sq(r);
        var r3 = r * r2;
        var disc = s * (s + 2 * r3);
        var u = r;
        if (disc >= 0)
        {
            var t3 = s + r3;
            t3 += t3 < 0 ? -Math.Sqrt(disc) : Math.Sqrt(disc); // larger |t3| avoids cancellation
            var t = Math.Cbrt(t3);
            u += t + (t != 0 ? r2 / t : 0);
        }
        else
        {
            var angle = Math.Atan2(Math.Sqrt(-disc), -(s + r3));
            u += 2 * r * Math.Cos(angle / 3);
        }
        var v = Math.Sqrt(Sq(u) + q);
        var uv = u < 0 ? q / (v - u) : u + v;
        var w = (uv - q) / (2 * v);
        return uv / (Math.Sqrt(uv + Sq(w)) + w);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Direct problem (Karney 2013, §3)
    // ---------------------------------------------------------------------------------------------------------------

    private static void SolveDirect(double lat1, double lon1, double azi1, double s12,
        out double lat2, out double lon2, out double azi2)
    {
        SinCosd(AngRound(NormaliseLongitude(azi1)), out var salp1, out var calp1);
        SinCosd(AngRound(lat1), out var sbet1, out var cbet1);
        sbet1 *= F1;
        Normalise(ref sbet1, ref cbet1);
        cbet1 = Math.Max(Tiny, cbet1);

        // alpha0: azimuth where the geodesic crosses the equator; sigma1, omega1: arc and longitude on the auxiliary sphere.
        var salp0 = salp1 * cbet1;
        var calp0 = double.Hypot(calp1, salp1 * sbet1);
        var ssig1 = sbet1;
        var somg1 = salp0 * sbet1;
        var csig1 = sbet1 != 0 || calp1 != 0 ? cbet1 * calp1 : 1;
        var comg1 = csig1;
        Normalise(ref ssig1, ref csig1);

        var k2 = Sq(calp0) * Ep2;
        var eps = k2 / (2 * (1 + Math.Sqrt(1 + k2)) + k2);

        Span<double> c1 = stackalloc double[Order + 1];
        Span<double> c1p = stackalloc double[Order + 1];
        Span<double> c3 = stackalloc double[Order];
        var a1m1 = A1m1(eps);
        C1(eps, c1);
        C1p(eps, c1p);
        C3(eps, c3);
        var b11 = SinSeries(ssig1, csig1, c1);
        var sinB11 = Math.Sin(b11);
        var cosB11 = Math.Cos(b11);
        var stau1 = ssig1 * cosB11 + csig1 * sinB11;
        var ctau1 = csig1 * cosB11 - ssig1 * sinB11;
        var a3c = -F * salp0 * A3(eps);
        var b31 = SinSeries(ssig1, csig1, c3);

        // Distance -> arc length sigma12 by the reverted series C1' (accurate for |f| <= 1/100, so no Newton step).
        var tau12 = s12 / (B * (1 + a1m1));
        var stau12 = Math.Sin(tau12);
        var ctau12 = Math.Cos(tau12);
        var b12 = -SinSeries(stau1 * ctau12 + ctau1 * stau12, ctau1 * ctau12 - stau1 * stau12, c1p);
        var sig12 = tau12 - (b12 - b11);
        var ssig12 = Math.Sin(sig12);
        var csig12 = Math.Cos(sig12);

        var ssig2 = ssig1 * csig12 + csig1 * ssig12;
        var csig2 = csig1 * csig12 - ssig1 * ssig12;
        var sbet2 = calp0 * ssig2;
        var cbet2 = double.Hypot(salp0, calp0 * csig2);
        if (cbet2 == 0) cbet2 = csig2 = Tiny; // meridian through a pole: break the degeneracy
        var salp2 = salp0;
        var calp2 = calp0 * csig2;

        var somg2 = salp0 * ssig2;
        var comg2 = csig2;
        var omg12 = Math.Atan2(somg2 * comg1 - comg2 * somg1, comg2 * comg1 + somg2 * somg1);
        var lam12 = omg12 + a3c * (sig12 + (SinSeries(ssig2, csig2, c3) - b31));
        var lon12 = RadiansToDegrees(lam12);

        lon2 = NormaliseLongitude(NormaliseLongitude(lon1) + NormaliseLongitude(lon12));
        lat2 = Atan2d(sbet2, F1 * cbet2);
        azi2 = Atan2d(salp2, calp2);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Series (Karney 2013, eqs. 17, 18, 20, 21, 24, 25, 41, 42; order 6 in eps and in n). The integer tables below are
    // the published polynomial coefficients: per term, the numerators (highest power first) then the denominator.
    // ---------------------------------------------------------------------------------------------------------------

    // A1 - 1 = (1 + eps^2/4 + eps^4/64 + eps^6/256) / (1 - eps) - 1
    private static double A1m1(double eps)
    {
        var t = (((eps * eps + 4) * eps * eps) + 64) * eps * eps / 256;
        return (t + eps) / (1 - eps);
    }

    // A2 - 1 = (1 - 3 eps^2/4 - 7 eps^4/64 - 11 eps^6/256) / (1 + eps) - 1
    private static double A2m1(double eps)
    {
        var e2 = eps * eps;
        var t = ((-11 * e2 - 28) * e2 - 192) * e2 / 256;
        return (t - eps) / (1 + eps);
    }

    private static readonly double[] C1Table =
    [
        -1, 6, -16, 32,
        -9, 64, -128, 2048,
        9, -16, 768,
        3, -5, 512,
        -7, 1280,
        -7, 2048,
    ];

    private static readonly double[] C1pTable =
    [
        205, -432, 768, 1536,
        4005, -4736, 3840, 12288,
        -225, 116, 384,
        -7173, 2695, 7680,
        3467, 7680,
        38081, 61440,
    ];

    private static readonly double[] C2Table =
    [
        1, 2, 16, 32,
        35, 64, 384, 2048,
        15, 80, 768,
        7, 35, 512,
        63, 1280,
        77, 2048,
    ];

    private static void C1(double eps, Span<double> c) => EvenSeries(C1Table, eps, c);
    private static void C1p(double eps, Span<double> c) => EvenSeries(C1pTable, eps, c);
    private static void C2(double eps, Span<double> c) => EvenSeries(C2Table, eps, c);

    // c[l] = eps^l * P_l(eps^2) for l = 1..Order, where P_l has degree (Order - l) / 2.
    private static void EvenSeries(double[] table, double eps, Span<double> c)
    {
        var eps2 = eps * eps;
        var d = eps;
        var o = 0;
        for (var l = 1; l <= Order; l++)
        {
            var m = (Order - l) / 2;
            c[l] = d * Polynomial(table.AsSpan(o, m + 1), eps2) / table[o + m + 1];
            o += m + 2;
            d *= eps;
        }
    }

    // A3 as a polynomial in eps whose coefficients are polynomials in n, fixed once for WGS84.
    private static double[] BuildA3Coefficients()
    {
        ReadOnlySpan<double> table =
        [
            -3, 128,
            -2, -3, 64,
            -1, -3, -1, 16,
            3, -1, -2, 8,
            1, -1, 2,
            1, 1,
        ];
        var result = new double[Order];
        int o = 0, k = 0;
        for (var j = Order - 1; j >= 0; j--)
        {
            var m = Math.Min(Order - j - 1, j);
            result[k++] = Polynomial(table.Slice(o, m + 1), N) / table[o + m + 1];
            o += m + 2;
        }
        return result;
    }

    private static double[] BuildC3Coefficients()
    {
        ReadOnlySpan<double> table =
        [
            3, 128,
            2, 5, 128,
            -1, 3, 3, 64,
            -1, 0, 1, 8,
            -1, 1, 4,
            5, 256,
            1, 3, 128,
            -3, -2, 3, 64,
            1, -3, 2, 32,
            7, 512,
            -10, 9, 384,
            5, -9, 5, 192,
            7, 512,
            -14, 7, 512,
            21, 2560,
        ];
        var result = new double[Order * (Order - 1) / 2];
        int o = 0, k = 0;
        for (var l = 1; l < Order; l++)
        {
            for (var j = Order - 1; j >= l; j--)
            {
                var m = Math.Min(Order - j - 1, j);
                result[k++] = Polynomial(table.Slice(o, m + 1), N) / table[o + m + 1];
                o += m + 2;
            }
        }
        return result;
    }

    private static double A3(double eps) => Polynomial(A3Coefficients, eps);

    // c[l] for l = 1..Order-1 (c[0] unused).
    private static void C3(double eps, Span<double> c)
    {
        var mult = 1.0;
        var o = 0;
        for (var l = 1; l < Order; l++)
        {
            var m = Order - l - 1;
            mult *= eps;
            c[l] = mult * Polynomial(C3Coefficients.AsSpan(o, m + 1), eps);
            o += m + 1;
        }
    }

    // Horner's rule; coefficients from the highest power down.
    private static double Polynomial(ReadOnlySpan<double> coefficients, double x)
    {
        var y = coefficients.IsEmpty ? 0 : coefficients[0];
        for (var i = 1; i < coefficients.Length; i++) y = y * x + coefficients[i];
        return y;
    }

    // sum_{i=1}^{n} c[i] sin(2 i sigma) by Clenshaw summation, given sin and cos of sigma (c[0] unused).
    private static double SinSeries(double sinx, double cosx, ReadOnlySpan<double> c)
    {
        var k = c.Length;
        var n = k - 1;
        var ar = 2 * (cosx - sinx) * (cosx + sinx); // 2 cos(2x)
        double y0 = 0, y1 = 0;
        if ((n & 1) != 0) y0 = c[--k];
        for (n /= 2; n > 0; n--)
        {
            y1 = ar * y0 - y1 + c[--k];
            y0 = ar * y1 - y0 + c[--k];
        }
        return 2 * sinx * cosx * y0;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Angles, done carefully in degrees so that exact cases (multiples of 90°, antimeridian) stay exact.
    // ---------------------------------------------------------------------------------------------------------------

    private static double Sq(double x) => x * x;

    private static double DegreesToRadians(double degrees) => degrees * (Math.PI / 180);

    private static double RadiansToDegrees(double radians) => radians * (180 / Math.PI);

    private static void Normalise(ref double x, ref double y)
    {
        var r = double.Hypot(x, y);
        x /= r;
        y /= r;
    }

    private static double ToBearing(double degrees)
    {
        var b = degrees < 0 ? degrees + 360 : degrees + 0.0;
        return b >= 360 ? 0 : b;
    }

    // Rounds tiny angles so that values below 1/2^57 of a degree (sub-picometre) become zero: avoids near-singular cases.
    private static double AngRound(double x)
    {
        const double z = 1 / 16.0;
        var y = Math.Abs(x);
        if (y < z) y = z - (z - y);
        return Math.CopySign(y, x);
    }

    // Error-free sum: u + v = s + t exactly.
    private static double TwoSum(double u, double v, out double t)
    {
        var s = u + v;
        var up = s - v;
        var vpp = s - up;
        up -= u;
        vpp -= v;
        t = s == 0 ? s : 0.0 - (up + vpp);
        return s;
    }

    // (y - x) reduced to [-180, 180], with the rounding error returned in e.
    private static double AngleDifference(double x, double y, out double e)
    {
        var d = TwoSum(Math.IEEERemainder(-x, 360), Math.IEEERemainder(y, 360), out var t);
        d = TwoSum(Math.IEEERemainder(d, 360), t, out e);
        if (d == 0 || Math.Abs(d) == 180)
            d = Math.CopySign(d, e == 0 ? y - x : -e);
        return d;
    }

    // sin and cos of an angle in degrees, exact at multiples of 90°.
    private static void SinCosd(double x, out double sinx, out double cosx)
    {
        var r = x % 360;
        var q = double.IsNaN(r) ? 0 : (int)Math.Round(r / 90);
        r -= 90 * q;
        r = DegreesToRadians(r);
        var s = Math.Sin(r);
        var c = Math.Cos(r);
        switch (((q % 4) + 4) % 4)
        {
            case 1: (s, c) = (c, -s); break;
            case 2: (s, c) = (-s, -c); break;
            case 3: (s, c) = (-c, s); break;
        }
        cosx = c + 0.0;
        sinx = s == 0 ? Math.CopySign(s, x) : s;
    }

    private static double Atan2d(double y, double x)
    {
        var q = 0;
        if (Math.Abs(y) > Math.Abs(x))
        {
            (x, y) = (y, x);
            q = 2;
        }
        if (x < 0)
        {
            q++;
            x = -x;
        }
        var angle = RadiansToDegrees(Math.Atan2(y, x));
        return q switch
        {
            1 => Math.CopySign(180.0, y) - angle,
            2 => 90 - angle,
            3 => -90 + angle,
            _ => angle,
        };
    }
}
