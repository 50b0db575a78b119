using System.Buffers;
using System.Numerics;
using Chorus.Text.Language;

namespace Chorus.Text.Duplicates;

/// <summary>
/// 64-bit SimHash (Charikar) of normalised text — lower case, accents folded, punctuation stripped —
/// over word unigrams and bigrams, so that texts telling the same story with a few words changed
/// land within a small Hamming distance, and an exact-duplicate hash of the same normalised text.
/// </summary>
public static class SimHash
{
    /// <summary>Default Hamming distance at or below which two texts are near-duplicates.</summary>
    public const int DefaultMaxDistance = 3;

    private const ulong BigramSeed = 0x5BD1E9955BD1E995UL;
    private const int StackLimit = 1024;

    /// <summary>SimHash of <paramref name="text"/>; 0 when the text has no letters or digits.</summary>
    public static ulong Compute(ReadOnlySpan<char> text)
    {
        Span<int> weights = stackalloc int[64];
        weights.Clear();
        var features = 0;
        ulong previous = 0;
        var hasPrevious = false;
        Span<char> word = stackalloc char[64];
        var i = 0;
        while (NextWord(text, ref i, word, out var length))
        {
            var hash = TextHash.Hash(word[..length]);
            Add(weights, hash);
            features++;
            if (hasPrevious)
            {
                Add(weights, TextHash.Mix((previous * BigramSeed) ^ hash));
                features++;
            }
            previous = hash;
            hasPrevious = true;
        }
        if (features == 0)
        {
            return 0;
        }
        ulong result = 0;
        for (var bit = 0; bit < 64; bit++)
        {
            if (weights[bit] > 0)
            {
                result |= 1UL << bit;
            }
        }
        return result;
    }

    /// <summary>
    /// Hash of the normalised text (words joined by single spaces): texts that differ only in case,
    /// accents, punctuation or spacing get the same value; 0 when the text has no letters or digits.
    /// </summary>
    public static ulong ExactHash(ReadOnlySpan<char> text)
    {
        char[]? rented = null;
        var buffer = text.Length <= StackLimit ? stackalloc char[(2 * text.Length) + 2] : (rented = ArrayPool<char>.Shared.Rent((2 * text.Length) + 2));
        try
        {
            Span<char> word = stackalloc char[64];
            var written = 0;
            var i = 0;
            while (NextWord(text, ref i, word, out var length))
            {
                if (written > 0)
                {
                    buffer[written++] = ' ';
                }
                word[..length].CopyTo(buffer[written..]);
                written += length;
            }
            return written == 0 ? 0 : TextHash.Hash(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Number of differing bits.</summary>
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>True when the two SimHashes are within <paramref name="maxDistance"/> bits.</summary>
    public static bool AreNearDuplicates(ulong a, ulong b, int maxDistance = DefaultMaxDistance) => Distance(a, b) <= maxDistance;

    private static void Add(Span<int> weights, ulong hash)
    {
        for (var bit = 0; bit < 64; bit++)
        {
            weights[bit] += (int)((hash >> bit) & 1) * 2 - 1;
        }
    }

    /// <summary>Next run of letters/digits from <paramref name="i"/>, folded into <paramref name="word"/> (cut at its size).</summary>
    private static bool NextWord(ReadOnlySpan<char> text, ref int i, Span<char> word, out int length)
    {
        length = 0;
        while (i < text.Length && !char.IsLetterOrDigit(text[i]))
        {
            i++;
        }
        while (i < text.Length && char.IsLetterOrDigit(text[i]))
        {
            if (length < word.Length - 1)
            {
                var written = CharFolding.Fold(text.Slice(i, 1), word[length..]);
                length += Math.Max(written, 0);
            }
            i++;
        }
        return length > 0;
    }
}
