using System.Globalization;
using MaritimeCoord.Domain.Drift;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Search;
using MaritimeCoord.Server.Features.Sightings;

namespace MaritimeCoord.Server.Features.Drift;

/// <summary>The wire shape of POST /api/incidents/{id}/drift-runs (unknown fields are refused).</summary>
public sealed record DriftRunRequest(
    string? ObjectClass,
    SeedingDto? Seeding,
    ForcingDto? Forcing,
    double? Hours,
    int? Particles,
    int? StepMinutes,
    string? Direction,
    int? Seed,
    ManualDto? Manual);

/// <summary>
/// <c>kind</c> point (<c>latitude</c>, <c>longitude</c>, <c>radiusMetres</c>, <c>time</c>, optional <c>windowEnd</c>),
/// line (<c>start</c> and <c>end</c>, each a position with its time and radius) or area (<c>ring</c> of positions,
/// <c>time</c>, optional <c>windowEnd</c>).
/// </summary>
public sealed record SeedingDto(
    string? Kind,
    double? Latitude,
    double? Longitude,
    double? RadiusMetres,
    string? Time,
    string? WindowEnd,
    LinePointDto? Start,
    LinePointDto? End,
    List<RingPointDto>? Ring);

public sealed record LinePointDto(double? Latitude, double? Longitude, string? Time, double? RadiusMetres);

public sealed record RingPointDto(double? Latitude, double? Longitude);

/// <summary>A loaded forcing file and/or on-scene values (used alone, or where the file has no value).</summary>
public sealed record ForcingDto(Guid? FileId, OnSceneDto? OnScene);

/// <summary>Constant on-scene values, or a time <c>series</c> of them (interpolated in time).</summary>
public sealed record OnSceneDto(double? WindSpeed, double? WindFrom, double? CurrentSpeed, double? CurrentTo, List<OnSceneObservationDto>? Series);

public sealed record OnSceneObservationDto(string? Time, double? WindSpeed, double? WindFrom, double? CurrentSpeed, double? CurrentTo);

/// <summary>Inputs of the IAMSAR manual method (defaults: X from the seeding, Y 0.1 NM, fs 1.1).</summary>
public sealed record ManualDto(double? InitialErrorMetres, double? SearchCraftErrorMetres, double? SafetyFactor);

/// <summary>A request checked and turned into the model's terms.</summary>
public sealed record ValidDriftRun(
    DriftRequest Model,
    OnSceneForcing? OnScene,
    Guid? ForcingFileId,
    GeoPosition DatumStart,
    double InitialErrorMetres,
    double SearchCraftErrorMetres,
    double SafetyFactor);

/// <summary>Checks a drift-run request field by field (every problem at once, each naming its field).</summary>
public static class DriftRunValidation
{
    public const int MinHours = 1, MaxHours = 168, MinParticles = 100, MaxParticles = 200_000;
    public const int DefaultParticles = 10_000, DefaultStepMinutes = 10;

    /// <summary>Search craft navigational error with GNSS, 0.1 NM (IAMSAR Vol II, navigational fix errors).</summary>
    public const double DefaultSearchCraftErrorMetres = 185.2;

    /// <summary>The first search's safety factor (the manual method's table).</summary>
    public static readonly double DefaultSafetyFactor = ManualDatum.SafetyFactor(1);

    /// <summary>A longitude moved by whole turns to within 180° of the reference (a ring across ±180° averages where it is).</summary>
    private static double UnwrapLongitude(double longitude, double reference)
    {
        double d = longitude - reference;
        return reference + d - (360 * Math.Round(d / 360));
    }

    /// <summary>Reports may be stamped by a clock a little ahead of the server's.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public static (ValidDriftRun? Run, Dictionary<string, string[]> Errors) Validate(DriftRunRequest r, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message)
        {
            if (!errors.ContainsKey(field)) errors[field] = [message];
        }

        LeewayClass? leeway = null;
        if (string.IsNullOrWhiteSpace(r.ObjectClass)) Fail("objectClass", $"objectClass is required; valid keys: {string.Join(", ", LeewayClasses.Keys)}.");
        else if (!LeewayClasses.TryGet(r.ObjectClass, out var c))
            Fail("objectClass", $"Unknown object class '{Clip(r.ObjectClass)}'; valid keys: {string.Join(", ", LeewayClasses.Keys)}.");
        else leeway = c;

        var hours = r.Hours ?? 24;
        if (!(hours >= MinHours && hours <= MaxHours)) Fail("hours", $"hours must be within {MinHours}–{MaxHours}.");
        else if (hours != Math.Floor(hours)) Fail("hours", "hours must be a whole number of hours.");
        var particles = r.Particles ?? DefaultParticles;
        if (particles is < MinParticles or > MaxParticles) Fail("particles", $"particles must be within {MinParticles}–{MaxParticles}.");
        var step = r.StepMinutes ?? DefaultStepMinutes;
        if (step is < 1 or > 60 || 60 % step != 0) Fail("stepMinutes", "stepMinutes must divide an hour (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60).");
        var direction = DriftDirection.Forward;
        if (r.Direction is not null && !TryDirection(r.Direction, out direction)) Fail("direction", "direction must be forward or backward.");

        var seeding = ParseSeeding(r.Seeding, now, Fail, out var datumStart, out var initialError);
        var onScene = ParseOnScene(r.Forcing?.OnScene, now, Fail);
        if (r.Forcing is null || (r.Forcing.FileId is null && r.Forcing.OnScene is null))
            Fail("forcing", "forcing needs a fileId (a loaded forcing file) or onScene values: a run never assumes calm wind silently.");

        var x = r.Manual?.InitialErrorMetres ?? initialError;
        var y = r.Manual?.SearchCraftErrorMetres ?? DefaultSearchCraftErrorMetres;
        var fs = r.Manual?.SafetyFactor ?? DefaultSafetyFactor;
        if (!(x is >= 0 and <= 1_000_000)) Fail("manual.initialErrorMetres", "manual.initialErrorMetres must be within 0–1,000,000.");
        if (!(y is >= 0 and <= 1_000_000)) Fail("manual.searchCraftErrorMetres", "manual.searchCraftErrorMetres must be within 0–1,000,000.");
        if (!(fs is >= 1 and <= 10)) Fail("manual.safetyFactor", "manual.safetyFactor must be within 1–10.");

        if (errors.Count > 0 || leeway is null || seeding is null) return (null, errors);

        var model = new DriftRequest
        {
            ObjectClass = leeway,
            Seeding = seeding,
            Particles = particles,
            Duration = TimeSpan.FromHours(hours),
            TimeStep = TimeSpan.FromMinutes(step),
            OutputInterval = TimeSpan.FromHours(1),
            Direction = direction,
            Seed = (ulong)(uint)(r.Seed ?? 1),
        };
        foreach (var (field, message) in model.Validate()) Fail(field, $"{field} {message}.");
        if (errors.Count > 0) return (null, errors);
        return (new ValidDriftRun(model, onScene, r.Forcing!.FileId, datumStart, x, y, fs), errors);
    }

    public static bool TryDirection(string text, out DriftDirection direction)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "forward": direction = DriftDirection.Forward; return true;
            case "backward": direction = DriftDirection.Backward; return true;
            default: direction = default; return false;
        }
    }

    public static string WireName(this DriftDirection d) => d == DriftDirection.Forward ? "forward" : "backward";

    private static DriftSeeding? ParseSeeding(SeedingDto? s, DateTimeOffset now, Action<string, string> fail, out GeoPosition datumStart, out double initialError)
    {
        datumStart = default;
        initialError = 0;
        if (s is null) { fail("seeding", "seeding is required (kind point, line or area)."); return null; }
        switch (s.Kind?.Trim().ToLowerInvariant())
        {
            case "point":
            {
                var position = Position("seeding", s.Latitude, s.Longitude, fail);
                var radius = s.RadiusMetres ?? 0;
                if (!(radius is >= 0 and <= 1_000_000)) fail("seeding.radiusMetres", "seeding.radiusMetres must be within 0–1,000,000.");
                var time = Instant("seeding.time", s.Time, now, fail, required: true);
                var end = Instant("seeding.windowEnd", s.WindowEnd, now, fail, required: false);
                if (time is not null && end is not null && end < time) fail("seeding.windowEnd", "seeding.windowEnd precedes seeding.time.");
                if (position is null || time is null) return null;
                datumStart = position.Value;
                initialError = radius;
                return new PointSeeding(position.Value, radius, time.Value, end);
            }
            case "line":
            {
                if (s.Start is null) fail("seeding.start", "seeding.start is required for a line.");
                if (s.End is null) fail("seeding.end", "seeding.end is required for a line.");
                if (s.Start is null || s.End is null) return null;
                var a = Position("seeding.start", s.Start.Latitude, s.Start.Longitude, fail);
                var b = Position("seeding.end", s.End.Latitude, s.End.Longitude, fail);
                var ta = Instant("seeding.start.time", s.Start.Time, now, fail, required: true);
                var tb = Instant("seeding.end.time", s.End.Time, now, fail, required: true);
                var ra = s.Start.RadiusMetres ?? 0;
                var rb = s.End.RadiusMetres ?? 0;
                if (!(ra is >= 0 and <= 1_000_000)) fail("seeding.start.radiusMetres", "seeding.start.radiusMetres must be within 0–1,000,000.");
                if (!(rb is >= 0 and <= 1_000_000)) fail("seeding.end.radiusMetres", "seeding.end.radiusMetres must be within 0–1,000,000.");
                if (ta is not null && tb is not null && tb < ta) fail("seeding.end.time", "The line's end (seeding.end.time) precedes its start.");
                if (a is null || b is null || ta is null || tb is null) return null;
                // The manual datum starts from the latest known position, with the larger of the two errors.
                datumStart = b.Value;
                initialError = Math.Max(ra, rb);
                return new LineSeeding(a.Value, ta.Value, b.Value, tb.Value, ra, rb);
            }
            case "area":
            {
                var time = Instant("seeding.time", s.Time, now, fail, required: true);
                var end = Instant("seeding.windowEnd", s.WindowEnd, now, fail, required: false);
                if (time is not null && end is not null && end < time) fail("seeding.windowEnd", "seeding.windowEnd precedes seeding.time.");
                if (s.Ring is not { Count: >= 3 and <= 1000 }) { fail("seeding.ring", "seeding.ring needs 3–1,000 positions."); return null; }
                var ring = new List<GeoPosition>();
                for (int i = 0; i < s.Ring.Count; i++)
                    if (Position($"seeding.ring[{i}]", s.Ring[i].Latitude, s.Ring[i].Longitude, fail) is { } p) ring.Add(p);
                if (ring.Count != s.Ring.Count || time is null) return null;
                double lat = ring.Average(p => p.Latitude), reference = ring[0].Longitude;
                double lon = Geodesic.NormaliseLongitude(ring.Average(p => UnwrapLongitude(p.Longitude, reference)));
                var centre = new GeoPosition(lat, lon);
                datumStart = centre;
                initialError = ring.Max(p => Geodesic.Distance(centre, p));
                return new AreaSeeding(ring, time.Value, end);
            }
            default:
                fail("seeding.kind", "seeding.kind must be point, line or area.");
                return null;
        }
    }

    private static OnSceneForcing? ParseOnScene(OnSceneDto? o, DateTimeOffset now, Action<string, string> fail)
    {
        if (o is null) return null;
        if (o.Series is { Count: > 0 })
        {
            if (o.WindSpeed is not null || o.CurrentSpeed is not null)
                fail("forcing.onScene", "Give constant values or a series, not both.");
            if (o.Series.Count > 1000) { fail("forcing.onScene.series", "At most 1,000 observations."); return null; }
            var list = new List<OnSceneObservation>();
            bool hasWind = false, hasCurrent = false, ok = true;
            for (int i = 0; i < o.Series.Count; i++)
            {
                var e = o.Series[i];
                var field = $"forcing.onScene.series[{i}]";
                var t = Instant($"{field}.time", e.Time, now, fail, required: true, futureAllowed: true);
                ok &= t is not null;
                ok &= Speeds(field, e.WindSpeed, e.WindFrom, e.CurrentSpeed, e.CurrentTo, fail);
                hasWind |= e.WindSpeed is not null;
                hasCurrent |= e.CurrentSpeed is not null;
                if (t is not null) list.Add(new OnSceneObservation(t.Value, e.WindSpeed ?? 0, e.WindFrom ?? 0, e.CurrentSpeed ?? 0, e.CurrentTo ?? 0));
            }
            if (list.Select(x => x.Time).Distinct().Count() != list.Count) { fail("forcing.onScene.series", "Two observations at the same time."); ok = false; }
            return ok ? new OnSceneForcing(list, hasWind, hasCurrent) : null;
        }
        if (o.WindSpeed is null && o.CurrentSpeed is null)
        {
            fail("forcing.onScene", "forcing.onScene needs windSpeed/windFrom, currentSpeed/currentTo, or a series.");
            return null;
        }
        return Speeds("forcing.onScene", o.WindSpeed, o.WindFrom, o.CurrentSpeed, o.CurrentTo, fail)
            ? OnSceneForcing.Constant(o.WindSpeed, o.WindFrom ?? 0, o.CurrentSpeed, o.CurrentTo ?? 0)
            : null;
    }

    private static bool Speeds(string field, double? windSpeed, double? windFrom, double? currentSpeed, double? currentTo, Action<string, string> fail)
    {
        var ok = true;
        if (windSpeed is { } w && !(w is >= 0 and <= OnSceneForcing.MaxWindSpeed)) { fail($"{field}.windSpeed", $"{field}.windSpeed must be within 0–{OnSceneForcing.MaxWindSpeed} m/s."); ok = false; }
        if (windSpeed is not null && !(windFrom is >= 0 and <= 360)) { fail($"{field}.windFrom", $"{field}.windFrom (degrees true the wind blows from) must be within 0–360."); ok = false; }
        if (currentSpeed is { } c && !(c is >= 0 and <= OnSceneForcing.MaxCurrentSpeed)) { fail($"{field}.currentSpeed", $"{field}.currentSpeed must be within 0–{OnSceneForcing.MaxCurrentSpeed} m/s."); ok = false; }
        if (currentSpeed is not null && !(currentTo is >= 0 and <= 360)) { fail($"{field}.currentTo", $"{field}.currentTo (degrees true the current sets to) must be within 0–360."); ok = false; }
        return ok;
    }

    private static GeoPosition? Position(string field, double? latitude, double? longitude, Action<string, string> fail)
    {
        var ok = true;
        if (latitude is not (>= -90 and <= 90)) { fail($"{field}.latitude", $"{field}.latitude is required, within −90–90."); ok = false; }
        if (longitude is not (>= -180 and <= 180)) { fail($"{field}.longitude", $"{field}.longitude is required, within −180–180."); ok = false; }
        return ok ? new GeoPosition(latitude!.Value, longitude!.Value) : null;
    }

    private static DateTimeOffset? Instant(string field, string? text, DateTimeOffset now, Action<string, string> fail, bool required, bool futureAllowed = false)
    {
        if (text is null)
        {
            if (required) fail(field, $"{field} is required (ISO 8601 with a UTC offset).");
            return null;
        }
        if (!LogSightingEndpoint.TryParseInstant(text, out var value))
        {
            fail(field, $"{field} must be an ISO 8601 time with a UTC offset, e.g. 2026-11-28T06:30:00+08:00.");
            return null;
        }
        if (!futureAllowed && value - now > MaxClockSkew)
        {
            fail(field, $"{field} is in the future.");
            return null;
        }
        return value.ToUniversalTime();
    }

    private static string Clip(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 60), "…");

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
