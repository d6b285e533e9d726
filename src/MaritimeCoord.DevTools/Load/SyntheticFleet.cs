using System.Globalization;
using System.Text.Json;
using NetTopologySuite;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.IO.Converters;

namespace MaritimeCoord.DevTools.Load;

/// <summary>A synthetic latest AIS state plus its static data (vessel_states + vessels rows).</summary>
public sealed record SyntheticVessel(
    int Mmsi, DateTimeOffset ObservedAt, short MessageType, double Longitude, double Latitude, float? SpeedKnots, float? CourseDegrees,
    short? Heading, short? NavigationalStatus, string Name, string CallSign, int? Imo, short ShipType);

/// <summary>A synthetic government asset (response_assets row).</summary>
public sealed record SyntheticAsset(
    string Code, string Name, string Type, string OwnerCentreCode, string HomeBase, double Longitude, double Latitude, DateTimeOffset PositionAt,
    double CruiseSpeedKnots, string Availability, string? AvailabilityNote, string Contact);

/// <summary>
/// Deterministic (per seed) synthetic traffic over the Asia-Pacific sea area 50°S..25°N, 60°E..170°E: most ships along the
/// main shipping lanes (Malacca Strait, Singapore–South China Sea, Sunda and Lombok/Makassar straits, Java Sea, Torres
/// Strait, the Australian coastal routes, Bay of Bengal), the rest spread over open water. Points on land are rejected
/// against the Natural Earth land polygons of samples/geo/coastline.geojson when it is found. MMSIs are in a reserved range
/// (<see cref="FirstMmsi"/>..) and asset codes start with <see cref="AssetCodePrefix"/>, so a re-seed or clean-up deletes
/// exactly these rows.
/// </summary>
public sealed class SyntheticFleet
{
    public const int FirstMmsi = 990_000_000;
    /// <summary>MID 900 is assigned to no country, so 990 000 000..990 999 999 is neither a ship nor an AtoN (99MIDxxxx) MMSI.</summary>
    public const int LastMmsi = 990_999_999;
    public const string AssetCodePrefix = "SYN-";
    public const double MinLatitude = -50, MaxLatitude = 25, MinLongitude = 60, MaxLongitude = 170;

    /// <summary>Shipping lanes as (lon, lat) waypoints with a relative traffic weight and a cross-track spread (degrees, 1 σ).</summary>
    private static readonly (double Weight, double Spread, (double Lon, double Lat)[] Points)[] Lanes =
    [
        (5.0, 0.12, [(80.5, 5.7), (88.0, 5.9), (95.0, 5.9), (97.5, 4.6), (100.3, 2.9), (102.5, 1.6), (103.8, 1.2)]), // Sri Lanka – Malacca – Singapore
        (4.0, 0.35, [(104.3, 1.3), (105.5, 3.5), (108.0, 7.0), (110.5, 11.0), (112.5, 16.0), (114.0, 21.5)]), // Singapore – South China Sea – Hong Kong
        (1.5, 0.30, [(104.3, 1.3), (106.5, 6.0), (108.5, 10.5), (109.3, 13.5)]), // Singapore – Vietnam coast
        (1.5, 0.30, [(110.5, 11.0), (116.0, 12.5), (120.5, 14.3)]), // South China Sea – Manila
        (1.0, 0.30, [(120.5, 14.3), (119.8, 18.0), (121.0, 21.5), (123.0, 24.5)]), // Manila – Luzon Strait
        (2.0, 0.15, [(104.3, 1.0), (105.5, -2.5), (106.0, -5.5), (105.0, -7.0), (100.0, -11.0), (90.0, -15.0)]), // Sunda Strait
        (2.5, 0.20, [(106.8, -5.9), (110.4, -6.5), (112.7, -6.8), (116.0, -6.3), (119.4, -5.2)]), // Java Sea: Jakarta – Surabaya – Makassar
        (2.0, 0.20, [(118.8, 3.0), (118.0, 0.0), (117.5, -3.0), (116.3, -6.5), (115.8, -8.8), (115.0, -12.0), (114.0, -19.0), (115.5, -31.5)]), // Makassar – Lombok – WA
        (1.5, 0.15, [(153.4, -27.0), (152.5, -24.0), (149.0, -20.0), (146.0, -16.5), (144.5, -12.5), (143.0, -10.2), (142.2, -10.4)]), // Great Barrier Reef – Torres Strait
        (1.5, 0.25, [(142.2, -10.4), (138.0, -10.3), (133.5, -10.8), (130.8, -12.3), (126.0, -12.0), (121.0, -15.5), (116.8, -20.5)]), // Torres – Darwin – Pilbara
        (1.5, 0.25, [(115.0, -34.5), (118.0, -35.5), (124.0, -35.0), (132.0, -34.5), (138.5, -35.5), (142.0, -39.0), (145.0, -39.6), (148.5, -38.5), (151.3, -33.9), (153.4, -27.0)]), // southern Australia
        (1.0, 0.40, [(150.5, -34.5), (160.0, -36.5), (166.5, -38.5), (174.5, -40.5)]), // Tasman Sea (clipped at 170E)
        (1.0, 0.25, [(80.5, 5.7), (82.5, 10.0), (85.5, 16.0), (88.5, 20.5), (91.5, 21.8)]), // Bay of Bengal – Chittagong
        (1.0, 0.40, [(80.5, 5.7), (72.0, 3.0), (60.0, 0.0)]), // Sri Lanka – Arabian Sea
        (1.0, 0.50, [(115.0, -12.0), (100.0, -20.0), (85.0, -30.0), (60.0, -35.0)]), // Indian Ocean – Cape route
        (0.8, 0.50, [(146.0, -16.5), (152.0, -10.5), (147.2, -9.5), (150.0, -5.0), (160.0, -9.0), (168.0, -17.5)]), // Coral Sea – PNG – Solomons – Vanuatu
    ];

    private static readonly (short Type, double Share, double MinSog, double MaxSog, string[] Names)[] ShipTypes =
    [
        (70, 0.33, 9, 20, ["PACIFIC TRADER", "OCEAN STAR", "EASTERN GLORY", "SEA PIONEER", "GOLDEN BRIDGE", "CORAL EXPRESS"]), // cargo
        (80, 0.20, 8, 16, ["SEA VENTURE", "PETRO ARIES", "ORIENT SPIRIT", "GULF PRIDE"]), // tanker
        (30, 0.24, 0, 9, ["KM SINAR LAUT", "BINTANG SAMUDERA", "SRI MAJU", "NELAYAN JAYA", "REEF HUNTER"]), // fishing
        (60, 0.05, 12, 20, ["KMP NUSANTARA", "ISLAND FERRY", "DHARMA KENCANA"]), // passenger
        (52, 0.06, 0, 11, ["TB BAHARI", "HARBOUR TUG", "SVITZER"]), // tug
        (37, 0.06, 0, 8, ["BLUE HORIZON", "WANDERER", "SEA BREEZE"]), // pleasure craft
        (90, 0.06, 0, 14, ["OFFSHORE SUPPORT", "SURVEYOR", "SUPPLY"]), // other
    ];

    private static readonly (string Type, double Share, double MinKn, double MaxKn, string Label)[] AssetTypes =
    [
        ("patrol-boat", 0.40, 18, 28, "patrol boat"),
        ("cutter", 0.10, 14, 20, "cutter"),
        ("life-boat", 0.25, 20, 30, "life-boat"),
        ("fixed-wing-aircraft", 0.08, 150, 250, "aircraft"),
        ("helicopter", 0.12, 110, 140, "helicopter"),
        ("other", 0.05, 8, 15, "auxiliary vessel"),
    ];

    private static readonly (string Availability, double Share, string? Note)[] Availabilities =
    [
        ("available", 0.65, null),
        ("tasked", 0.10, "on another tasking (synthetic)"),
        ("maintenance", 0.15, "scheduled maintenance (synthetic)"),
        ("off-duty", 0.10, "crew stood down (synthetic)"),
    ];

    /// <summary>Country of samples/geo/ports.geojson → rescue centre code of samples/geo/rescue-centres.geojson.</summary>
    private static readonly Dictionary<string, string> CentreByCountry = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Australia"] = "JRCC-AUS", ["Christmas Island"] = "JRCC-AUS", ["Norfolk Island"] = "JRCC-AUS",
        ["Indonesia"] = "BASARNAS-IDN", ["Timor-Leste"] = "BASARNAS-IDN",
        ["Malaysia"] = "MRCC-MYS", ["Brunei"] = "MRCC-MYS", ["Singapore"] = "MRCC-SGP",
        ["Philippines"] = "MRCC-PHL", ["Thailand"] = "BKKRCC-THA", ["Sri Lanka"] = "MRCC-LKA", ["Bangladesh"] = "MRCC-BGD",
        ["Burma"] = "MRCC-MMR", ["Papua New Guinea"] = "MRCC-PNG", ["Solomon Islands"] = "MRCC-PNG",
        ["New Zealand"] = "RCCNZ-NZL", ["India"] = "MRCC-IND-CHENNAI",
    };

    /// <summary>Fallback home bases when samples/geo/ports.geojson is not found.</summary>
    private static readonly (string Name, string Centre, double Lon, double Lat)[] FallbackBases =
    [
        ("Darwin", "JRCC-AUS", 130.84, -12.46), ("Cairns", "JRCC-AUS", 145.78, -16.92), ("Fremantle", "JRCC-AUS", 115.74, -32.05),
        ("Benoa", "BASARNAS-IDN", 115.21, -8.75), ("Kupang", "BASARNAS-IDN", 123.58, -10.17), ("Tanjung Priok", "BASARNAS-IDN", 106.88, -6.10),
        ("Port Klang", "MRCC-MYS", 101.39, 3.00), ("Manila", "MRCC-PHL", 120.96, 14.59), ("Phuket", "BKKRCC-THA", 98.40, 7.83),
        ("Colombo", "MRCC-LKA", 79.85, 6.95), ("Chittagong", "MRCC-BGD", 91.80, 22.30), ("Port Moresby", "MRCC-PNG", 147.15, -9.48),
    ];

    private static readonly JsonSerializerOptions GeoJson = new()
    {
        Converters = { new GeoJsonConverterFactory(NtsGeometryServices.Instance.CreateGeometryFactory(4326)) },
    };

    private readonly Random _random;
    private readonly IPreparedGeometry? _land;
    private readonly GeometryFactory _factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
    private readonly (string Name, string Centre, double Lon, double Lat)[] _bases;
    private readonly double[] _laneCumulative;
    private readonly List<(int Lane, int Segment, double Cumulative)> _segments = [];

    public SyntheticFleet(int seed, string? geoFolder)
    {
        _random = new Random(seed);
        if (geoFolder is not null && File.Exists(Path.Combine(geoFolder, "coastline.geojson")))
        {
            var polygons = ReadFeatures(Path.Combine(geoFolder, "coastline.geojson"))
                .SelectMany(f => f.Geometry switch { Polygon p => [p], MultiPolygon m => m.Geometries.Cast<Polygon>(), _ => [] })
                .ToArray();
            if (polygons.Length > 0) _land = PreparedGeometryFactory.Prepare(_factory.CreateMultiPolygon(polygons));
        }
        _bases = geoFolder is not null && File.Exists(Path.Combine(geoFolder, "ports.geojson"))
            ? ReadFeatures(Path.Combine(geoFolder, "ports.geojson"))
                .Where(f => f.Geometry is Point)
                .Select(f => (Name: f.Attributes["name"]?.ToString() ?? "port", Country: f.Attributes["country"]?.ToString() ?? "", P: (Point)f.Geometry))
                .Where(p => CentreByCountry.ContainsKey(p.Country) && InBox(p.P.X, p.P.Y))
                .Select(p => (p.Name, CentreByCountry[p.Country], p.P.X, p.P.Y))
                .ToArray()
            : [];
        if (_bases.Length == 0) _bases = FallbackBases;

        double total = 0;
        for (int lane = 0; lane < Lanes.Length; lane++)
        {
            var points = Lanes[lane].Points;
            for (int s = 0; s + 1 < points.Length; s++)
            {
                double length = Math.Sqrt(Math.Pow(points[s + 1].Lon - points[s].Lon, 2) + Math.Pow(points[s + 1].Lat - points[s].Lat, 2));
                total += length * Lanes[lane].Weight;
                _segments.Add((lane, s, total));
            }
        }
        _laneCumulative = _segments.Select(s => s.Cumulative / total).ToArray();
    }

    public bool HasLandMask => _land is not null;
    public int HomeBaseCount => _bases.Length;

    /// <summary>Share of vessels placed along a lane; the rest are spread uniformly over open water.</summary>
    public double LaneShare { get; init; } = 0.8;

    public static bool InBox(double lon, double lat) => lat is >= MinLatitude and <= MaxLatitude && lon is >= MinLongitude and <= MaxLongitude;

    public bool IsAtSea(double lon, double lat) => InBox(lon, lat) && (_land is null || !_land.Covers(_factory.CreatePoint(new Coordinate(lon, lat))));

    /// <summary>A random position over open water in the box (uniform in lon/lat).</summary>
    public (double Lon, double Lat) OpenWater()
    {
        while (true)
        {
            double lon = MinLongitude + _random.NextDouble() * (MaxLongitude - MinLongitude);
            double lat = MinLatitude + _random.NextDouble() * (MaxLatitude - MinLatitude);
            if (IsAtSea(lon, lat)) return (lon, lat);
        }
    }

    /// <summary>A random position along a shipping lane (weighted by lane traffic × segment length), at sea.</summary>
    public (double Lon, double Lat, double LaneCourse) AlongLane()
    {
        for (int attempt = 0; ; attempt++)
        {
            int i = Array.BinarySearch(_laneCumulative, _random.NextDouble());
            if (i < 0) i = ~i;
            i = Math.Min(i, _segments.Count - 1);
            var (lane, s, _) = _segments[i];
            var (a, b) = (Lanes[lane].Points[s], Lanes[lane].Points[s + 1]);
            double t = _random.NextDouble();
            double dx = b.Lon - a.Lon, dy = b.Lat - a.Lat, length = Math.Sqrt(dx * dx + dy * dy);
            double offset = Gaussian() * Lanes[lane].Spread;
            double lon = a.Lon + dx * t - dy / length * offset;
            double lat = a.Lat + dy * t + dx / length * offset;
            double course = (Math.Atan2(dx * Math.Cos(lat * Math.PI / 180), dy) * 180 / Math.PI + 360) % 360;
            if (IsAtSea(lon, lat) || attempt > 50) return (Math.Clamp(lon, MinLongitude, MaxLongitude), Math.Clamp(lat, MinLatitude, MaxLatitude), course);
        }
    }

    public IEnumerable<SyntheticVessel> Vessels(int count, DateTimeOffset now)
    {
        for (int i = 0; i < count; i++)
        {
            int mmsi = FirstMmsi + i;
            double lon, lat;
            double? laneCourse = null;
            if (_random.NextDouble() < LaneShare)
            {
                (lon, lat, double course) = AlongLane();
                laneCourse = _random.NextDouble() < 0.5 ? course : (course + 180) % 360; // both directions of traffic
            }
            else
            {
                (lon, lat) = OpenWater();
            }

            var kind = Pick(ShipTypes, t => t.Share);
            bool classB = kind.Type is 37 || (kind.Type is 30 && _random.NextDouble() < 0.5);
            bool atAnchor = _random.NextDouble() < 0.08;
            float? sog = atAnchor ? (float)Math.Round(_random.NextDouble() * 0.3, 1)
                : (float)Math.Round(kind.MinSog + _random.NextDouble() * (kind.MaxSog - kind.MinSog), 1);
            float? cog = (float)Math.Round(laneCourse is { } c && !atAnchor ? (c + Gaussian() * 8 + 360) % 360 : _random.NextDouble() * 360, 1);
            if (_random.NextDouble() < 0.02) { sog = null; cog = null; } // "not available" in the report
            short? heading = cog is { } h && _random.NextDouble() < 0.85 ? (short)(Math.Round(h + Gaussian() * 3 + 360) % 360) : null;
            short? status = classB ? null : atAnchor ? (short)1 : kind.Type == 30 && sog < 5 ? (short)7 : (short)0;
            var observedAt = now - TimeSpan.FromSeconds(_random.NextDouble() * 6 * 3600);
            string name = $"{kind.Names[_random.Next(kind.Names.Length)]} {i % 1000:D3}";
            yield return new SyntheticVessel(mmsi, observedAt, classB ? (short)18 : (short)(1 + _random.Next(3)), Math.Round(lon, 6), Math.Round(lat, 6),
                sog, cog, heading, status, name, string.Create(CultureInfo.InvariantCulture, $"SYN{i:D6}"),
                kind.Type is 70 or 80 or 60 ? 9_000_000 + i % 999_999 : null, kind.Type);
        }
    }

    public IEnumerable<SyntheticAsset> Assets(int count, DateTimeOffset now)
    {
        for (int i = 1; i <= count; i++)
        {
            var type = Pick(AssetTypes, t => t.Share);
            var availability = Pick(Availabilities, a => a.Share);
            var home = _bases[_random.Next(_bases.Length)];
            double lon = home.Lon, lat = home.Lat;
            // A third of the boats and aircraft are out on patrol within ~100 nm of home; the rest are at their base.
            if (availability.Availability is "available" or "tasked" && _random.NextDouble() < 0.33)
            {
                for (int attempt = 0; attempt < 20; attempt++)
                {
                    double x = home.Lon + Gaussian() * 1.0, y = home.Lat + Gaussian() * 1.0;
                    if (type.Type is "fixed-wing-aircraft" or "helicopter" ? InBox(x, y) : IsAtSea(x, y)) { (lon, lat) = (x, y); break; }
                }
            }
            double speed = Math.Round(type.MinKn + _random.NextDouble() * (type.MaxKn - type.MinKn));
            string code = string.Create(CultureInfo.InvariantCulture, $"{AssetCodePrefix}{i:D4}");
            yield return new SyntheticAsset(code, $"Synthetic {type.Label} {i:D4} ({home.Name})", type.Type, home.Centre, home.Name,
                Math.Round(lon, 6), Math.Round(lat, 6), now - TimeSpan.FromMinutes(_random.NextDouble() * 720), speed,
                availability.Availability, availability.Note, "synthetic - no real contact");
        }
    }

    private T Pick<T>(T[] items, Func<T, double> share)
    {
        double r = _random.NextDouble() * items.Sum(share);
        foreach (var item in items)
        {
            r -= share(item);
            if (r <= 0) return item;
        }
        return items[^1];
    }

    private double Gaussian()
    {
        double u1 = 1 - _random.NextDouble(), u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static FeatureCollection ReadFeatures(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<FeatureCollection>(stream, GeoJson) ?? throw new InvalidDataException($"{path} is not a FeatureCollection.");
    }

    /// <summary>samples/geo of the repository: searched upwards from the working directory and from the tool's own folder.</summary>
    public static string? FindGeoFolder()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                var candidate = Path.Combine(dir, "samples", "geo");
                if (File.Exists(Path.Combine(candidate, "coastline.geojson"))) return candidate;
            }
        }
        return null;
    }
}
