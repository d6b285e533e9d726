using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Drift;

/// <summary>
/// The Leeway Monte Carlo drift model (Allen &amp; Plourde 1999; Allen 2005; as OpenDrift's Leeway and SAROPS apply
/// it): each particle drifts with the wind leeway of its object class (downwind and crosswind, with errors drawn once
/// per particle) plus the surface current, stepped with a fixed time step on the WGS84 ellipsoid. See docs/drift.md.
/// </summary>
public static class DriftModel
{
    private const double A = Geodesic.EquatorialRadiusMetres;
    private const double E2 = Geodesic.Flattening * (2 - Geodesic.Flattening);
    private const double DegreesPerRadian = 180 / Math.PI;
    private const double RadiansPerDegree = Math.PI / 180;

    public static DriftResult Run(DriftRequest request, IDriftForcing forcing, LandMask? land = null, DriftRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(forcing);
        var problems = request.Validate();
        if (problems.Count > 0)
            throw new ArgumentException("Invalid drift request: " + string.Join("; ", problems.Select(p => $"{p.Field} {p.Message}")), nameof(request));
        land ??= LandMask.None;
        options ??= new DriftRunOptions();
        var ct = options.CancellationToken;

        var n = request.Particles;
        var rng = new DriftRandom(request.Seed);
        var lat = new double[n];
        var lon = new double[n];
        var seedTicks = new long[n];
        Seed(request.Seeding, n, ref rng, lat, lon, seedTicks);

        // Per-particle leeway, drawn once: DW = dwA·U + dwB and CW = (cwSlope + cwErr)·U + cwB, in m/s.
        var c = request.ObjectClass;
        var dwA = new double[n];
        var dwB = new double[n];
        var cwSlope = new double[n];
        var cwErr = new double[n];
        var cwB = new double[n];
        var side = new ParticleSide[n];
        for (var i = 0; i < n; i++)
        {
            var right = (i & 1) == 0;
            side[i] = right ? ParticleSide.Right : ParticleSide.Left;
            var epsDw = rng.NextNormal() * c.DownwindStdCms;
            // OpenDrift's rule: no particle drifts upwind.
            for (var tries = 0; c.DownwindSlopePercent + epsDw / 20 < 0 && tries < 1000; tries++) epsDw = rng.NextNormal() * c.DownwindStdCms;
            var rcw = rng.NextNormal();
            var epsCw = rcw * (right ? c.CrosswindRightStdCms : c.CrosswindLeftStdCms);
            dwA[i] = (c.DownwindSlopePercent + epsDw / 20) / 100;
            dwB[i] = (c.DownwindOffsetCms + epsDw / 2) / 100;
            cwSlope[i] = (right ? c.CrosswindRightSlopePercent : c.CrosswindLeftSlopePercent) / 100;
            cwErr[i] = epsCw / 20 / 100;
            cwB[i] = ((right ? c.CrosswindRightOffsetCms : c.CrosswindLeftOffsetCms) + epsCw / 2) / 100;
        }

        var status = new ParticleStatus[n];
        var samples = new ForcingSample[n];
        var steps = (int)(request.Duration.Ticks / request.TimeStep.Ticks);
        var outputEvery = (int)(request.OutputInterval.Ticks / request.TimeStep.Ticks);
        var direction = request.Direction == DriftDirection.Forward ? 1 : -1;
        var dt = request.TimeStep.TotalSeconds;
        var signedDt = direction * dt;
        var stepTicks = direction * request.TimeStep.Ticks;
        var jibeProbability = request.Jibing ? 1 - Math.Pow(1 - request.JibeProbabilityPerHour, dt / 3600) : 0;
        var fallbacks = new DriftFallbackReport();
        var snapshots = new List<DriftSnapshot>(options.KeepSnapshots ? steps / outputEvery + 1 : 0);
        double fbSouth = 90, fbNorth = -90, fbWest = 180, fbEast = -180;

        var time = request.StartTime;
        var active = Release(time.UtcTicks, direction, seedTicks, status, lat, lon, land, out var stranded);
        var last = TakeSnapshot(time, lat, lon, status, side, options, snapshots);

        for (var step = 0; step < steps; step++)
        {
            ct.ThrowIfCancellationRequested();
            forcing.Sample(time, lat, lon, samples);
            long particleSteps = 0, windScene = 0, windZero = 0, currentScene = 0, currentZero = 0;
            for (var i = 0; i < n; i++)
            {
                // One draw per particle and step whatever its state, so runs that differ only in forcing keep the same
                // random sequence (the current-shift test relies on it).
                var u = rng.NextDouble();
                if (status[i] != ParticleStatus.Active) continue;
                if (u < jibeProbability)
                {
                    cwSlope[i] = -cwSlope[i];
                    side[i] = side[i] == ParticleSide.Right ? ParticleSide.Left : ParticleSide.Right;
                }
                ref readonly var s = ref samples[i];
                particleSteps++;
                if (s.Fallback != ForcingFallback.None)
                {
                    if ((s.Fallback & ForcingFallback.WindOnScene) != 0) windScene++;
                    if ((s.Fallback & ForcingFallback.WindZero) != 0) windZero++;
                    if ((s.Fallback & ForcingFallback.CurrentOnScene) != 0) currentScene++;
                    if ((s.Fallback & ForcingFallback.CurrentZero) != 0) currentZero++;
                    fbSouth = Math.Min(fbSouth, lat[i]); fbNorth = Math.Max(fbNorth, lat[i]);
                    fbWest = Math.Min(fbWest, lon[i]); fbEast = Math.Max(fbEast, lon[i]);
                }
                var windSpeed = Math.Sqrt(s.WindEast * s.WindEast + s.WindNorth * s.WindNorth);
                // Unit vector of the direction the wind blows towards (north when calm, as atan2(0, 0) = 0 gives).
                double sinT = 0, cosT = 1;
                if (windSpeed > 1e-12) { sinT = s.WindEast / windSpeed; cosT = s.WindNorth / windSpeed; }
                var downwind = dwA[i] * windSpeed + dwB[i];
                var crosswind = (cwSlope[i] + cwErr[i]) * windSpeed + cwB[i];
                // Crosswind positive = to the right of downwind (90° clockwise from it).
                var ve = downwind * sinT + crosswind * cosT + s.CurrentEast;
                var vn = downwind * cosT - crosswind * sinT + s.CurrentNorth;
                if (!double.IsFinite(ve) || !double.IsFinite(vn)) continue;

                // Local metres → degrees on the ellipsoid (tabulated, see MetricTable).
                var (degreesPerMetreNorth, degreesPerMetreEast) = MetricTable.At(lat[i]);
                var newLat = lat[i] + vn * signedDt * degreesPerMetreNorth;
                var newLon = lon[i] + ve * signedDt * degreesPerMetreEast;
                if (newLat > 89.9999) newLat = 89.9999;
                else if (newLat < -89.9999) newLat = -89.9999;
                if (newLon > 180) newLon -= 360;
                else if (newLon < -180) newLon += 360;
                lat[i] = newLat;
                lon[i] = newLon;
                if (land.IsLand(newLat, newLon))
                {
                    status[i] = ParticleStatus.Stranded;
                    active--; stranded++;
                }
            }
            fallbacks.ParticleSteps += particleSteps;
            if (windScene + windZero + currentScene + currentZero > 0)
            {
                fallbacks.WindOnSceneSteps += windScene; fallbacks.WindZeroSteps += windZero;
                fallbacks.CurrentOnSceneSteps += currentScene; fallbacks.CurrentZeroSteps += currentZero;
                fallbacks.FirstTime ??= time;
                fallbacks.LastTime = time;
            }

            time = time.AddTicks(stepTicks);
            active += Release(time.UtcTicks, direction, seedTicks, status, lat, lon, land, out var newlyStranded);
            stranded += newlyStranded;
            if ((step + 1) % outputEvery == 0 || step == steps - 1)
                last = TakeSnapshot(time, lat, lon, status, side, options, snapshots);
            options.Progress?.Invoke(new DriftProgress(step + 1, steps, time, active, stranded));
        }
        if (fallbacks.Any) fallbacks.Area = (fbSouth, fbWest, fbNorth, fbEast);
        return new DriftResult(request, snapshots, last, fallbacks);
    }

    /// <summary>
    /// Degrees per metre northward (1/M, M the meridional radius of curvature) and eastward (1/(N cos φ), N the
    /// prime-vertical radius) on WGS84, tabulated every 0.01° of latitude and interpolated linearly: the interpolation
    /// error is below 1e-8 relative (the factors are smooth on that scale) and the step needs no trigonometry.
    /// </summary>
    internal static class MetricTable
    {
        private const double Step = 0.01;
        private const double Limit = 89.99;
        private static readonly double[] North = Build(out East);
        private static readonly double[] East;

        private static double[] Build(out double[] east)
        {
            var count = (int)Math.Round(2 * Limit / Step) + 2;
            var north = new double[count];
            east = new double[count];
            for (var i = 0; i < count; i++)
            {
                var phi = Math.Min(Limit, -Limit + i * Step) * RadiansPerDegree;
                var (sinPhi, cosPhi) = Math.SinCos(phi);
                var w = 1 - E2 * sinPhi * sinPhi;
                var primeVertical = A / Math.Sqrt(w);
                var meridional = primeVertical * (1 - E2) / w;
                north[i] = DegreesPerRadian / meridional;
                east[i] = DegreesPerRadian / (primeVertical * cosPhi);
            }
            return north;
        }

        public static (double North, double East) At(double latitude)
        {
            var x = (Math.Clamp(latitude, -Limit, Limit) + Limit) * (1 / Step);
            var i = (int)x;
            if (i >= North.Length - 1) i = North.Length - 2;
            var f = x - i;
            return (North[i] + f * (North[i + 1] - North[i]), East[i] + f * (East[i + 1] - East[i]));
        }
    }

    /// <summary>Activates the particles whose seeding time has come; those seeded on land strand at once.</summary>
    private static int Release(long nowTicks, int direction, long[] seedTicks, ParticleStatus[] status, double[] lat, double[] lon, LandMask land, out int stranded)
    {
        var released = 0;
        stranded = 0;
        for (var i = 0; i < status.Length; i++)
        {
            if (status[i] != ParticleStatus.NotSeeded || direction * (seedTicks[i] - nowTicks) > 0) continue;
            if (land.IsLand(lat[i], lon[i])) { status[i] = ParticleStatus.Stranded; stranded++; }
            else { status[i] = ParticleStatus.Active; released++; }
        }
        return released;
    }

    private static DriftSnapshot TakeSnapshot(DateTimeOffset time, double[] lat, double[] lon, ParticleStatus[] status, ParticleSide[] side, DriftRunOptions options, List<DriftSnapshot> into)
    {
        var snapshot = new DriftSnapshot(time, (double[])lat.Clone(), (double[])lon.Clone(), (ParticleStatus[])status.Clone(), (ParticleSide[])side.Clone());
        if (options.KeepSnapshots) into.Add(snapshot);
        options.OnSnapshot?.Invoke(snapshot);
        return snapshot;
    }

    private static void Seed(DriftSeeding seeding, int n, ref DriftRandom rng, double[] lat, double[] lon, long[] seedTicks)
    {
        switch (seeding)
        {
            case PointSeeding p:
                for (var i = 0; i < n; i++)
                {
                    var f = n == 1 ? 0 : (double)i / (n - 1);
                    var pos = Disc(p.Position, p.RadiusMetres, ref rng);
                    lat[i] = pos.Latitude; lon[i] = pos.Longitude;
                    var end = p.WindowEnd ?? p.Time;
                    seedTicks[i] = p.Time.UtcTicks + (long)Math.Round(f * (end.UtcTicks - p.Time.UtcTicks));
                }
                break;
            case LineSeeding l:
                {
                    var line = Geodesic.Inverse(l.Start, l.End);
                    for (var i = 0; i < n; i++)
                    {
                        var f = n == 1 ? 0 : (double)i / (n - 1);
                        var centre = line.DistanceMetres > 0 ? Geodesic.Destination(l.Start, line.InitialBearingDegrees, f * line.DistanceMetres) : l.Start;
                        var pos = Disc(centre, l.StartRadiusMetres + f * (l.EndRadiusMetres - l.StartRadiusMetres), ref rng);
                        lat[i] = pos.Latitude; lon[i] = pos.Longitude;
                        seedTicks[i] = l.StartTime.UtcTicks + (long)Math.Round(f * (l.EndTime.UtcTicks - l.StartTime.UtcTicks));
                    }
                    break;
                }
            case AreaSeeding a:
                {
                    var (lons, lats) = SeedingBounds.UnwrappedRing(a.Ring);
                    var (south, west, north, east) = a.Bounds();
                    var sinSouth = Math.Sin(south * RadiansPerDegree);
                    var sinNorth = Math.Sin(north * RadiansPerDegree);
                    var end = a.WindowEnd ?? a.Time;
                    for (var i = 0; i < n; i++)
                    {
                        // Uniform by area on the sphere: sin(latitude) uniform. Rejection outside the ring.
                        double y, x;
                        var tries = 0;
                        do
                        {
                            y = Math.Asin(sinSouth + rng.NextDouble() * (sinNorth - sinSouth)) * DegreesPerRadian;
                            x = west + rng.NextDouble() * (east - west);
                        } while (!InRing(lons, lats, x, y) && ++tries < 1_000_000);
                        if (tries >= 1_000_000) throw new ArgumentException("The seeding area has no inside.", nameof(seeding));
                        lat[i] = y;
                        lon[i] = Geodesic.NormaliseLongitude(x);
                        var f = n == 1 ? 0 : (double)i / (n - 1);
                        seedTicks[i] = a.Time.UtcTicks + (long)Math.Round(f * (end.UtcTicks - a.Time.UtcTicks));
                    }
                    break;
                }
            default:
                throw new ArgumentException($"Unknown seeding {seeding.GetType().Name}.", nameof(seeding));
        }
    }

    /// <summary>A position uniform in the disc of <paramref name="radiusMetres"/> around <paramref name="centre"/> (geodesic).</summary>
    private static GeoPosition Disc(GeoPosition centre, double radiusMetres, ref DriftRandom rng)
    {
        var r = radiusMetres * Math.Sqrt(rng.NextDouble());
        var bearing = 360 * rng.NextDouble();
        return radiusMetres > 0 ? Geodesic.Destination(centre, bearing, r) : centre;
    }

    private static bool InRing(double[] xs, double[] ys, double x, double y)
    {
        var inside = false;
        for (int i = 0, j = xs.Length - 1; i < xs.Length; j = i++)
        {
            if ((ys[i] > y) != (ys[j] > y) && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) inside = !inside;
        }
        return inside;
    }
}
