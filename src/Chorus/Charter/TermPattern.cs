using Chorus.Text.Tokens;

namespace Chorus.Charter;

/// <summary>
/// A word or phrase as the text engine's tokenizer reads it: one folded form (lower case, no accents) per word, so
/// "ARNAQUE", "arnaqué" and the "arnaque" of "l’arnaque" are the same word. A final * matches any ending.
/// </summary>
public sealed class TermPattern
{
    private readonly string[] _words;
    private readonly bool _prefix;

    private TermPattern(string source, string[] words, bool prefix) => (Source, _words, _prefix) = (source, words, prefix);

    /// <summary>The term as written.</summary>
    public string Source { get; }

    /// <summary>The pattern of <paramref name="term"/>, or null when it holds no word (only punctuation or spaces).</summary>
    public static TermPattern? TryCompile(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var trimmed = term.Trim();
        var prefix = trimmed.EndsWith('*');
        var words = new List<string>();
        foreach (var position in TokenizedText.Of(prefix ? trimmed.TrimEnd('*') : trimmed).Positions)
        {
            // The first form of a position is the whole token folded: "l'arnaque" stays itself, it does not ban "arnaque".
            words.Add(position[0].Form);
        }
        return words.Count == 0 ? null : new TermPattern(trimmed, [.. words], prefix);
    }

    /// <summary>Every place the pattern occurs in <paramref name="text"/>, as UTF-16 start and length.</summary>
    public IEnumerable<(int Start, int Length)> Matches(TokenizedText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var positions = text.Positions;
        for (var first = 0; first + _words.Length <= positions.Count; first++)
        {
            TokenForm? start = null;
            TokenForm? end = null;
            for (var i = 0; i < _words.Length; i++)
            {
                var last = i == _words.Length - 1;
                var found = positions[first + i].FirstOrDefault(form => last && _prefix
                    ? form.Form.StartsWith(_words[i], StringComparison.Ordinal)
                    : string.Equals(form.Form, _words[i], StringComparison.Ordinal));
                if (found is null)
                {
                    start = null;
                    break;
                }
                start ??= found;
                end = found;
            }
            if (start is not null && end is not null)
            {
                yield return (start.Start, end.Start + end.Length - start.Start);
            }
        }
    }
}

/// <summary>One searchable form of a token and where it comes from in the text.</summary>
public sealed record TokenForm(string Form, int Start, int Length);

/// <summary>A text split by the text engine's tokenizer: for each position, its forms (folded first).</summary>
public sealed class TokenizedText
{
    private TokenizedText(IReadOnlyList<IReadOnlyList<TokenForm>> positions) => Positions = positions;

    public IReadOnlyList<IReadOnlyList<TokenForm>> Positions { get; }

    public static TokenizedText Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sink = new FormCollector();
        Tokenizer.Tokenize(text.AsSpan(), ref sink, new TokenizerScratch());
        return new TokenizedText(sink.Positions);
    }

    private sealed class FormCollector : ITermSink
    {
        public List<IReadOnlyList<TokenForm>> Positions { get; } = [];

        public void OnTerm(ReadOnlySpan<char> key, int position, int sourceStart, int sourceLength)
        {
            while (Positions.Count <= position) Positions.Add(new List<TokenForm>());
            ((List<TokenForm>)Positions[position]).Add(new TokenForm(key.ToString(), sourceStart, sourceLength));
        }
    }
}
