using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Chorus.Text.Matching;

/// <summary>
/// The first four UTF-16 units of a token form packed into one 64-bit value, and a bit filter over such values.
/// Every form of every post is checked against the prefixes of the query terms first: one read and one multiply
/// turn away the words no query is about, before any hashing.
/// </summary>
internal static class TermPrefix
{
    /// <summary>Four UTF-16 units fill the 64-bit value.</summary>
    public const int Length = 4;

    // 131,072 bits (16 KB): with 10,000 queries' terms, one word in twenty passes by chance.
    private const int FilterBits = 17;

    public static ulong[] NewFilter() => new ulong[(1 << FilterBits) / 64];

    /// <summary>The packed first <see cref="Length"/> units of <paramref name="key"/> (all of it when shorter).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(ReadOnlySpan<char> key) =>
        key.Length >= Length ? MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(key)) : Pack(key);

    /// <summary>The packed first <paramref name="length"/> units of a packed prefix.</summary>
    public static ulong Truncate(ulong prefix, int length) => length >= Length ? prefix : prefix & ((1UL << (16 * length)) - 1);

    // Tokens never contain U+0000, so a shorter prefix never packs to the same value as a longer one.
    public static ulong Pack(ReadOnlySpan<char> chars)
    {
        var packed = 0UL;
        for (var i = 0; i < chars.Length && i < Length; i++)
        {
            packed |= (ulong)chars[i] << (16 * i);
        }
        return packed;
    }

    public static void Add(ulong[] filter, ulong prefix)
    {
        var bit = Bit(prefix);
        filter[bit >> 6] |= 1UL << bit;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool MayContain(ulong[] filter, ulong prefix)
    {
        var bit = Bit(prefix);
        return (filter[bit >> 6] & (1UL << bit)) != 0;
    }

    private static int Bit(ulong prefix) => (int)((prefix * 0x9E3779B97F4A7C15UL) >> (64 - FilterBits));
}
