using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MaritimeCoord.Server.Cot;

/// <summary>
/// TLS for TAK links. A TAK Server on 8089 authenticates clients by certificate and presents one from its own CA;
/// the CA is usually private, so it is configured explicitly and trusted for that link only (custom root trust),
/// never added to the machine's store.
/// </summary>
internal static class CotTls
{
    public static SslClientAuthenticationOptions ClientOptions(CotEndpointOptions endpoint)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = endpoint.ServerName ?? endpoint.Host,
            EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
        };
        if (endpoint.ClientCertificate is { Length: > 0 } pfx)
            options.ClientCertificates = [X509CertificateLoader.LoadPkcs12FromFile(pfx, endpoint.ClientCertificatePassword)];
        if (endpoint.TrustedCa is { Length: > 0 } ca)
        {
            var root = X509Certificate2.CreateFromPem(File.ReadAllText(ca));
            options.CertificateChainPolicy = CustomRoot(root);
        }
        return options;
    }

    public static SslServerAuthenticationOptions ServerOptions(CotListenerOptions listener)
    {
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificate = X509CertificateLoader.LoadPkcs12FromFile(listener.Certificate!, listener.CertificatePassword),
            EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
        };
        if (listener.ClientCa is { Length: > 0 } ca)
        {
            var root = X509Certificate2.CreateFromPem(File.ReadAllText(ca));
            var policy = CustomRoot(root);
            options.ClientCertificateRequired = true;
            options.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null) return false;
                using var chain = new X509Chain { ChainPolicy = policy.Clone() };
                return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            };
        }
        return options;
    }

    private static X509ChainPolicy CustomRoot(X509Certificate2 root)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(root);
        return policy;
    }
}
