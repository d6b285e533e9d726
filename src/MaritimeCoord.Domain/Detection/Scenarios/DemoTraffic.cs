using MaritimeCoord.Domain.Vessels;

namespace MaritimeCoord.Domain.Detection.Scenarios;

/// <summary>
/// Invented AIS traffic for the demonstration feed of the main job: ships in the lanes through the Malacca, Singapore,
/// Sunda, Lombok, Makassar and Torres straits, fishing fleets on their grounds, and four vessels with planted
/// behaviours near the sighted boats of samples/sightings/bali-process-demo.ndjson (off Kupang): one that goes dark, a
/// mother ship and a small boat that meet, and a boat that loiters.
/// <para>
/// Every position is a function of time, so the feed can start at any moment and loop for ever. The planted behaviours
/// repeat every <see cref="Cycle"/>; a feed that starts at phase <see cref="StartPhase"/> of a cycle and first sends the
/// history before it (<see cref="HistoryStartPhase"/> onwards) gives the detectors a gap, an encounter and a loitering on
/// their first run. Deterministic for a seed.
/// </para>
/// </summary>
public sealed class DemoTraffic
{
    public static readonly TimeSpan Cycle = TimeSpan.FromHours(12);

    /// <summary>Where in the cycle a feed starts: the dark vessel has been silent 6.5 h, the encounter has lasted 1 h, the loiterer has loitered 6 h.</summary>
    public static readonly TimeSpan StartPhase = TimeSpan.FromHours(8);

    /// <summary>The planted vessels' history starts here; every other vessel's history covers the last hour before the start.</summary>
    public static readonly TimeSpan HistoryStartPhase = TimeSpan.Zero;

    public const int DarkVessel = 525010001, MotherShip = 525010002, SmallBoat = 525010003, Loiterer = 525010004;

    private const double Hour = 3_600_000;

    private readonly List<Mover> movers = [];

    /// <summary>Every vessel, planted ones first.</summary>
    public IReadOnlyList<ScenarioVessel> Vessels { get; }

    /// <summary>The planted vessels (the rest is background traffic).</summary>
    public IReadOnlySet<int> Planted { get; } = new HashSet<int> { DarkVessel, MotherShip, SmallBoat, Loiterer };

    /// <summary>Lanes as drawn (lon, lat): each stays at sea, checked against the land polygons of samples/geo.</summary>
    public static readonly IReadOnlyList<(string Name, double[][] Points)> Lanes =
    [
        ("Malacca–Singapore–South China Sea", [[95.6, 6.3], [97.6, 5.6], [99.4, 4.0], [100.8, 2.75], [102.3, 1.85], [103.3, 1.15],
            [103.75, 1.18], [104.1, 1.22], [104.5, 1.4], [105.5, 3.0], [108.0, 7.0], [110.5, 10.5]]),
        ("Sunda Strait–Java Sea–Singapore", [[104.3, -8.0], [105.3, -6.6], [105.8, -6.05], [106.2, -5.6], [107.2, -4.0],
            [107.05, -2.6], [106.9, -1.2], [105.9, 0.2], [105.2, 1.1], [104.5, 1.4]]),
        ("Java Sea east–west", [[106.3, -5.4], [108.5, -5.7], [110.5, -6.0], [112.6, -6.6], [112.8, -6.45], [114.3, -6.6], [115.6, -7.8], [115.85, -8.3]]),
        ("Lombok–Makassar–Celebes Sea", [[115.2, -12.5], [115.75, -9.3], [115.85, -8.7], [116.0, -8.1], [117.3, -6.5], [118.0, -4.5],
            [118.4, -2.5], [118.8, -0.5], [119.6, 1.3], [120.5, 3.0], [121.5, 4.3]]),
        ("Torres Strait", [[137.5, -10.3], [140.5, -10.4], [141.8, -10.45], [142.15, -10.55], [142.35, -10.45], [142.6, -10.3], [143.4, -9.9],
            [144.5, -10.2], [146.5, -11.0]]),
        ("Indian Ocean–Lombok (Western Australia)", [[113.5, -22.0], [114.5, -16.0], [115.2, -12.5]]),
        ("Timor Sea–Darwin–Torres", [[123.5, -11.3], [127.0, -11.5], [130.5, -10.7], [133.0, -10.6], [137.5, -10.3]]),
    ];

    /// <summary>Fishing grounds (lon, lat, radius in nm, boats).</summary>
    public static readonly IReadOnlyList<(string Name, double Lon, double Lat, double RadiusNm, double Share)> Grounds =
    [
        ("Arafura Sea", 135.0, -8.8, 60, 0.25),
        ("Java Sea", 111.5, -5.2, 50, 0.2),
        ("Natuna", 109.0, 5.5, 45, 0.15),
        ("Gulf of Thailand", 101.5, 9.0, 50, 0.15),
        ("Savu Sea", 121.8, -9.6, 25, 0.1),
        ("Banda Sea", 128.0, -5.5, 40, 0.15),
    ];

    private DemoTraffic(List<ScenarioVessel> vessels) => Vessels = vessels;

    public static DemoTraffic Create(int seed = 1, int laneVessels = 2400, int fishingVessels = 600)
    {
        var rng = new Random(seed);
        var vessels = new List<ScenarioVessel>();
        var traffic = new DemoTraffic(vessels);

        // Planted, off Kupang (the sighted boats of the demo feed are at about 10°28'S 123°05'E). Phase hours in the cycle.
        traffic.AddPlanted(vessels, new(DarkVessel, "KM SENJA", "YSEN", 30, "goes dark"), 180,
            [new(0, -9.95, 122.55), new(1.5, -10.15, 122.85), new(11, -10.15, 122.86), new(12, -9.95, 122.55)], silentFrom: 1.5, silentTo: 11);
        traffic.AddPlanted(vessels, new(MotherShip, "OCEAN HARVEST", "PNOH", 70, "mother ship"), 60,
            [new(0, -11.6, 121.4), new(6, -10.95, 122.75), new(7.5, -10.95, 122.75), new(12, -11.6, 121.4)]);
        traffic.AddPlanted(vessels, new(SmallBoat, "KM BAHARI", "YBAH", 30, "small boat"), 60,
            [new(0, -10.35, 123.45), new(6, -10.94928, 122.75), new(7.5, -10.94928, 122.75), new(12, -10.35, 123.45)]);
        traffic.AddPlanted(vessels, new(Loiterer, "KM PELANGI", "YPEL", 30, "loiters"), 120,
            [new(0, -10.0, 123.4), new(2, -10.38, 123.22), new(4.5, -10.39, 123.24), new(7, -10.38, 123.21), new(11, -10.39, 123.23), new(12, -10.0, 123.4)]);

        var lanes = Lanes.Select(l => new Lane(l.Points)).ToList();
        double totalLength = lanes.Sum(l => l.LengthNm);
        int[] flags = [563, 525, 533, 477, 636, 538, 351, 548, 565, 574];
        for (int i = 0; i < laneVessels; i++)
        {
            // Vessels per lane in proportion to its length, so the density along the lanes is even.
            double pick = rng.NextDouble() * totalLength;
            var lane = lanes.First(l => (pick -= l.LengthNm) <= 0 || ReferenceEquals(l, lanes[^1]));
            int type = rng.NextDouble() switch { < 0.55 => 70, < 0.85 => 80, < 0.95 => 60, _ => 52 };
            var vessel = new ScenarioVessel(flags[i % flags.Length] * 1_000_000 + 100_000 + i, $"DEMO {(type == 80 ? "TANKER" : type == 60 ? "FERRY" : type == 52 ? "TUG" : "CARGO")} {i:0000}",
                $"D{i:0000}", type, "lane");
            vessels.Add(vessel);
            traffic.movers.Add(new LaneMover(vessel.Mmsi, lane, rng.NextDouble() * 2 * lane.LengthNm, 9 + (rng.NextDouble() * 9),
                0.25 + (rng.NextDouble() * 0.5), 60 + rng.Next(0, 60)));
        }

        double shares = Grounds.Sum(g => g.Share);
        int n = 0;
        foreach (var ground in Grounds)
        {
            int boats = (int)Math.Round(fishingVessels * ground.Share / shares);
            for (int k = 0; k < boats; k++, n++)
            {
                var vessel = new ScenarioVessel(525_200_000 + n, $"KM NELAYAN {n:000}", $"F{n:000}", 30, "fishing");
                vessels.Add(vessel);
                double r = ground.RadiusNm * Math.Sqrt(rng.NextDouble());
                double a = rng.NextDouble() * 2 * Math.PI;
                traffic.movers.Add(new CircleMover(vessel.Mmsi, ground.Lat + (r * Math.Sin(a) / 60), ground.Lon + (r * Math.Cos(a) / 60 / Math.Cos(ground.Lat * Math.PI / 180)),
                    1 + (rng.NextDouble() * 4), 3 + (rng.NextDouble() * 3), rng.NextDouble() * 2 * Math.PI, rng.Next(2) == 0, 120 + rng.Next(0, 120)));
            }
        }
        return traffic;
    }

    private void AddPlanted(List<ScenarioVessel> vessels, ScenarioVessel vessel, double intervalSeconds, Waypoint[] route, double silentFrom = -1, double silentTo = -1)
    {
        vessels.Add(vessel);
        movers.Add(new RouteMover(vessel.Mmsi, route, intervalSeconds, silentFrom, silentTo));
    }

    /// <summary>
    /// The reports transmitted in [<paramref name="fromMs"/>, <paramref name="toMs"/>), in time order, for a feed whose
    /// cycle started at <paramref name="cycleOriginMs"/>. <paramref name="plantedOnly"/>: only the planted vessels.
    /// </summary>
    public List<PositionReport> Reports(long cycleOriginMs, long fromMs, long toMs, bool plantedOnly = false)
    {
        var output = new List<PositionReport>();
        foreach (var mover in movers)
        {
            if (plantedOnly && mover is not RouteMover) continue;
            long interval = (long)(mover.IntervalSeconds * 1000);
            // Each vessel transmits on its own slot: the first multiple of its interval (shifted by its MMSI) at or after fromMs.
            long slot = mover.Mmsi % interval;
            long t = fromMs - (((fromMs - slot) % interval) + interval) % interval;
            if (t < fromMs) t += interval;
            for (; t < toMs; t += interval)
            {
                double phaseHours = (((t - cycleOriginMs) % (long)(Cycle.TotalMilliseconds)) + (long)Cycle.TotalMilliseconds) % (long)Cycle.TotalMilliseconds / Hour;
                if (mover.Silent(phaseHours)) continue;
                var (lat, lon, sog, cog) = mover.At(t / Hour, phaseHours);
                output.Add(new PositionReport(mover.Mmsi, t, 1, Math.Round(lon, 5), Math.Round(lat, 5), (float)Math.Round(sog, 1), (float)Math.Round(cog, 1) % 360,
                    (short)(Math.Round(cog) % 360), sog < 0.5 ? (sbyte)1 : (sbyte)0, (ulong)(t ^ mover.Mmsi)));
            }
        }
        output.Sort((a, b) => a.ObservedAtMs != b.ObservedAtMs ? a.ObservedAtMs.CompareTo(b.ObservedAtMs) : a.Mmsi.CompareTo(b.Mmsi));
        return output;
    }

    private sealed record Waypoint(double Hours, double Lat, double Lon);

    private abstract class Mover(int mmsi, double intervalSeconds)
    {
        public int Mmsi { get; } = mmsi;
        public double IntervalSeconds { get; } = intervalSeconds;
        public virtual bool Silent(double phaseHours) => false;
        public abstract (double Lat, double Lon, double Sog, double Cog) At(double absoluteHours, double phaseHours);
    }

    private sealed class RouteMover(int mmsi, Waypoint[] route, double intervalSeconds, double silentFrom, double silentTo) : Mover(mmsi, intervalSeconds)
    {
        public override bool Silent(double phaseHours) => phaseHours >= silentFrom && phaseHours < silentTo;

        public override (double Lat, double Lon, double Sog, double Cog) At(double absoluteHours, double phaseHours)
        {
            int i = 1;
            while (i < route.Length - 1 && route[i].Hours < phaseHours) i++;
            var (a, b) = (route[i - 1], route[i]);
            double f = Math.Clamp((phaseHours - a.Hours) / (b.Hours - a.Hours), 0, 1);
            var (distance, course) = Leg(a.Lat, a.Lon, b.Lat, b.Lon);
            double knots = distance / (b.Hours - a.Hours);
            return (a.Lat + ((b.Lat - a.Lat) * f), a.Lon + ((b.Lon - a.Lon) * f), knots < 0.3 ? 0.1 : knots, course);
        }
    }

    private sealed class LaneMover(int mmsi, Lane lane, double offsetNm, double knots, double sideNm, double intervalSeconds) : Mover(mmsi, intervalSeconds)
    {
        public override (double Lat, double Lon, double Sog, double Cog) At(double absoluteHours, double phaseHours)
        {
            double s = (offsetNm + (knots * absoluteHours)) % (2 * lane.LengthNm);
            bool back = s > lane.LengthNm;
            var (lat, lon, course) = lane.At(back ? (2 * lane.LengthNm) - s : s);
            if (back) course = (course + 180) % 360;
            // Keep to starboard of the lane's axis, as a traffic separation scheme does.
            double side = (course + 90) * Math.PI / 180;
            lat += sideNm * Math.Cos(side) / 60;
            lon += sideNm * Math.Sin(side) / 60 / Math.Cos(lat * Math.PI / 180);
            return (lat, lon, knots, course);
        }
    }

    private sealed class CircleMover(int mmsi, double lat, double lon, double radiusNm, double knots, double phase, bool clockwise, double intervalSeconds)
        : Mover(mmsi, intervalSeconds)
    {
        public override (double Lat, double Lon, double Sog, double Cog) At(double absoluteHours, double phaseHours)
        {
            double angle = phase + ((clockwise ? -1 : 1) * knots * absoluteHours / radiusNm);
            double y = lat + (radiusNm * Math.Sin(angle) / 60);
            double x = lon + (radiusNm * Math.Cos(angle) / 60 / Math.Cos(lat * Math.PI / 180));
            // Tangent of the circle (course from north, clockwise).
            double course = (clockwise ? 180 : 0) - (angle * 180 / Math.PI);
            return (y, x, knots, ((course % 360) + 360) % 360);
        }
    }

    private sealed class Lane
    {
        private readonly double[][] points;
        private readonly double[] cumulative;

        public Lane(double[][] points)
        {
            this.points = points;
            cumulative = new double[points.Length];
            for (int i = 1; i < points.Length; i++)
                cumulative[i] = cumulative[i - 1] + Leg(points[i - 1][1], points[i - 1][0], points[i][1], points[i][0]).DistanceNm;
        }

        public double LengthNm => cumulative[^1];

        public (double Lat, double Lon, double Course) At(double s)
        {
            int i = 1;
            while (i < points.Length - 1 && cumulative[i] < s) i++;
            var (a, b) = (points[i - 1], points[i]);
            double f = Math.Clamp((s - cumulative[i - 1]) / (cumulative[i] - cumulative[i - 1]), 0, 1);
            return (a[1] + ((b[1] - a[1]) * f), a[0] + ((b[0] - a[0]) * f), Leg(a[1], a[0], b[1], b[0]).CourseDegrees);
        }
    }

    /// <summary>Rhumb-line-ish leg on a local flat approximation: good to a fraction of a percent over these short legs.</summary>
    private static (double DistanceNm, double CourseDegrees) Leg(double lat1, double lon1, double lat2, double lon2)
    {
        double dy = (lat2 - lat1) * 60;
        double dx = (lon2 - lon1) * 60 * Math.Cos((lat1 + lat2) / 2 * Math.PI / 180);
        double course = Math.Atan2(dx, dy) * 180 / Math.PI;
        return (Math.Sqrt((dx * dx) + (dy * dy)), course < 0 ? course + 360 : course);
    }
}
