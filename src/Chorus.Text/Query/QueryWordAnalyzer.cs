using Chorus.Text.Tokens;

namespace Chorus.Text.Query;

/// <summary>
/// Turns the literal of a query word, phrase or exact form into token patterns by running the text
/// tokenizer over it, so a query term is normalised exactly like the text it must match.
/// </summary>
internal static class QueryWordAnalyzer
{
    // Loading thousands of saved queries analyses tens of thousands of words: one scratch per thread, not per word.
    [ThreadStatic]
    private static TokenizerScratch? t_scratch;

    /// <summary>Analyzes <paramref name="literal"/> found at 1-based <paramref name="column"/>.</summary>
    public static List<TokenPattern> Analyze(string literal, int column, bool exact)
    {
        var wildcardInExact = exact ? literal.IndexOfAny(['*', '?']) : -1;
        if (wildcardInExact >= 0)
        {
            // The tokenizer would drop the character and match something else than what was asked.
            throw new QueryParseException("wildcard cannot be used in an exact form", column + wildcardInExact);
        }
        var sink = new CollectingSink();
        Tokenizer.Tokenize(literal.AsSpan(), ref sink, t_scratch ??= new TokenizerScratch(), wildcards: !exact);
        var patterns = new List<TokenPattern>();
        var forms = sink.Forms;
        var i = 0;
        while (i < forms.Count)
        {
            var first = forms[i];
            var j = i + 1;
            string? accented = null;
            // The tokenizer emits the whole token's folded form first, then its lower-case accented form
            // when it differs; the other forms at that position are parts (elision, sigil body, skin tone).
            if (j < forms.Count && forms[j].Position == first.Position && forms[j].Start == first.Start
                && forms[j].Length == first.Length && TextFolding.Fold(forms[j].Key) == first.Key)
            {
                accented = forms[j].Key;
            }
            while (j < forms.Count && forms[j].Position == first.Position)
            {
                j++;
            }
            var surface = literal.Substring(first.Start, first.Length);
            var wildcardAt = surface.IndexOfAny(['*', '?']);
            if (exact)
            {
                patterns.Add(new TokenPattern(TokenPatternKind.Exact, first.Key, NormaliseApostrophes(surface)));
            }
            else if (wildcardAt >= 0)
            {
                var start = IsSigil(surface[0]) ? 1 : 0;
                if (wildcardAt == start)
                {
                    throw new QueryParseException("wildcard cannot start a word", column + first.Start + wildcardAt);
                }
                patterns.Add(new TokenPattern(TokenPatternKind.Wildcard, accented ?? first.Key, surface));
            }
            else
            {
                patterns.Add(new TokenPattern(TokenPatternKind.Key, accented ?? first.Key, surface));
            }
            i = j;
        }
        if (patterns.Count == 0)
        {
            var wildcard = literal.IndexOfAny(['*', '?']);
            if (wildcard >= 0 && !exact)
            {
                throw new QueryParseException("wildcard cannot start a word", column + wildcard);
            }
            throw new QueryParseException($"'{literal}' has nothing to search for", column);
        }
        return patterns;
    }

    private static bool IsSigil(char c) => c is '#' or '@' or '$';

    internal static string NormaliseApostrophes(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (TextFolding.IsApostrophe(chars[i]))
            {
                chars[i] = TextFolding.Apostrophe;
            }
        }
        return new string(chars);
    }

    private readonly record struct Form(string Key, int Position, int Start, int Length);

    private struct CollectingSink : ITermSink
    {
        public CollectingSink()
        {
        }

        public List<Form> Forms { get; } = [];

        public readonly void OnTerm(ReadOnlySpan<char> key, int position, int sourceStart, int sourceLength) =>
            Forms.Add(new Form(key.ToString(), position, sourceStart, sourceLength));
    }
}
