namespace MaritimeCoord.Domain.PersonalData;

/// <summary>
/// Why someone may see the people on board of an incident. A closed list, so the access log can be reviewed by purpose
/// and a grant for one purpose never opens the data for another (docs/domain.md, personal data: "let only those who need it
/// see it").
/// </summary>
public enum PersonalDataPurpose
{
    /// <summary>Identifying survivors or the deceased with the authorities that receive them.</summary>
    Identification,

    /// <summary>Handing medical cases over to the receiving hospital or ship's doctor.</summary>
    MedicalCare,

    /// <summary>Tracing and reuniting separated family members.</summary>
    FamilyReunification,

    /// <summary>Arranging disembarkation at a place of safety.</summary>
    Disembarkation,

    /// <summary>Referring vulnerable people (minors, victims of trafficking) to protection services.</summary>
    ProtectionReferral,
}

public static class PersonalDataPurposes
{
    private static readonly Dictionary<string, PersonalDataPurpose> ByWireName = Enum.GetValues<PersonalDataPurpose>()
        .ToDictionary(WireName, p => p, StringComparer.OrdinalIgnoreCase);

    public static string WireName(this PersonalDataPurpose purpose) => purpose switch
    {
        PersonalDataPurpose.MedicalCare => "medical-care",
        PersonalDataPurpose.FamilyReunification => "family-reunification",
        PersonalDataPurpose.ProtectionReferral => "protection-referral",
        _ => purpose.ToString().ToLowerInvariant(),
    };

    public static IReadOnlyCollection<string> WireNames => ByWireName.Keys;

    public static bool TryParse(string? text, out PersonalDataPurpose purpose)
    {
        purpose = default;
        return text is not null && ByWireName.TryGetValue(text.Trim(), out purpose);
    }
}
