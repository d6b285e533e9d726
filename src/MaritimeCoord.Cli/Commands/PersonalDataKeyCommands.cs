using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.Cli.Commands;

/// <summary>
/// `mcoord personal-data keys list | rotate`: the key ring that encrypts personal data (docs/personal-data.md), read
/// and extended the way the server configures it (PersonalDataSetup: application name, directory, certificate). Rotating
/// adds a new key that becomes the default for new ciphertexts; older keys stay in the ring, unrevoked, so everything
/// they encrypted still decrypts (docs/operations.md, "Rotating keys").
/// </summary>
internal static class PersonalDataKeyCommands
{
    public const string ApplicationName = "MaritimeCoord";

    public static Command Build()
    {
        var directory = new Option<DirectoryInfo>("--key-directory") { Description = "The server's PersonalData:KeyDirectory", Required = true };
        var certificate = new Option<FileInfo?>("--certificate") { Description = "The server's PersonalData:KeyCertificatePath (PKCS#12), when keys are encrypted at rest" };
        var password = new Option<string?>("--certificate-password") { Description = "Its password (PersonalData:KeyCertificatePassword)" };
        var lifetime = new Option<int>("--days") { Description = "Lifetime of the new key", DefaultValueFactory = _ => 90 };

        var list = new Command("list", "List the keys of the ring: id, created, activation, expiration, revoked") { directory, certificate, password };
        list.SetAction(parse =>
        {
            using var services = Provider(parse.GetValue(directory)!, parse.GetValue(certificate), parse.GetValue(password));
            Print(services.GetRequiredService<IKeyManager>().GetAllKeys());
            return 0;
        });

        var rotate = new Command("rotate", "Add a new key, active now, for new ciphertexts; the old keys keep decrypting what they encrypted")
            { directory, certificate, password, lifetime };
        rotate.SetAction(parse =>
        {
            var dir = parse.GetValue(directory)!;
            if (!dir.Exists) { Console.Error.WriteLine($"{dir.FullName} does not exist: give the server's key directory."); return 2; }
            if (parse.GetValue(lifetime) is < 1 or > 3650) { Console.Error.WriteLine("--days must be 1..3650."); return 2; }
            using var services = Provider(dir, parse.GetValue(certificate), parse.GetValue(password));
            var manager = services.GetRequiredService<IKeyManager>();
            var now = DateTimeOffset.UtcNow;
            var key = manager.CreateNewKey(now, now.AddDays(parse.GetValue(lifetime)));
            Console.WriteLine($"new key {key.KeyId}, active {key.ActivationDate:u}, expires {key.ExpirationDate:u}");
            Print(manager.GetAllKeys());
            return 0;
        });

        return new Command("personal-data", "Personal data administration") { new Command("keys", "The key ring that encrypts personal data") { list, rotate } };
    }

    private static ServiceProvider Provider(DirectoryInfo directory, FileInfo? certificate, string? password)
    {
        var services = new ServiceCollection();
        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToFileSystem(directory);
        if (certificate is not null)
        {
            var loaded = X509CertificateLoader.LoadPkcs12FromFile(certificate.FullName, password);
            dataProtection.ProtectKeysWithCertificate(loaded).UnprotectKeysWithAnyCertificate(loaded);
        }
        return services.BuildServiceProvider();
    }

    private static void Print(IReadOnlyCollection<IKey> keys)
    {
        foreach (var key in keys.OrderBy(k => k.CreationDate))
            Console.WriteLine($"  {key.KeyId}  created {key.CreationDate:u}  active {key.ActivationDate:u}  expires {key.ExpirationDate:u}{(key.IsRevoked ? "  REVOKED" : "")}");
    }
}
