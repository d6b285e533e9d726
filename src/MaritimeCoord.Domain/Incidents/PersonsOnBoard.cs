namespace MaritimeCoord.Domain.Incidents;

/// <summary>
/// An estimate of the persons on board with its breakdown (docs/domain.md: "POB counts are tracked as estimates with
/// breakdowns (adults, minors, medical cases, deceased) — counts, not identities"). Every figure is optional: null
/// means not known, which is different from 0.
/// </summary>
/// <remarks>
/// The breakdown has two independent axes, so the rule "breakdown ≤ total" is applied per axis: by age, adults and
/// minors are disjoint (adults + minors ≤ total); by condition, medical cases (living, needing care) and deceased are
/// disjoint (medical cases + deceased ≤ total). Summing all four would count a sick child twice.
/// </remarks>
public sealed record PersonsOnBoard(int? Total, int? Adults = null, int? Minors = null, int? MedicalCases = null, int? Deceased = null)
{
    /// <summary>Same ceiling as a sighting's POB (SightingRules.Default): far above the largest boats seen.</summary>
    public const int MaxCount = 5000;

    public static PersonsOnBoard Unknown { get; } = new(Total: null);

    /// <summary>The most persons the known figures account for; a lower bound on the total when the total is unknown.</summary>
    public int KnownAtLeast => Math.Max(Math.Max(Total ?? 0, (Adults ?? 0) + (Minors ?? 0)), (MedicalCases ?? 0) + (Deceased ?? 0));

    public bool IsUnknown => Total is null && Adults is null && Minors is null && MedicalCases is null && Deceased is null;

    /// <summary>Errors keyed by API field name (camelCase), empty when valid; for a 422 validation problem.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, List<string>>();
        void Fail(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        foreach (var (field, value) in Fields())
        {
            if (value < 0) Fail(field, $"{field} cannot be negative.");
            else if (value > MaxCount) Fail(field, $"{field} is above {MaxCount}.");
        }

        if (Total is { } total && errors.Count == 0)
        {
            var byAge = (Adults ?? 0) + (Minors ?? 0);
            if (byAge > total) Fail("adults", $"adults + minors ({byAge}) is more than the total ({total}).");
            var byCondition = (MedicalCases ?? 0) + (Deceased ?? 0);
            if (byCondition > total) Fail("medicalCases", $"medicalCases + deceased ({byCondition}) is more than the total ({total}).");
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>The validated estimate, or an <see cref="RefusalCode.InvalidPersonsOnBoard"/> refusal carrying per-field errors.</summary>
    public static Decision<PersonsOnBoard> Create(int? total, int? adults = null, int? minors = null, int? medicalCases = null, int? deceased = null)
    {
        var pob = new PersonsOnBoard(total, adults, minors, medicalCases, deceased);
        var errors = pob.Validate();
        return errors.Count == 0
            ? Decision.Ok(pob)
            : Decision.Refuse<PersonsOnBoard>(RefusalCode.InvalidPersonsOnBoard, string.Join(" ", errors.Values.SelectMany(v => v)), errors);
    }

    private IEnumerable<(string Field, int? Value)> Fields() =>
    [
        ("total", Total), ("adults", Adults), ("minors", Minors), ("medicalCases", MedicalCases), ("deceased", Deceased),
    ];
}
