using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Jurisdiction;
using MaritimeCoord.Domain.Vessels;

namespace MaritimeCoord.Domain.Detection.Scenarios;

/// <summary>
/// Generates 24 hours of AIS positions and sightings with known planted behaviours, south of Lombok and Sumbawa
/// (invented; two synthetic SAR regions split at 118°E):
/// a mother ship that meets a small boat (encounter), crosses into the eastern region (area entry) and goes dark for
/// 9 h (AIS gap) while a boat with no AIS is sighted near its last position; a fishing vessel that enters a territorial
/// sea and a user-drawn zone off a departure beach and loiters there for 7 h while a boat is sighted leaving the beach.
/// Around them: shipping-lane traffic, a ship at anchor, a satellite-only ship whose 7 h gap is normal for it, a 2 h
/// gap, a 20-minute stop alongside (too short for an encounter), a sighting of an AIS ship, and a ship whose positions
/// for 7 h arrive 10 h late (so it first looks dark, and the late data must withdraw that). Noise: GPS jitter,
/// duplicates, out-of-order delivery, positions years late, invalid MMSIs. Deterministic for a seed.
/// </summary>
public static class ScenarioGenerator
{
    public const int MotherShip = 525123456, SmallBoat = 525900001, Loiterer = 525200002, LateVessel = 525300003,
        SatelliteOnly = 525400004, Anchored = 525500005, ShortGap = 525600006, StopA = 525800001, StopB = 525800002;

    private const long Hour = 3_600_000;

    private sealed record Waypoint(double Hours, double Lat, double Lon);

    private sealed record Plan(ScenarioVessel Vessel, Waypoint[] Route, double IntervalSeconds, sbyte Status = 0,
        (double From, double To)[]? Dark = null, (double From, double To, double DeliverAt)? Late = null, double[]? Schedule = null);

    public static DetectionScenario Generate(int seed, DateTimeOffset start)
    {
        var rng = new Random(seed);
        long t0 = start.ToUnixTimeMilliseconds();
        var plans = new List<Plan>
        {
            new(new(MotherShip, "OCEAN TRADER", "PNXA", 70, "mother ship"),
                [new(0, -11.2, 117.2), new(4, -11.0, 117.8), new(6, -11.0, 117.8), new(8.5, -11.0, 118.3), new(9, -11.0, 118.4),
                 new(18, -10.6, 119.4), new(24, -10.0, 120.6)], 30, Dark: [(9.0001, 17.9999)]),
            new(new(SmallBoat, "KM BARU", "YBAR", 30, "small boat"),
                [new(0, -11.30, 117.60), new(3, -11.08, 117.74), new(4, -10.99928, 117.8), new(6, -10.99928, 117.8),
                 new(7, -11.08, 117.74), new(24, -11.08, 116.0)], 30),
            new(new(Loiterer, "KM NELAYAN", "YNEL", 30, "loiterer"),
                [new(0, -9.15, 116.05), new(3, -8.80, 116.05), new(5, -8.79, 116.06), new(7.5, -8.80, 116.07), new(10, -8.81, 116.05),
                 new(24, -10.6, 116.05)], 30),
            new(new(LateVessel, "LATE REPORTER", "PLAT", 70, "positions 10 h late"),
                [new(0, -14.0, 114.8), new(24, -10.0, 114.8)], 60, Late: (10, 17, 20)),
            new(new(SatelliteOnly, "FAR SEAS", "PFAR", 80, "satellite coverage only"),
                [new(0, -13.0, 108.0), new(24, -13.0, 112.0)], 0, Schedule: [0, 3, 6, 9, 12, 15, 22, 23.5]),
            new(new(Anchored, "AT ANCHOR", "PANC", 80, "at anchor"), [new(0, -9.5, 115.0), new(24, -9.5, 115.0)], 180, Status: 1),
            new(new(ShortGap, "SHORT GAP", "PSHG", 70, "2 h gap"), [new(0, -14.0, 114.4), new(24, -9.2, 114.4)], 60, Dark: [(5, 7)]),
            new(new(StopA, "STOP ALPHA", "YSTA", 30, "20 min alongside"),
                [new(0, -12.0, 110.0), new(6, -12.0, 110.8), new(6.33, -12.0, 110.8), new(24, -12.0, 112.5)], 60),
            new(new(StopB, "STOP BRAVO", "YSTB", 30, "20 min alongside"),
                [new(0, -12.6, 110.8), new(6, -12.00072, 110.8), new(6.33, -12.00072, 110.8), new(24, -11.0, 110.8)], 60),
        };
        for (int k = 0; k < 24; k++)
        {
            double lon = 113.0 + (0.04 * (k / 2));
            bool north = k % 2 == 0;
            double speedDegrees = (10 + (k % 5)) * 24 / 60.0;      // knots × 24 h in degrees of latitude
            double lat0 = north ? -14.5 : -9.0;
            plans.Add(new(new(525700000 + k, $"LANE {k:00}", $"PL{k:00}", 70, "shipping lane"),
                [new(0, lat0, lon), new(24, north ? lat0 + speedDegrees : lat0 - speedDegrees, lon)], 60));
        }

        var deliveries = new List<Delivery>();
        foreach (var plan in plans) Emit(plan, t0, rng, deliveries);

        // Noise that must be ignored: positions years late, invalid MMSIs.
        deliveries.Add(new(t0 + (5 * Hour), Report(MotherShip, new DateTimeOffset(2019, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), -11.1, 117.5, 9, 90, 0, 1)));
        deliveries.Add(new(t0 + (6 * Hour), Report(0, t0 + (6 * Hour), -11.0, 117.8, 0.1f, 0, 0, 2)));
        deliveries.Add(new(t0 + (7 * Hour), Report(1_000_000_001, t0 + (7 * Hour), -8.8, 116.05, 0.1f, 0, 0, 3)));

        deliveries.Sort((a, b) => a.DeliverAtMs != b.DeliverAtMs ? a.DeliverAtMs.CompareTo(b.DeliverAtMs) : a.Report.Mmsi.CompareTo(b.Report.Mmsi));

        var sightings = new List<ScenarioSighting>
        {
            new("s-dark", t0 + (11 * Hour), -10.95, 118.50, "Small wooden boat, no AIS, heading south-east", 25, "underway", "Patrol aircraft (scenario)", t0 + (11 * Hour) + (30 * 60_000)),
            new("s-loiter", t0 + (8 * Hour), -8.77, 116.10, "Outboard boat leaving the beach at night, no AIS", 30, "overloaded", "Beach liaison (scenario)", t0 + (8 * Hour) + (45 * 60_000)),
            new("s-ais-ship", t0 + (7 * Hour), -8.7965, 116.066, "Fishing boat at anchor off the beach", 6, "underway", "Beach liaison (scenario)", t0 + (7 * Hour) + (20 * 60_000)),
            new("s-far", t0 + (13 * Hour), -12.5, 121.0, "Wooden boat, no AIS", 40, "underway", "Patrol aircraft (scenario)", t0 + (13 * Hour) + (60 * 60_000)),
        };

        var planted = new List<PlantedEvent>
        {
            new(DetectionKind.Encounter, Math.Min(MotherShip, SmallBoat), Math.Max(MotherShip, SmallBoat), null, null, t0 + (4 * Hour), 10 * 60_000,
                "mother ship and small boat alongside 04:00-06:00"),
            new(DetectionKind.AreaEntry, MotherShip, null, "sar:EAST", null, t0 + (7 * Hour), 10 * 60_000, "mother ship crosses 118°E into EAST"),
            new(DetectionKind.AisGap, MotherShip, null, null, null, t0 + (9 * Hour), 5 * 60_000, "mother ship dark 09:00-18:00"),
            new(DetectionKind.SightingNearSuspect, MotherShip, null, null, "s-dark", t0 + (11 * Hour), 0, "boat with no AIS near the dark mother ship"),
            new(DetectionKind.AreaEntry, Loiterer, null, "ts-lombok-south", null, t0 + (long)(1.2857 * Hour), 10 * 60_000, "fishing vessel enters the territorial sea"),
            new(DetectionKind.AreaEntry, Loiterer, null, "zone-beach-approaches", null, t0 + (long)(2.1429 * Hour), 10 * 60_000, "fishing vessel enters the beach zone"),
            new(DetectionKind.Loitering, Loiterer, null, null, null, t0 + (3 * Hour), 90 * 60_000, "fishing vessel loiters off the beach 03:00-10:00"),
            new(DetectionKind.SightingNearSuspect, Loiterer, null, null, "s-loiter", t0 + (8 * Hour), 0, "boat leaving the beach near the loiterer"),
        };

        return new DetectionScenario
        {
            Start = start,
            End = start.AddHours(24),
            Vessels = [.. plans.Select(p => p.Vessel)],
            Deliveries = deliveries,
            Sightings = sightings,
            Planted = planted,
            Regions =
            [
                new RegionBoundary("WEST", "Scenario West SRR", "RCC-WEST", "RCC West (scenario)", "scenario-1", true, DetectionScenario.Box(105, -20, 118, 0)),
                new RegionBoundary("EAST", "Scenario East SRR", "RCC-EAST", "RCC East (scenario)", "scenario-1", true, DetectionScenario.Box(118, -20, 130, 0)),
            ],
            Areas =
            [
                new WatchedArea("ts-lombok-south", WatchedAreaKind.TerritorialSea, "Territorial sea (scenario)", DetectionScenario.Box(115.6, -9.0, 116.6, -8.4)),
                new WatchedArea("zone-beach-approaches", WatchedAreaKind.Zone, "Departure beach approaches (scenario)", DetectionScenario.Box(115.9, -8.9, 116.2, -8.6)),
            ],
        };
    }

    private static void Emit(Plan plan, long t0, Random rng, List<Delivery> output)
    {
        var times = plan.Schedule is { } schedule
            ? schedule.Select(h => (long)(h * Hour)).ToList()
            : Enumerable.Range(0, (int)(24 * 3600 / plan.IntervalSeconds)).Select(i => (long)(i * plan.IntervalSeconds * 1000) + rng.Next(0, 3000)).ToList();
        foreach (var offset in times)
        {
            double hours = offset / (double)Hour;
            if (plan.Dark?.Any(d => hours > d.From && hours < d.To) == true) continue;
            var (lat, lon, sog, cog) = At(plan.Route, hours, rng);
            // GPS noise: a few metres.
            lat += (rng.NextDouble() - 0.5) * 1e-4;
            lon += (rng.NextDouble() - 0.5) * 1e-4;
            long t = t0 + offset;
            var report = Report(plan.Vessel.Mmsi, t, lat, lon, sog, cog, plan.Status, (ulong)rng.NextInt64());
            long deliver = t + rng.Next(0, 90_000);
            if (plan.Late is { } late && hours >= late.From && hours < late.To) deliver = t0 + (long)(late.DeliverAt * Hour) + rng.Next(0, 1_800_000);
            else if (rng.NextDouble() < 0.02) deliver += rng.Next(30, 120) * 60_000L;       // out of order by up to 2 h
            output.Add(new(deliver, report));
            if (rng.NextDouble() < 0.03) output.Add(new(deliver + rng.Next(1_000, 20_000), report));   // heard twice
        }
    }

    private static (double Lat, double Lon, float Sog, float Cog) At(Waypoint[] route, double hours, Random rng)
    {
        int i = 1;
        while (i < route.Length - 1 && route[i].Hours < hours) i++;
        var (a, b) = (route[i - 1], route[i]);
        double f = Math.Clamp((hours - a.Hours) / (b.Hours - a.Hours), 0, 1);
        var inverse = Geodesic.Inverse(new GeoPosition(a.Lat, a.Lon), new GeoPosition(b.Lat, b.Lon));
        double knots = inverse.DistanceNauticalMiles / (b.Hours - a.Hours);
        if (knots < 0.5)
        {
            // Drifting: reported speed and course are noise.
            return (a.Lat + ((b.Lat - a.Lat) * f), a.Lon + ((b.Lon - a.Lon) * f), (float)Math.Round(rng.NextDouble() * 0.4, 1), (float)Math.Round(rng.NextDouble() * 359, 1));
        }
        var p = Geodesic.Destination(new GeoPosition(a.Lat, a.Lon), inverse.InitialBearingDegrees, inverse.DistanceMetres * f);
        double cog = inverse.InitialBearingDegrees < 0 ? inverse.InitialBearingDegrees + 360 : inverse.InitialBearingDegrees;
        return (p.Latitude, p.Longitude, (float)Math.Round(knots, 1), (float)Math.Round(cog, 1));
    }

    private static PositionReport Report(int mmsi, long t, double lat, double lon, float sog, float cog, sbyte status, ulong hash) =>
        new(mmsi, t, 1, lon, lat, sog, cog % 360, -1, status, hash);
}
