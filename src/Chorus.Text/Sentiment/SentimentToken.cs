namespace Chorus.Text.Sentiment;

internal enum SentimentTokenKind : byte
{
    Word,
    Symbol,
    /// <summary>End of a sentence or clause ('.', ',', '!', '?', ';'): negation and boosters do not reach across it.</summary>
    Boundary,
}

/// <summary>A scanned token: its folded text lives in the scanner's buffer at [Start, Start + Length).</summary>
internal struct SentimentToken
{
    public int Start;
    public int Length;
    public SentimentTokenKind Kind;
    public bool AllCaps;
    public LexiconEntry Entry;
}
