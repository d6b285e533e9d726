using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.FileProviders;

namespace MaritimeCoord.Server.Infrastructure;

public static class HttpSetup
{
    /// <summary>Largest request body any endpoint accepts; the sighting endpoint sets a smaller one.</summary>
    public const long MaxRequestBodyBytes = 256 * 1024;

    public static WebApplicationBuilder AddMaritimeHttp(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            k.AddServerHeader = false;
        });
        builder.Services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        // A body that does not bind must reach BadRequestExceptionHandler (problem details naming the field) in every
        // environment, not only Development: otherwise minimal APIs answer a bare 400.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // A client's bad request is not a server error: no "unhandled exception" log line for it.
        builder.Services.Configure<ExceptionHandlerOptions>(o => o.SuppressDiagnosticsCallback = ctx => ctx.Exception is BadHttpRequestException);
        return builder;
    }

    public static JsonSerializerOptions ConfigureJson(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return o;
    }

    public static WebApplication UseMaritimeHttp(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            // The console loads nothing from outside this server (offline by design); blob: is for MapLibre's workers.
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob:; worker-src 'self' blob:; " +
                                            "style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; frame-ancestors 'none'";
            await next();
        });
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }
}

/// <summary>Turns framework-level request failures (body too large, malformed body) into RFC 9457 problem details.</summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        context.Response.StatusCode = bad.StatusCode;
        // A body that does not bind (unknown field, wrong type, malformed JSON): name the field, like every other 400.
        if (bad.InnerException is System.Text.Json.JsonException json)
        {
            var field = Problems.FieldFromJsonPath(json);
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = new Microsoft.AspNetCore.Http.HttpValidationProblemDetails(
                    new Dictionary<string, string[]> { [field] = [Problems.DescribeJsonError(json)] })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request is not valid.",
                },
            });
        }
        // Anything else about the body (missing, too large, not JSON) names the body as the field at fault.
        var message = bad.StatusCode switch
        {
            StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
            StatusCodes.Status413PayloadTooLarge => bad.Message,
            _ when bad.Message.Contains("was not provided", StringComparison.Ordinal) => "A JSON body is required.",
            _ => bad.Message,
        };
        var problem = new Microsoft.AspNetCore.Http.HttpValidationProblemDetails(new Dictionary<string, string[]> { ["body"] = [message] })
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "The request is not valid.",
            Detail = message,
        };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = problem });
    }
}
