using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Sightings;

/// <summary>A sighting as a liaison officer reports it, before validation. Field names are the API's.</summary>
public sealed record SightingDraft(
    DateTimeOffset? ObservedAt,
    double? Latitude,
    double? Longitude,
    string? PositionText,
    string? BoatDescription,
    int? PersonsOnBoard,
    string? Condition,
    string? Reporter,
    double? PositionUncertaintyNm,
    string? Notes);

/// <summary>A validated sighting: every field within bounds, the position resolved to decimal degrees.</summary>
public sealed record SightingReport(
    DateTimeOffset ObservedAt,
    GeoPosition Position,
    string? PositionText,
    string BoatDescription,
    int? PersonsOnBoard,
    BoatCondition Condition,
    string Reporter,
    double? PositionUncertaintyNm,
    string? Notes);

public sealed record SightingRules(TimeSpan MaxClockSkew, TimeSpan MaxAge, int MaxPersonsOnBoard)
{
    /// <summary>
    /// Five minutes covers clock drift on field devices; 30 days admits reports logged "sometimes hours late"
    /// (docs/domain.md) with margin; 5,000 is far above the largest boats seen in irregular movement at sea.
    /// </summary>
    public static SightingRules Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromDays(30), 5000);
}

public static class SightingValidation
{
    public const int MaxDescriptionLength = 1000;
    public const int MaxReporterLength = 200;
    public const int MaxNotesLength = 4000;

    // If both forms of the position are sent they must be the same place (about 100 m), or one of them is a typo.
    private const double AgreementDegrees = 0.001;

    /// <summary>Validates a draft at <paramref name="now"/>; errors are keyed by API field name.</summary>
    public static (SightingReport? Report, IReadOnlyDictionary<string, string[]> Errors) Validate(
        SightingDraft draft, DateTimeOffset now, SightingRules rules)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        if (draft.ObservedAt is not { } observedAt) Fail("observedAt", "observedAt is required (ISO 8601 with a UTC offset).");
        else if (observedAt - now > rules.MaxClockSkew) Fail("observedAt", "observedAt is in the future.");
        else if (now - observedAt > rules.MaxAge) Fail("observedAt", $"observedAt is more than {rules.MaxAge.TotalDays:0} days ago.");

        var position = ResolvePosition(draft, Fail);

        var description = draft.BoatDescription?.Trim();
        if (string.IsNullOrEmpty(description)) Fail("boatDescription", "boatDescription is required.");
        else if (description.Length > MaxDescriptionLength) Fail("boatDescription", $"boatDescription is longer than {MaxDescriptionLength} characters.");

        if (draft.PersonsOnBoard is < 0) Fail("personsOnBoard", "personsOnBoard cannot be negative.");
        else if (draft.PersonsOnBoard > rules.MaxPersonsOnBoard) Fail("personsOnBoard", $"personsOnBoard is above {rules.MaxPersonsOnBoard}.");

        var condition = BoatCondition.Unknown;
        if (draft.Condition is not null && !BoatConditions.TryParse(draft.Condition, out condition))
            Fail("condition", $"condition must be one of: {string.Join(", ", BoatConditions.WireNames)}.");

        var reporter = draft.Reporter?.Trim();
        if (string.IsNullOrEmpty(reporter)) Fail("reporter", "reporter is required (name or call sign of the observer).");
        else if (reporter.Length > MaxReporterLength) Fail("reporter", $"reporter is longer than {MaxReporterLength} characters.");

        if (draft.PositionUncertaintyNm is { } uncertainty && !(uncertainty is >= 0 and <= 500))
            Fail("positionUncertaintyNm", "positionUncertaintyNm must be between 0 and 500.");

        var notes = draft.Notes?.Trim();
        if (notes?.Length > MaxNotesLength) Fail("notes", $"notes is longer than {MaxNotesLength} characters.");

        if (errors.Count > 0) return (null, errors);
        return (new SightingReport(draft.ObservedAt!.Value.ToUniversalTime(), position!.Value, draft.PositionText?.Trim(),
            description!, draft.PersonsOnBoard, condition, reporter!, draft.PositionUncertaintyNm,
            string.IsNullOrEmpty(notes) ? null : notes), errors);
    }

    private static GeoPosition? ResolvePosition(SightingDraft draft, Action<string, string> fail)
    {
        GeoPosition? fromNumbers = null;
        var hasNumbers = draft.Latitude is not null || draft.Longitude is not null;
        if (hasNumbers)
        {
            var ok = true;
            if (draft.Latitude is not { } lat || !GeoPosition.IsValidLatitude(lat)) { fail("latitude", "latitude must be a number within [-90, 90]."); ok = false; }
            if (draft.Longitude is not { } lon || !GeoPosition.IsValidLongitude(lon)) { fail("longitude", "longitude must be a number within [-180, 180]."); ok = false; }
            if (ok) fromNumbers = new GeoPosition(draft.Latitude!.Value, draft.Longitude!.Value);
            else return null;
        }

        if (string.IsNullOrWhiteSpace(draft.PositionText))
        {
            if (!hasNumbers) fail("position", "Give latitude and longitude, or positionText such as 08°12.5'S 114°30.2'E.");
            return fromNumbers;
        }

        var parsed = CoordinateParser.Parse(draft.PositionText);
        if (!parsed.Success) { fail("positionText", parsed.Error!); return null; }
        var fromText = parsed.Position!.Value;
        if (fromNumbers is { } numbers &&
            (Math.Abs(numbers.Latitude - fromText.Latitude) > AgreementDegrees || Math.Abs(numbers.Longitude - fromText.Longitude) > AgreementDegrees))
        {
            fail("positionText", "positionText and latitude/longitude describe different places.");
            return null;
        }
        return fromText;
    }
}
