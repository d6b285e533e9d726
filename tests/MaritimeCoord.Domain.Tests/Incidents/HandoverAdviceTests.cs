using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Domain.Jurisdiction;

namespace MaritimeCoord.Domain.Tests.Incidents;

public sealed class HandoverAdviceTests
{
    private static readonly GeoPosition Position = new(-11.2, 114.8);

    private static RegionProximity Region(string code, string centre, bool covers, double edgeMetres = 200_000, bool approximate = false) =>
        new(code, code + " SRR", centre, centre + " centre", "sample-2026", approximate, covers, edgeMetres);

    private static JurisdictionResult In(params RegionProximity[] regions) => JurisdictionRules.Resolve(Position, regions);

    [Fact]
    public void Suggests_the_centre_whose_region_holds_the_latest_position()
    {
        var advice = HandoverAdvice.Advise("BASARNAS", IncidentPhase.Distress, In(Region("AUS", "JRCC-AUS", covers: true)));

        Assert.True(advice.SuggestHandover);
        Assert.Equal(("JRCC-AUS", "JRCC-AUS centre"), (advice.ToCentre, advice.ToCentreName));
        Assert.Equal(HandoverAdviceReason.InOtherRegion, advice.Reason);
        Assert.False(advice.Uncertain);
        Assert.Contains("BASARNAS keeps coordinating until JRCC-AUS accepts", advice.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_to_suggest_inside_the_own_region()
    {
        var advice = HandoverAdvice.Advise("BASARNAS", IncidentPhase.Alert, In(Region("IDN", "basarnas", covers: true)));

        Assert.False(advice.SuggestHandover);
        Assert.Equal(HandoverAdviceReason.InOwnRegion, advice.Reason);
    }

    [Fact]
    public void Outside_every_region_the_coordinating_centre_keeps_it()
    {
        var advice = HandoverAdvice.Advise("BASARNAS", IncidentPhase.Alert, In());

        Assert.False(advice.SuggestHandover);
        Assert.Equal(HandoverAdviceReason.NoSarRegion, advice.Reason);
        Assert.Contains("No SAR region", advice.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_advice_near_an_approximate_boundary()
    {
        var advice = HandoverAdvice.Advise("BASARNAS", IncidentPhase.Alert,
            In(Region("AUS", "JRCC-AUS", covers: true, edgeMetres: 10_000, approximate: true), Region("IDN", "BASARNAS", covers: false, edgeMetres: 10_000, approximate: true)));

        Assert.True(advice.SuggestHandover);
        Assert.True(advice.Uncertain);
        Assert.Contains("check before acting", advice.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void No_new_suggestion_while_an_offer_is_pending_or_once_resolved()
    {
        var jurisdiction = In(Region("AUS", "JRCC-AUS", covers: true));
        var pending = new HandoverOffer("BASARNAS", "JRCC-AUS", "ops", "drift", DateTimeOffset.UnixEpoch, null);

        Assert.Equal(HandoverAdviceReason.OfferPending, HandoverAdvice.Advise("BASARNAS", IncidentPhase.Alert, jurisdiction, pending).Reason);
        Assert.Equal(HandoverAdviceReason.IncidentNotOpen, HandoverAdvice.Advise("BASARNAS", IncidentPhase.Closed, jurisdiction).Reason);
    }

    [Fact]
    public void No_hand_back_right_after_accepting_from_the_regions_centre_until_a_newer_sighting()
    {
        var jurisdiction = In(Region("AUS", "JRCC-AUS", covers: true));
        var accepted = new AcceptedHandover("JRCC-AUS", DateTimeOffset.UnixEpoch.AddHours(2));

        var right = HandoverAdvice.Advise("BASARNAS", IncidentPhase.Distress, jurisdiction, lastAccepted: accepted, lastSightingAt: DateTimeOffset.UnixEpoch.AddHours(1));
        Assert.False(right.SuggestHandover);
        Assert.Equal(HandoverAdviceReason.AcceptedFromRegionCentre, right.Reason);
        Assert.Contains("accepted coordination from JRCC-AUS", right.Explanation, StringComparison.Ordinal);

        // A sighting after the acceptance is news: the advice speaks again.
        Assert.True(HandoverAdvice.Advise("BASARNAS", IncidentPhase.Distress, jurisdiction, lastAccepted: accepted, lastSightingAt: DateTimeOffset.UnixEpoch.AddHours(3)).SuggestHandover);
        // Accepted from a third centre: the region's centre is still advised.
        Assert.True(HandoverAdvice.Advise("BASARNAS", IncidentPhase.Distress, jurisdiction, lastAccepted: accepted with { FromCentre = "MRCC-SGP" },
            lastSightingAt: DateTimeOffset.UnixEpoch.AddHours(1)).SuggestHandover);
    }
}
