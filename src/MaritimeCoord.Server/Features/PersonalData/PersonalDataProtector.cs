using System.Text.Json;
using MaritimeCoord.Domain.PersonalData;
using Microsoft.AspNetCore.DataProtection;

namespace MaritimeCoord.Server.Features.PersonalData;

/// <summary>
/// Encrypts person records and photos with ASP.NET Core Data Protection (AES-256-CBC + HMACSHA256 by default, keys
/// rotated every 90 days and kept in the key ring outside the database). The purpose chain includes the person's id,
/// so a ciphertext copied into another row does not decrypt there.
/// </summary>
public sealed class PersonalDataProtector(IDataProtectionProvider provider)
{
    private const string RootPurpose = "MaritimeCoord.PersonalData.v1";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IDataProtector _root = provider.CreateProtector(RootPurpose);

    private IDataProtector For(Guid personId, string part) => _root.CreateProtector(personId.ToString("N"), part);

    public byte[] ProtectRecord(Guid personId, PersonRecord record) =>
        For(personId, "record").Protect(JsonSerializer.SerializeToUtf8Bytes(record, Json));

    public PersonRecord UnprotectRecord(Guid personId, byte[] ciphertext) =>
        JsonSerializer.Deserialize<PersonRecord>(For(personId, "record").Unprotect(ciphertext), Json)
        ?? throw new InvalidOperationException($"Person {personId}: empty record.");

    public byte[] ProtectPhoto(Guid personId, byte[] photo) => For(personId, "photo").Protect(photo);

    public byte[] UnprotectPhoto(Guid personId, byte[] ciphertext) => For(personId, "photo").Unprotect(ciphertext);
}
