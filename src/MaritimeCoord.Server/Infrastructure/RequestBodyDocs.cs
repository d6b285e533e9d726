using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MaritimeCoord.Server.Infrastructure;

/// <summary>
/// The body of an endpoint whose handler reads it itself (to fingerprint it for <c>Idempotency-Key</c>, to bound a raw
/// file, to read GeoJSON or a signed form), for the OpenAPI document only. Not <c>IAcceptsMetadata</c>/<c>.Accepts&lt;T&gt;()</c>:
/// routing enforces that one and answers 415 to another content type before authorization, and every endpoint answers
/// 401/403 first (AuthorizationEverywhereTests). <see cref="DocumentedBodyTransformer"/> turns it into the operation's requestBody.
/// </summary>
/// <param name="Schema">The JSON shape of the body; null for bytes (a file).</param>
public sealed record DocumentedBody(Type? Schema, IReadOnlyList<string> ContentTypes, string Description);

public static class RequestBodyDocs
{
    /// <summary>A body of shape <typeparamref name="T"/> in <paramref name="contentTypes"/> (default application/json).</summary>
    public static RouteHandlerBuilder DocumentsBody<T>(this RouteHandlerBuilder builder, string description, params string[] contentTypes) =>
        builder.WithMetadata(new DocumentedBody(typeof(T), contentTypes.Length == 0 ? ["application/json"] : contentTypes, description));

    /// <summary>A body of bytes (a file) in one of <paramref name="contentTypes"/>.</summary>
    public static RouteHandlerBuilder DocumentsFileBody(this RouteHandlerBuilder builder, string description, params string[] contentTypes) =>
        builder.WithMetadata(new DocumentedBody(null, contentTypes, description));
}

/// <summary>Adds the requestBody of an operation from its <see cref="DocumentedBody"/>, where the framework found none.
/// Registered before the transformer that adds 400/413 to every operation with a body.</summary>
internal sealed class DocumentedBodyTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.RequestBody is not null) return;
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<DocumentedBody>().LastOrDefault() is not { } body) return;

        IOpenApiSchema schema;
        if (body.Schema is null)
        {
            schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        }
        else
        {
            var document = context.Document!;
            var name = body.Schema.Name;
            if (document.Components?.Schemas?.ContainsKey(name) != true)
                document.AddComponent(name, await context.GetOrCreateSchemaAsync(body.Schema, null, cancellationToken));
            schema = new OpenApiSchemaReference(name, document);
        }
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = body.Description,
            Content = body.ContentTypes.ToDictionary(c => c, _ => new OpenApiMediaType { Schema = schema }),
        };
    }
}
