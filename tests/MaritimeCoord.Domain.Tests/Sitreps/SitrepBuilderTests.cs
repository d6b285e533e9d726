using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Domain.Sightings;
using MaritimeCoord.Domain.Sitreps;

namespace MaritimeCoord.Domain.Tests.Sitreps;

public sealed class SitrepBuilderTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 28, 15, 30, 0, TimeSpan.Zero);

    private static SitrepInput Full() => new()
    {
        IncidentReference = "MC-2026-0042",
        Number = 2,
        Time = Issued,
        FromCentre = "BASARNAS",
        Addressees = ["JRCC-AUS", "MRCC Putrajaya"],
        CasualtyIdentity = "Unnamed wooden boat, blue hull",
        Position = new GeoPosition(-(8 + 12.5 / 60), 114 + 30.2 / 60),
        PositionTime = Issued.AddHours(-1.5),
        PositionSource = "aircraft sighting",
        Phase = IncidentPhase.Distress,
        Condition = BoatCondition.TakingWater,
        Situation = "Engine failure, drifting",
        PersonsOnBoard = new PersonsOnBoard(45, Adults: 30, Minors: 15, MedicalCases: 2, Deceased: null),
        AssistanceRequired = "Rescue of all persons on board",
        CoordinatingCentre = "BASARNAS",
        CoordinatingCentreName = "BASARNAS Command Center",
        Description = "12 m wooden boat, low freeboard",
        Weather = "Wind SE 15 kn, sea 1.5 m",
        RespondersTasked = [new SitrepResponder("KN Tanjung", "patrol boat", Issued.AddHours(-1), Issued.AddHours(3))],
        TimelineHighlights =
        [
            new SitrepTimelineEntry(Issued.AddHours(-1), "Phase raised to distress"),
            new SitrepTimelineEntry(Issued.AddHours(-1.5), "Aircraft sighting,\n45 POB"),
        ],
        SearchArea = null,
        FuturePlans = "Disembarkation at Benoa",
    };

    [Fact]
    public void Full_form_text_has_the_header_and_items_a_to_n_without_i()
    {
        var sitrep = SitrepBuilder.Build(Full(), SitrepForm.FullForm);

        Assert.Equal(
            """
            FROM: BASARNAS
            TO: JRCC-AUS, MRCC PUTRAJAYA
            DTG: 281530Z NOV 26
            SAR SITREP 2 - INCIDENT MC-2026-0042
            A. UNNAMED WOODEN BOAT, BLUE HULL
            B. 08°12.500'S 114°30.200'E AT 281400Z NOV 26 (AIRCRAFT SIGHTING)
            C. DISTRESS (DETRESFA) PHASE. BOAT TAKING WATER. ENGINE FAILURE, DRIFTING
            D. 45 PERSONS (ADULTS 30, MINORS 15, MEDICAL CASES 2, DECEASED UNKNOWN)
            E. RESCUE OF ALL PERSONS ON BOARD
            F. BASARNAS COMMAND CENTER (BASARNAS)
            G. 12 M WOODEN BOAT, LOW FREEBOARD
            H. WIND SE 15 KN, SEA 1.5 M
            J. TASKED: KN TANJUNG (PATROL BOAT) AT 281430Z NOV 26 ETA 281830Z NOV 26. ACTIONS: 281400Z NOV 26 AIRCRAFT SIGHTING, 45 POB; 281430Z NOV 26 PHASE RAISED TO DISTRESS
            K. NIL
            L. NIL
            M. DISEMBARKATION AT BENOA
            N. NIL

            """.ReplaceLineEndings("\n"),
            sitrep.Text);
    }

    [Fact]
    public void Short_form_stops_at_the_coordinating_rcc()
    {
        var sitrep = SitrepBuilder.Build(Full(), SitrepForm.ShortForm);

        Assert.Equal(["A", "B", "C", "D", "E", "F"], sitrep.Items.Select(i => i.Letter));
        Assert.EndsWith("F. BASARNAS COMMAND CENTER (BASARNAS)\n", sitrep.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_structured_form_carries_the_same_items_and_typed_fields()
    {
        var sitrep = SitrepBuilder.Build(Full(), SitrepForm.FullForm);

        Assert.Equal(("MC-2026-0042", 2, "281530Z NOV 26", "distress"), (sitrep.IncidentReference, sitrep.Number, sitrep.DateTimeGroup, sitrep.Phase));
        Assert.Equal(45, sitrep.PersonsOnBoard?.Total);
        Assert.Equal(-8.208333, sitrep.Position!.Value.Latitude, 1e-6);
        Assert.Equal(["A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N"], sitrep.Items.Select(i => i.Letter));
        var a = sitrep.Items[0];
        Assert.Equal(("Identity of casualty", "Unnamed wooden boat, blue hull", true), (a.Title, a.Text, a.Known));
        Assert.Equal(new SitrepItem("K", "Search area", "NIL", false), sitrep.Items.Single(i => i.Letter == "K"));
        var textLines = sitrep.Text.Split('\n').Where(l => l.Length > 2 && l[1] == '.').ToList();
        Assert.Equal(sitrep.Items.Select(i => $"{i.Letter}. {i.Text}".ToUpperInvariant()), textLines);
    }

    [Fact]
    public void Missing_facts_are_unknown_and_missing_actions_are_nil()
    {
        var sitrep = SitrepBuilder.Build(new SitrepInput
        {
            IncidentReference = "MC-2026-0043",
            Number = 1,
            Time = Issued,
            FromCentre = "JRCC-AUS",
            Phase = IncidentPhase.Uncertainty,
            CoordinatingCentre = "JRCC-AUS",
        }, SitrepForm.FullForm);

        Assert.Equal(
            """
            FROM: JRCC-AUS
            DTG: 281530Z NOV 26
            SAR SITREP 1 - INCIDENT MC-2026-0043
            A. UNKNOWN
            B. UNKNOWN
            C. UNCERTAINTY (INCERFA) PHASE
            D. UNKNOWN
            E. NIL
            F. JRCC-AUS
            G. UNKNOWN
            H. UNKNOWN
            J. NIL
            K. NIL
            L. NIL
            M. NIL
            N. NIL

            """.ReplaceLineEndings("\n"),
            sitrep.Text);
    }

    [Fact]
    public void Persons_without_a_total_give_the_known_lower_bound()
    {
        var sitrep = SitrepBuilder.Build(Full() with { PersonsOnBoard = new PersonsOnBoard(null, Adults: 20, Minors: 4) }, SitrepForm.ShortForm);

        Assert.Equal("UNKNOWN, AT LEAST 24 (ADULTS 20, MINORS 4, MEDICAL CASES UNKNOWN, DECEASED UNKNOWN)", sitrep.Items.Single(i => i.Letter == "D").Text);
    }

    [Fact]
    public void A_final_sitrep_concludes_with_the_outcome()
    {
        var sitrep = SitrepBuilder.Build(Full() with
        {
            Number = 5,
            Final = true,
            Phase = IncidentPhase.Resolved,
            Outcome = IncidentOutcome.Disembarked,
            Condition = BoatCondition.Unknown,
            Situation = null,
            AdditionalInformation = "45 persons landed at Benoa",
        }, SitrepForm.FullForm);

        Assert.Contains("SAR SITREP 5 FINAL - INCIDENT MC-2026-0042\n", sitrep.Text, StringComparison.Ordinal);
        Assert.Contains("C. RESOLVED - DISEMBARKED\n", sitrep.Text, StringComparison.Ordinal);
        Assert.Contains("N. 45 PERSONS LANDED AT BENOA. FINAL SITREP: OUTCOME DISEMBARKED. CASE CONCLUDED\n", sitrep.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Date_time_groups_are_in_utc()
    {
        Assert.Equal("010030Z JAN 27", SitrepBuilder.DateTimeGroup(new DateTimeOffset(2027, 1, 1, 8, 30, 0, TimeSpan.FromHours(8))));
        Assert.Equal("312330Z DEC 26", SitrepBuilder.DateTimeGroup(new DateTimeOffset(2027, 1, 1, 7, 30, 0, TimeSpan.FromHours(8))));
    }

    [Fact]
    public void Sitreps_are_numbered_from_one_per_incident()
    {
        Assert.Equal(1, Sitrep.NextNumber(null));
        Assert.Equal(4, Sitrep.NextNumber(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => SitrepBuilder.Build(Full() with { Number = 0 }, SitrepForm.ShortForm));
    }

    [Fact]
    public void Free_text_line_breaks_never_split_an_item()
    {
        var sitrep = SitrepBuilder.Build(Full() with { Weather = "Wind SE 15 kn\r\nsea 1.5 m" }, SitrepForm.FullForm);

        Assert.Contains("H. WIND SE 15 KN SEA 1.5 M\n", sitrep.Text, StringComparison.Ordinal);
    }
}
