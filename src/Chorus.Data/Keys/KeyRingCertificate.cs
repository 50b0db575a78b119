using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Chorus.Data.Database;
using Microsoft.Extensions.Configuration;

namespace Chorus.Data.Keys;

/// <summary>
/// The certificate that encrypts the Data Protection key ring before it is stored in PostgreSQL, so that a copy of
/// the database alone does not reveal the network tokens those keys protect. It lives outside the database:
/// CHORUS_KEY_CERTIFICATE (a PKCS#12 file, shared by every node of a deployment), else data/keys/key-ring.pfx,
/// made on first start.
/// </summary>
public static class KeyRingCertificate
{
    public static X509Certificate2 LoadOrCreate(IConfiguration configuration)
    {
        var path = configuration["CHORUS_KEY_CERTIFICATE"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(DatabaseOptions.Of(configuration).DataDirectory, "keys", "key-ring.pfx");
        if (File.Exists(path)) return Load(path);
        if (configuration["CHORUS_KEY_CERTIFICATE"] is { Length: > 0 })
            throw new InvalidOperationException($"CHORUS_KEY_CERTIFICATE names '{path}', which does not exist.");

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=Chorus key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, certificate.Export(X509ContentType.Pkcs12));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            // Two processes starting together: the first file wins and both use it.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
        return Load(path);
    }

    private static X509Certificate2 Load(string path)
    {
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException exception)
        {
            throw new InvalidOperationException($"The key-ring certificate '{path}' cannot be read: {exception.Message}", exception);
        }
    }
}
