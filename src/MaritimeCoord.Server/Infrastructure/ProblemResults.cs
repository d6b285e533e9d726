using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace MaritimeCoord.Server.Infrastructure;

/// <summary>
/// A problem-details answer whose status is part of its type, so a handler returning
/// <c>Results&lt;Ok&lt;T&gt;, NotFound, RefusedProblem&gt;</c> documents its 409/422 in the OpenAPI document by its signature
/// (a <see cref="ProblemHttpResult"/> carries no status in its type and documents nothing). The answer itself is the
/// wrapped <see cref="ProblemHttpResult"/>'s, written through the problem-details service as before
/// (<c>application/problem+json</c>, trace id).
/// </summary>
public abstract class StatusProblem : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>, IContentTypeHttpResult
{
    private readonly ProblemHttpResult inner;

    private protected StatusProblem(ProblemHttpResult inner) => this.inner = inner;

    public ProblemDetails Value => inner.ProblemDetails;
    object? IValueHttpResult.Value => inner.ProblemDetails;
    public int? StatusCode => inner.StatusCode;
    public string? ContentType => inner.ContentType;

    public Task ExecuteAsync(HttpContext httpContext) => inner.ExecuteAsync(httpContext);

    private protected static void Produces(EndpointBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ApiDocs.ProblemJson]));
    }
}

/// <summary>A problem answer with one status, made from a field and a message by <see cref="Problems.Field{TProblem}"/>.</summary>
public interface IStatusProblem<out TSelf> where TSelf : StatusProblem
{
    static abstract int Status { get; }
    static abstract TSelf Wrap(ProblemHttpResult problem);
}

/// <summary>403 from the handler itself: the caller may see the thing but their role or centre may not change it.</summary>
public sealed class ForbiddenProblem : StatusProblem, IStatusProblem<ForbiddenProblem>, IEndpointMetadataProvider
{
    private ForbiddenProblem(ProblemHttpResult inner) : base(inner) { }
    public static int Status => StatusCodes.Status403Forbidden;
    public static ForbiddenProblem Wrap(ProblemHttpResult problem) => new(problem);
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, Status);
}

/// <summary>404 naming the field whose value refers to nothing you may see.</summary>
public sealed class NotFoundProblem : StatusProblem, IStatusProblem<NotFoundProblem>, IEndpointMetadataProvider
{
    private NotFoundProblem(ProblemHttpResult inner) : base(inner) { }
    public static int Status => StatusCodes.Status404NotFound;
    public static NotFoundProblem Wrap(ProblemHttpResult problem) => new(problem);
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, Status);
}

/// <summary>409: the state of the thing forbids the change, or the version sent is stale.</summary>
public sealed class ConflictProblem : StatusProblem, IStatusProblem<ConflictProblem>, IEndpointMetadataProvider
{
    private ConflictProblem(ProblemHttpResult inner) : base(inner) { }
    public static int Status => StatusCodes.Status409Conflict;
    public static ConflictProblem Wrap(ProblemHttpResult problem) => new(problem);
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, Status);
}

/// <summary>413: the body is larger than the endpoint accepts.</summary>
public sealed class TooLargeProblem : StatusProblem, IStatusProblem<TooLargeProblem>, IEndpointMetadataProvider
{
    private TooLargeProblem(ProblemHttpResult inner) : base(inner) { }
    public static int Status => StatusCodes.Status413PayloadTooLarge;
    public static TooLargeProblem Wrap(ProblemHttpResult problem) => new(problem);
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, Status);
}

/// <summary>415: the body is not in a media type the endpoint reads.</summary>
public sealed class UnsupportedMediaProblem : StatusProblem, IStatusProblem<UnsupportedMediaProblem>, IEndpointMetadataProvider
{
    private UnsupportedMediaProblem(ProblemHttpResult inner) : base(inner) { }
    public static int Status => StatusCodes.Status415UnsupportedMediaType;
    public static UnsupportedMediaProblem Wrap(ProblemHttpResult problem) => new(problem);
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, Status);
}

/// <summary>422: the request is well-formed but a rule refuses it.</summary>
public sealed class UnprocessableProblem : StatusProblem, IStatusProblem<UnprocessableProblem>, IEndpointMetadataProvider
{
    private UnprocessableProblem(ProblemHttpResult inner) : base(inner) { }
    public static int Status => StatusCodes.Status422UnprocessableEntity;
    public static UnprocessableProblem Wrap(ProblemHttpResult problem) => new(problem);
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, Status);
}

/// <summary>A domain rule refused the command (<see cref="Problems.Refused"/>): 422 when the request itself is wrong, 409
/// when the state forbids it, with the refusal's <c>code</c>.</summary>
public sealed class RefusedProblem : StatusProblem, IEndpointMetadataProvider
{
    internal RefusedProblem(ProblemHttpResult inner) : base(inner) { }
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Produces(builder, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
}
