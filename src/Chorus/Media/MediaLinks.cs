using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Chorus.Platform.Shell;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chorus.Media;

/// <summary>What a signed media link turned out to be.</summary>
public enum MediaLinkCheck
{
    Valid,
    Expired,
    /// <summary>Not signed by us for this file and expiry: tampered with, or made up.</summary>
    Forged,
}

/// <summary>
/// Links to a media file that work without a session until they expire, for networks that fetch media by URL: the
/// file id and the expiry (Unix seconds) are in the link, with an HMAC-SHA256 of both. The HMAC key is random, made
/// once per deployment and kept in PostgreSQL sealed by Data Protection (whose keys are themselves encrypted by the
/// key-ring certificate), so every node checks what another signed and a copy of the database alone mints nothing.
/// </summary>
public sealed class MediaLinks(NpgsqlDataSource dataSource, IDataProtectionProvider protection, PublicAddress address, TimeProvider time,
    IOptions<MediaOptions> options)
{
    public const string RoutePath = "/media/{mediaId:guid}";

    private readonly IDataProtector _protector = protection.CreateProtector("Chorus.Media.Links");
    private byte[]? _key;

    /// <summary>An absolute link (on CHORUS_PUBLIC_URL) to the file, valid for <paramref name="lifetime"/> (by default
    /// Media:LinkLifetime).</summary>
    public async Task<Uri> CreateAsync(Guid mediaId, TimeSpan? lifetime = null, CancellationToken cancellationToken = default)
    {
        var expires = time.GetUtcNow().Add(lifetime ?? options.Value.LinkLifetime).ToUnixTimeSeconds();
        var signature = WebEncoders.Base64UrlEncode(Sign(await KeyAsync(cancellationToken), mediaId, expires));
        return address.To($"/media/{mediaId}?expires={expires.ToString(CultureInfo.InvariantCulture)}&signature={signature}");
    }

    public async Task<MediaLinkCheck> CheckAsync(Guid mediaId, long expires, string? signature, CancellationToken cancellationToken = default)
    {
        byte[] given;
        try
        {
            given = WebEncoders.Base64UrlDecode(signature ?? "");
        }
        catch (FormatException)
        {
            return MediaLinkCheck.Forged;
        }
        var expected = Sign(await KeyAsync(cancellationToken), mediaId, expires);
        // The signature first, in constant time: whether a link expired is said only of links we made.
        if (!CryptographicOperations.FixedTimeEquals(given, expected)) return MediaLinkCheck.Forged;
        return time.GetUtcNow().ToUnixTimeSeconds() < expires ? MediaLinkCheck.Valid : MediaLinkCheck.Expired;
    }

    private static byte[] Sign(byte[] key, Guid mediaId, long expires) =>
        HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"{mediaId:N}:{expires.ToString(CultureInfo.InvariantCulture)}"));

    private async Task<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } known) return known;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Two nodes starting together: the first row wins and both use it.
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into media_link_keys (id, sealed_key, created_at) values (1, @sealed, @now) on conflict (id) do nothing",
            new { @sealed = _protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))), now = time.GetUtcNow() },
            cancellationToken: cancellationToken));
        var stored = await connection.ExecuteScalarAsync<string>(new CommandDefinition("select sealed_key from media_link_keys where id = 1",
            cancellationToken: cancellationToken));
        return _key = Convert.FromBase64String(_protector.Unprotect(stored!));
    }
}
