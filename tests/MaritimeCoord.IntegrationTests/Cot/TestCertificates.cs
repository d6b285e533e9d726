using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MaritimeCoord.IntegrationTests.Cot;

/// <summary>A private CA with a server certificate (localhost) and client certificates, written as PEM and PKCS#12 files.</summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates(string name)
    {
        Directory = Path.Combine(Path.GetTempPath(), $"mcoord-cot-{name}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN=MaritimeCoord test CA {name}", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        Ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaPem = Write("ca.pem", Ca.ExportCertificatePem());
        (ServerPem, ServerKeyPem, ServerPfx) = Issue("server", "localhost", server: true);
        (ClientPem, ClientKeyPem, ClientPfx) = Issue("client", "mcoord-client", server: false);
    }

    public string Directory { get; }
    public X509Certificate2 Ca { get; }
    public string CaPem { get; }
    public string ServerPem { get; }
    public string ServerKeyPem { get; }
    public string ServerPfx { get; }
    public string ClientPem { get; }
    public string ClientKeyPem { get; }
    public string ClientPfx { get; }
    public const string Password = "test";

    private (string Pem, string KeyPem, string Pfx) Issue(string file, string cn, bool server)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={cn}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [server ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName("localhost");
            san.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
        }
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7f;
        using var issued = request.Create(Ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return (Write($"{file}.pem", withKey.ExportCertificatePem()), Write($"{file}.key.pem", key.ExportPkcs8PrivateKeyPem()),
            WriteBytes($"{file}.pfx", withKey.Export(X509ContentType.Pkcs12, Password)));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        Ca.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
