using System.Globalization;
using System.Text;

namespace MaritimeCoord.Domain.Incidents;

/// <summary>Whether a sighting describes the boat of an incident, and if not, why not (shown to the operator).</summary>
public readonly record struct ConsistencyVerdict(bool Consistent, string Reason);

/// <summary>
/// The rule that lets correlation attach a sighting to a near incident by itself (issue 15 item 2: two boats 6.6 nm
/// apart were merged, and the second one's count overwrote the first's). A sighting is consistent with an incident when
/// <list type="number">
/// <item>its boat description, normalised (<see cref="Normalise"/>), equals the normalised description of one of the
/// incident's sightings — an operator who merged two incidents said those descriptions are one boat; and</item>
/// <item>its persons-on-board count is compatible with the incident's estimate (<see cref="PobTolerance"/>; an unknown
/// count on either side contradicts nothing).</item>
/// </list>
/// Anything else is left to an operator: the sighting opens its own incident flagged "possibly the same as MC-…",
/// and the operator merges the two or leaves them apart. The rule errs towards asking: wrongly keeping one boat as two
/// incidents costs a click; wrongly merging two boats loses one of them.
/// </summary>
public static class SightingConsistency
{
    // Words people put around a description that say nothing about the boat.
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "with", "of", "about", "approx", "approximately", "around", "ca", "circa", "some", "roughly",
    };

    // One spelling per unit, so "12 metres" and "12m" are the same words.
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["m"] = "m", ["meter"] = "m", ["meters"] = "m", ["metre"] = "m", ["metres"] = "m", ["mtr"] = "m", ["mtrs"] = "m",
        ["ft"] = "ft", ["feet"] = "ft", ["foot"] = "ft",
    };

    /// <summary>
    /// The description as a set of words: lower case, split into runs of letters and runs of digits ("12m" → 12, m), unit
    /// spellings unified, filler words dropped, each word once, in ordinal order. So case, punctuation, spacing, word
    /// order and "about" do not matter; every other word does, accents included (the server runs with invariant
    /// globalization, which has no Unicode decomposition to strip them reliably).
    /// </summary>
    public static IReadOnlyList<string> Normalise(string? description)
    {
        if (string.IsNullOrWhiteSpace(description)) return [];
        var words = new SortedSet<string>(StringComparer.Ordinal);
        var word = new StringBuilder();
        var wordIsDigits = false;
        void Flush()
        {
            if (word.Length == 0) return;
            var w = word.ToString();
            word.Clear();
            if (Units.TryGetValue(w, out var unit)) w = unit;
            if (!Filler.Contains(w)) words.Add(w);
        }
        foreach (var c in description)
        {
            var isDigit = char.IsDigit(c);
            if (char.IsLetter(c) || isDigit)
            {
                if (word.Length > 0 && isDigit != wordIsDigits) Flush();
                wordIsDigits = isDigit;
                word.Append(char.ToLowerInvariant(c));
            }
            else Flush();
        }
        Flush();
        return [.. words];
    }

    /// <summary>Two descriptions name the same boat: equal and non-empty once normalised.</summary>
    public static bool SameDescription(string? a, string? b)
    {
        var x = Normalise(a);
        return x.Count > 0 && x.SequenceEqual(Normalise(b), StringComparer.Ordinal);
    }

    /// <summary>Whether <paramref name="boat"/> is consistent with the incident <paramref name="candidate"/> (see the class summary).</summary>
    public static ConsistencyVerdict Check(IncidentCandidate candidate, SightedBoat boat, PobTolerance tolerance)
    {
        var descriptions = candidate.BoatDescriptions ?? [];
        var sameBoat = descriptions.Any(d => SameDescription(d, boat.BoatDescription));
        var countsAgree = tolerance.Compatible(candidate.PersonsOnBoardEstimate, boat.PersonsOnBoard);
        if (sameBoat && countsAgree) return new(true, "Same boat description and a compatible count of persons on board.");
        var reasons = new List<string>();
        if (!sameBoat)
            reasons.Add(descriptions.Count == 0
                ? $"the incident has no boat description to compare with \"{Quote(boat.BoatDescription)}\""
                : $"a different boat description (\"{Quote(boat.BoatDescription)}\" vs \"{Quote(descriptions[0])}\")");
        if (!countsAgree)
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"{boat.PersonsOnBoard} persons on board vs the incident's estimate of {candidate.PersonsOnBoardEstimate}"));
        return new(false, $"Near, but {string.Join(" and ", reasons)}.");
    }

    /// <summary>At most 120 characters of a description, so a reason stays short enough to read (and to store).</summary>
    private static string Quote(string? text)
    {
        var t = (text ?? "").Trim();
        return t.Length <= 120 ? t : string.Concat(t.AsSpan(0, 119), "…");
    }
}
