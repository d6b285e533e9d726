using MaritimeCoord.Domain.Incidents;

namespace MaritimeCoord.Domain.Tests.Incidents;

public sealed class IncidentCorrelationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");

    [Fact]
    public void Attaches_to_the_nearest_open_incident_within_radius_and_window()
    {
        var chosen = IncidentCorrelation.ChooseIncident(
            [new(A, IncidentPhase.Alert, 15_000, Now.AddHours(-1)), new(B, IncidentPhase.Uncertainty, 5_000, Now.AddHours(-2))],
            Now, CorrelationPolicy.Default);
        Assert.Equal(B, chosen);
    }

    [Fact]
    public void Opens_a_new_incident_when_the_nearest_is_too_far_too_old_or_resolved()
    {
        var tooFar = new IncidentCandidate(A, IncidentPhase.Distress, CorrelationPolicy.Default.RadiusMetres + 1, Now);
        var tooOld = new IncidentCandidate(B, IncidentPhase.Distress, 100, Now.AddHours(-13));
        var resolved = new IncidentCandidate(Guid.NewGuid(), IncidentPhase.Resolved, 100, Now);
        Assert.Null(IncidentCorrelation.ChooseIncident([tooFar, tooOld, resolved], Now, CorrelationPolicy.Default));
    }

    [Fact]
    public void A_late_report_still_joins_the_incident_it_belongs_to()
    {
        var laterSighting = new IncidentCandidate(A, IncidentPhase.Alert, 2_000, Now);
        Assert.Equal(A, IncidentCorrelation.ChooseIncident([laterSighting], Now.AddHours(-3), CorrelationPolicy.Default));
    }

    [Fact]
    public void Only_open_incidents_without_a_recent_sighting_are_stale()
    {
        var policy = new StalePolicy(TimeSpan.FromHours(6));
        Assert.True(policy.IsStale(IncidentPhase.Uncertainty, Now.AddHours(-7), Now));
        Assert.False(policy.IsStale(IncidentPhase.Uncertainty, Now.AddHours(-5), Now));
        Assert.False(policy.IsStale(IncidentPhase.Closed, Now.AddDays(-7), Now));
    }
}
