using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Chorus.Text.Duplicates;

/// <summary>
/// Fast 64-bit hash of chars (four chars per multiply-rotate round, then the SplitMix64 finaliser
/// for avalanche). Stable across processes and platforms, so hashes can be stored.
/// </summary>
public static class TextHash
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;

    /// <summary>Hash of <paramref name="text"/>, optionally continuing from <paramref name="seed"/>.</summary>
    public static ulong Hash(ReadOnlySpan<char> text, ulong seed = 0)
    {
        var h = seed ^ ((ulong)text.Length * Prime1);
        var blocks = MemoryMarshal.Cast<char, ulong>(text);
        foreach (var block in blocks)
        {
            h = Round(h, block);
        }
        ulong tail = 0;
        for (var i = blocks.Length * 4; i < text.Length; i++)
        {
            tail = (tail << 16) | text[i];
        }
        if (tail != 0)
        {
            h = Round(h, tail);
        }
        return Mix(h);
    }

    /// <summary>SplitMix64 finaliser: every input bit affects every output bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong h)
    {
        h ^= h >> 30;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 27;
        h *= 0x94D049BB133111EBUL;
        return h ^ (h >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Round(ulong h, ulong block) => BitOperations.RotateLeft((h ^ (block * Prime2)) * Prime1, 31);
}
