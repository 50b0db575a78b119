using System.Numerics;

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
/// Wildcard patterns grouped by their first <see cref="TermPrefix.Length"/> literal characters (fewer when the
/// pattern has fewer), so a token form is tested only against patterns that share its beginning.
/// </summary>
internal sealed class WildcardIndex
{
    private const int FullPrefix = 1 << TermPrefix.Length;

    private readonly Dictionary<ulong, int> _buckets = [];
    private readonly string[][] _patterns;
    private readonly int[][] _termIds;
    private readonly ulong[] _filter = TermPrefix.NewFilter();
    private readonly int _prefixLengths;

    public WildcardIndex(IEnumerable<(string Pattern, int TermId)> patterns)
    {
        var buckets = new List<List<(string Pattern, int TermId)>>();
        foreach (var (pattern, termId) in patterns)
        {
            // The spec forbids a wildcard at the start of a word: every pattern has at least one literal character.
            var prefix = pattern.AsSpan(0, Math.Min(TermPrefix.Length, WildcardPattern.LiteralPrefixLength(pattern)));
            _prefixLengths |= 1 << prefix.Length;
            var packed = TermPrefix.Pack(prefix);
            if (!_buckets.TryGetValue(packed, out var id))
            {
                id = buckets.Count;
                _buckets.Add(packed, id);
                buckets.Add([]);
                TermPrefix.Add(_filter, packed);
            }
            buckets[id].Add((pattern, termId));
        }
        _patterns = [.. buckets.Select(b => b.Select(x => x.Pattern).ToArray())];
        _termIds = [.. buckets.Select(b => b.Select(x => x.TermId).ToArray())];
        Count = buckets.Sum(b => b.Count);
    }

    public int Count { get; }

    /// <summary>Some pattern has fewer than four literal characters: every form must be tried, not only those the dictionary's prefix filter lets through.</summary>
    public bool HasShortPrefixes => (_prefixLengths & (FullPrefix - 1)) != 0;

    /// <summary>
    /// Records in <paramref name="scratch"/> an occurrence of every pattern matching <paramref name="key"/>
    /// (allocation-free). <paramref name="prefix"/> is <see cref="TermPrefix.Of"/> the key;
    /// <paramref name="fullPrefixMayMatch"/> is false when the dictionary's prefix filter already ruled out
    /// every pattern with four literal characters (their keys are in the dictionary).
    /// </summary>
    public void Match(ReadOnlySpan<char> key, ulong prefix, bool fullPrefixMayMatch, MatchScratch scratch, int position, int start, int length)
    {
        var lengths = _prefixLengths & ((2 << Math.Min(TermPrefix.Length, key.Length)) - 1);
        if (!fullPrefixMayMatch)
        {
            lengths &= ~FullPrefix;
        }
        // One probe per prefix length in use (usually none or one: most patterns have four literal characters or more).
        for (; lengths != 0; lengths &= lengths - 1)
        {
            var packed = TermPrefix.Truncate(prefix, BitOperations.TrailingZeroCount(lengths));
            if (!TermPrefix.MayContain(_filter, packed) || !_buckets.TryGetValue(packed, out var bucket))
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
}
