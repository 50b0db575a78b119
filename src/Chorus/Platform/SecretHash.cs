using System.Security.Cryptography;
using System.Text;

namespace Chorus.Platform;

/// <summary>What is stored of a secret handed out once (invitation links, API tokens): its SHA-256, never the secret.</summary>
public static class SecretHash
{
    public static byte[] Of(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
