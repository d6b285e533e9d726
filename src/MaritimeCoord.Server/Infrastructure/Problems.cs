using System.Text.Json;
using MaritimeCoord.Domain.Incidents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaritimeCoord.Server.Infrastructure;

/// <summary>RFC 9457 problem details that name the field at fault.</summary>
public static class Problems
{
    /// <summary>400: one field is missing or malformed.</summary>
    public static ValidationProblem Field(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid.");

    /// <summary>Another status naming the field; the status is in the result's type (see <see cref="StatusProblem"/>).</summary>
    public static TProblem Field<TProblem>(string field, string message) where TProblem : StatusProblem, IStatusProblem<TProblem> =>
        TProblem.Wrap(FieldProblem(field, message, TProblem.Status));

    /// <summary>For handlers that still return <see cref="IResult"/>: 400 as a validation problem, any other status as a
    /// problem naming the field in <c>errors</c>.</summary>
    public static IResult Field(string field, string message, int status) =>
        status == StatusCodes.Status400BadRequest ? Field(field, message) : FieldProblem(field, message, status);

    private static ProblemHttpResult FieldProblem(string field, string message, int status) =>
        TypedResults.Problem(statusCode: status, title: "The request cannot be processed.", detail: message,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    /// <summary>A domain rule refused the command: 422 when the request itself is wrong, 409 when the incident's state forbids it.</summary>
    public static RefusedProblem Refused(Refusal refusal)
    {
        var status = refusal.Code.Kind() == RefusalKind.Invalid
            ? StatusCodes.Status422UnprocessableEntity
            : StatusCodes.Status409Conflict;
        var extensions = new Dictionary<string, object?> { ["code"] = refusal.Code.WireName() };
        if (refusal.Errors is { Count: > 0 } errors) extensions["errors"] = errors;
        return new RefusedProblem(TypedResults.Problem(statusCode: status, title: "The change was refused.", detail: refusal.Reason, extensions: extensions));
    }

    /// <summary>409 for an update based on a version someone else has already changed (optimistic concurrency).</summary>
    public static ConflictProblem Stale(uint current) => ConflictProblem.Wrap(TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "The incident was changed by someone else.",
        detail: "Reload the incident and apply your change to the current version.",
        extensions: new Dictionary<string, object?> { ["code"] = "stale-version", ["currentVersion"] = current }));

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
