using MaritimeCoord.Domain.Search;
using MaritimeCoord.Server.Infrastructure;

namespace MaritimeCoord.Server.Features.Search;

/// <summary>The wire shape of POST /api/incidents/{id}/search-plans (unknown fields are refused).</summary>
public sealed record SearchPlanRequest(Guid? DriftRunId, string? Start, List<SearchAssetRequest>? Assets);

/// <summary>
/// One asset: its sweep width given (<c>sweepWidthNm</c>), or looked up in the IAMSAR table from <c>objectType</c>
/// (default: the run's object class's row), <c>visibilityNm</c> and <c>seaState</c> (calm, moderate, rough).
/// </summary>
public sealed record SearchAssetRequest(string? AssetCode, double? SpeedKnots, double? EnduranceHours, double? SweepWidthNm, string? ObjectType,
    double? VisibilityNm, string? SeaState, string? Pattern);

/// <summary>PUT …/assignments/{assetCode}: each part given replaces the current one.</summary>
public sealed record AdjustAssignmentRequest(AreaRequest? Area, string? Pattern, double? TrackSpacingNm);

public sealed record AreaRequest(LatLonRequest? Centre, double? LengthNm, double? WidthNm, double? OrientationDegrees);

public sealed record LatLonRequest(double? Lat, double? Lon);

/// <summary>POST …/results: what one asset searched.</summary>
public sealed record SearchResultRequest(string? AssetCode, string? Searched, double? FractionSearched,
    [property: TextLimit(SearchPlanEndpoints.MaxTrackGpxLength)] string? TrackGpx, double? VisibilityNm,
    string? SeaState, double? SweepWidthNm);

public sealed record SearchPlanDto(
    int Number,
    Guid DriftRunId,
    string Status,
    DateTimeOffset Start,
    int RunHour,
    DateTimeOffset GridAt,
    double ProbabilityOfSuccess,
    double? AchievedProbabilityOfSuccess,
    double CumulativeProbabilityOfSuccess,
    IReadOnlyList<int> PriorFrom,
    IReadOnlyList<AssignmentDto> Assignments,
    IReadOnlyList<string> Unassigned,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? IssuedAt,
    DateTimeOffset? ClosedAt);

public sealed record AssignmentDto(
    string AssetCode,
    string Pattern,
    double TrackSpacingNm,
    double Coverage,
    double ProbabilityOfDetection,
    double ProbabilityOfSuccess,
    double ProbabilityOfContainment,
    double SpeedKnots,
    double EnduranceHours,
    double SweepWidthNm,
    double TrackLengthNm,
    AreaDto Area,
    PolygonDto Polygon,
    IReadOnlyList<WaypointDto> Waypoints,
    SearchResultDto? Result);

public sealed record AreaDto(LatLonDto Centre, double LengthNm, double WidthNm, double OrientationDegrees);

public sealed record LatLonDto(double Lat, double Lon);

/// <summary>A GeoJSON Polygon (RFC 7946): one ring of [lon, lat], closed.</summary>
public sealed record PolygonDto(string Type, double[][][] Coordinates);

public sealed record WaypointDto(double Lat, double Lon, DateTimeOffset Time);

/// <param name="ProbabilityOfSuccess">This asset's search alone on the plan's prior map.</param>
public sealed record SearchResultDto(string Searched, double FractionSearched, bool Track, double SweepWidthNm, double? VisibilityNm, string? SeaState,
    double ProbabilityOfSuccess, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>Wire names of patterns, object types and sea states (kebab-case, as the API writes every enum).</summary>
public static class SearchWireNames
{
    public static string Of(SearchPattern pattern) => pattern switch
    {
        SearchPattern.ParallelSweep => "parallel-sweep",
        SearchPattern.CreepingLine => "creeping-line",
        SearchPattern.ExpandingSquare => "expanding-square",
        SearchPattern.Sector => "sector",
        SearchPattern.TrackLine => "track-line",
        _ => throw new ArgumentOutOfRangeException(nameof(pattern)),
    };

    public const string Patterns = "parallel-sweep (PS), creeping-line (CS), expanding-square (SS), sector (VS), track-line (TS)";

    /// <summary>The wire name, the camelCase one or the IAMSAR letters (PS, CS, SS, VS, TS).</summary>
    public static bool TryPattern(string? text, out SearchPattern pattern)
    {
        pattern = default;
        if (text is null) return false;
        switch (Squash(text))
        {
            case "parallelsweep" or "ps": pattern = SearchPattern.ParallelSweep; return true;
            case "creepingline" or "cs": pattern = SearchPattern.CreepingLine; return true;
            case "expandingsquare" or "ss": pattern = SearchPattern.ExpandingSquare; return true;
            case "sector" or "sectorsearch" or "vs": pattern = SearchPattern.Sector; return true;
            case "trackline" or "ts": pattern = SearchPattern.TrackLine; return true;
            default: return false;
        }
    }

    public static string Of(SearchObjectType type) => type switch
    {
        SearchObjectType.PersonInWater => "person-in-water",
        SearchObjectType.LifeRaft4Person => "life-raft-4-person",
        SearchObjectType.LifeRaft6Person => "life-raft-6-person",
        SearchObjectType.LifeRaft15Person => "life-raft-15-person",
        SearchObjectType.LifeRaft25Person => "life-raft-25-person",
        SearchObjectType.BoatUnder5Metres => "boat-under-5-metres",
        SearchObjectType.Boat7Metres => "boat-7-metres",
        SearchObjectType.Boat12Metres => "boat-12-metres",
        SearchObjectType.Boat24Metres => "boat-24-metres",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string ObjectTypes => string.Join(", ", Enum.GetValues<SearchObjectType>().Select(Of));

    public static bool TryObjectType(string? text, out SearchObjectType type)
    {
        type = default;
        if (text is null) return false;
        var squashed = Squash(text);
        foreach (var t in Enum.GetValues<SearchObjectType>())
        {
            if (Squash(Of(t)) == squashed || Squash(t.ToString()) == squashed) { type = t; return true; }
        }
        return false;
    }

    public static string Of(SeaConditions sea) => sea switch
    {
        SeaConditions.Calm => "calm",
        SeaConditions.Moderate => "moderate",
        SeaConditions.Rough => "rough",
        _ => throw new ArgumentOutOfRangeException(nameof(sea)),
    };

    public static bool TrySeaState(string? text, out SeaConditions sea)
    {
        sea = default;
        switch (text is null ? null : Squash(text))
        {
            case "calm": sea = SeaConditions.Calm; return true;
            case "moderate": sea = SeaConditions.Moderate; return true;
            case "rough": sea = SeaConditions.Rough; return true;
            default: return false;
        }
    }

    private static string Squash(string text) => new string(text.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();
}
