using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace MaritimeCoord.Server.Infrastructure;

/// <summary>The most characters a text field of a request body may hold (default <see cref="RequestText.DefaultMaxLength"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TextLimitAttribute(int maxLength) : Attribute
{
    public int MaxLength { get; } = maxLength;
}

/// <summary>Marks an endpoint whose body text fields are bounded (AuthorizationEverywhere-style check in RequestBodyTests).</summary>
public sealed class BoundedTextMetadata;

/// <summary>
/// Every text field of every JSON body is bounded and storable, checked once for all endpoints before the handler runs:
/// longer than its limit → 422 naming the field; a NUL character (PostgreSQL text cannot hold U+0000) → 400 naming the
/// field. The limit is the property's <see cref="TextLimitAttribute"/>, else <see cref="DefaultMaxLength"/> (codes,
/// names, choices). Lists of strings are bounded per element. docs/security.md § Request bodies lists the limits.
/// </summary>
public static class RequestText
{
    public const int DefaultMaxLength = 200;

    /// <summary>Adds the check to every endpoint of <paramref name="builder"/> that binds a request record from the body.</summary>
    public static TBuilder WithBoundedText<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new BoundedTextMetadata());
        return builder.AddEndpointFilterFactory((factory, next) =>
        {
            var checks = factory.MethodInfo.GetParameters()
                .Select((p, i) => (Index: i, Fields: TextFieldsOf(p.ParameterType)))
                .Where(x => x.Fields.Count > 0).ToList();
            if (checks.Count == 0) return next;
            return invocation =>
            {
                var tooLong = new Dictionary<string, string[]>();
                var unstorable = new Dictionary<string, string[]>();
                foreach (var (index, fields) in checks)
                {
                    if (invocation.Arguments[index] is not { } body) continue;
                    foreach (var field in fields) field.Check(body, tooLong, unstorable);
                }
                if (unstorable.Count > 0) return ValueTask.FromResult<object?>(TypedResults.ValidationProblem(unstorable, title: "The request is not valid."));
                if (tooLong.Count > 0)
                    return ValueTask.FromResult<object?>(TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                        title: "The request cannot be processed.", detail: string.Join(" ", tooLong.Values.SelectMany(v => v)),
                        extensions: new Dictionary<string, object?> { ["errors"] = tooLong }));
                return next(invocation);
            };
        });
    }

    /// <summary>The string and string-list properties of a request record of this server (empty for anything else).</summary>
    public static IReadOnlyList<TextField> TextFieldsOf(Type type)
    {
        if (!type.IsClass || type == typeof(string) || type.Namespace?.StartsWith("MaritimeCoord.Server", StringComparison.Ordinal) != true)
            return [];
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string) || typeof(IEnumerable<string>).IsAssignableFrom(p.PropertyType))
            .Select(p => new TextField(p, JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                p.GetCustomAttribute<TextLimitAttribute>()?.MaxLength ?? DefaultMaxLength))
            .ToList();
    }

    public sealed record TextField(PropertyInfo Property, string Name, int MaxLength)
    {
        internal void Check(object body, Dictionary<string, string[]> tooLong, Dictionary<string, string[]> unstorable)
        {
            var value = Property.GetValue(body);
            IEnumerable<string?> texts = value switch
            {
                null => [],
                string s => [s],
                IEnumerable list => list.Cast<string?>(),
                _ => [],
            };
            foreach (var text in texts)
            {
                if (text is null) continue;
                if (text.Contains('\0', StringComparison.Ordinal))
                    unstorable[Name] = [$"{Name} must not contain the NUL character (U+0000)."];
                else if (text.Length > MaxLength)
                    tooLong[Name] = [$"{Name} is longer than {MaxLength} characters."];
            }
        }
    }
}
