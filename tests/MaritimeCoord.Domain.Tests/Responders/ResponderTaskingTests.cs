using MaritimeCoord.Domain.Geo;
using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Domain.Responders;

namespace MaritimeCoord.Domain.Tests.Responders;

public sealed class ResponderTaskingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    private static GovernmentAsset Asset(AssetAvailability availability, string? note = null) =>
        new("301", "KN Tanjung", AssetType.PatrolBoat, 18, availability, "Benoa", new GeoPosition(-8.7, 115.2), Now, null, note);

    [Fact]
    public void An_available_asset_is_tasked_with_a_timeline_entry()
    {
        var decision = ResponderTasking.Assign(Asset(AssetAvailability.Available), "MC-2026-0042", null, "SMC Dewi", "proceed and search", Now);

        Assert.True(decision.Succeeded);
        Assert.Equal("KN Tanjung (PatrolBoat) tasked to MC-2026-0042 by SMC Dewi: proceed and search", decision.Value.Description);
    }

    [Fact]
    public void An_unavailable_asset_cannot_be_tasked()
    {
        var refusal = ResponderTasking.Assign(Asset(AssetAvailability.Maintenance, "dry dock"), "MC-2026-0042", null, "SMC Dewi", "proceed", Now).Refusal;

        Assert.Equal(RefusalCode.AssetUnavailable, refusal?.Code);
        Assert.Equal(RefusalKind.Conflict, refusal?.Kind);
        Assert.Equal("KN Tanjung is not available (maintenance: dry dock).", refusal?.Reason);
    }

    [Fact]
    public void An_asset_already_tasked_is_not_tasked_twice()
    {
        Assert.Equal(RefusalCode.AlreadyTasked, ResponderTasking.Assign(Asset(AssetAvailability.Available), "MC-1", "MC-1", "SMC", "again", Now).Refusal?.Code);
        Assert.Equal(RefusalCode.AlreadyTasked, ResponderTasking.Assign(Asset(AssetAvailability.Tasked), "MC-1", "MC-7", "SMC", "divert", Now).Refusal?.Code);
    }

    [Fact]
    public void Tasking_needs_who_and_why()
    {
        Assert.Equal(RefusalCode.ActorRequired, ResponderTasking.Assign(Asset(AssetAvailability.Available), "MC-1", null, " ", "go", Now).Refusal?.Code);
        Assert.Equal(RefusalCode.ReasonRequired, ResponderTasking.Assign(Asset(AssetAvailability.Available), "MC-1", null, "SMC", null, Now).Refusal?.Code);
    }
}
