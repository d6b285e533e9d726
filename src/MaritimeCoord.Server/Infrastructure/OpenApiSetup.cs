using MaritimeCoord.Server.Features.Intake;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace MaritimeCoord.Server.Infrastructure;

/// <summary>
/// The OpenAPI 3.1 document of the HTTP API (<c>/openapi/v1.json</c>) and its interactive reference (<c>/scalar/v1</c>),
/// both for administrators only. Response schemas come from the handlers' typed results and the endpoints' Produces
/// metadata; the transformers here add what is true of every endpoint (the bearer scheme, 401/403 and, for a body,
/// 400/413 problem details) so no endpoint has to repeat it (docs/api.md).
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string ReferencePath = "/scalar";
    public const string BearerScheme = "Bearer";
    public const string SmsGatewayScheme = "SmsGatewaySignature";

    public static WebApplicationBuilder AddMaritimeOpenApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(DocumentName, o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            o.AddDocumentTransformer<DocumentInfoTransformer>();
            o.AddOperationTransformer<DocumentedBodyTransformer>();
            o.AddOperationTransformer<ProblemResponsesTransformer>();
        });
        return builder;
    }

    public static WebApplication MapMaritimeOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).RequireAuthorization(Policies.Admin).ExcludeFromDescription();
        var reference = app.MapScalarApiReference(ReferencePath, o => o
                .WithTitle("MaritimeCoord API")
                .WithOpenApiRoutePattern(DocumentPath)
                // Offline like the console: the script is the copy embedded in Scalar.AspNetCore (served under
                // /scalar/), no web fonts from Scalar's CDN, no proxy, no telemetry, no AI agent.
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .AddPreferredSecuritySchemes(BearerScheme))
            .RequireAuthorization(Policies.Admin);
        // Scalar leaves its favicon to anyone (a convention of its own, so removed last); here every endpoint needs a
        // role (AuthorizationEverywhereTests).
        reference.Finally(endpoint =>
        {
            foreach (var anonymous in endpoint.Metadata.OfType<IAllowAnonymous>().ToList()) endpoint.Metadata.Remove(anonymous);
        });
        reference.Add(endpoint =>
        {
            // The page starts Scalar with an inline script, which the console's policy (script-src 'self') forbids;
            // everything it loads still comes from this server.
            var inner = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = context =>
            {
                context.Response.Headers.ContentSecurityPolicy =
                    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
                    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'";
                return inner(context);
            };
        });
        return app;
    }

    /// <summary>Title, description and the two security schemes: users' bearer JWTs and the SMS gateway's body signature.</summary>
    private sealed class DocumentInfoTransformer : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            document.Info = new OpenApiInfo
            {
                Title = "MaritimeCoord API",
                Version = DocumentName,
                Description = "Incident coordination for boats in trouble at sea. Every endpoint needs a bearer JWT with a role " +
                              "(operator, supervisor, liaison, analyst, admin) and, for operators and liaison officers, a centre claim. " +
                              "Errors are RFC 9457 problem details naming the field at fault. Live events: docs/api.md (SignalR hubs).",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT from the configured OpenID Connect issuer (Auth:Authority) or, locally, `mcoord token issue --role … --centre …`. " +
                              "Claims: sub, role, centre.",
            };
            document.Components.SecuritySchemes[SmsGatewayScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = SmsGatewayAuthenticationHandler.Header,
                Description = "The SMS gateway's HMAC-SHA256 signature of the form body (docs/intake.md); only POST /api/intake/sms takes it.",
            };
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// What every endpoint answers besides its own results: 401 without a valid token, 403 for a role its policy leaves
    /// out, and for a body 400 (does not bind: field named) and 413 (too large), all as problem details
    /// (HttpSetup's exception handler and status-code pages write them). Also the operation's security requirement.
    /// </summary>
    private sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
    {
        public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any()) return;
            var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
            var scheme = policies.Contains(IntakeSetup.SmsGatewayPolicy) ? SmsGatewayScheme : BearerScheme;
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] }];

            operation.Responses ??= new OpenApiResponses();
            var problem = await ComponentAsync(typeof(ProblemDetails), context, cancellationToken);
            Add(operation, StatusCodes.Status401Unauthorized, "No token, or a token that fails a check (issuer, audience, lifetime, signature, subject).", problem);
            Add(operation, StatusCodes.Status403Forbidden, "The token's role is not one this endpoint allows, or its centre claim names no known centre.", problem);
            if (operation.RequestBody is not null)
            {
                var validation = await ComponentAsync(typeof(HttpValidationProblemDetails), context, cancellationToken);
                Add(operation, StatusCodes.Status400BadRequest, "The body does not bind: malformed JSON, an unknown field or a wrong type (the field is named).", validation);
                Add(operation, StatusCodes.Status413PayloadTooLarge, "The body is larger than this endpoint accepts.", problem);
            }
            // A bare error result (TypedResults.NotFound(), Conflict()) leaves with a problem-details body written by the
            // status-code pages (HttpSetup): describe it as such.
            foreach (var (code, response) in operation.Responses)
            {
                if (code[0] is not ('4' or '5') || response is not OpenApiResponse bare || bare.Content is { Count: > 0 }) continue;
                bare.Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } };
            }
        }

        /// <summary>The type's schema as a component (one definition, referenced from every operation).</summary>
        private static async Task<IOpenApiSchema> ComponentAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken ct)
        {
            var document = context.Document!;
            var name = type.Name;
            if (document.Components?.Schemas?.ContainsKey(name) != true)
                document.AddComponent(name, await context.GetOrCreateSchemaAsync(type, null, ct));
            return new OpenApiSchemaReference(name, document);
        }

        private static void Add(OpenApiOperation operation, int status, string description, IOpenApiSchema schema)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses!.ContainsKey(key)) return;
            operation.Responses[key] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
            };
        }
    }
}
