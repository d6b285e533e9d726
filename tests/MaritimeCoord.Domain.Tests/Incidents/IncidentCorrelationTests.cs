using MaritimeCoord.Domain.Incidents;

namespace MaritimeCoord.Domain.Tests.Incidents;

public sealed class IncidentCorrelationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private const string Blue = "Wooden boat, blue hull, about 12 m";
    private static readonly SightedBoat BlueBoat = new(Blue, 40);

    private static IncidentCandidate Candidate(Guid id, IncidentPhase phase, double metres, DateTimeOffset last, string description = Blue, int? pob = 40) =>
        new(id, phase, metres, last, [description], pob, $"MC-{id.ToString()[^2..]}");

    [Fact]
    public void Attaches_to_the_nearest_open_consistent_incident_within_radius_and_window()
    {
        var decision = IncidentCorrelation.Decide(
            [Candidate(A, IncidentPhase.Alert, 15_000, Now.AddHours(-1)), Candidate(B, IncidentPhase.Uncertainty, 5_000, Now.AddHours(-2))],
            BlueBoat, Now, CorrelationPolicy.Default);
        Assert.Equal(B, decision.AttachTo);
        Assert.Empty(decision.PossiblySameAs);
    }

    [Fact]
    public void Opens_a_new_incident_when_the_nearest_is_too_far_too_old_or_resolved()
    {
        var tooFar = Candidate(A, IncidentPhase.Distress, CorrelationPolicy.Default.RadiusMetres + 1, Now);
        var tooOld = Candidate(B, IncidentPhase.Distress, 100, Now.AddHours(-13));
        var resolved = Candidate(Guid.NewGuid(), IncidentPhase.Resolved, 100, Now);
        var decision = IncidentCorrelation.Decide([tooFar, tooOld, resolved], BlueBoat, Now, CorrelationPolicy.Default);
        Assert.Null(decision.AttachTo);
        Assert.Empty(decision.PossiblySameAs); // not near: nothing to flag either
    }

    [Fact]
    public void A_late_report_still_joins_the_incident_it_belongs_to()
    {
        var laterSighting = Candidate(A, IncidentPhase.Alert, 2_000, Now);
        Assert.Equal(A, IncidentCorrelation.Decide([laterSighting], BlueBoat, Now.AddHours(-3), CorrelationPolicy.Default).AttachTo);
    }

    [Fact]
    public void The_issue_scenario_a_different_boat_with_33_aboard_6_6_nm_from_an_incident_of_60_opens_its_own_incident_flagged()
    {
        var open = Candidate(A, IncidentPhase.Distress, 6.6 * 1852, Now.AddHours(-1), "Wooden fishing boat, green hull, about 15 m", 60);
        var decision = IncidentCorrelation.Decide([open], new SightedBoat("Grey fibreglass boat, outboard engine", 33), Now, CorrelationPolicy.Default);

        Assert.Null(decision.AttachTo);
        var flag = Assert.Single(decision.PossiblySameAs);
        Assert.Equal(A, flag.IncidentId);
        Assert.Equal("MC-0a", flag.Reference);
        Assert.Contains("different boat description", flag.Reason, StringComparison.Ordinal);
        Assert.Contains("33 persons on board vs the incident's estimate of 60", flag.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_description_with_an_incompatible_count_is_flagged_not_attached()
    {
        var decision = IncidentCorrelation.Decide([Candidate(A, IncidentPhase.Alert, 1_000, Now, pob: 60)], new SightedBoat(Blue, 33), Now, CorrelationPolicy.Default);
        Assert.Null(decision.AttachTo);
        Assert.Equal(A, Assert.Single(decision.PossiblySameAs).IncidentId);
    }

    [Fact]
    public void A_sighting_matching_any_description_an_operator_merged_into_the_incident_attaches()
    {
        var merged = new IncidentCandidate(A, IncidentPhase.Alert, 3_000, Now, ["Green wooden boat", "blue hull wooden boat"], null);
        Assert.Equal(A, IncidentCorrelation.Decide([merged], new SightedBoat("Wooden boat: BLUE hull.", null), Now, CorrelationPolicy.Default).AttachTo);
    }

    [Fact]
    public void Normalisation_ignores_case_punctuation_order_units_and_filler_but_no_other_word()
    {
        Assert.True(SightingConsistency.SameDescription("Wooden boat, blue hull, about 12 m", "blue hull wooden boat ~12 metres"));
        Assert.True(SightingConsistency.SameDescription("Bateau bleu, coque en bois", "BATEAU BLEU — COQUE EN BOIS"));
        Assert.True(SightingConsistency.SameDescription("Perahu kayu biru 12m", "perahu  kayu  biru  12  m"));
        Assert.False(SightingConsistency.SameDescription("Wooden boat, blue hull", "Wooden boat, green hull"));
        Assert.False(SightingConsistency.SameDescription("Wooden boat 12 m", "Wooden boat 15 m"));
        Assert.False(SightingConsistency.SameDescription("", ""));
        Assert.False(SightingConsistency.SameDescription("about the", "the about")); // nothing left: no description to match
    }

    // ---- properties on random inputs (fixed seed) ----

    private static readonly string[] Words =
    [
        "wooden", "fibreglass", "boat", "canoe", "perahu", "kayu", "blue", "green", "red", "white", "hull", "engine", "outboard",
        "sail", "12", "15", "8", "m", "metres", "ft", "about", "the", "with", "crowded", "tarpaulin", "flag", "bendera", "biru",
    ];

    private static string RandomDescription(Random rng)
    {
        var n = rng.Next(1, 7);
        return string.Join(" ", Enumerable.Range(0, n).Select(_ => Words[rng.Next(Words.Length)]));
    }

    /// <summary>What a second liaison officer might write for the same words: other case, punctuation, spacing, order, filler.</summary>
    private static string Rewrite(string description, Random rng)
    {
        var words = description.Split(' ', StringSplitOptions.RemoveEmptyEntries).OrderBy(_ => rng.Next()).ToList();
        if (rng.Next(3) == 0) words.Insert(rng.Next(words.Count + 1), rng.Next(2) == 0 ? "about" : "approx.");
        var separators = new[] { " ", ", ", "  ", " - ", "; ", "/" };
        var text = string.Join("", words.Select((w, i) => (i == 0 ? "" : separators[rng.Next(separators.Length)])
            + (rng.Next(2) == 0 ? w.ToUpperInvariant() : w)));
        return rng.Next(2) == 0 ? text + "." : "  " + text;
    }

    [Fact]
    public void Property_rewriting_a_description_keeps_it_the_same_boat_and_normalising_is_idempotent()
    {
        var rng = new Random(20261207);
        for (var i = 0; i < 5_000; i++)
        {
            var d = RandomDescription(rng);
            var normal = SightingConsistency.Normalise(d);
            Assert.Equal(normal, SightingConsistency.Normalise(string.Join(" ", normal)));
            Assert.Equal(normal, SightingConsistency.Normalise(Rewrite(d, rng)));
            if (normal.Count > 0) Assert.True(SightingConsistency.SameDescription(d, Rewrite(d, rng)), d);
        }
    }

    [Fact]
    public void Property_descriptions_are_the_same_boat_exactly_when_their_meaningful_word_sets_are_equal()
    {
        // Independent answer: the set of words of the generator's vocabulary after its own unit and filler mapping.
        static HashSet<string> Meaning(string d) => d.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w is "metres" ? "m" : w).Where(w => w is not ("about" or "the" or "with")).ToHashSet(StringComparer.Ordinal);
        var rng = new Random(7);
        var same = 0;
        for (var i = 0; i < 20_000; i++)
        {
            // b is either a rewrite of a (its meaning is a's) or another random description.
            var a = RandomDescription(rng);
            var rewrite = rng.Next(4) == 0;
            var bSource = rewrite ? a : RandomDescription(rng);
            var b = rewrite ? Rewrite(a, rng) : bSource;
            var expected = Meaning(a).Count > 0 && Meaning(a).SetEquals(Meaning(bSource));
            Assert.Equal(expected, SightingConsistency.SameDescription(a, b));
            Assert.Equal(SightingConsistency.SameDescription(a, b), SightingConsistency.SameDescription(b, a));
            if (expected) same++;
        }
        Assert.InRange(same, 1_000, 19_000); // both answers were exercised
    }

    [Fact]
    public void Property_pob_tolerance_is_reflexive_symmetric_and_convex()
    {
        var t = PobTolerance.Default;
        var rng = new Random(42);
        for (var i = 0; i < 20_000; i++)
        {
            int x = rng.Next(0, 400), y = rng.Next(0, 400), z = rng.Next(Math.Min(x, y), Math.Max(x, y) + 1);
            Assert.True(t.Compatible(x, x));
            Assert.Equal(t.Compatible(x, y), t.Compatible(y, x));
            if (t.Compatible(x, y)) Assert.True(t.Compatible(x, z) && t.Compatible(z, y), $"{x} {z} {y}");
            Assert.True(t.Compatible(x, null) && t.Compatible(null, y));
        }
        Assert.False(t.Compatible(60, 33));
        Assert.True(t.Compatible(60, 50));
        Assert.True(t.Compatible(3, 8));
    }

    [Fact]
    public void Property_decide_equals_brute_force_and_never_attaches_an_inconsistent_sighting()
    {
        var rng = new Random(1207);
        var policy = CorrelationPolicy.Default;
        for (var run = 0; run < 2_000; run++)
        {
            var candidates = Enumerable.Range(0, rng.Next(0, 8)).Select(_ => new IncidentCandidate(
                Guid.NewGuid(),
                (IncidentPhase)rng.Next(0, 5),
                rng.NextDouble() * policy.RadiusMetres * 1.5,
                Now.AddHours(-rng.NextDouble() * 16),
                [RandomDescription(rng)],
                rng.Next(4) == 0 ? null : rng.Next(5, 120))).ToList();
            // Half the time the new sighting re-describes one of the candidates' boats.
            var boat = rng.Next(2) == 0 && candidates.Count > 0
                ? new SightedBoat(Rewrite(candidates[rng.Next(candidates.Count)].BoatDescriptions![0], rng), rng.Next(5, 120))
                : new SightedBoat(RandomDescription(rng), rng.Next(3) == 0 ? null : rng.Next(5, 120));

            var decision = IncidentCorrelation.Decide(candidates.OrderBy(_ => rng.Next()), boat, Now, policy);

            bool Near(IncidentCandidate c) => c.Phase.IsOpen() && c.DistanceMetres <= policy.RadiusMetres && (Now - c.LastSightingAt).Duration() <= policy.TimeWindow;
            bool Same(IncidentCandidate c) => SightingConsistency.SameDescription(c.BoatDescriptions![0], boat.BoatDescription)
                                               && (c.PersonsOnBoardEstimate is null || boat.PersonsOnBoard is null
                                                   || Math.Abs(c.PersonsOnBoardEstimate.Value - boat.PersonsOnBoard.Value) <= Math.Max(5, 0.2 * Math.Max(c.PersonsOnBoardEstimate.Value, boat.PersonsOnBoard.Value)));
            var expected = candidates.Where(c => Near(c) && Same(c)).OrderBy(c => c.DistanceMetres).ThenBy(c => c.IncidentId).FirstOrDefault();
            Assert.Equal(expected?.IncidentId, decision.AttachTo);
            if (decision.AttachTo is null)
                Assert.Equal(candidates.Where(Near).OrderBy(c => c.DistanceMetres).ThenBy(c => c.IncidentId).Take(IncidentCorrelation.MaxFlags).Select(c => c.IncidentId),
                    decision.PossiblySameAs.Select(f => f.IncidentId));
            else Assert.Empty(decision.PossiblySameAs);
        }
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
