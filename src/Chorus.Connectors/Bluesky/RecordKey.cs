using System.Security.Cryptography;

namespace Chorus.Connectors.Bluesky;

/// <summary>AT Protocol timestamp identifiers (TIDs), the record keys of posts. Chorus chooses the key of every post
/// itself, so a retry can look the post up, and a second create with the same key cannot make a second post.</summary>
public static class RecordKey
{
    private const string Alphabet = "234567abcdefghijklmnopqrstuvwxyz";
    private static readonly System.Buffers.SearchValues<char> AlphabetChars = System.Buffers.SearchValues.Create(Alphabet);

    /// <summary>A new TID: microseconds since the Unix epoch (53 bits) and a random 10-bit clock id.</summary>
    public static string NewTid(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var micros = (ulong)(time.GetUtcNow().ToUnixTimeMilliseconds() * 1000) + (ulong)RandomNumberGenerator.GetInt32(1000);
        var clockId = (ulong)RandomNumberGenerator.GetInt32(1024);
        var value = ((micros & ((1UL << 53) - 1)) << 10) | clockId;
        Span<char> chars = stackalloc char[13];
        for (var i = 12; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }

        return new string(chars);
    }

    /// <summary>True for a syntactically valid TID (13 base32-sortable characters, top bit clear).</summary>
    public static bool IsTid(string? value) =>
        value is { Length: 13 }
        && value[0] is (>= '2' and <= '7') or (>= 'a' and <= 'j')
        && value.AsSpan().IndexOfAnyExcept(AlphabetChars) < 0;
}
