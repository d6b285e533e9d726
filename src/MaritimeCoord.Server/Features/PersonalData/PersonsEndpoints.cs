using System.Security.Claims;
using MaritimeCoord.Domain.PersonalData;
using MaritimeCoord.Domain.Retention;
using MaritimeCoord.Persistence;
using MaritimeCoord.Persistence.PersonalData;
using MaritimeCoord.Server.Infrastructure;
using MaritimeCoord.Server.Jobs;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MaritimeCoord.Server.Features.PersonalData;

public sealed record PersonRequest(string? Name, string? Nationality, int? Age,
    [property: TextLimit(PersonRecordValidation.MaxMedicalNotesLength)] string? MedicalNotes);

public sealed record PersonDto(Guid Id, Guid IncidentId, string? Name, string? Nationality, int? Age, string? MedicalNotes, bool HasPhoto,
    string? PhotoContentType, DateTimeOffset RecordedAt, string RecordedBy, DateTimeOffset ExpiresAt);

/// <summary>
/// People on board of an incident (<c>/api/incidents/{id}/persons</c>): every call states a <c>purpose</c> and passes
/// <see cref="PersonalDataGate"/>; every access that passes is logged in the same transaction as the data it touched.
/// Responses are never cached (<c>Cache-Control: no-store</c>).
/// </summary>
public static class PersonsEndpoints
{
    public static async Task<IResult> ListAsync(Guid id, [AsParameters] PersonsServices services, string? purpose = null)
    {
        var (user, db, store, protector, clock, http, ct) = services;
        await using var gate = await PersonalDataGate.EnterAsync(id, purpose, AccessActions.Read, null, user, db, store, clock, ct);
        if (gate.Refusal is not null) return gate.Refusal;
        var persons = await gate.Session!.PersonsAsync(id, null, gate.Now, ct);
        // One line per person seen: the log answers "who saw whom", not only "who opened the list".
        foreach (var person in persons) await gate.LogAsync(AccessActions.Read, id, person.Id, "allowed", null, ct);
        if (persons.Count == 0) await gate.LogAsync(AccessActions.Read, id, null, "allowed", "no persons recorded", ct);
        await gate.Session.CommitAsync(ct);
        NoStore(http);
        return TypedResults.Ok(persons.Select(p => ToDto(p, protector.UnprotectRecord(p.Id, p.Record))).ToList());
    }

    public static async Task<IResult> GetAsync(Guid id, Guid personId, [AsParameters] PersonsServices services, string? purpose = null)
    {
        var (user, db, store, protector, clock, http, ct) = services;
        await using var gate = await PersonalDataGate.EnterAsync(id, purpose, AccessActions.Read, personId, user, db, store, clock, ct);
        if (gate.Refusal is not null) return gate.Refusal;
        var person = (await gate.Session!.PersonsAsync(id, personId, gate.Now, ct)).SingleOrDefault();
        if (person is null) return TypedResults.NotFound();
        await gate.LogAsync(AccessActions.Read, id, personId, "allowed", null, ct);
        await gate.Session.CommitAsync(ct);
        NoStore(http);
        return TypedResults.Ok(ToDto(person, protector.UnprotectRecord(person.Id, person.Record)));
    }

    public static async Task<IResult> CreateAsync(Guid id, PersonRequest request, IOptions<RetentionOptions> retention,
        [AsParameters] PersonsServices services, string? purpose = null)
    {
        var (user, db, store, protector, clock, http, ct) = services;
        var record = new PersonRecord(request.Name?.Trim(), request.Nationality?.Trim(), request.Age, request.MedicalNotes?.Trim());
        await using var gate = await PersonalDataGate.EnterAsync(id, purpose, AccessActions.Create, null, user, db, store, clock, ct);
        if (gate.Refusal is not null) return gate.Refusal;
        var errors = PersonRecordValidation.Validate(record);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The person record is not valid.");

        var personId = Guid.NewGuid();
        var stored = new StoredPerson(personId, id, protector.ProtectRecord(personId, record), null, null, gate.Now, gate.Actor,
            RetentionRules.PersonalDataExpiry(gate.Now, retention.Value.PersonalData));
        await gate.Session!.InsertPersonAsync(stored, ct);
        await gate.LogAsync(AccessActions.Create, id, personId, "allowed", null, ct);
        await gate.Session.CommitAsync(ct);
        NoStore(http);
        return TypedResults.Created($"/api/incidents/{id}/persons/{personId}", ToDto(stored, record));
    }

    public static async Task<IResult> DeleteAsync(Guid id, Guid personId, [AsParameters] PersonsServices services, string? purpose = null)
    {
        var (user, db, store, _, clock, _, ct) = services;
        await using var gate = await PersonalDataGate.EnterAsync(id, purpose, AccessActions.Delete, personId, user, db, store, clock, ct);
        if (gate.Refusal is not null) return gate.Refusal;
        if (!await gate.Session!.DeletePersonAsync(id, personId, ct)) return TypedResults.NotFound();
        await gate.LogAsync(AccessActions.Delete, id, personId, "deleted", null, ct);
        await gate.Session.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    public static async Task<IResult> PutPhotoAsync(Guid id, Guid personId, IOptions<PersonalDataOptions> options,
        [AsParameters] PersonsServices services, string? purpose = null)
    {
        var (user, db, store, protector, clock, http, ct) = services;
        await using var gate = await PersonalDataGate.EnterAsync(id, purpose, AccessActions.PhotoWrite, personId, user, db, store, clock, ct);
        if (gate.Refusal is not null) return gate.Refusal;

        var declared = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var media) ? media.MediaType.Value?.ToLowerInvariant() : null;
        if (declared is null || !PhotoFormat.Accepted.Contains(declared))
            return Problems.Field("Content-Type", $"A photo is sent as the raw body with Content-Type {string.Join(", ", PhotoFormat.Accepted)}.",
                StatusCodes.Status415UnsupportedMediaType);
        var max = options.Value.MaxPhotoBytes;
        var photo = await ReadBoundedAsync(http.Request.Body, max, ct);
        if (photo is null) return Problems.Field("photo", $"A photo is at most {max} bytes.", StatusCodes.Status413PayloadTooLarge);
        var sniffed = PhotoFormat.Sniff(photo);
        if (sniffed != declared)
            return Problems.Field("photo", sniffed is null
                ? "The body is not a JPEG, PNG or WebP image."
                : $"The body is {sniffed}, not the declared {declared}.", StatusCodes.Status415UnsupportedMediaType);

        if (!await gate.Session!.SetPhotoAsync(id, personId, protector.ProtectPhoto(personId, photo), sniffed, photo.Length, gate.Now, ct))
            return TypedResults.NotFound();
        await gate.LogAsync(AccessActions.PhotoWrite, id, personId, "allowed", $"{sniffed}, {photo.Length} bytes", ct);
        await gate.Session.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    public static async Task<IResult> GetPhotoAsync(Guid id, Guid personId, [AsParameters] PersonsServices services, string? purpose = null)
    {
        var (user, db, store, protector, clock, http, ct) = services;
        await using var gate = await PersonalDataGate.EnterAsync(id, purpose, AccessActions.PhotoRead, personId, user, db, store, clock, ct);
        if (gate.Refusal is not null) return gate.Refusal;
        var photo = await gate.Session!.PhotoAsync(id, personId, gate.Now, ct);
        if (photo is null) return TypedResults.NotFound();
        await gate.LogAsync(AccessActions.PhotoRead, id, personId, "allowed", null, ct);
        await gate.Session.CommitAsync(ct);
        NoStore(http);
        return TypedResults.File(protector.UnprotectPhoto(personId, photo.Value.Ciphertext), photo.Value.ContentType);
    }

    /// <summary>The body, or null when it is longer than <paramref name="max"/> (read no further than one byte past it).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";

    private static PersonDto ToDto(StoredPerson p, PersonRecord r) => new(p.Id, p.IncidentId, r.Name, r.Nationality, r.Age, r.MedicalNotes,
        p.PhotoContentType is not null, p.PhotoContentType, p.RecordedAt, p.RecordedBy, p.ExpiresAt);
}
