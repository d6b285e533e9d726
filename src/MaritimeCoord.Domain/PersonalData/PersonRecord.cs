using System.Text.RegularExpressions;

namespace MaritimeCoord.Domain.PersonalData;

/// <summary>What is kept about one person on board: the minimum (docs/domain.md, personal data: "collect the minimum").</summary>
public sealed record PersonRecord(string? Name, string? Nationality, int? Age, string? MedicalNotes);

public static partial class PersonRecordValidation
{
    public const int MaxNameLength = 200;
    public const int MaxMedicalNotesLength = 2000;
    public const int MaxAge = 120;

    /// <summary>Per-field errors; empty when valid. Nationality is an ISO 3166-1 alpha-3 code (e.g. IDN, AFG, MMR), or "XXX" for stateless/unknown.</summary>
    public static Dictionary<string, string[]> Validate(PersonRecord person)
    {
        var errors = new Dictionary<string, string[]>();
        if (person.Name is null && person.Nationality is null && person.Age is null && person.MedicalNotes is null)
            errors["body"] = ["At least one of name, nationality, age, medicalNotes is required."];
        if (person.Name is not null && (string.IsNullOrWhiteSpace(person.Name) || person.Name.Length > MaxNameLength))
            errors["name"] = [$"name is 1 to {MaxNameLength} characters when given."];
        if (person.Nationality is not null && !Alpha3().IsMatch(person.Nationality))
            errors["nationality"] = ["nationality is an ISO 3166-1 alpha-3 code in capitals (e.g. IDN), or XXX when unknown."];
        if (person.Age is < 0 or > MaxAge) errors["age"] = [$"age is between 0 and {MaxAge}."];
        if (person.MedicalNotes is not null && person.MedicalNotes.Length > MaxMedicalNotesLength)
            errors["medicalNotes"] = [$"medicalNotes is at most {MaxMedicalNotesLength} characters."];
        return errors;
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex Alpha3();
}
