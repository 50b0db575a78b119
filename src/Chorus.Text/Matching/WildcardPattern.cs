using System.Numerics;
using System.Runtime.InteropServices;

namespace Chorus.Text.Matching;

/// <summary>Glob matching of one token form: <c>*</c> any run of characters, <c>?</c> exactly one.</summary>
public static class WildcardPattern
{
    /// <summary>True when <paramref name="text"/> matches <paramref name="pattern"/> entirely.</summary>
    public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]) && pattern[p] != '*')
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    /// <summary>The literal characters before the first wildcard.</summary>
    public static int LiteralPrefixLength(ReadOnlySpan<char> pattern)
    {
        var i = pattern.IndexOfAny('*', '?');
        return i < 0 ? pattern.Length : i;
    }
}

/// <summary>
/// Wildcard patterns grouped by their first <see cref="PrefixLength"/> literal characters, so a token is tested
/// only against patterns that share its beginning. Every token form of every post is looked up here, so the look-up
/// packs the first characters into one 64-bit key (no hashing loop) and a bit filter answers most of them.
/// </summary>
internal sealed class WildcardIndex
{
    /// <summary>Four UTF-16 units fill the 64-bit key.</summary>
    public const int PrefixLength = 4;

    // 65,536 bits (8 KB): a few hundred prefixes leave well under 1 % of tokens to the dictionary.
    private const int FilterBits = 16;

    private readonly Dictionary<ulong, int> _buckets = [];
    private readonly string[][] _patterns;
    private readonly int[][] _termIds;
    private readonly ulong[] _filter = new ulong[(1 << FilterBits) / 64];
    private readonly int _prefixLengths;

    public WildcardIndex(IEnumerable<(string Pattern, int TermId)> patterns)
    {
        var buckets = new List<List<(string Pattern, int TermId)>>();
        foreach (var (pattern, termId) in patterns)
        {
            // The spec forbids a wildcard at the start of a word: every pattern has at least one literal character.
            var prefix = pattern.AsSpan(0, Math.Min(PrefixLength, WildcardPattern.LiteralPrefixLength(pattern)));
            _prefixLengths |= 1 << prefix.Length;
            var packed = Pack(prefix);
            if (!_buckets.TryGetValue(packed, out var id))
            {
                id = buckets.Count;
                _buckets.Add(packed, id);
                buckets.Add([]);
                var bit = FilterBit(packed);
                _filter[bit >> 6] |= 1UL << bit;
            }
            buckets[id].Add((pattern, termId));
        }
        _patterns = [.. buckets.Select(b => b.Select(x => x.Pattern).ToArray())];
        _termIds = [.. buckets.Select(b => b.Select(x => x.TermId).ToArray())];
        Count = buckets.Sum(b => b.Count);
    }

    public int Count { get; }

    /// <summary>Records in <paramref name="scratch"/> an occurrence of every pattern matching <paramref name="key"/> (allocation-free).</summary>
    public void Match(ReadOnlySpan<char> key, MatchScratch scratch, int position, int start, int length)
    {
        var first = key.Length >= PrefixLength ? MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(key)) : Pack(key);
        // One probe per prefix length in use (usually one: most patterns have four literal characters or more).
        for (var lengths = _prefixLengths & ((2 << Math.Min(PrefixLength, key.Length)) - 1); lengths != 0; lengths &= lengths - 1)
        {
            var prefixLength = BitOperations.TrailingZeroCount(lengths);
            var packed = prefixLength == PrefixLength ? first : first & ((1UL << (16 * prefixLength)) - 1);
            var bit = FilterBit(packed);
            if ((_filter[bit >> 6] & (1UL << bit)) == 0 || !_buckets.TryGetValue(packed, out var bucket))
            {
                continue;
            }
            var patterns = _patterns[bucket];
            var ids = _termIds[bucket];
            for (var i = 0; i < patterns.Length; i++)
            {
                if (WildcardPattern.IsMatch(patterns[i], key))
                {
                    scratch.Record(ids[i], position, start, length);
                }
            }
        }
    }

    // Tokens never contain U+0000, so a shorter prefix never packs to the same key as a longer one.
    private static ulong Pack(ReadOnlySpan<char> prefix)
    {
        var packed = 0UL;
        for (var i = 0; i < prefix.Length; i++)
        {
            packed |= (ulong)prefix[i] << (16 * i);
        }
        return packed;
    }

    private static int FilterBit(ulong packed) => (int)((packed * 0x9E3779B97F4A7C15UL) >> (64 - FilterBits));
}
