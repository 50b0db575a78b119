using Chorus.Text.Tokens;

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
/// Wildcard patterns grouped by their first <see cref="PrefixLength"/> literal characters, so a token
/// is tested only against patterns that share its beginning.
/// </summary>
internal sealed class WildcardIndex
{
    public const int PrefixLength = 3;

    private readonly TermDictionary _prefixes = new();
    private readonly List<(string Pattern, int TermId)>[] _buckets;
    private readonly string[][] _patterns;
    private readonly int[][] _termIds;
    private readonly ulong[] _filter = new ulong[1024];
    private readonly int _prefixLengths;

    public WildcardIndex(IEnumerable<(string Pattern, int TermId)> patterns)
    {
        var buckets = new List<List<(string Pattern, int TermId)>>();
        foreach (var (pattern, termId) in patterns)
        {
            var prefix = pattern.AsSpan(0, Math.Min(PrefixLength, WildcardPattern.LiteralPrefixLength(pattern)));
            _prefixLengths |= 1 << prefix.Length;
            var id = _prefixes.GetOrAdd(prefix);
            if (id == buckets.Count)
            {
                buckets.Add([]);
                var hash = TermHash.Of(prefix);
                _filter[(hash >> 6) & 1023] |= 1UL << (hash & 63);
            }
            buckets[id].Add((pattern, termId));
        }
        _buckets = [.. buckets];
        _patterns = [.. buckets.Select(b => b.Select(x => x.Pattern).ToArray())];
        _termIds = [.. buckets.Select(b => b.Select(x => x.TermId).ToArray())];
        Count = buckets.Sum(b => b.Count);
    }

    public int Count { get; }

    public IReadOnlyList<(string Pattern, int TermId)>[] Buckets => _buckets;

    /// <summary>Calls back for every pattern matching <paramref name="key"/> (allocation-free).</summary>
    public void Match<TVisitor>(ReadOnlySpan<char> key, ref TVisitor visitor)
        where TVisitor : IWildcardHitVisitor, allows ref struct
    {
        var max = Math.Min(PrefixLength, key.Length);
        var state = TermHash.Seed;
        for (var length = 1; length <= max; length++)
        {
            state = TermHash.Step(state, key[length - 1]);
            if ((_prefixLengths & (1 << length)) == 0)
            {
                continue;
            }
            var hash = TermHash.Finish(state);
            if ((_filter[(hash >> 6) & 1023] & (1UL << (hash & 63))) == 0)
            {
                continue;
            }
            var bucket = _prefixes.Find(key[..length], hash);
            if (bucket < 0)
            {
                continue;
            }
            var patterns = _patterns[bucket];
            var ids = _termIds[bucket];
            for (var i = 0; i < patterns.Length; i++)
            {
                if (WildcardPattern.IsMatch(patterns[i], key))
                {
                    visitor.OnHit(ids[i]);
                }
            }
        }
    }
}

/// <summary>Receives the term ids of the wildcard patterns a token matches.</summary>
internal interface IWildcardHitVisitor
{
    void OnHit(int termId);
}
