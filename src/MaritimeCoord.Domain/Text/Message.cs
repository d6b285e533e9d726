using System.Reflection;

namespace MaritimeCoord.Domain.Text;

/// <summary>
/// A text the server writes in English, also given as a stable code and its arguments so that a client can say it in
/// its user's language (the console renders <see cref="Code"/> through its i18n/{lang}.json; an unknown code falls
/// back to the English text sent beside it). Argument values are numbers, strings (names, codes: never translated),
/// a nested <see cref="Message"/>, a list of messages (joined with "; ") or a <see cref="MessagePosition"/>.
/// </summary>
public sealed record Message(string Code, IReadOnlyDictionary<string, object?> Args)
{
    private static readonly IReadOnlyDictionary<string, object?> None = new Dictionary<string, object?>();

    public static Message Of(string code) => new(code, None);

    public static Message Of(string code, params (string Name, object? Value)[] args) =>
        new(code, args.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal));
}

/// <summary>A position argument: written as degrees and decimal minutes with N/S/E/W in every language.</summary>
public sealed record MessagePosition(double Latitude, double Longitude);

/// <summary>
/// The codes a registry (a static class of <c>const string</c> codes, one per feature) can emit: every public
/// constant of the class and of its nested classes. The i18n resource tests check each has an entry in every language.
/// </summary>
public static class MessageCodes
{
    public static IReadOnlyList<string> Constants(Type registry) =>
        [.. registry.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f is { IsLiteral: true, IsInitOnly: false } && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Concat(registry.GetNestedTypes().SelectMany(Constants))];
}
