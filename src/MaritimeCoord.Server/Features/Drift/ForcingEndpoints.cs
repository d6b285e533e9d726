using System.Security.Claims;
using MaritimeCoord.Forcing;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaritimeCoord.Server.Features.Drift;

/// <summary>
/// Forcing files: administrators upload NetCDF-4/CF wind and current (<c>POST /api/forcing</c>, the file as the body,
/// <c>?name=</c> optional); everyone who reads incidents lists them with their variables and coverage. A file the reader
/// refuses (no wind or current variables, an unusable layout, corrupt or truncated) is answered 422 with the reason.
/// </summary>
public static class ForcingEndpoints
{
    public static async Task<Results<Created<ForcingFileDto>, Ok<ForcingFileDto>, ValidationProblem, TooLargeProblem, UnprocessableProblem>> UploadAsync(HttpRequest request, [AsParameters] ForcingUploadServices services, string? name = null)
    {
        var (user, files, options, clock, ct) = services;
        var max = options.Value.MaxForcingFileBytes;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = max;
        if (request.ContentLength > max)
            return Problems.Field<TooLargeProblem>("body", $"A forcing file is at most {max} bytes.");
        name = string.IsNullOrWhiteSpace(name) ? "upload.nc" : name.Trim();
        if (name.Length > 200 || name.Any(char.IsControl)) return Problems.Field("name", "name must be 1–200 printable characters.");

        byte[] content;
        using (var buffer = new MemoryStream())
        {
            var chunk = new byte[81920];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > max)
                    return Problems.Field<TooLargeProblem>("body", $"A forcing file is at most {max} bytes.");
                buffer.Write(chunk, 0, read);
            }
            content = buffer.ToArray();
        }
        if (content.Length == 0) return Problems.Field<UnprocessableProblem>("body", "The body is empty: send the NetCDF-4 file as the body.");

        try
        {
            var file = await files.LoadAsync(content, name, user.Subject(), clock.GetUtcNow(), ct);
            if (file.AlreadyLoaded) return TypedResults.Ok(file);
            return TypedResults.Created($"/api/forcing/{file.Id}", file);
        }
        catch (ForcingFileException e)
        {
            return UnprocessableProblem.Wrap(TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The forcing file cannot be used.", detail: e.Message,
                extensions: new Dictionary<string, object?>
                {
                    ["code"] = e.Problem.ToString(),
                    ["errors"] = new Dictionary<string, string[]> { ["body"] = [e.Message] },
                }));
        }
    }

    public static async Task<Ok<List<ForcingFileDto>>> ListAsync(ForcingFiles files, CancellationToken ct) => TypedResults.Ok(await files.ListAsync(ct));
}
