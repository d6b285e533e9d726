using System.Globalization;
using System.Text;
using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Domain.Sightings;

namespace MaritimeCoord.Domain.Sitreps;

/// <summary>One lettered item. <see cref="Known"/> is false when the text is the NIL/UNKNOWN placeholder.</summary>
public sealed record SitrepItem(string Letter, string Title, string Text, bool Known);

/// <summary>A SITREP as structured data (for JSON) and as the text to send (<see cref="Text"/>).</summary>
/// <param name="DateTimeGroup">The time of issue as a date-time group, e.g. <c>281530Z NOV 26</c>.</param>
/// <param name="Items">A–F (short form) or A–N without I (full form), in order.</param>
/// <param name="Text">Header lines, then one line per item ("A. ..."), upper case as in a signal, lines ending "\n".</param>
public sealed record Sitrep(
    string IncidentReference,
    int Number,
    SitrepForm Form,
    bool Final,
    DateTimeOffset Time,
    string DateTimeGroup,
    string FromCentre,
    IReadOnlyList<string> Addressees,
    string Phase,
    GeoPosition? Position,
    PersonsOnBoard? PersonsOnBoard,
    IReadOnlyList<SitrepItem> Items,
    string Text)
{
    /// <summary>The number of the next SITREP on an incident whose last one was <paramref name="lastIssued"/>.</summary>
    public static int NextNumber(int? lastIssued) => (lastIssued ?? 0) + 1;
}

/// <summary>
/// Builds IAMSAR SITREPs (docs/domain.md, "SITREP"): short form A identity, B position, C situation, D persons at risk,
/// E assistance required, F coordinating RCC; full form adds G description, H weather, J initial actions, K search
/// area, L coordinating instructions, M future plans, N additional information / conclusion (IAMSAR skips I).
/// Unknown facts are written UNKNOWN; nothing to report (assistance, actions, instructions, plans) is NIL.
/// </summary>
public static class SitrepBuilder
{
    private const string Unknown = "UNKNOWN";
    private const string Nil = "NIL";

    public static Sitrep Build(SitrepInput input, SitrepForm form)
    {
        if (string.IsNullOrWhiteSpace(input.IncidentReference)) throw new ArgumentException("An incident reference is required.", nameof(input));
        if (string.IsNullOrWhiteSpace(input.FromCentre)) throw new ArgumentException("The originating centre is required.", nameof(input));
        if (string.IsNullOrWhiteSpace(input.CoordinatingCentre)) throw new ArgumentException("The coordinating centre is required.", nameof(input));
        if (input.Number < 1) throw new ArgumentOutOfRangeException(nameof(input), input.Number, "SITREPs are numbered from 1.");

        var items = new List<SitrepItem>
        {
            Item("A", "Identity of casualty", Clean(input.CasualtyIdentity), Unknown),
            Item("B", "Position", Position(input), Unknown),
            Item("C", "Situation", Situation(input), Unknown),
            Item("D", "Persons at risk", Persons(input.PersonsOnBoard), Unknown),
            Item("E", "Assistance required", Clean(input.AssistanceRequired), Nil),
            Item("F", "Coordinating RCC", Centre(input), Unknown),
        };
        if (form == SitrepForm.FullForm)
        {
            items.Add(Item("G", "Description of casualty", Clean(input.Description), Unknown));
            items.Add(Item("H", "Weather on scene", Clean(input.Weather), Unknown));
            items.Add(Item("J", "Initial actions taken", Actions(input), Nil));
            items.Add(Item("K", "Search area", Clean(input.SearchArea), Nil));
            items.Add(Item("L", "Coordinating instructions", Clean(input.CoordinatingInstructions), Nil));
            items.Add(Item("M", "Future plans", Clean(input.FuturePlans), Nil));
            items.Add(Item("N", "Additional information", Conclusion(input), Nil));
        }

        var dtg = DateTimeGroup(input.Time);
        var addressees = input.Addressees.Select(Clean).OfType<string>().ToList();
        var text = new StringBuilder();
        text.Append("FROM: ").Append(Clean(input.FromCentre)).Append('\n');
        if (addressees.Count > 0) text.Append("TO: ").Append(string.Join(", ", addressees)).Append('\n');
        text.Append("DTG: ").Append(dtg).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"SAR SITREP {input.Number}{(input.Final ? " FINAL" : "")} - INCIDENT {Clean(input.IncidentReference)}\n");
        foreach (var item in items) text.Append(item.Letter).Append(". ").Append(item.Text).Append('\n');

        return new Sitrep(Clean(input.IncidentReference)!, input.Number, form, input.Final, input.Time, dtg, Clean(input.FromCentre)!, addressees,
            input.Phase.WireName(), input.Position, input.PersonsOnBoard, items, text.ToString().ToUpperInvariant());
    }

    /// <summary>A date-time group in UTC: day, hours, minutes, Z, month, two-digit year, e.g. <c>281530Z NOV 26</c>.</summary>
    public static string DateTimeGroup(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return utc.ToString("ddHHmm'Z' MMM yy", CultureInfo.InvariantCulture).ToUpperInvariant();
    }

    private static SitrepItem Item(string letter, string title, string? text, string placeholder) =>
        text is null ? new(letter, title, placeholder, false) : new(letter, title, text, true);

    private static string? Position(SitrepInput input)
    {
        if (input.Position is not { } position) return null;
        var text = position.ToDegreesDecimalMinutes();
        if (input.PositionTime is { } at) text += $" AT {DateTimeGroup(at)}";
        if (Clean(input.PositionSource) is { } source) text += $" ({source})";
        return text;
    }

    private static string Situation(SitrepInput input)
    {
        var parts = new List<string>
        {
            input.Phase switch
            {
                IncidentPhase.Resolved or IncidentPhase.Closed =>
                    $"{input.Phase.WireName().ToUpperInvariant()}{(input.Outcome is { } o ? " - " + o.WireName().ToUpperInvariant().Replace('-', ' ') : "")}",
                var open => IncidentLifecycle.Describe(open).ToUpperInvariant() + " PHASE",
            },
        };
        if (input.Condition != BoatCondition.Unknown) parts.Add("BOAT " + input.Condition.WireName().ToUpperInvariant().Replace('-', ' '));
        if (Clean(input.Situation) is { } situation) parts.Add(situation);
        return string.Join(". ", parts);
    }

    private static string? Persons(PersonsOnBoard? pob)
    {
        if (pob is null || pob.IsUnknown) return null;
        static string Count(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? Unknown;
        var breakdown = $"ADULTS {Count(pob.Adults)}, MINORS {Count(pob.Minors)}, MEDICAL CASES {Count(pob.MedicalCases)}, DECEASED {Count(pob.Deceased)}";
        return pob.Total is { } total
            ? $"{Count(total)} PERSONS ({breakdown})"
            : $"{Unknown}, AT LEAST {Count(pob.KnownAtLeast)} ({breakdown})";
    }

    private static string Centre(SitrepInput input)
    {
        var code = Clean(input.CoordinatingCentre)!;
        return Clean(input.CoordinatingCentreName) is { } name ? $"{name} ({code})" : code;
    }

    private static string? Actions(SitrepInput input)
    {
        var parts = new List<string>();
        if (input.RespondersTasked.Count > 0)
            parts.Add("TASKED: " + string.Join("; ", input.RespondersTasked.Select(r =>
                Clean(r.Name)
                + (Clean(r.Type) is { } type ? $" ({type})" : "")
                + (r.TaskedAt is { } taskedAt ? $" AT {DateTimeGroup(taskedAt)}" : "")
                + (r.EstimatedArrival is { } eta ? $" ETA {DateTimeGroup(eta)}" : ""))));
        var highlights = input.TimelineHighlights.OrderBy(h => h.At).Where(h => Clean(h.Text) is not null).ToList();
        if (highlights.Count > 0)
            parts.Add("ACTIONS: " + string.Join("; ", highlights.Select(h => $"{DateTimeGroup(h.At)} {Clean(h.Text)}")));
        return parts.Count == 0 ? null : string.Join(". ", parts);
    }

    private static string? Conclusion(SitrepInput input)
    {
        var parts = new List<string>();
        if (Clean(input.AdditionalInformation) is { } info) parts.Add(info);
        if (input.Final)
            parts.Add("FINAL SITREP" + (input.Outcome is { } o ? $": OUTCOME {o.WireName().ToUpperInvariant().Replace('-', ' ')}" : "") + ". CASE CONCLUDED");
        return parts.Count == 0 ? null : string.Join(". ", parts);
    }

    // Free text goes on one signal line: line breaks would split an item.
    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
