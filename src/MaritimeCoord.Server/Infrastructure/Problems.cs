using System.Text.Json;

namespace MaritimeCoord.Server.Infrastructure;

/// <summary>RFC 9457 problem details that name the field at fault.</summary>
public static class Problems
{
    public static IResult Field(string field, string message, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
            title: status == StatusCodes.Status400BadRequest ? "The request is not valid." : "The request cannot be processed.")
            is var problem && status == StatusCodes.Status400BadRequest
            ? problem
            : TypedResults.Problem(statusCode: status, title: "The request cannot be processed.", detail: message,
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    /// <summary>A message for people: System.Text.Json's own names .NET types, which mean nothing to an API client.</summary>
    public static string DescribeJsonError(JsonException e) =>
        e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "Unknown field: this request has no field of that name."
        : string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "The body is not a well-formed JSON object."
        : "Wrong JSON type or malformed value for this field.";

    /// <summary><c>$.personsOnBoard</c> → <c>personsOnBoard</c>; the root (<c>$</c>) → <c>body</c>.</summary>
    public static string FieldFromJsonPath(JsonException e)
    {
        var path = e.Path;
        if (string.IsNullOrEmpty(path) || path == "$") return "body";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }
}
